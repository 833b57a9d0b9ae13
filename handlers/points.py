"""/points: one's own balance, or an admin's award / deduct / redeem."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services import points
from handlers.common import SERVICE_USER_IDS, app_ctx, chat_lang, display, is_human, reply


async def on_points(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/points [award|deduct|redeem <@user|id> <n> [note]] (the user may also be named by replying)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    user = update.effective_user
    args = list(context.args or [])
    if not args:
        brief = update.effective_chat.type != "private"
        await reply(ctx, update, await points.show(ctx, user.id, lang, brief))
        return
    target = None
    replied = update.effective_message.reply_to_message
    who = replied.from_user if replied else None
    if replied is not None and replied.forum_topic_created is not None:
        who = None  # in a forum topic every message "replies" to the topic's first message
    if who is not None and not who.is_bot and who.id not in SERVICE_USER_IDS:
        target = points.Target(who.id, display(who), who.username)
    await reply(ctx, update, await points.admin_change(ctx, user.id, args, target, lang))
