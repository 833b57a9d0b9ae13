"""/digest [2026-W47]: the weekly digest on demand, for the committee chat or an admin in private."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services import digest
from handlers.common import app_ctx, chat_lang, is_human, reply


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue a digest (the last complete week, or the week named) to this chat."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    refused = await digest.on_request(
        ctx, update.effective_user.id, update.effective_chat.id, context.args[0] if context.args else None, lang
    )
    if refused is not None:
        await reply(ctx, update, refused)
