"""`linli check`: is everything ready? The settings, the community file, LEXICON_FILES, the token (getMe),
privacy mode, the bot in every listed chat, every worker and emergency contact reachable, every grid (and team)
with a shift, BACKUP_DIR writable, every building readable from messages; and what admins set up inside Telegram
(groups bound by button, groups still waiting, shifts added by /shift).

Prints one line per check (✓ ready, ✗ not ready, with what to do; ⚠ ready, but almost surely a mistake,
such as a grid nobody is ever on duty for, or to be done by someone else, such as a worker's Start or an admin's
bind button for a group still waiting) and a last line: "ready.", "ready, 2 warnings (⚠ above)." or how many things
to fix. It exits 0 when all are ready, warnings or not (so `linli init && linli check && linli run` goes on while
workers still have to press Start), 1 when something stops the bot working (the token or the Bot API out of reach,
privacy mode, the bot not in a listed chat, a building it cannot read, BACKUP_DIR, a database that is not
Linli's), 2 when the settings, the community file or the LEXICON_FILES cannot be read. It opens the database once
and writes to no one: nothing shows on anyone's phone.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.cli.init import building_names
from bot.cli.lexicon import use_lexicon_files
from bot.config import Settings, SettingsError, load_settings, unknown_keys
from bot.core.additions import in_file, left_out, with_additions
from bot.core.community import Community, CommunityError, normalise_building
from bot.core.community_file import load_community
from bot.core.parser import read_rules
from bot.runtime.checks import BLOCKED, REFUSED, STARTED, Line, telegram_lines
from bot.runtime.logging_setup import redact
from storage import people, setup
from storage.db import open_db


def building_lines(community: Community) -> list[Line]:
    """Every building of the file, read back from the ways residents write it (pure: no Telegram)."""
    out = []
    for grid in community.grids:
        for building in grid.buildings:
            want = normalise_building(building)
            forms = [f"{building}号楼电梯坏了", f"{building}栋门口漏水", f"Building {building} lift is broken"]
            if all(read_rules(f).location.building == want for f in forms[:2]):
                continue
            each = building_names(building)  # "1-30": a span typed for thirty buildings, read as one named so
            fix = f"list each building of the span: {', '.join(map(repr, each[:3]))}, … {each[-1]!r}"
            fix = fix if len(each) > 1 else 'write it as residents do (e.g. "3", "10A", "A")'
            out.append(
                Line(
                    False,
                    f"grid {grid.id}: building {building!r} is not read from messages such as {forms[0]!r}; {fix}",
                )
            )
    if not out:
        n = sum(len(g.buildings) for g in community.grids)
        out.append(Line(True, f"all {n} buildings are read from messages as the file names them"))
    return out


def rota_lines(community: Community) -> list[Line]:
    """Each grid no shift ever covers, and each team that takes reports with no shift (pure): warnings, since
    the file is legal so, but almost surely a mistake. A team told only (notify_on) needs no rota."""
    covered = {s.desk for s in community.shifts}
    out = [
        Line(
            True,
            f"grid {g.id} ({g.name}): no shift puts anyone on duty at any time of the week, so its reports go "
            "to the committee chat as 'no one is on duty' (save a kind a team on duty takes); add [[shifts]] "
            f"with grid = {g.id!r}",
            warn=True,
        )
        for g in community.grids
        if g.id not in covered
    ]
    out += [
        Line(
            True,
            f"team {t.id} ({t.name}): no shift puts anyone on duty at any time of the week, so its "
            f"{', '.join(t.categories)} reports go to the grid's worker on duty instead; add [[shifts]] with "
            f"team = {t.id!r}",
            warn=True,
        )
        for t in community.teams
        if t.categories and t.id not in covered
    ]
    return out


def backup_lines(settings: Settings) -> list[Line]:
    """Whether the nightly backup can write into BACKUP_DIR, tried for real: missing folders are made and a
    file written, then both removed again (so a folder check made never belongs to the wrong user)."""
    if not settings.nightly_backup():
        return []
    folder = Path(settings.backup_dir)
    made: list[Path] = []
    try:
        made = [p for p in (folder, *folder.parents) if not p.exists()]  # deepest first, as they are removed
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".linli-check-"):
            pass
    except OSError as exc:
        return [
            Line(
                False,
                f"BACKUP_DIR {folder}: the nightly backup cannot be written there ({exc.strerror or exc}), so "
                "there would be none; make the folder and let the bot's user write in it, or leave BACKUP_DIR empty",
            )
        ]
    finally:
        for p in made:
            with contextlib.suppress(OSError):
                p.rmdir()
    return [Line(True, f"BACKUP_DIR {folder}: the nightly backup can be written there")]


@dataclass(frozen=True, slots=True)
class Records:
    """What the bot's database says for check: the lines of what admins set up inside Telegram, the community with
    it applied, and what its records say of each worker and emergency contact (``reach``: None when there are no
    records, the bot never ran on this database)."""

    lines: list[Line]
    community: Community
    reach: dict[int, str] | None


async def records(settings: Settings, community: Community) -> Records:
    """Read once from the database, when there is one: groups bound by button and groups still waiting, shifts
    added by /shift (lines, and the community with them), and each person the bot must reach in private: pressed
    Start, a message to them refused since, or blocked the bot."""
    if not Path(settings.database_path).exists():
        return Records([], community, None)
    try:
        db = await open_db(settings.database_path, settings.database_busy_timeout_ms)
        try:
            chats, shifts = await setup.chats(db), await setup.shifts(db)
            gone = {w.chat_id for w in chats if (chat := await people.chat(db, w.chat_id)) and not chat.active}
            ids = {w.telegram_id for w in community.workers} | set(community.community.emergency_contacts)
            found = [p for i in ids if (p := await people.person(db, i)) is not None]
        finally:
            await db.close()
    except sqlite3.DatabaseError as exc:
        return Records(
            [Line(False, f"DATABASE_PATH {settings.database_path} is not a Linli database ({exc})")], community, {}
        )
    out = [line for w in chats if (line := _chat_setup_line(community, w, gone)) is not None]
    for s in shifts:
        spec = (s.worker_id, s.desk, s.days, s.start, s.end, s.role)
        allowed = not left_out(community, spec)
        note = "" if allowed else ": the file no longer allows it, left out"
        if in_file(community, spec):
            note = ": the file has it now, so the bot drops this one at its next start"
        out.append(
            Line(
                allowed,
                f"shift added in Telegram (/shift): worker {s.worker_id} on {s.desk}, {s.days} "
                f"{s.start}-{s.end} ({s.role})" + note,
            )
        )
    bound = [(w.chat_id, w.grid_id) for w in chats if w.grid_id]
    added = [(s.worker_id, s.desk, s.days, s.start, s.end, s.role) for s in shifts]
    reach = {
        p.user_id: BLOCKED if p.blocked_bot else STARTED if p.reachable else REFUSED
        for p in found
        if p.blocked or p.started
    }
    return Records(out, with_additions(community, bound, added), reach)


def _chat_setup_line(community: Community, w: setup.WaitingChat, gone: set[int]) -> Line | None:
    """A group set up inside Telegram: bound by button (the file may say so), added and removed again before it
    was bound (nothing to do), or still waiting to be bound: a warning (⚠), as the bot works for every other
    group meanwhile and an admin has its bind buttons; None when the file lists it now."""
    name = f"group {w.chat_id} ({w.title or 'no title'})"
    if community.grid_for_chat(w.chat_id):
        return None
    if w.grid_id:
        return Line(
            True,
            f"{name}: bound to grid {w.grid_id} in Telegram by {w.bound_by}; to say so in "
            f"the file, add {w.chat_id} to the chats of grid {w.grid_id}",
        )
    if w.chat_id in gone:  # added by mistake and removed again: nothing to fix
        return Line(True, f"{name}: the bot was added and removed again before it was bound; nothing to do")
    return Line(
        True,
        f"{name}: waiting to be bound (the bot is in it, but it belongs to no grid yet: its reports go to the "
        "committee chat, no worker is asked); an admin presses a bind button in their private chat with the bot, or "
        f"add {w.chat_id} to a grid's chats",
        warn=True,
    )


async def check(settings: Settings, community: Community) -> list[Line]:
    """Every check, in the order a secretary would fix them."""
    found = await records(settings, community)  # the database opened once
    community = found.community
    telegram = await telegram_lines(settings, community, found.reach)
    return [*telegram, *found.lines, *rota_lines(community), *backup_lines(settings), *building_lines(community)]


def verdict(lines: list[Line]) -> str:
    """The last line: "ready." with nothing to see to, "ready, 2 warnings (⚠ above)." with warnings (the bot runs;
    someone has a thing to do), else how many things stop it working (and how many warnings besides)."""
    bad = sum(not line.ok for line in lines)
    warned = sum(line.ok and line.warn for line in lines)
    warnings = f"{warned} warning{'s' * (warned != 1)}"
    if not bad:
        return f"ready, {warnings} (⚠ above)." if warned else "ready."
    also = f"; {warnings} (⚠) besides" if warned else ""
    return f"{bad} thing{'s' * (bad != 1)} to fix (✗ above) before `linli run`{also}."


def main(argv: list[str] | None = None) -> int:
    """`linli check`."""
    try:
        settings = load_settings()
        settings.check_token()
        print(f"✓ settings read ({Path('.env').resolve() if Path('.env').exists() else 'environment'})")
        for sentence in unknown_keys():
            print(f"⚠ {sentence}")
        community = load_community(settings.community_file, settings.timezone, settings.default_language)
        grids, workers = len(community.grids), len(community.workers)
        print(f"✓ {settings.community_file}: {grids} grid{'s' * (grids != 1)}, {workers} worker{'s' * (workers != 1)}")
    except (SettingsError, CommunityError) as exc:
        print(f"✗ {exc}")
        return 2
    try:  # as `linli run` reads them: a file run would refuse is refused here, with the same sentence
        if words := use_lexicon_files(settings):
            print(f"✓ LEXICON_FILES: {', '.join(words)} read")
    except (ValueError, OSError) as exc:  # LexiconError and a TOML error are ValueErrors
        print(f"✗ LEXICON_FILES: {exc}")
        return 2
    lines = asyncio.run(check(settings, community))
    for line in lines:  # pasted when asking for help: never the token, whatever an error quotes
        print(redact(str(line), (settings.token,)))
    print(verdict(lines))
    return 0 if all(line.ok for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
