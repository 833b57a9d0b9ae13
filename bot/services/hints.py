"""Use case: something the bot cannot read (a voice message, a photo with no words) gets a hint, never silence;
in a group at most once a day per person, so a busy chat is not answered at every photo."""

from __future__ import annotations

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Incoming
from bot.render.i18n import t
from bot.services import notify, reports
from storage import people


async def unreadable(ctx: AppContext, msg: Incoming, voice: bool) -> bool:
    """Tell the writer how to report in words; False when nothing was said (a group not bound, or told today)."""
    async with ctx.db.tx() as c:
        if msg.private:
            lang = await notify.language_of(ctx, c, msg)
            key = "private.voice" if voice else "private.how_to_report"
            await notify.reply(ctx, c, msg, t(lang, key), purpose=Purpose.REPLY)
            return True
        chat = await people.chat(c, msg.chat_id)
        if reports.bound_grid(ctx, msg.chat_id, chat) is None:
            return False
        lang = await notify.group_language(ctx, c, msg.chat_id)
        day = ctx.now().astimezone(ctx.community.tz).date().isoformat()
        sent = await notify.reply(
            ctx,
            c,
            msg,
            t(lang, "group.unreadable", name=msg.user_name),
            purpose=Purpose.REPLY,
            dedup_key=f"hint:{msg.chat_id}:{msg.user_id}:{day}",
        )
        return sent is not None
