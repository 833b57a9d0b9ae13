"""/digest [2026-W47]: the weekly digest on demand, for the committee chat or an admin in private."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import weeks
from bot.render.i18n import t
from bot.services import digest
from handlers.common import app_ctx, chat_lang, is_human, reply


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue a digest (the last complete week, or the week named) to this chat."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    chat, user = update.effective_chat, update.effective_user
    in_committee = chat.id == ctx.community.community.committee_chat_id
    if not (in_committee or (chat.type == "private" and ctx.community.is_admin(user.id))):
        await reply(ctx, update, t(lang, "digest.refused"))
        return
    tz = ctx.community.tz
    try:
        week = weeks.parse_week(context.args[0], tz) if context.args else weeks.last_complete(ctx.now(), tz)
    except weeks.WeekError:
        await reply(ctx, update, t(lang, "digest.bad_week"))
        return
    await digest.send(ctx, week, chat.id, scheduled=False)
