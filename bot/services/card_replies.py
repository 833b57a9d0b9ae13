"""Use case: a worker's words written as a reply under his private message about an event (its card, a reminder,
her note sent on to him) reach its reporter in her private chat; her reply under them reaches him
(``followups.told_privately``). A group's reporter the bot cannot message privately gets them in her group, under her
report, once he presses "📢 在群里回复她" (``say_in_group``): he decides what the neighbours read (worker review: "明天
下午三点上门" under the card of a group's report was answered with how to use the buttons, and she never heard it)."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import followup, parser, permissions, worker_words
from bot.core.callbacks import Action, arg_id, id_arg
from bot.core.purpose import Purpose
from bot.core.types import Category, Event, Incoming, Urgency
from bot.render import quotes
from bot.render.i18n import normalize, t
from bot.services import committee_notes, notify
from bot.services.result import Answer, Button
from storage import events, notifications, outbox, people
from storage.outbox import OutboxRow

KEPT = "worker_words_kept"  # the event log's line of his words for a reporter only her group can show


async def worker_replied(ctx: AppContext, msg: Incoming, reply_to: int, event_id: int | None = None) -> Answer | None:
    """His words go to the event's reporter in private, named as from the worker on it (never her name to him: an
    anonymous report's writer is named to admins only); his answer says so. A group's reporter who cannot be messaged
    privately: they are kept, and his answer offers to say them in her group. None when they are not for her (not the
    worker on it, no words, or a danger of its own: read as any message, so a danger is never lost). ``event_id``:
    the event a list he wrote under names alone, whose card he may not have (a hand-off notice's '#N')."""
    if not followup.has_words(msg.text):
        return None
    if (to_committee := await committee_notes.worker_answered(ctx, msg, reply_to)) is not None:
        return to_committee  # under the committee's words sent to him: his answer is the committee's
    async with ctx.db.read() as c:
        ev = await _replied(c, msg.user_id, reply_to, event_id)
    if ev is None:
        return None
    # read outside the write transaction (the parser needs no database), only for the worker on it
    words = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    # "敲门没人应" at a leak: his visit found nobody in (red only for an unresponsive person; no danger word in it)
    visit = ev.category is not Category.CARE and worker_words.nobody_home(msg.text) and not followup.danger_kinds(words)
    if words.urgency is Urgency.RED and ev.urgency is not Urgency.RED and not visit:  # "5号楼着火了": its own
        return None
    async with ctx.db.tx() as c:
        ev = await _replied(c, msg.user_id, reply_to, event_id)  # as it is now
        if ev is None:
            return None
        reporter = await people.person(c, ev.reporter_id)
        in_group = ev.chat_id < 0
        if (reporter is None or not reporter.reachable) and in_group:
            kept = await events.log(c, ev.id, ctx.now(), KEPT, msg.user_id, msg.text)  # until he says where
            offer = Button("btn.say_in_group", Action.SAY_IN_GROUP, ev.id, id_arg(kept))
            return Answer("card_reply.offer_group", values=(("id", ev.id),), buttons=(offer,))
        if reporter is None or not reporter.reachable:
            return Answer.of("card_reply.unreachable", id=ev.id)
        worker = await notify.display_name(ctx, c, msg.user_id)
        lang = await notify.user_language(ctx, c, ev.reporter_id)
        text = quotes.quoted(lang, "card_reply.to_reporter", msg.text, id=ev.id, worker=worker)
        said = await events.log(c, ev.id, ctx.now(), "worker_reply", msg.user_id)  # his words: in her chat only
        # who wrote them: he is told if they do not reach her; a group's message id names nothing in her private chat
        await _words_to(
            ctx, c, ev, ev.reporter_id, text, None if in_group else ev.message_id, meta=outbox.Meta(said=said)
        )
    return Answer.of("card_reply.relayed", id=ev.id)


async def say_in_group(
    ctx: AppContext, event_id: int, arg: str | None, user_id: int, chat_id: int, message_id: int
) -> Answer:
    """He pressed "📢 在群里回复她" under his answer: his words kept then go to her group, under her report, named as
    from the worker on it, and the button goes. Only he may press it, once (a second press posts nothing more)."""
    line_id = arg_id(arg)
    async with ctx.db.tx() as c:
        line = await events.logged_for(c, event_id, line_id) if line_id is not None else None
        ev = await events.get(c, event_id)
        if line is None or line.action != KEPT or ev is None or ev.chat_id > 0:
            return Answer("cb.unknown", True)
        if line.actor_id != user_id:
            return Answer("cb.not_yours", True)
        lang = await notify.report_language(ctx, c, ev)
        worker = await notify.display_name(ctx, c, user_id)
        text = quotes.quoted(lang, "card_reply.in_group", line.detail or "", id=ev.id, worker=worker)
        # pressed twice, by a slow phone: posted once, logged once
        if await _words_to(ctx, c, ev, ev.chat_id, text, ev.message_id, dedup_key=f"say_in_group:{line_id}"):
            await events.log(c, ev.id, ctx.now(), "worker_reply", user_id)
        await notify.edit_markup(ctx, c, chat_id, message_id, {"inline_keyboard": []}, ev.id)
    return Answer.of("card_reply.posted", id=ev.id)


async def _words_to(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, chat_id: int, text: str, reply_to: int | None, **kw: object
) -> int | None:
    """Queue the worker's words about the event to the chat (``kw``: the rest of ``notify.send``'s); the row's id, or
    None when a row of the same ``dedup_key`` was queued before."""
    purpose = Purpose.WORKER_REPLY
    return await notify.send(ctx, c, chat_id, text, purpose=purpose, event_id=ev.id, reply_to=reply_to, **kw)


async def _replied(c: aiosqlite.Connection, user_id: int, reply_to: int, event_id: int | None) -> Event | None:
    """The event of the bot's message ``reply_to`` in the person's private chat (or the one given), if his words
    there are for its reporter (``permissions.answers_reporter``)."""
    event_id = event_id or await notifications.event_of_message(c, user_id, reply_to)
    ev = await events.get(c, event_id) if event_id is not None else None
    return ev if ev is not None and permissions.answers_reporter(user_id, ev) else None


async def refused(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, unreachable: bool) -> None:
    """His words could not be delivered to her (403: she blocked the bot, unannounced): the worker who wrote them is
    told so, not left thinking she read them (whoever has the event now, for a row queued before its writer was
    kept)."""
    ev = await events.get(c, row.event_id) if row.event_id is not None else None
    if ev is None:
        return
    line = await events.logged(c, row.meta.said) if row.meta.said is not None else None
    writer = line.actor_id if line is not None else ev.assignee_id
    if writer is None:
        return
    if unreachable:
        await people.mark_unreachable(c, row.chat_id)
    lang = await notify.user_language(ctx, c, writer)
    text = t(lang, "card_reply.unreachable", id=ev.id)
    await notify.send(ctx, c, writer, text, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=f"refused:{row.id}")
