"""Use case: staff's words written in the committee chat as a reply under the bot's note about one event ("我来处理",
"已经打电话给王师傅了，他说下午去") are kept on that event's record, as a helpdesk keeps a comment in a ticket's
thread (committee review: they were read by no one but the chat, and the event's timeline never showed who said they
would handle it). The bot answers once a while, so a discussion under a note is not answered line by line."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppContext
from bot.core import followup, permissions
from bot.core.purpose import Purpose
from bot.core.types import Incoming
from bot.render import messages
from bot.render.i18n import t
from bot.services import notify
from storage import events, outbox

TOLD_EVERY = timedelta(minutes=10)  # one "noted" answer per writer and event in this time; each note is kept


async def noted(ctx: AppContext, msg: Incoming, reply_to: int) -> bool:
    """Whether the words were kept as a note on the event of the note they reply to (False: not in the committee
    chat, not staff, no words, or a note about no single event: read as before)."""
    if msg.chat_id != ctx.committee_chat_id or not followup.has_words(msg.text):
        return False
    if not permissions.is_staff(permissions.role(ctx.community, msg.user_id)):
        return False
    async with ctx.db.tx() as c:
        event_id = await outbox.event_of_sent(c, msg.chat_id, reply_to)
        if event_id is None or await events.get(c, event_id) is None:
            return False
        await events.log(c, event_id, ctx.now(), "committee_note", msg.user_id, messages.preview(msg.text, 200))
        lang = await notify.group_language(ctx, c, msg.chat_id)
        bucket = int(ctx.now().timestamp() // TOLD_EVERY.total_seconds())
        await notify.reply(
            ctx,
            c,
            msg,
            t(lang, "committee.noted", id=event_id),
            purpose=Purpose.REPLY,
            dedup_key=f"committee_noted:{event_id}:{msg.user_id}:{bucket}",
        )
    return True
