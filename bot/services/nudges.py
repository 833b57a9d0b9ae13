"""What chasing timers that fire together tell: one message per person and kind (and one for the committee).

A reminder, an escalation, a red re-ping, a fix-by reminder or an overdue notice is a ``Nudge``: to whom, about
which event, the list it goes in (``kind``), and the message it is alone. When several of a kind are due for one
person at about the same time (a storm: thirty outages reported within minutes, taken together), that person gets
one list of the events instead, each with a '#12' button that sends its message again below, with its buttons
(``show``); the committee gets one list too. A single nudge stays the message it always was. A new event's first
message held while its worker's phone is flooded (``first_dm``) is a nudge too, in a list of new events (``NEW``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, permissions
from bot.core.callbacks import Action
from bot.core.permissions import Act
from bot.core.purpose import Purpose
from bot.core.types import Event, Status, Urgency
from bot.render import messages
from bot.render.fit import cap_buttons, clip, fit
from bot.render.i18n import Html, plain, t
from bot.services import assign_buttons, list_buttons, notify
from bot.services.on_duty import on_duty_ids
from bot.services.result import Answer
from storage import events, outbox

LIST_MOST = 40  # events in one list (and '#' buttons: within Telegram's 100)
# the lists: still not accepted, fix-by time near, passed; new events held while their worker's phone is flooded
WAITING, DUE, OVERDUE, NEW = "waiting", "due", "overdue", "new"
OVERDUE_NIGHT = "overdue_night"  # past their fix-by time with nobody on duty: the committee hears in the morning
HELP = "help"  # events the worker on duty has not taken, called to another (escalated): his help, not his reminder
PAGED = "paged"  # reds nobody has, nobody on duty to ping: the committee's page (``pages``)
PAGE_LAST = frozenset({"red_page_last", "red_page_unreached_last"})  # a page's reason when it is the last
# a worker's list of each kind: its head, and its purpose (what delivery does when it cannot reach them: a
# waiting list falls back as its events' DMs would, a fix-by list as the notices it replaces, not at all)
WORKER_LISTS = {
    WAITING: ("nudge.head", Purpose.NUDGE_LIST),
    DUE: ("nudge.due_head", Purpose.DUE_REMIND),
    OVERDUE: ("nudge.overdue_head", Purpose.OVERDUE),
    OVERDUE_NIGHT: ("nudge.overdue_night_head", Purpose.OVERDUE),
    NEW: ("nudge.new_head", Purpose.NUDGE_LIST),
    HELP: ("nudge.help_head", Purpose.NUDGE_LIST),
}
COMMITTEE_HEADS = {
    WAITING: "nudge.committee_head",
    OVERDUE: "nudge.committee_overdue_head",
    PAGED: "nudge.committee_page_head",
}


@dataclass(frozen=True, slots=True)
class Nudge:
    """One message a timer owes: to a worker (``to``), or to the committee (``to`` None); ``why`` its reason's
    key in a list's line (with ``values``; none in a worker's list of waiting events), ``kind`` the list it goes
    in; ``alone`` queues it as it is when nothing else of its kind is due for them."""

    to: int | None
    ev: Event
    alone: Callable[[], Awaitable[None]]
    why: str = ""
    values: dict = field(default_factory=dict)
    kind: str = WAITING


def for_help(n: Nudge) -> Nudge:
    """Another worker's call about an event its worker on duty has not taken (escalated), in his list of such
    (``HELP``): "accept or hand back", a reminder's words, would tell him it was his and he had fallen behind."""
    return replace(n, kind=HELP)


def new_card(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    to: int,
    step: str,
    intro: str | None = None,
    anew: bool = False,
    intro_text: str | None = None,
    why: str = "",
    **values: object,
) -> Nudge:
    """A new event's card for the worker it came to (``notify.worker_dm`` at ``step``, under ``intro``, a key, or
    ``intro_text``), held for their list of new events (``NEW``), its line there saying ``why`` (with ``values``):
    queued as it is when it is their only one, or at once (``alone``)."""

    async def alone() -> None:
        await notify.worker_dm(ctx, c, ev, to, step, intro, intro_text, anew=anew)

    return Nudge(to, ev, alone, why=why, values=values, kind=NEW)


async def tell(ctx: AppContext, c: aiosqlite.Connection, due: Sequence[Nudge], key: str) -> None:
    """Queue what the nudges due together owe: for each person and kind, their one message alone, or one list of
    the events (each event once, reds first, then yellows); ``key`` makes the lists once-only (the firing timer's
    id)."""
    by_whom: dict[tuple[int | None, str], dict[int, Nudge]] = {}
    for n in due:
        by_whom.setdefault((n.to, n.kind), {}).setdefault(n.ev.id, n)
    for (to, kind), about in by_whom.items():
        # the most urgent first (stable: otherwise as they fell due): a fire is never read under the litter
        nudges = sorted(about.values(), key=lambda n: -n.ev.urgency.rank)
        if len(nudges) == 1:
            await nudges[0].alone()
        elif to is None:
            await _committee_list(ctx, c, nudges, kind, key)
        else:
            await _worker_list(ctx, c, to, nudges, kind, key)


def _chunks(nudges: list[Nudge]) -> list[list[Nudge]]:
    """Lists of at most LIST_MOST events (a storm of more than that is told in more than one list, none dropped)."""
    return [nudges[i : i + LIST_MOST] for i in range(0, len(nudges), LIST_MOST)]


def _red(nudges: list[Nudge]) -> bool:
    """A list naming a red event goes before its chat's routine messages, as the red's own message would."""
    return any(n.ev.urgency is Urgency.RED for n in nudges)


def _worker_line(lang: str, n: Nudge) -> str:
    """An event's line in a worker's list, with what its notice alone would say of it (its fix-by time); a new
    event's says its category too."""
    line = messages.nudge_line(lang, n.ev, category=n.kind == NEW)
    return t(lang, "nudge.worker_line", line=line, why=t(lang, f"nudge.why.{n.why}", **n.values)) if n.why else line


def _worker_text(lang: str, kind: str, lines: list[Html], ids: list[int]) -> tuple[Html, dict]:
    """A worker's list of ``kind``: its words and its '#12' buttons."""
    text = fit(lang, [t(lang, WORKER_LISTS[kind][0], n=len(lines))], lines, most=LIST_MOST)
    return text, messages.show_keyboard(lang, ids)


async def _worker_list(
    ctx: AppContext, c: aiosqlite.Connection, to: int, nudges: list[Nudge], kind: str, key: str
) -> None:
    lang = await notify.user_language(ctx, c, to)
    purpose = WORKER_LISTS[kind][1]
    for part, shown in enumerate(_chunks(nudges)):
        lines = [Html(_worker_line(lang, n)) for n in shown]
        ids = [n.ev.id for n in shown]
        text, markup = _worker_text(lang, kind, lines, ids)
        await notify.send(
            ctx,
            c,
            to,
            text,
            purpose=purpose,
            markup=markup,
            dedup_key=f"nudge:{key}:{to}:{part}" if kind == WAITING else f"nudge:{key}:{kind}:{to}:{part}",
            # a list that cannot reach them: each event's fallback (delivery); still waiting: a later one replaces it;
            # some of its events moved on before it could go: made again from its lines (``again``)
            meta=outbox.Meta(events=ids, chaser=kind in (WAITING, HELP) or None, kind=kind, lang=lang),
            urgent=_red(shown),
        )


async def _committee_text(
    ctx: AppContext, c: aiosqlite.Connection, lang: str, kind: str, lines: list[Html], evs: list[Event], last: bool
) -> tuple[Html, dict | None]:
    """The committee's list of ``kind``: its words and its "#3 派给…" buttons (``last``: a page of reds that is the
    last, saying what comes after it)."""
    # each event's "#3 派给…" (its own note alone has the buttons): the chair acts on each from the list
    markup, more = await assign_buttons.list_markup(ctx, c, evs, lang)
    tail = [t(lang, "nudge.arrange_more", n=more, most=assign_buttons.LIST_SHOWN)] if more else []
    tap = "nudge.arrange_tap_page" if kind == PAGED else "nudge.arrange_tap"  # nobody has them: "派", not "改派"
    tail = [t(lang, tap), *tail] if markup else []
    if last:  # what comes after the last page, as its page alone says
        tail.append(t(lang, "nudge.page_last_tail"))
    return fit(lang, [t(lang, COMMITTEE_HEADS[kind], n=len(lines))], lines, tail, most=LIST_MOST), markup


async def again(
    ctx: AppContext, c: aiosqlite.Connection, row: outbox.OutboxRow, keep: list[int]
) -> tuple[dict, outbox.Meta] | None:
    """A list queued before some of its events moved on (accepted, closed, given to someone), made again with only
    those in ``keep``: its head, its lines of those events (read from its words: a line an event, in its order,
    under a one-line head) and its buttons, as if queued with them alone. A list cut short to fit (its last lines
    one "…and N more") takes a kept event it did not show by its plain line; a page of reds stays the last page
    (its tail saying what comes after) while a kept line says it is the last. None for a list that cannot be read
    so (an older release's)."""
    m, text = row.meta, row.payload.get("text")
    if not m.events or not m.lang or m.kind is None or not isinstance(text, str):
        return None
    given = text.split("\n")[1:]
    shown = 0
    while shown < min(len(m.events), len(given)) and re.search(rf"#{m.events[shown]}(?!\d)", given[shown]):
        shown += 1
    cut = len(m.events) - shown
    if not shown or (cut and (shown == len(given) or given[shown] != t(m.lang, "fit.more", n=cut))):
        return None
    evs = {e: ev for e in keep if (ev := await events.get(c, e)) is not None}
    at = {e: i for i, e in enumerate(m.events)}
    lines = [
        Html(given[at[e]]) if at[e] < shown else messages.nudge_line(m.lang, evs[e], category=m.kind == NEW)
        for e in keep
        if e in evs
    ]
    if row.purpose is Purpose.COMMITTEE:
        last_said = plain(m.lang, "nudge.why.red_page_last", waited="\0").split("\0")[-1]
        last = m.kind == PAGED and any(line.endswith(last_said) for line in lines)
        text, markup = await _committee_text(ctx, c, m.lang, m.kind, lines, list(evs.values()), last)
    else:
        text, markup = _worker_text(m.lang, m.kind, lines, list(evs))
    payload = {k: v for k, v in row.payload.items() if k != "reply_markup"} | {"text": clip(text)}
    if markup:
        payload["reply_markup"] = cap_buttons(markup)
    return payload, replace(m, events=list(evs))


async def _committee_list(ctx: AppContext, c: aiosqlite.Connection, nudges: list[Nudge], kind: str, key: str) -> None:
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    for part, shown in enumerate(_chunks(nudges)):
        lines = []
        for n in shown:
            worker = await notify.display_name(ctx, c, n.ev.assignee_id) or t(lang, "duty.nobody")
            why = t(lang, f"nudge.why.{n.why}", **n.values)
            line = messages.nudge_line(lang, n.ev)
            # a page's reds have no one (its head says so): not "派给：无" on every line
            said = "nudge.committee_page_line" if kind == PAGED else "nudge.committee_line"
            lines.append(t(lang, said, line=line, worker=worker, why=why))
        last = any(n.why in PAGE_LAST for n in shown)
        text, markup = await _committee_text(ctx, c, lang, kind, lines, [n.ev for n in shown], last)
        chat = ctx.committee_chat_id
        dedup = f"nudge:{key}:committee:{part}" if kind == WAITING else f"nudge:{key}:{kind}:committee:{part}"
        chased = kind in (WAITING, PAGED)
        ids = [n.ev.id for n in shown]
        chaser = outbox.Meta(events=ids, chaser=True, kind=kind, lang=lang) if chased else None
        await notify.send(
            ctx,
            c,
            chat,
            text,
            purpose=Purpose.COMMITTEE,
            dedup_key=dedup,
            urgent=_red(shown),
            meta=chaser,
            markup=markup,
        )


async def show(ctx: AppContext, event_id: int, user_id: int, message_id: int) -> Answer:
    """A '#12' button of a list was pressed: the event's message is sent again below, with its buttons (the
    older copy loses them once this one is sent), to a worker who may take it now: its worker, or one on duty
    for it who did not hand it back; admins always. An accepted event's (a list of fix-by times): to its worker,
    with Close and Hand back. Once per list and event's step (its latest log line): a second tap of the same does
    not send it twice, one after anything happened to it (accepted, reopened, taken and handed back) does."""
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        step = f"show:{message_id}:at{await events.log_mark(c, event_id)}"
        if ev is not None and ev.status is Status.ACCEPTED and ev.assignee_id == user_id:
            await notify.assignee_dm(ctx, c, ev, f"{step}:taken")
            return Answer("cb.shown_accepted", values=(("id", ev.id),))
        if ev is not None and not lifecycle.is_open(ev.status):  # the list, however old, loses its '#N'; says why
            return await list_buttons.pressed_after(ctx, c, ev, user_id, message_id, Action.SHOW)
        if ev is None or ev.status is not Status.DISPATCHED:  # taken or gone since the list was sent
            return Answer(
                "cb.already_taken" if ev is not None and ev.status is Status.ACCEPTED else "cb.already_done", True
            )
        role = permissions.role(ctx.community, user_id)
        # whom it may be sent to now: who has it, and whoever is on duty for it; as who may accept it then
        gone: Collection[int] = ()
        may_have: Collection[int] = ()
        if permissions.needs_history(role, Act.ACCEPT):
            gone = await events.gave_up_by(c, ev.id)
            if ev.assignee_id != user_id:
                may_have = await on_duty_ids(ctx, c, ev.grid_id, ev.category)
        if not permissions.may_act(role, user_id, ev, Act.ACCEPT, may_have, gone):
            return Answer("cb.not_yours", True)
        first = await notify.never_sent(c, ev, user_id)  # a card held for a list: "sent", not "sent again"
        await notify.worker_dm(ctx, c, ev, user_id, step)
        return Answer("cb.shown_first" if first else "cb.shown", values=(("id", ev.id),))
