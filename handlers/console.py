"""/console: staff get a one-time sign-in link for the committee's console (and the Mini App button)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services import console_auth
from handlers.common import app_ctx, chat_lang, display, is_human, reply


async def on_console(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/console: the link and button for admins and workers, in a private chat."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    user = update.effective_user
    private = update.effective_chat is not None and update.effective_chat.type == "private"
    asker = console_auth.Asker(user.id, display(user), user.username, user.language_code)
    offer = await console_auth.offer(ctx, asker, private, lang)
    await reply(ctx, update, offer.text, offer.markup)
