"""The one wiring list of update handlers."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.callbacks import PATTERN
from handlers import callbacks, commands, console, digest, group, membership, points, private, rota


def register(app: Application) -> None:
    """Register every handler. Order matters within group 0: commands before the catch-all text handlers."""
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, membership.on_migration))
    app.add_handler(ChatMemberHandler(membership.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CallbackQueryHandler(callbacks.on_button, pattern=PATTERN))
    app.add_handler(CallbackQueryHandler(callbacks.on_button))  # anything else: refused with an answer
    app.add_handler(CommandHandler("start", private.on_start, filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("report", group.on_report_command))
    app.add_handler(CommandHandler("forget_me", private.on_forget_me, filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("help", commands.on_help))
    app.add_handler(CommandHandler("status", commands.on_status))
    app.add_handler(CommandHandler("my", commands.on_my))
    app.add_handler(CommandHandler("duty", commands.on_duty))
    app.add_handler(CommandHandler("onduty", commands.on_onduty))
    app.add_handler(CommandHandler("offduty", commands.on_offduty))
    app.add_handler(CommandHandler("invite", commands.on_invite))
    app.add_handler(CommandHandler("inbox", commands.on_inbox, filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("lang", commands.on_lang))
    app.add_handler(CommandHandler("cover", rota.on_cover))
    app.add_handler(CommandHandler("swap", rota.on_swap))
    app.add_handler(CommandHandler("rota", rota.on_rota))
    app.add_handler(CommandHandler("digest", digest.on_digest))
    app.add_handler(CommandHandler("points", points.on_points))
    app.add_handler(CommandHandler("console", console.on_console))
    app.add_handler(CommandHandler("skip", private.on_skip, filters.ChatType.PRIVATE))
    # Photos and pins replying to the bot's acknowledgement join that event; private photos may be a
    # worker's "after" photo. Both before the text handlers, which would read a caption as a new report.
    media = (filters.PHOTO | filters.LOCATION) & filters.REPLY & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(media & filters.ChatType.GROUPS, group.on_media_reply))
    private_photo = filters.PHOTO & filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private_photo, private.on_private_photo))
    # Resident text after the commands, so "/status 3" is never read as a report.
    text = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(text & filters.ChatType.GROUPS, group.on_group_message))
    edited = (filters.TEXT | filters.CAPTION) & filters.UpdateType.EDITED_MESSAGE & filters.ChatType.GROUPS
    app.add_handler(MessageHandler(edited, group.on_group_edit))
    app.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, private.on_private_text))
