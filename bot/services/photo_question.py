"""The "after" photo question: asked in the closer's DM by the closing edit (``notify.edit_worker_dms``), in a
message of its own when the closer has no DM about the event, and taken out of the DM once answered."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, parser, worker_words
from bot.core.purpose import Purpose
from bot.core.types import Event, Status, Urgency
from bot.render import reports
from bot.render.i18n import t
from bot.services import notify
from bot.services.result import Answer
from storage import events, notifications, outbox

AFTER_INPUT = "after_photo"  # pending_inputs.kind while the bot waits for a worker's "after" photo
# a question left unanswered this long lapses: a worker's words days later are not a close's reason
ANSWER_WITHIN = timedelta(hours=2)
# words under no reply this long after a lapsed question are not taken for its late answer (they are read as any)
TOLD_WITHIN = timedelta(hours=24)


async def take_pending(
    ctx: AppContext,
    c: aiosqlite.Connection,
    user_id: int,
    *,
    event_id: int | None = None,
    reply_to: int | None = None,
    photo: bool = False,
) -> notifications.PendingInput | None:
    """The question a worker's message answers (a close's words or an "after" photo), taken off the list; None when
    none waits. One that has lapsed is taken too: the caller asks ``lapsed``. A worker may be asked about several
    events at once:

    event_id: the question about this event alone (its Skip button);
    reply_to: the message replied to, in the worker's private chat: when it is about an event (its DM, a question
        about it, its photos), that event's question alone;
    photo: a photo answers a photo question only; words answer the newest question for words, else they skip the
        newest photo question.
    """
    if event_id is None and reply_to is not None:
        event_id = await notifications.event_of_message(c, user_id, reply_to)
    waiting = await notifications.inputs(c, user_id)  # newest first
    if event_id is not None:
        waiting = [p for p in waiting if p.event_id == event_id]
    if photo:
        waiting = [p for p in waiting if p.kind == AFTER_INPUT]
    waiting.sort(key=lambda p: p.kind == AFTER_INPUT)  # words: a reason waiting comes before a photo (stable)
    if not waiting:
        return None
    await notifications.drop_input(c, user_id, waiting[0].event_id)
    return waiting[0]


def lapsed(ctx: AppContext, question: notifications.PendingInput) -> bool:
    """Whether the question was left unanswered too long (``ANSWER_WITHIN``): what comes now is not its answer."""
    return question.asked_at < ctx.now() - ANSWER_WITHIN


async def lapse(
    ctx: AppContext,
    c: aiosqlite.Connection,
    question: notifications.PendingInput | None,
    user_id: int,
    words: str = "",
    reply_to: int | None = None,
) -> Answer | None:
    """A question taken (``take_pending``) that had lapsed: it stops asking, a photo question in the DM, a question
    for words in its own message. Words that are its late answer about an event still open are answered (it
    lapsed: tap the outcome again): written under it or its event's DM (a late reason repeats the event's danger
    words: "被困人员已救出，转交电梯维保公司"), or soon after (``TOLD_WITHIN``) and no danger (a late reason reads like
    a report: "灯座线路老化，需要物业大修"). None: the message is read as if
    nothing waited (none did; a lapsed photo question; an event closed or cancelled meanwhile; "5号楼着火了",
    a danger never lost to an old question; words days later)."""
    if question is None:
        return None
    if question.kind == AFTER_INPUT:
        await done(ctx, c, question.event_id, user_id)
        return None
    hours = int(ANSWER_WITHIN.total_seconds() // 3600)
    asked = await outbox.delivered_in(c, question.event_id, Purpose.ASK_NOTE, user_id)
    lang = await notify.user_language(ctx, c, user_id)
    if asked is not None:
        text = t(lang, "ask.note.lapsed", id=question.event_id, hours=hours)
        await notify.edit(ctx, c, user_id, asked, text, purpose=Purpose.EDIT, event_id=question.event_id)
    ev = await events.get(c, question.event_id)
    if ev is None or not lifecycle.is_open(ev.status):
        return None
    red, _, under, elsewhere = await _beside(c, ev, user_id, words, reply_to, lang)
    if red and (not under or elsewhere):
        return None  # a danger is never lost to an old question: read as any message (under it, one elsewhere)
    if not under and question.asked_at < ctx.now() - TOLD_WITHIN:
        return None  # days later, under no question: read as any message
    return Answer.of("close.lapsed", id=ev.id, hours=hours)


async def a_danger_instead(
    ctx: AppContext,
    c: aiosqlite.Connection,
    question: notifications.PendingInput,
    user_id: int,
    words: str,
    reply_to: int | None,
) -> bool:
    """Words a worker wrote while a question waits that report a danger rather than answer it: red, not written
    under the question or its event's messages, and naming another building or about an event that is not red
    (worker review: "5号楼2单元着火了，浓烟很大" after ✅ was taken as "no photo", while a reason was asked it closed
    the event with it). A red event's own words ("煤气阀门已关好") stay its answer. Under the "after" photo's
    question too (worker sweep: "3号楼着火了" under his card was "好的，#1 不附照片。"): words there only say "no
    photo", where a reason asked for may repeat the event's danger words."""
    ev = await events.get(c, question.event_id)
    if ev is None:
        return False
    lang = await notify.user_language(ctx, c, user_id)
    red, sure, under, elsewhere = await _beside(c, ev, user_id, words, reply_to, lang)
    if question.kind == AFTER_INPUT:  # there words only say "no photo": a danger is one wherever it is written
        return red and (elsewhere or ev.urgency is not Urgency.RED)
    # a reason tells of trouble ("业主电话打不通", "楼上漏水"): a red the reader is unsure of is his reason, unless
    # it is somewhere else (day review: "楼上602业主在外地，电话…打不通" made a red dispute #2, #1 left waiting)
    return red and not under and (elsewhere or (sure and ev.urgency is not Urgency.RED))


async def a_new_card_instead(
    c: aiosqlite.Connection, question: notifications.PendingInput, user_id: int, words: str, reply_to: int | None
) -> bool:
    """Words taking a card ("收到", "马上到") written under no message while an "after" photo is asked for, when a card
    of an event waiting for him came after the question: they take that card, they do not say "no photo" (worker day
    review: "收到" typed just after a red card came was "好的，#1 不附照片。", and the red one paged everyone again)."""
    if question.kind != AFTER_INPUT or reply_to is not None or worker_words.said(words) is not worker_words.Said.TAKE:
        return False
    return bool(await waiting_cards(c, user_id, question.asked_at))


async def waiting_cards(c: aiosqlite.Connection, user_id: int, since: datetime) -> list[tuple[Event, int]]:
    """His events waiting for him to take them whose latest card to him came after ``since``, each with that card."""
    found = []
    for ev in await events.open_for(c, user_id):
        cards = [dm for dm in await notifications.for_event(c, ev.id) if dm.user_id == user_id]
        if ev.status is Status.DISPATCHED and cards and cards[-1].sent_at > since:
            found.append((ev, cards[-1].message_id))
    return found


async def _beside(
    c: aiosqlite.Connection, ev: Event, user_id: int, words: str, reply_to: int | None, lang: str
) -> tuple[bool, bool, bool]:
    """Words a worker wrote while a question about ``ev`` waited, read: (red, a red the reader is sure of, written
    under the question or the event's messages, naming a building other than the event's)."""
    reading = parser.parse(words, lang)
    under = reply_to is not None and await notifications.event_of_message(c, user_id, reply_to) == ev.id
    elsewhere = reading.building is not None and ev.building is not None and reading.building != ev.building
    red = reading.urgency is Urgency.RED
    return red, red and not reading.red_unsure, under, elsewhere


async def ask(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int) -> None:
    """Ask for the "after" photo in a message of its own: the closer had no DM about the event to carry it."""
    lang = await notify.user_language(ctx, c, worker_id)
    await notify.send(
        ctx,
        c,
        worker_id,
        t(lang, "after.ask", id=ev.id),
        purpose=Purpose.AFTER_ASK,
        event_id=ev.id,
        markup=reports.skip_photo_keyboard(lang, ev.id),
        dedup_key=f"after_ask:{ev.id}:{ev.reopened_count}",
    )


async def done(ctx: AppContext, c: aiosqlite.Connection, event_id: int, worker_id: int) -> None:
    """The "after" photo came, or was skipped: the closer's DM stops asking for it (and loses its Skip)."""
    ev = await events.get(c, event_id)
    if ev is not None and ev.status is Status.CLOSED:  # reopened since: that edit already dropped the question
        await notify.edit_worker_dms(ctx, c, ev, "dm.state.closed", only=worker_id)


async def reopened(ctx: AppContext, c: aiosqlite.Connection, closed: Event) -> None:
    """A closed event opened again (``closed``: as it was): no question about it waits any longer (a photo sent now
    is not an "after" photo of work still to do), and each closer's DM stops asking for the photo (and loses Skip).
    Called before the event's new DM is queued: the edit is of the DMs already out."""
    for question in await notifications.drop_inputs_of_event(c, closed.id):
        if question.kind == AFTER_INPUT and question.user_id is not None:
            await notify.edit_worker_dms(ctx, c, closed, "dm.state.closed", only=question.user_id)
