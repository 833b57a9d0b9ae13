"""Use case: a worker's words written as a reply under his private message about an event (its card, a reminder,
her note sent on to him) reach its reporter when she reported in private, where no group thread shows them; her
reply under them reaches him (``followups.told_privately``). In a group she reads the thread there: nothing is
sent on."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import followup, parser, permissions
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Urgency
from bot.render import quotes
from bot.render.i18n import normalize, t
from bot.services import notify
from bot.services.result import Answer
from storage import events, notifications, outbox, people
from storage.outbox import OutboxRow


async def worker_replied(ctx: AppContext, msg: Incoming, reply_to: int) -> Answer | None:
    """His words go to the event's reporter, named as from the worker on it (never her name to him: an anonymous
    report's writer is named to admins only); his answer says so. None when they are not for her (not the worker on
    it, a group's report, no words, or a danger of its own: read as any message, so a danger is never lost)."""
    if not followup.has_words(msg.text):
        return None
    async with ctx.db.read() as c:
        ev = await _replied(c, msg.user_id, reply_to)
    if ev is None:
        return None
    # read outside the write transaction (the parser needs no database), only for the worker on it
    words = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    if words.urgency is Urgency.RED and ev.urgency is not Urgency.RED:  # "5号楼着火了" under a leak's card
        return None
    async with ctx.db.tx() as c:
        ev = await _replied(c, msg.user_id, reply_to)  # as it is now
        if ev is None:
            return None
        reporter = await people.person(c, ev.reporter_id)
        if reporter is None or not reporter.reachable:
            return Answer.of("card_reply.unreachable", id=ev.id)
        worker = await notify.display_name(ctx, c, msg.user_id)
        lang = await notify.user_language(ctx, c, ev.reporter_id)
        text = quotes.quoted(lang, "card_reply.to_reporter", msg.text, id=ev.id, worker=worker)
        said = await events.log(c, ev.id, ctx.now(), "worker_reply", msg.user_id)  # his words: in her chat only
        await notify.send(
            ctx,
            c,
            ev.reporter_id,
            text,
            purpose=Purpose.WORKER_REPLY,
            event_id=ev.id,
            reply_to=ev.message_id,
            meta=outbox.Meta(said=said),  # who wrote them: he is told if they do not reach her
        )
    return Answer.of("card_reply.relayed", id=ev.id)


async def _replied(c: aiosqlite.Connection, user_id: int, reply_to: int) -> Event | None:
    """The event of the bot's message ``reply_to`` in the person's private chat, if his words there are for its
    reporter (``permissions.answers_reporter``)."""
    event_id = await notifications.event_of_message(c, user_id, reply_to)
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
