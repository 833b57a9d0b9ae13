"""Use cases of rota changes: /cover, /swap and the /rota week view.

Over 300 lines: the three share how a worker and a day are read from what the chair types, and the rota's week."""

from __future__ import annotations

from datetime import date, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import permissions, roster
from bot.core.community import Worker
from bot.core.errors import Refusal
from bot.core.purpose import Purpose
from bot.core.rota import ChangeKind, DayError, RotaChange, bare_name, looks_like_day, parse_day, span_end
from bot.core.types import Role
from bot.render.fit import names
from bot.render.i18n import Html, join, t
from bot.render.reports import snippet
from bot.render.rota import DeskWeek, day_label, page_keyboard, paginate, read_page_arg, span_label
from bot.services import notify
from bot.services.recurring import roster_changed
from bot.services.result import Answer
from storage import people, rota

ROTA_DAYS = 7
NAMES_SHOWN = 30  # workers (or grids) listed when a name was not understood
NAME_CHARS = 32


class Refused(Refusal):
    """An answer instead of a change: `reason` is already translated."""


def _hhmm(minute: int) -> str:
    hours, minutes = divmod(minute, 60)
    return f"{hours:02d}" if not minutes else f"{hours:02d}:{minutes:02d}"


def _slot_texts(ctx: AppContext, lang: str, slots: list[roster.Slot]) -> list[Html]:
    """'bk:Wang 08–20 🔁' per worker and role of a day, his hours apart side by side ('Wang 08–12, 14–18')."""
    held: dict[tuple[Role, int], list[roster.Slot]] = {}
    for s in slots:
        held.setdefault((s.role, s.worker_id), []).append(s)
    parts = []
    backup = t(lang, "rota.backup")
    for (role, worker_id), his in held.items():
        worker = ctx.community.worker(worker_id)
        name = snippet(worker.name if worker else str(worker_id), NAME_CHARS) + (
            " 🔁" if any(s.changed for s in his) else ""
        )
        hours = ", ".join(f"{_hhmm(s.start_minute)}–{_hhmm(s.end_minute)}" for s in his)
        parts.append(join((backup if role is Role.BACKUP else "", f"{name} {hours}"), ""))
    return parts


async def named_worker(ctx: AppContext, c: aiosqlite.Connection, token: str, lang: str) -> Worker:
    """A worker named by @username, Telegram id or (part of) their name."""
    found: list[Worker] = []
    if token.startswith("@"):
        uid = await people.by_username(c, token)
        found = [w] if uid and (w := ctx.community.worker(uid)) else []
    elif token.isdigit():
        found = [w] if (w := ctx.community.worker(int(token))) else []
    else:
        key, bare = token.casefold(), bare_name(token)  # bare: pasted with a space or an emoji, "王 师傅", "😀王师傅"
        found = [w for w in ctx.community.workers if w.name.casefold() == key]
        found = found or [w for w in ctx.community.workers if key in w.name.casefold()]
        found = found or [w for w in ctx.community.workers if bare and bare in bare_name(w.name)]
    if len(found) == 1:
        return found[0]
    listed = names(lang, [w.name for w in (found or ctx.community.workers)], NAMES_SHOWN, people=True)
    key = "rota.ambiguous" if found else "rota.unknown_worker"
    raise Refused(t(lang, key, who=token, names=listed))


async def _parse(
    ctx: AppContext, c: aiosqlite.Connection, args: list[str], lang: str, usage: str, max_days: int, span: bool
) -> tuple[list[Worker], list[date]]:
    """The workers and days of a change; of a span (a cover's two days) the last is read from the first on."""
    today = ctx.now().astimezone(ctx.community.tz).date()
    day_args = [a for a in args if looks_like_day(a)]
    who_args = [a for a in args if not looks_like_day(a)]
    if not 1 <= len(day_args) <= max_days or not 1 <= len(who_args) <= 2:
        raise Refused(t(lang, usage))
    days: list[date] = []
    for arg in day_args:
        try:
            days.append(parse_day(arg, today))
        except DayError as exc:
            raise Refused(t(lang, f"rota.day_{exc.reason}", day=arg)) from None
    if span and len(days) == 2:  # "周六 周一": to the Monday after that Saturday, not from today
        days[1] = span_end(day_args[1], days[0], days[1])
    return [await named_worker(ctx, c, a, lang) for a in who_args], days


def _holds(ctx: AppContext, worker_id: int, day: date, changes: list[RotaChange]) -> list[roster.Slot]:
    return [
        s
        for u in ctx.community.desk_ids
        for s in roster.day_rota(ctx.community, u, day, changes)
        if s.worker_id == worker_id
    ]


def allowed(ctx: AppContext, user_id: int, a: int, b: int, lang: str) -> None:
    """Admins, or a worker who is one of the two involved."""
    if not permissions.may_change_rota(permissions.role(ctx.community, user_id), user_id, (a, b)):
        raise Refused(t(lang, "rota.not_allowed"))


def staff(ctx: AppContext, user_id: int, lang: str) -> None:
    if not _is_staff(ctx, user_id):
        raise Refused(t(lang, "only.staff"))


async def change(ctx: AppContext, user_id: int, kind: ChangeKind, args: list[str], lang: str) -> tuple[bool, str]:
    """/cover or /swap (the console's changes too): (True, the confirmation) or (False, why not)."""
    usage, n_days, make = _CHANGES[kind]
    try:
        staff(ctx, user_id, lang)
        async with ctx.db.tx() as c:
            workers, days = await _parse(ctx, c, args, lang, usage, n_days, kind is ChangeKind.COVER)
            before = await people.adjustments(c, ctx.now())
            done = await make(ctx, c, user_id, workers, days, lang)
            # a change of a shift already running takes the absent worker's waiting events off them now
            await roster_changed(ctx, c, before, f"rota:{kind.value}:{user_id}:{int(ctx.now().timestamp())}")
            return True, done
    except Refused as refused:
        return False, refused.reason


async def change_text(ctx: AppContext, user_id: int, kind: ChangeKind, args: list[str], lang: str) -> str:
    """/cover or /swap in a chat: the confirmation, or why not."""
    return (await change(ctx, user_id, kind, args, lang))[1]


async def unreached(ctx: AppContext, c: aiosqlite.Connection, worker_id: int, name: str, lang: str) -> list[Html]:
    """A line for the admin when the worker put on a rota (/shift, /cover, /swap) never wrote to the bot privately (or
    blocked it): his events' messages cannot reach him until he opens the bot and presses Start (set-up review: the
    chair put a worker on the rota, nothing said he had never pressed Start, and his pages went nowhere)."""
    known = await people.person(c, worker_id)
    return (
        [] if known is not None and known.reachable else [t(lang, "shift.not_started", name=name, bot=ctx.bot_username)]
    )


async def _cover(
    ctx: AppContext, c: aiosqlite.Connection, user_id: int, workers: list[Worker], days: list[date], lang: str
) -> Html:
    """/cover <worker> <day> [<last day>] [<coverer>]: the coverer (default: the caller) takes that worker's shifts
    of the day, or of every day from the first to the last (a leave: one command, not one a day)."""
    first, last = min(days), max(days)
    span, label = [first + timedelta(days=i) for i in range((last - first).days + 1)], span_label(lang, first, last)
    absent = workers[0]
    coverer = workers[1] if len(workers) == 2 else ctx.community.worker(user_id)
    if coverer is None:  # an admin who is no worker typed the usage's own example: say what is missing
        example = _example(ctx, absent, first) | {"iso": " ".join(dict.fromkeys(d.isoformat() for d in days))}
        raise Refused(t(lang, "rota.cover_who", name=absent.name, day=label, days=len(span), **example))
    allowed(ctx, user_id, absent.telegram_id, coverer.telegram_id, lang)
    if absent.telegram_id == coverer.telegram_id:
        raise Refused(t(lang, "rota.same"))
    now = ctx.now()  # in the transaction: the time the change is written
    changes = await rota.in_force(c, now)
    held = [day for day in span if _holds(ctx, absent.telegram_id, day, changes)]  # his days off need no cover
    if not held:  # his days off, or his days already covered (the same /cover sent twice: "no shift" misled)
        covered = (ch for ch in changes if ch.kind is ChangeKind.COVER and ch.day in span)
        of_his = {ch.worker_b for ch in covered if ch.worker_a == absent.telegram_id}
        by = [w.name for w in ctx.community.workers if w.telegram_id in of_his]
        key = "rota.covered_already" if by else "rota.no_shift"
        raise Refused(t(lang, key, name=absent.name, day=label, days=len(span), b=names(lang, by, NAMES_SHOWN)))
    covers = [RotaChange(ChangeKind.COVER, absent.telegram_id, coverer.telegram_id, day) for day in held]
    warning = _overlap(ctx, (absent, coverer), tuple(span), changes, covers, lang)
    for cover in covers:
        await rota.add(c, cover, user_id, now)
    args_text, both = {"a": absent.name, "b": coverer.name}, (absent.telegram_id, coverer.telegram_id)
    await _tell(ctx, c, user_id, both, "rota.cover_ok", day=(first, last), days=len(span), **args_text)  # on / from
    unstarted = await unreached(ctx, c, coverer.telegram_id, coverer.name, lang)  # his pages those days go nowhere
    return join([t(lang, "rota.cover_ok", day=label, days=len(span), **args_text), *warning, *unstarted])


async def _swap(
    ctx: AppContext, c: aiosqlite.Connection, user_id: int, workers: list[Worker], days: list[date], lang: str
) -> Html:
    """/swap [<worker>] <worker> <day> [<day2>]: exchange shifts on a day (or the first's day for the second's)."""
    me = ctx.community.worker(user_id)
    if len(workers) == 1 and me is None:  # an admin who is no worker: the other one must be named
        w, day = workers[0], days[0]
        raise Refused(t(lang, "rota.swap_who", name=w.name, day=day_label(lang, day), **_example(ctx, w, day)))
    a, b = (me, workers[0]) if len(workers) == 1 else workers
    assert a is not None
    allowed(ctx, user_id, a.telegram_id, b.telegram_id, lang)
    if a.telegram_id == b.telegram_id:
        raise Refused(t(lang, "rota.same"))
    day, day_b = days[0], days[-1]
    now = ctx.now()  # in the transaction: the time the change is written
    changes = await rota.in_force(c, now)
    if not _holds(ctx, a.telegram_id, day, changes) and not _holds(ctx, b.telegram_id, day_b, changes):
        labels = {"day": day_label(lang, day), "day_b": day_label(lang, day_b)}
        raise Refused(t(lang, "rota.no_shift_swap", a=a.name, b=b.name, **labels))
    change = RotaChange(ChangeKind.SWAP, a.telegram_id, b.telegram_id, day, day_b if day_b != day else None)
    warning = _overlap(ctx, (a, b), tuple(dict.fromkeys((day, day_b))), changes, [change], lang)
    await rota.add(c, change, user_id, now)
    pair, both = {"a": a.name, "b": b.name}, (a.telegram_id, b.telegram_id)
    await _tell(ctx, c, user_id, both, "rota.swap_ok", day=(day, day), day_b=(day_b, day_b), **pair)
    unstarted = [line for w in (a, b) for line in await unreached(ctx, c, w.telegram_id, w.name, lang)]
    return join(
        [t(lang, "rota.swap_ok", day=day_label(lang, day), day_b=day_label(lang, day_b), **pair), *warning, *unstarted]
    )


def _overlap(
    ctx: AppContext,
    pair: tuple[Worker, Worker],
    days: tuple[date, ...],
    changes: list[RotaChange],
    new: list[RotaChange],
    lang: str,
) -> list[Html]:
    """The warning for a change that gives one worker two shifts at the same time (王师傅, primary all day, covering
    李姐's backup shift): the rota keeps one, and the grid has one post fewer (README review: "/cover 李姐 今天"
    answered "✅ 已安排" alone, and /duty then showed "备班：无"). Arranged all the same: on a day off, the one
    other worker covering is often all there is."""
    ids = [w.telegram_id for w in pair]
    before = sum(len(_holds(ctx, w, d, changes)) for w in ids for d in days)
    after = sum(len(_holds(ctx, w, d, [*changes, *new])) for w in ids for d in days)
    return [t(lang, "rota.overlap")] if after < before else []


def _example(ctx: AppContext, named: Worker, day: date) -> dict[str, str]:
    """What an admin who is no worker could type: the day as a date the command reads, another worker's name."""
    other = next((w.name for w in ctx.community.workers if w.telegram_id != named.telegram_id), "…")
    return {"iso": day.isoformat(), "other": other}


# A change's usage text, how many days it reads, and its work (inside the transaction, raising Refused).
_CHANGES = {ChangeKind.COVER: ("rota.cover_usage", 2, _cover), ChangeKind.SWAP: ("rota.swap_usage", 2, _swap)}


async def _tell(
    ctx: AppContext, c: aiosqlite.Connection, caller: int, workers: tuple[int, int], key: str, **kw: object
) -> None:
    """The workers of a change who did not make it hear about it, in their language."""
    for worker_id in dict.fromkeys(workers):
        if worker_id == caller:
            continue
        lang = await notify.user_language(ctx, c, worker_id)
        fields = {k: span_label(lang, *v) if isinstance(v, tuple) else v for k, v in kw.items()}  # (first, last)
        await notify.send(ctx, c, worker_id, join((t(lang, "rota.told"), t(lang, key, **fields))), purpose=Purpose.ROTA)


async def week(ctx: AppContext, user_id: int, args: list[str], lang: str) -> tuple[Html, dict | None]:
    """/rota [grid|team] [day]: who is primary and backup each of the coming 7 days (or the 7 from that day: next
    week's, a leave arranged ahead), rota changes applied.

    A week too long for one message comes as pages, with buttons to turn them (`turn_page`).
    """
    if not _is_staff(ctx, user_id):
        return t(lang, "only.staff"), None
    desks, start = ctx.community.desk_ids, None
    if day_args := [a for a in args if looks_like_day(a)]:
        try:
            start = parse_day(day_args[0], ctx.now().astimezone(ctx.community.tz).date())
        except DayError as exc:
            return t(lang, f"rota.day_{exc.reason}", day=day_args[0]), None
        args = [a for a in args if not looks_like_day(a)]
    which = None
    if args:
        # by id or by the name /duty and /rota show ("第一网格": UX review, refused when only "A" was accepted)
        wanted = ctx.community.desk_named(" ".join(args))
        if wanted is None:
            shown = [f"{ctx.community.desk_name(u)} ({u})" if ctx.community.desk_name(u) != u else u for u in desks]
            return t(lang, "rota.bad_unit", unit=" ".join(args), units=names(lang, shown, NAMES_SHOWN)), None
        which = desks.index(wanted)
    return await _page(ctx, lang, which, 0, start)


async def turn_page(
    ctx: AppContext, user_id: int, page: int, desk: str | None, chat_id: int, message_id: int
) -> Answer:
    """Previous / Next under a /rota answer: the message shows that page (staff only, as /rota)."""
    if not _is_staff(ctx, user_id):
        return Answer("cb.not_yours", True)
    which, start = read_page_arg(desk)
    if which is not None and which >= len(ctx.community.desk_ids):
        return Answer("cb.unknown", True)
    async with ctx.db.read() as c:
        lang = await (notify.group_language if chat_id < 0 else notify.user_language)(ctx, c, chat_id)
    text, markup = await _page(ctx, lang, which, page, start)
    async with ctx.db.tx() as c:
        await notify.edit(ctx, c, chat_id, message_id, text, markup, purpose=Purpose.ROTA_PAGE)
    return Answer("cb.ok")


def _is_staff(ctx: AppContext, user_id: int) -> bool:
    return permissions.is_staff(permissions.role(ctx.community, user_id))


async def _page(
    ctx: AppContext, lang: str, which: int | None, page: int, start: date | None = None
) -> tuple[Html, dict | None]:
    """One page of the coming week, or of the week from `start` (of every desk, or the desk at index `which`), and
    its buttons."""
    desks = ctx.community.desk_ids if which is None else [ctx.community.desk_ids[which]]
    now = ctx.now()
    today = now.astimezone(ctx.community.tz).date()
    async with ctx.db.read() as c:
        changes = await rota.in_force(c, now)
    days = [(start or today) + timedelta(days=i) for i in range(ROTA_DAYS)]
    weeks = [
        DeskWeek(
            ctx.community.desk_name(desk),
            [
                (day_label(lang, day), _slot_texts(ctx, lang, roster.day_rota(ctx.community, desk, day, changes)))
                for day in days
            ],
        )
        for desk in desks
    ]
    head = t(lang, "rota.head", first=days[0].strftime("%m-%d"), last=days[-1].strftime("%m-%d"))
    changed = any(c.day >= today or c.other_day >= today for c in changes)
    pages = paginate(lang, head, weeks, [t(lang, "rota.changed_note")] if changed else [])
    page = max(0, min(page, len(pages) - 1))
    return pages[page], page_keyboard(lang, page, len(pages), which, start)
