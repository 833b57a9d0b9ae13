"""/shift: put a worker (say one who joined by invite link) on a rota from the chat, without editing the
file. Same rules as /cover: an admin for anyone, a worker for themself. Rows in `added_shifts`, applied at
once and at every start; the answer gives the [[shifts]] lines that say the same in community.toml."""

from __future__ import annotations

import aiosqlite
from pydantic import ValidationError

from bot.context import AppContext
from bot.core.additions import in_file, left_out, shift_lines, with_additions, without_shifts
from bot.core.community import Shift
from bot.core.rota import empty_days, shift_days
from bot.core.time_range import read_time_range
from bot.core.types import Role
from bot.render.fit import names
from bot.render.i18n import Html, join, plain, t
from bot.render.rota import weekdays_label
from bot.services import duty, rota
from bot.services.recurring import roster_changed
from storage import people, setup

CLEAR = ("clear", "off", "remove", "清除", "取消")


ROLE_WORDS = {"主班": "primary", "备班": "backup", "備班": "backup"}


def _shift(ctx: AppContext, worker_id: int, args: list[str]) -> Shift | None:
    """<grid|team> [days] [hours: "08:00-20:00", "8-18", "早8晚6"…] [primary|backup] as a shift, or None when it does
    not parse."""
    if not args:
        return None
    desk = ctx.community.desk_named(args[0])  # "A", or the name the bot shows: "第一网格"
    if desk is None:
        return None
    spec: dict = {
        "worker": worker_id,
        ("team" if ctx.community.team(desk) else "grid"): desk,
        "start": "00:00",
        "end": "24:00",
    }
    rest, hours = _hours_taken(args[1:])
    if hours is not None:
        spec["start"], spec["end"] = hours
    for arg in rest:
        low = ROLE_WORDS.get(arg, arg.lower())
        if low in ("primary", "backup"):
            spec["role"] = low
        else:
            spec["days"] = shift_days(arg)  # "周一至周五" as "mon-fri", the words the file's lines are written in
    try:
        return Shift.model_validate(spec)
    except ValidationError:
        return None


def _not_read(ctx: AppContext, worker_id: int, args: list[str]) -> str | None:
    """The first word after the grid that is no days, hours or role ("08:00-25:00", "周八"): what the answer names
    (a sweep: "/shift 王师傅 A mon-fri 08:00-25:00" got the usage alone, the hour not named)."""
    rest, _ = _hours_taken(args[1:])  # hours typed over several words ("8:00 - 18:00") read as one
    return next((word for word in rest if _shift(ctx, worker_id, [args[0], word]) is None), None)


def _hours_taken(words: list[str]) -> tuple[list[str], tuple[str, str] | None]:
    """The words without the shift's hours, and the hours: typed as one word ("8-18", "早8晚6") or spread over two or
    three ("8:00 - 18:00", "8点 到 18点")."""
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            if (hours := read_time_range(" ".join(words[i : i + size]))) is not None:
                return words[:i] + words[i + size :], hours
    return words, None


def _named(ctx: AppContext, args: list[str]) -> tuple[str, list[str]]:
    """The worker's name and the words after it: a name pasted with a space in it ("王 师傅 A", "李姐 🌸 B sat") runs
    to the first word that is a grid, a team or "clear"."""
    for k in range(1, len(args)):
        if ctx.community.desk_named(args[k]) is not None or args[k].lower() in CLEAR:
            return " ".join(args[:k]), args[k:]
    return args[0], args[1:]


async def add(ctx: AppContext, user_id: int, args: list[str], lang: str) -> str:
    """/shift <worker> <grid|team> [days] [HH:MM-HH:MM] [backup], or /shift <worker> clear."""
    now = ctx.now()
    try:
        rota.staff(ctx, user_id, lang)
        if len(args) < 2:
            raise rota.Refused(t(lang, "shift.usage"))
        who, args = _named(ctx, args)
        if args[0].lower() not in CLEAR and ctx.community.desk_named(args[0]) is None:  # "第三网格": which there are
            shown = ctx.community.desk_labels()
            raise rota.Refused(t(lang, "shift.no_desk", desk=args[0], desks=names(lang, shown, 30)))
        async with ctx.db.tx() as c:
            worker = await rota.named_worker(ctx, c, who, lang)
            rota.allowed(ctx, user_id, worker.telegram_id, worker.telegram_id, lang)
            if args[0].lower() in CLEAR:
                gone = [
                    (s.worker_id, s.desk, s.days, s.start, s.end, s.role)
                    for s in await setup.shifts(c)
                    if s.worker_id == worker.telegram_id
                ]
                await setup.remove_shifts(c, worker.telegram_id)
                ctx.community = without_shifts(ctx.community, gone)
                await _roster_changed(ctx, c, worker.telegram_id)
                cleared = t(lang, "shift.cleared", name=worker.name, n=len(gone))
                return join([cleared, *left_empty(ctx, lang, {desk for _, desk, *_ in gone})])
            shift = _shift(ctx, worker.telegram_id, args)
            if shift is None and (odd := _not_read(ctx, worker.telegram_id, args)) is not None:
                raise rota.Refused(join((t(lang, "shift.word_unread", word=odd), t(lang, "shift.usage"))))
            if shift is None:
                raise rota.Refused(t(lang, "shift.usage"))
            spec = (shift.worker, shift.desk, shift.days, shift.start, shift.end, shift.role.value)
            team = ctx.community.team(shift.desk)
            if team is not None and shift.worker not in team.members:
                raise rota.Refused(t(lang, "shift.not_member", name=worker.name, unit=team.name))
            if team is None and not ctx.community.is_admin(user_id):  # a worker for themself: their own grids only
                row = await people.worker(c, user_id)
                if shift.desk not in duty.worker_grids(ctx, user_id, row.grid_id if row else None):
                    grid = ctx.community.grid(shift.desk)
                    where = grid.name if grid else shift.desk
                    raise rota.Refused(t(lang, "shift.other_grid", name=worker.name, unit=where))
            if in_file(ctx.community, spec):  # the file has it (or /shift added it already): never counted twice
                hours = {"days": shift.days, "start": shift.start, "end": shift.end}
                where = ctx.community.desk_name(shift.desk)
                raise rota.Refused(t(lang, "shift.already", name=worker.name, unit=where, **hours))
            if left_out(ctx.community, spec):  # anything else the file would refuse: never stored
                raise rota.Refused(t(lang, "shift.not_allowed", name=worker.name))
            await setup.add_shift(
                c, shift.worker, shift.desk, shift.days, shift.start, shift.end, shift.role.value, user_id, now
            )
        ctx.community = with_additions(
            ctx.community, shifts=[(shift.worker, shift.desk, shift.days, shift.start, shift.end, shift.role.value)]
        )
        async with ctx.db.tx() as c:
            await _roster_changed(ctx, c, worker.telegram_id)
        async with ctx.db.read() as c:
            unreached = await rota.unreached(ctx, c, worker.telegram_id, worker.name, lang)
    except rota.Refused as refused:
        return refused.reason
    notes = [*unreached, *left_empty(ctx, lang, {shift.desk})]  # above the lines to paste, which come last
    return t(
        lang,
        "shift.ok",
        name=worker.name,
        unit=ctx.community.desk_name(shift.desk),
        days=weekdays_label(lang, shift.weekdays),
        start=shift.start,
        end=shift.end,
        role=t(lang, "shift.as_backup") if shift.role is Role.BACKUP else "",  # the lines below say it too, in TOML
        lines=shift_lines(shift),
        notes=join(["", *notes]) if notes else Html(""),
    )


def left_empty(ctx: AppContext, lang: str, desks: set[str]) -> list[Html]:
    """A line per grid of these whose rota now leaves a weekday with nobody on duty at any hour (its reports those
    days go to the committee as "no one is on duty"): which days, so the chair fills them before one comes."""
    said = []
    for desk in sorted(desks):
        grid = ctx.community.grid(desk)
        if grid is None:  # a team with no one on duty leaves its reports to the grid's worker: no gap
            continue
        empty = empty_days(ctx.community.shifts, desk)
        if len(empty) == 7:
            said.append(t(lang, "shift.no_rota", unit=grid.name, grid=grid.id))
        elif empty:
            days = names(lang, [plain(lang, f"rota.wd.{day}") for day in empty], 7)
            said.append(t(lang, "shift.empty_days", unit=grid.name, days=days, grid=grid.id))
    return said


async def _roster_changed(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> None:
    """The rota changed now, as by /onduty or /offduty: an event waiting with nobody on duty (or with someone the
    change took off) goes at once to whoever is on duty now, and the next hand-off is planned again (the new
    shift's boundaries may come sooner)."""
    now = ctx.now()
    await roster_changed(ctx, c, await people.adjustments(c, now), f"shift:{worker_id}:{int(now.timestamp())}")
