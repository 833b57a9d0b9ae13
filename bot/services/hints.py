"""Use case: something the bot cannot read (a voice message, a photo with no words) gets a hint, never silence;
in a group at most once a day per person (a photo: once a day per chat), so a busy chat is not answered at every
photo."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import parser
from bot.core.purpose import Purpose
from bot.core.types import Incoming, Urgency
from bot.render import messages
from bot.render.i18n import t
from bot.services import notify, reports
from storage import outbox, people, reporters

RECENT = timedelta(minutes=30)  # a voice message this soon after one's report is most likely about it


async def unreadable(ctx: AppContext, msg: Incoming, voice: bool) -> bool:
    """Tell the writer how to report in words; False when nothing was said (a group not bound, or told today).

    In private every message is answered, an album once. In a group a voice message is answered once a day per
    person; a photo with no words once a day per chat (the hint is read by the whole chat, and most photos shared
    without words are not reports: the party, the view), and not to someone told today already."""
    async with ctx.db.tx() as c:
        if msg.private:
            lang = await notify.language_of(ctx, c, msg)
            key = "private.voice" if voice else "private.photo_needs_caption" if msg.photo else "private.how_to_report"
            once = f"hint:{msg.chat_id}:album:{msg.album}" if msg.album else None
            sent = await notify.reply(ctx, c, msg, t(lang, key), purpose=Purpose.REPLY, dedup_key=once)
            return sent is not None
        if (day := await _bound_today(ctx, c, msg.chat_id)) is None:
            return False
        person = f"hint:{msg.chat_id}:{msg.user_id}:{day}"
        if not voice and await outbox.keyed_since(c, person, ctx.now() - timedelta(days=1)):
            return False
        lang = await notify.group_language(ctx, c, msg.chat_id)
        text = t(lang, "group.unreadable", name=msg.user_name)
        if voice:  # with a report of theirs open here: it is registered, and words under it add to it
            open_id = await reporters.latest_open(c, msg.chat_id, msg.user_id, ctx.now() - RECENT)
            key = "group.voice" if open_id is None else "group.voice_open"
            text = t(lang, key, name=msg.user_name, id=open_id)
        sent = await notify.reply(
            ctx,
            c,
            msg,
            text,
            purpose=Purpose.REPLY,
            dedup_key=person if voice else f"hint:{msg.chat_id}:photo:{day}",
        )
        return sent is not None


async def anonymous(ctx: AppContext, chat_id: int, message_id: int, text: str) -> bool:
    """A report posted by an anonymous admin (as the group): not taken, as no one can be asked or told; said
    once a day in the group, and a danger goes to the committee. False when it reads as no report."""
    parsed = parser.parse(text)
    if not parsed.is_report:
        return False
    async with ctx.db.tx() as c:
        if (day := await _bound_today(ctx, c, chat_id)) is None:
            return False
        lang = await notify.group_language(ctx, c, chat_id)
        await notify.send(
            ctx,
            c,
            chat_id,
            t(lang, "group.anonymous_admin"),
            purpose=Purpose.REPLY,
            reply_to=message_id,
            dedup_key=f"anon:{chat_id}:{day}",
        )
        if parsed.urgency is Urgency.RED:
            await notify.committee(
                ctx,
                c,
                "committee.anonymous_red",
                None,
                urgent=True,
                dedup_key=f"anon_red:{chat_id}:{message_id}",
                text=messages.preview(text, 200),
            )
    return True


async def _bound_today(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> str | None:
    """Today's date in the community (the hints' once-a-day key) for a group bound to a grid; None for any other."""
    if reports.bound_grid(ctx, chat_id, await people.chat(c, chat_id)) is None:
        return None
    return ctx.now().astimezone(ctx.community.tz).date().isoformat()
