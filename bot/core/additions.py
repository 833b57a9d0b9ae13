"""What admins add inside Telegram on top of the community file (pure): groups bound with a button,
shifts added with /shift; and the community.toml lines that would say the same in the file."""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.core.community import Community, Shift, parse_days, parse_hhmm

# (chat id, grid id) of groups bound by button; (worker, unit, days, start, end, role) of added shifts
Binding = tuple[int, str]
ShiftSpec = tuple[int, str, str, str, str, str]


def with_additions(
    community: Community, bindings: Iterable[Binding] = (), shifts: Iterable[ShiftSpec] = ()
) -> Community:
    """The community plus bound groups and added shifts. The file wins: a group it lists (or names as the
    committee chat) keeps its place; a binding or shift that the file no longer allows (its grid, worker or
    unit gone, the worker no longer in the team) is left out, so a changed file never stops the bot; one it already
    has (the [[shifts]] lines pasted) is not counted twice."""
    data = community.model_dump()
    grids = {g["id"]: g for g in data["grids"]}
    changes = []
    for chat_id, grid_id in bindings:
        if (
            community.grid_for_chat(chat_id) is None
            and chat_id != community.community.committee_chat_id
            and grid_id in grids
            and chat_id not in grids[grid_id]["chats"]
        ):
            changes.append(("chat", grid_id, chat_id))
    seen: set[tuple | None] = {_key(_spec(s)) for s in community.shifts}  # the file's, worked out once
    for shift in shifts:
        worker, unit, days, start, end, role = shift
        if community.worker(worker) is None or unit not in community.desk_ids:
            continue
        key = _key(shift)
        if key is None or key in seen:  # on the rota already (the file's, or twice): counted once
            continue
        seen.add(key)
        kind = "team" if community.team(unit) else "grid"
        spec = {"worker": worker, kind: unit, "days": days, "start": start, "end": end, "role": role}
        changes.append(("shift", "", spec))
    if not changes:
        return community
    try:
        return Community.model_validate(_applied(data, changes))
    except ValueError:  # one addition the file no longer allows: keep the others, one at a time
        for change in changes:
            try:
                community = Community.model_validate(_applied(community.model_dump(), [change]))
            except ValueError:
                continue
        return community


def _applied(data: dict, changes: list[tuple[str, str, object]]) -> dict:
    grids = {g["id"]: g for g in data["grids"]}
    for kind, grid_id, value in changes:
        if kind == "chat":
            grids[grid_id]["chats"].append(value)
        else:
            data["shifts"].append(value)
    return data


def left_out(community: Community, shift: ShiftSpec) -> bool:
    """Whether ``with_additions`` would leave this added shift out because the file does not allow it."""
    return not in_file(community, shift) and with_additions(community, shifts=[shift]) is community


def in_file(community: Community, shift: ShiftSpec) -> bool:
    """Whether the community has this shift already: the same worker on the same grid or team, on the same days,
    at the same hours, in the same role (the [[shifts]] lines /shift gave, pasted into the file)."""
    key = _key(shift)
    return key is not None and any(_key(_spec(s)) == key for s in community.shifts)


def _spec(shift: Shift) -> ShiftSpec:
    return (shift.worker, shift.desk, shift.days, shift.start, shift.end, shift.role.value)


def _key(shift: ShiftSpec) -> tuple | None:
    """What makes two shifts the same (days and times compared by value: "sat,sun" is "sun,sat")."""
    worker, unit, days, start, end, role = shift
    try:
        return (worker, unit, parse_days(days), parse_hhmm(start), parse_hhmm(end), role)
    except ValueError:
        return None


def without_shifts(community: Community, shifts: Iterable[ShiftSpec]) -> Community:
    """The community without these added shifts (one file entry each, matched by value)."""
    data = community.model_dump()
    for worker, unit, days, start, end, role in shifts:
        for i, s in enumerate(data["shifts"]):
            if (s["worker"], s["team"] or s["grid"], s["days"], s["start"], s["end"], s["role"]) == (
                worker,
                unit,
                days,
                start,
                end,
                role,
            ):
                del data["shifts"][i]
                break
    return Community.model_validate(data)


def without_worker(community: Community, worker_id: int) -> Community:
    """The community without a worker (one who joined by invite link and was removed): their entry, their shifts."""
    data = community.model_dump()
    data["workers"] = [w for w in data["workers"] if w["telegram_id"] != worker_id]
    data["shifts"] = [s for s in data["shifts"] if s["worker"] != worker_id]
    for team in data["teams"]:
        team["members"] = [m for m in team["members"] if m != worker_id]
    return Community.model_validate(data)


def toml_str(value: str) -> str:
    """A TOML basic string (a name from Telegram may hold control characters: escaped, so the line pastes)."""
    # JSON's escapes are TOML basic string escapes; TOML also wants DEL escaped
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def grid_chat_lines(community: Community, chat_id: int) -> list[str]:
    """For each grid, the `chats = [...]` line that binds this group to it in community.toml."""
    out = []
    for grid in community.grids:
        ids = ", ".join(str(c) for c in [*grid.chats, chat_id])
        out.append(f"# {grid.name} (id = {toml_str(grid.id)})\nchats = [{ids}]")
    return out


def worker_lines(user_id: int, name: str) -> str:
    """The [[workers]] entry for someone who joined by invite link."""
    return f"[[workers]]\ntelegram_id = {user_id}\nname = {toml_str(name)}"


def shift_lines(shift: Shift) -> str:
    """The [[shifts]] entry for a shift added by chat command."""
    kind = "team" if shift.team else "grid"
    return (
        f"[[shifts]]\nworker = {shift.worker}\n{kind} = {toml_str(shift.desk)}\ndays = {toml_str(shift.days)}\n"
        f"start = {toml_str(shift.start)}\nend = {toml_str(shift.end)}\nrole = {toml_str(shift.role.value)}"
    )
