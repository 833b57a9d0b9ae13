"""The one wiring list of update handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.asked import typed_command
from bot.core.callbacks import PATTERN
from bot.core.commands import COMMANDS, Command, Place
from handlers import callbacks, commands, console, digest, group, membership, points, private, rota
from handlers.common import REPLY, app_ctx

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]

# The callback of every command in bot.core.commands.COMMANDS (a test keeps the two in step).
HANDLERS: dict[str, Handler] = {
    "start": private.on_start,
    "help": commands.on_help,
    "report": group.on_report_command,
    "status": commands.on_status,
    "points": points.on_points,
    "whoami": commands.on_whoami,
    "forget_me": private.on_forget_me,
    "my": commands.on_my,
    "skip": private.on_skip,
    "onduty": commands.on_onduty,
    "offduty": commands.on_offduty,
    "duty": commands.on_duty,
    "rota": rota.on_rota,
    "cover": rota.on_cover,
    "swap": rota.on_swap,
    "shift": commands.on_shift,
    "console": console.on_console,
    "invite": commands.on_invite,
    "remove_worker": commands.on_remove_worker,
    "inbox": commands.on_inbox,
    "digest": digest.on_digest,
    "lang": commands.on_lang,
}


def _where_offered(command: Command, handler: Handler) -> Handler:
    """``handler``, answering "use it in private" in a residents' group when the command is not offered there
    (worker review: `/my` there posted an anonymous reporter's flat; `/shift` the file's lines with ids)."""
    if Place.GROUP in command.places:
        return handler

    async def offered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type != "private" and chat.id != app_ctx(context).committee_chat_id:
            await private.only_in_private(update, context, committee=Place.COMMITTEE in command.places)
            return
        await handler(update, context)

    return offered


class _Typed(filters.MessageFilter):
    """A command typed in full-width characters ("／ｈｅｌｐ", "／report …"), which Telegram takes for words."""

    def filter(self, message: Message) -> bool:
        return typed_command(message.text or "") is not None


async def on_typed_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A full-width command handled as the command typed half-width would be (set-up review: the chair's phone typed
    "／ｓｅｔｕｐ" and "／help", and she got silence)."""
    msg = update.effective_message
    found = typed_command(msg.text or "") if msg is not None else None
    if found is None or (found.addressed and found.addressed.lower() != app_ctx(context).bot_username.lower()):
        return
    command = next((c for c in COMMANDS if c.name == found.name), None)
    if command is None and msg.chat.type != "private" and msg.chat_id != app_ctx(context).committee_chat_id:
        await group.on_group_message(update, context)  # a residents' words, read as ever
        return
    if command is None:  # in a private chat or the committee chat: no such command, and where to look
        await private.on_unknown_command(update, context)
        return
    context.args = found.args
    in_group = msg.chat.type != "private" and _in_group(command)
    await (in_group or _where_offered(command, HANDLERS[command.name]))(update, context)


def _in_group(command: Command) -> Handler | None:
    """What a private-only command sent in a group gets: /start, where to press Start; one in /help, where it works
    (None: the command works in groups)."""
    if not command.private_only:
        return None
    if command.name == "start":
        return private.on_start_in_group
    return private.only_in_private if command.in_help else None


def register(app: Application) -> None:
    """Register every handler. Order matters within group 0: commands before the catch-all text handlers."""
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, membership.on_migration))
    app.add_handler(ChatMemberHandler(membership.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CallbackQueryHandler(callbacks.on_button, pattern=PATTERN))
    app.add_handler(CallbackQueryHandler(callbacks.on_button))  # anything else: refused with an answer
    for command in COMMANDS:  # the one table: /help and the menus are built from it too
        where = filters.ChatType.PRIVATE if command.private_only else None
        app.add_handler(CommandHandler(command.name, _where_offered(command, HANDLERS[command.name]), where))
        # in a group: said where it works; /start typed there (a worker told to "start the bot"), where to press
        # Start ("/start@bot", as Telegram sends it when the bot is added to a group by link, passes by)
        if (in_group := _in_group(command)) is not None:
            app.add_handler(CommandHandler(command.name, in_group, filters.ChatType.GROUPS))
    app.add_handler(MessageHandler(filters.TEXT & _Typed(name="TYPED") & filters.UpdateType.MESSAGE, on_typed_command))
    # Photos (images sent as files, videos) and pins replying to the bot's acknowledgement join that event; with
    # no words and no reply they join the sender's report of a moment ago (or their album's event); private photos
    # may be a worker's "after" photo. All before the text handlers, which would read a caption as a new report.
    # REPLY: a message merely posted in a forum topic is no reply (it carries the topic's opening message).
    pictures = filters.PHOTO | filters.Document.IMAGE | filters.VIDEO
    media = (pictures | filters.LOCATION) & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(media & REPLY & filters.ChatType.GROUPS, group.on_media_reply))
    loose = media & ~filters.CAPTION & ~REPLY & ~filters.VENUE & filters.ChatType.GROUPS
    app.add_handler(MessageHandler(loose, group.on_loose_media))
    private_photo = (pictures | (filters.LOCATION & ~filters.VENUE)) & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private_photo & filters.ChatType.PRIVATE, private.on_private_photo))
    # Resident text after the commands, so "/status 3" is never read as a report.
    text = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(text & filters.ChatType.GROUPS, group.on_group_message))
    edited = (filters.TEXT | filters.CAPTION) & filters.UpdateType.EDITED_MESSAGE
    app.add_handler(MessageHandler(edited & filters.ChatType.GROUPS, group.on_group_edit))
    app.add_handler(MessageHandler(edited & filters.ChatType.PRIVATE, private.on_private_edit))
    app.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, private.on_private_text))
    unknown = filters.COMMAND & filters.UpdateType.MESSAGE  # no handler above took it (groups: the committee's)
    app.add_handler(MessageHandler(unknown, private.on_unknown_command))
    # what the bot cannot read (voice, a photo with no words, a sticker...) gets a hint, never silence
    words = filters.TEXT | filters.CAPTION | filters.COMMAND | filters.StatusUpdate.ALL
    app.add_handler(
        MessageHandler(~words & filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, private.on_private_unreadable)
    )
    spoken = filters.VOICE | filters.VIDEO_NOTE  # a shared song (an audio file) is no one speaking to the bot
    app.add_handler(MessageHandler(spoken & filters.UpdateType.MESSAGE & filters.ChatType.GROUPS, group.on_unreadable))
