"""The bot added to or removed from chats, and groups upgraded to supergroups."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot.services import membership
from handlers.common import app_ctx

log = logging.getLogger(__name__)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's own membership changed in a chat."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    if chat.type == "private":
        await membership.private_status(app_ctx(context), chat.id, change.new_chat_member.status != ChatMember.BANNED)
        return
    new = change.new_chat_member
    # restricted (as anti-spam bots do to every newcomer) is still in the group, maybe unable to write there
    restricted = new.status == ChatMember.RESTRICTED
    present = new.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER) or (
        restricted and bool(getattr(new, "is_member", False))
    )
    may_write = not restricted or bool(getattr(new, "can_send_messages", False))
    admin = new.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER)  # reads every message, privacy mode or not
    await membership.group_presence(
        app_ctx(context), chat.id, chat.title, present, may_write, update.update_id, admin, context.bot.get_me
    )


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its binding and events follow the new chat id."""
    msg = update.effective_message
    if msg is None:
        return
    if msg.migrate_to_chat_id:
        await membership.migrated(app_ctx(context), msg.chat_id, msg.migrate_to_chat_id)
    elif msg.migrate_from_chat_id:
        await membership.migrated(app_ctx(context), msg.migrate_from_chat_id, msg.chat_id)
