"""A worker the bot cannot write to (403: never started it, or blocked it): mention them in the group, tell the
committee, and ask the next on duty instead, for one event's DM or for a list of reminders at once; for accepted
work, the committee is given buttons to move it, and residents' words about it.

Over 300 lines: the one worker's case, told to each it concerns (group, committee, the next on duty), each once.

Once the bot knows it (a 403 since he last started it), a new event goes to the first on duty it may still reach
(``reachable_instead``); the committee hears of him once a day (the community's calendar day), in one note edited
as more events concern him, and each group is asked to remind him once a day, not once per report (ten reports
made ten mentions and ten notes: noise that teaches people to ignore the bot)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, time

import aiosqlite

from bot.context import AppContext
from bot.core import routing
from bot.core.community import Worker
from bot.core.purpose import Purpose
from bot.core.roster import Adjustment
from bot.core.timeutil import from_epoch, to_epoch
from bot.core.types import Category, Event, Status
from bot.render import messages
from bot.render.i18n import Html, join, t
from bot.services import notify, nudges
from storage import events, notifications, outbox, people
from storage.outbox import OutboxRow


async def list_unreachable(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, blocked: bool = False) -> None:
    """A list of reminders the worker cannot get (403): what a DM of each event would do, told once for the list
    (a storm's thirty events: one mention in each group, one word to the committee, one list to the next on duty).
    ``blocked``: Telegram said he blocked the bot."""
    worker_id = row.chat_id
    evs = [ev for event_id in row.meta.events or [] if (ev := await events.get(c, event_id)) is not None]
    if not evs:
        return
    await people.mark_unreachable(c, worker_id, blocked)
    name = await notify.display_name(ctx, c, worker_id) or str(worker_id)
    by_chat: dict[int, list[Event]] = {}
    for ev in evs:
        if worker_id in await events.dm_failed_to(c, ev.id):  # the group and the committee were told of it once
            continue
        await events.log(c, ev.id, ctx.now(), "dm_failed", None, str(worker_id))
        by_chat.setdefault(ev.chat_id, []).append(ev)
    mention = not await blocked_bot(c, worker_id)
    for chat_id, told in by_chat.items():
        if chat_id < 0 and mention:
            lang = await notify.group_language(ctx, c, chat_id)
            text = t(
                lang,
                "group.worker_unreachable",
                worker=messages.mention(worker_id, name),
                id=messages.event_ids(lang, (ev.id for ev in told)),
                n=len(told),
                bot=ctx.bot_username,
            )
            first = told[0]
            await notify.send(
                ctx,
                c,
                chat_id,
                text,
                purpose=Purpose.MENTION_WORKER,
                event_id=first.id,
                reply_to=first.ack_message_id or first.message_id,
                dedup_key=_mention_key(ctx, worker_id, chat_id),
            )
    if by_chat:
        await told_today(ctx, c, worker_id)
    owed = []
    for ev in evs:
        if (nxt := await _next_instead(ctx, c, ev, worker_id)) is not None:
            owed.append(nudges.Nudge(nxt, ev, _fallback_dm(ctx, c, ev, nxt, worker_id)))
    await nudges.tell(ctx, c, owed, f"fallback:{row.id}")


def _fallback_dm(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, to: int, worker_id: int
) -> Callable[[], Awaitable[None]]:
    async def alone() -> None:
        await notify.worker_dm(ctx, c, ev, to, f"fallback:{worker_id}", "dm.step.fallback", anew=True)

    return alone


async def _next_instead(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int) -> int | None:
    """Who on duty is asked instead of a worker who cannot get DMs: the next not yet sent the waiting event."""
    if not ev.grid_id or ev.status is not Status.DISPATCHED:
        return None
    tried = set(await outbox.pending_recipients(c, ev.id, Purpose.WORKER_DM)) | {worker_id}
    tried |= {dm.user_id for dm in await notifications.for_event(c, ev.id)}
    for user_id in await events.dm_failed_to(c, ev.id):  # never back to one it cannot reach (a list bounced for ever)
        person = await people.person(c, user_id)
        if person is None or not person.reachable:  # (one who started the bot since may be asked again)
            tried.add(user_id)
    now = ctx.now()
    nxt = routing.next_assignee(
        ctx.community, ev.category, ev.grid_id, now, await people.adjustments(c, now), exclude=tried
    )
    return nxt.telegram_id if nxt is not None else None


async def worker_unreachable(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, blocked: bool = False) -> None:
    """The worker cannot get DMs (403): mention them in the group and tell the committee (each once a day), try the
    next on duty. One known to have blocked the bot (``blocked``: Telegram said so now) is not mentioned: the
    group would be asked to have him press Start for what he chose; the committee hears it in those words."""
    assert row.event_id is not None
    ev = await events.get(c, row.event_id)
    if ev is None:
        return
    worker_id = row.chat_id
    await people.mark_unreachable(c, worker_id, blocked)
    await events.log(c, ev.id, ctx.now(), "dm_failed", None, str(worker_id))
    name = await notify.display_name(ctx, c, worker_id) or str(worker_id)
    if ev.chat_id < 0 and not await blocked_bot(c, worker_id):
        lang = await notify.group_language(ctx, c, ev.chat_id)
        await notify.send(
            ctx,
            c,
            ev.chat_id,
            t(
                lang,
                "group.worker_unreachable",
                worker=messages.mention(worker_id, name),
                id=ev.id,
                n=1,
                bot=ctx.bot_username,
            ),
            purpose=Purpose.MENTION_WORKER,
            event_id=ev.id,
            reply_to=ev.ack_message_id or ev.message_id,
            dedup_key=_mention_key(ctx, worker_id, ev.chat_id),
        )
    await told_today(ctx, c, worker_id)
    if (nxt := await _next_instead(ctx, c, ev, worker_id)) is not None:
        await _fallback_dm(ctx, c, ev, nxt, worker_id)()


def _today(ctx: AppContext) -> tuple[str, datetime]:
    """The community's calendar day now, and its midnight: what "once a day" counts by."""
    tz = ctx.community.tz
    day = ctx.now().astimezone(tz).date()
    return day.isoformat(), datetime.combine(day, time(), tzinfo=tz)


def _mention_key(ctx: AppContext, worker_id: int, chat_id: int) -> str:
    """The once-a-day key of a group's mention of a worker the bot cannot message."""
    return f"mention_day:{_today(ctx)[0]}:{worker_id}:{chat_id}"


async def blocked_bot(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the person blocked the bot, as far as it knows (not merely never started it)."""
    person = await people.person(c, user_id)
    return person is not None and person.blocked_bot


CHASE_SKIPPED = "chase_skipped"  # the log line of an escalation or re-ping that passed over one it cannot message


async def chase_reachable(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_ids: Sequence[int]) -> list[int]:
    """Those of an escalation's or a red re-ping's workers the bot may message: one it knows it cannot (a 403
    since he last started it) is passed over, so the others are asked at once and no refusal mentions him in the
    group; the committee's note of the day about him names the event (once for each event)."""
    out = await reachable(c, worker_ids)
    for w in worker_ids:
        if w not in out and w not in await events.dm_failed_to(c, ev.id, CHASE_SKIPPED):
            await events.log(c, ev.id, ctx.now(), CHASE_SKIPPED, None, str(w))
            await told_today(ctx, c, w)
    return out


async def reachable(c: aiosqlite.Connection, worker_ids: Sequence[int]) -> list[int]:
    """Those of these workers the bot does not know it cannot message (``out_of_reach``), writing nothing."""
    return [w for w in worker_ids if not await out_of_reach(c, w)]


async def out_of_reach(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the bot knows a message to the person would be refused: refused since they last started it
    (``known_unreachable``), or no private chat with them by Telegram's word at its start (``runtime.no_chat``)."""
    person = await people.person(c, user_id)
    return person is not None and (person.blocked or person.no_chat)


async def known_unreachable(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether a message to the person was refused (403) since they last started the bot (one never seen, or only
    seen in a group, may be reachable: the bot tries)."""
    person = await people.person(c, user_id)
    return person is not None and person.blocked


async def reachable_instead(
    c: aiosqlite.Connection,
    order: Sequence[tuple[int, Worker]],
    worker: Worker,
) -> Worker | None:
    """A new event's worker on duty whom the bot knows it cannot message: the first of the others on duty for it
    (``routing.in_order``: his desk's backup first) it may still reach; None when it may reach him, or no one else."""
    if not await known_unreachable(c, worker.telegram_id):
        return None
    for _, other in order:
        if other.telegram_id != worker.telegram_id and not await known_unreachable(c, other.telegram_id):
            return other
    return None


SKIPPED = "unreachable_skipped"  # the log line of a new event given to another because he could not be messaged


async def passed_over(c: aiosqlite.Connection, event_id: int) -> int | None:
    """The worker on duty a new event went past because the bot could not message him (``route_new``), or None."""
    line = await events.last_logged(c, event_id, SKIPPED)
    return int(line.detail) if line is not None and line.detail else None


async def instead_intro(ctx: AppContext, c: aiosqlite.Connection, to: int, passed: int) -> tuple[str, str]:
    """The line above the card of an event that came to ``to`` because the bot cannot message ``passed``, in their
    language, and his name."""
    lang = await notify.user_language(ctx, c, to)
    name = await notify.display_name(ctx, c, passed) or str(passed)
    return t(lang, "dm.step.instead", worker=name), name


async def route_new(
    ctx: AppContext,
    c: aiosqlite.Connection,
    category: Category,
    grid_id: str | None,
    now: datetime,
    overrides: Sequence[Adjustment],
) -> tuple[Worker | None, Worker | None]:
    """Who a new event goes to, and whom it passed over because the bot cannot message him (None: no one)."""
    order = routing.in_order(ctx.community, category, grid_id, now, overrides)
    worker = order[0][1] if order else None
    if worker is None or (instead := await reachable_instead(c, order, worker)) is None:
        return worker, None
    return instead, worker


async def told_today(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> None:
    """The committee's note of the day about a worker the bot cannot message: what to do (he opens the bot and
    presses Start), the day's events about him and those of them no one has accepted; sent once a day and edited as more
    come (an edit is silent: the chat is not pinged again)."""
    key = _day_key(ctx, worker_id)
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    name = await notify.display_name(ctx, c, worker_id) or str(worker_id)
    text = await _note(ctx, c, worker_id, lang, name)
    row = await outbox.keyed(c, key)
    if row is None:
        chat_id = ctx.committee_chat_id
        await notify.send(ctx, c, chat_id, text, purpose=Purpose.COMMITTEE, dedup_key=key)
    elif row.live:
        await notify.edit_live(ctx, c, ctx.committee_chat_id, row, text)


async def came_back(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> None:
    """He started the bot: today's note about him, if there is one, says so at its foot (edited, silently), so that
    the committee that asked him to knows it was done and new events go to him again."""
    row = await outbox.keyed(c, _day_key(ctx, worker_id))
    if row is None or not row.live:
        return
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    name = await notify.display_name(ctx, c, worker_id) or str(worker_id)
    at = ctx.now().astimezone(ctx.community.tz).strftime("%H:%M")
    back = t(lang, "committee.unreachable_today.back", worker=name, at=at)
    await notify.edit_live(ctx, c, ctx.committee_chat_id, row, join([await _note(ctx, c, worker_id, lang, name), back]))
    # that note is done: refused again the same day, the committee gets a new one, not a silent edit of this one
    await outbox.rekey(c, row.id, f"{_day_key(ctx, worker_id)}:back:{to_epoch(ctx.now())}")


def _day_key(ctx: AppContext, worker_id: int) -> str:
    """The once-a-day key of the committee's note about a worker the bot cannot message."""
    return f"unreach_day:{_today(ctx)[0]}:{worker_id}"


async def _since(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> datetime:
    """What the day's note counts from: midnight, or when he last started the bot today (``came_back``)."""
    midnight = _today(ctx)[1]
    closed = await outbox.last_key(c, f"{_day_key(ctx, worker_id)}:back:")  # its key ends in when (came_back)
    back = from_epoch(int(closed.rsplit(":", 1)[1])) if closed else None
    return max(midnight, back) if back else midnight


async def _note(ctx: AppContext, c: aiosqlite.Connection, worker_id: int, lang: str, name: str) -> Html:
    """The day's note about him (named ``name``, in the committee's ``lang``): what to do, the day's events about
    him (since he last started the bot, if he did today), those still waiting, the private ones."""
    since = await _since(ctx, c, worker_id)
    evs = [ev for i in await events.unreachable_since(c, worker_id, since) if (ev := await events.get(c, i))]
    waiting = [ev for ev in evs if ev.assignee_id == worker_id and ev.status is Status.DISPATCHED]
    # the bot knows he blocked it: not "never pressed Start, or blocked it" (first-day review)
    key = "committee.unreachable_today_blocked" if await blocked_bot(c, worker_id) else "committee.unreachable_today"
    lines = [t(lang, key, worker=name, bot=ctx.bot_username)]
    if evs:
        lines.append(t(lang, "committee.unreachable_today.events", ids=messages.event_ids(lang, (e.id for e in evs))))
    if waiting:
        ids = messages.event_ids(lang, (e.id for e in waiting))
        lines.append(t(lang, "committee.unreachable_today.waiting", ids=ids))
    if private := [ev.id for ev in waiting if ev.chat_id > 0]:
        ids = messages.event_ids(lang, private)
        lines.append(t(lang, "committee.unreachable_today.private", ids=ids, worker=name))
    return join(lines)


async def contact(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> tuple[str, str | None]:
    """A worker the bot cannot message, as the committee is told to reach him: his name (``notify.display_name``)
    and his phone from the community file (None: none there, or he left it)."""
    worker = ctx.community.worker(worker_id)
    name = await notify.display_name(ctx, c, worker_id)
    return name, worker.phone if worker and worker.phone else None


async def _who(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> dict[str, object]:
    """The event's worker as a committee note about them names them: their name and phone."""
    assert ev.assignee_id is not None
    name, phone = await contact(ctx, c, ev.assignee_id)
    return {"worker": name, "phone": phone or "—", "id": ev.id}


def _told_key(ev: Event) -> str:
    """The once-only key of the committee's note that the event's worker cannot be messaged."""
    return f"assignee_unreach:{ev.id}:{ev.assignee_id}"


async def assignee_unreachable(ctx: AppContext, c: aiosqlite.Connection, ev: Event, words: str | None = None) -> None:
    """The worker on an accepted event cannot be messaged any more (blocked the bot after accepting): the committee
    hears it once for the event, with their phone and "send to …" buttons that move the work to another (and the
    resident's ``words`` that found it out)."""
    also = [("followup.words_line", {})] if words else []
    who = await _who(ctx, c, ev)
    key = "committee.assignee_unreachable"
    await notify.committee(ctx, c, key, ev.id, dedup_key=_told_key(ev), arrange=ev, also=also, words=words, **who)


async def words_to_committee(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, text: str, once: str | None = None
) -> None:
    """A resident's words about an event whose worker has blocked the bot: to the committee instead, in its note
    that he cannot be messaged the first time, then on their own; each with "send to …" buttons (``once``: the
    key that keeps these words to one note)."""
    if await outbox.keyed(c, _told_key(ev)) is None:
        await assignee_unreachable(ctx, c, ev, text)
        return
    who = await _who(ctx, c, ev)
    key = "followup.to_committee_unreachable"
    await notify.committee(ctx, c, key, ev.id, dedup_key=once, arrange=ev, words=text, **who)


async def note_refused(ctx: AppContext, c: aiosqlite.Connection, ev: Event, row: OutboxRow) -> None:
    """A resident's words sent on to the event's worker in ``row`` were refused (403: he blocked the bot, and the bot
    had not heard of it): the committee reads those words (``words_to_committee``), and the answer that told her they
    were passed on to him now says they went to the committee."""
    if row.meta.said is not None:
        said = await events.logged(c, row.meta.said)
    else:  # a row queued by a release that did not keep its words' line: the latest note is the best guess
        said = await events.last_logged(c, ev.id, "reporter_note")
    if said is None or not said.detail:  # (forgotten since: /forget_me)
        await assignee_unreachable(ctx, c, ev)
        return
    await words_to_committee(ctx, c, ev, said.detail, once=f"note_refused:{row.id}")
    told = None
    for kind in ("told_asked", "told") if said.actor_id else ():  # her answer: to her question, or to her words
        told = told or await outbox.last_keyed(c, f"{kind}:{ev.id}:{said.actor_id}:{ev.status.value}:")
    if told is not None and told.live:
        chat_id = int(told.payload["chat_id"])
        lang = await notify.language_in(ctx, c, chat_id, said.actor_id or 0)
        await notify.edit_live(ctx, c, chat_id, told, t(lang, "followup.told_committee", id=ev.id), ev.id)
