"""Small helpers every handler shares: the app context, who wrote, queued replies, and the one way a command
is read from its update (`command`)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, Message, MessageOriginUser, Update, User
from telegram.error import TelegramError
from telegram.ext import ContextTypes, filters

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Incoming
from bot.render.i18n import normalize, plain
from bot.render.messages import button, keyboard
from bot.services import notify
from bot.services.result import Answer

log = logging.getLogger(__name__)

# Telegram's placeholder user for anonymous group admins and for channel posts in linked groups.
ANONYMOUS_ADMIN_ID = 1087968824
SERVICE_USER_IDS = {ANONYMOUS_ADMIN_ID, 136817688, 777000}
MEMBER = frozenset({"member", "administrator", "creator", "owner"})


async def is_member(bot: Bot, chat_id: int, user_id: int) -> bool:
    """Whether Telegram says the person is a member of the chat (getChatMember). A failed answer (the bot out of
    the chat, Telegram down) is no membership."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.info("getChatMember %s in %s: %s", user_id, chat_id, exc)
        return False
    return member.status in MEMBER or bool(getattr(member, "is_member", False))


def app_ctx(context: ContextTypes.DEFAULT_TYPE) -> AppContext:
    """The running bot's AppContext."""
    return context.application.bot_data["ctx"]


def display(user: User) -> str:
    """A user's display name."""
    return user.full_name or (user.username or str(user.id))


def picture(msg: Message) -> tuple[str | None, str | None]:
    """The file id of a message's picture and how it came: a photo (its largest size; None), an image sent as a
    file ("document") or a video ("video"); (None, None) for a message with none."""
    if msg.photo:
        return msg.photo[-1].file_id, None
    if msg.document and (msg.document.mime_type or "").startswith("image/"):
        return msg.document.file_id, "document"
    if msg.video:
        return msg.video.file_id, "video"
    return None, None


class _Reply(filters.MessageFilter):
    """A reply to a message: in a forum topic every message carries the topic's opening message as
    reply_to_message, which is no reply (a photo posted in a topic is one posted in the chat)."""

    def filter(self, message: Message) -> bool:
        return replied(message) is not None


def replied(msg: Message) -> Message | None:
    """The message this one answers (None for one merely posted in a forum topic)."""
    target = msg.reply_to_message
    return None if target is None or target.forum_topic_created is not None else target


REPLY = _Reply(name="REPLY")


def incoming(msg: Message, text: str) -> Incoming:
    """The plain-data form of a Telegram message."""
    user = msg.from_user
    assert user is not None
    photo, sent_as = picture(msg)
    return Incoming(
        chat_id=msg.chat_id,
        message_id=msg.message_id,
        user_id=user.id,
        user_name=display(user),
        username=user.username,
        language_code=user.language_code,
        text=text,
        chat_title=msg.chat.title,
        private=msg.chat.type == "private",
        photo=photo,
        sent_as=sent_as,
        album=msg.media_group_id,
        forwarded=forwarded(msg),
        sent_at=msg.edit_date or msg.date,  # an edit's words were written when it was edited
    )


def forwarded(msg: Message) -> bool:
    """Someone else's words passed on: a channel's post, a neighbour's message (their name shown or hidden), a
    group's. A resident forwarding their own message is still their first-hand report."""
    origin = msg.forward_origin
    if origin is None:
        return False
    if isinstance(origin, MessageOriginUser) and msg.from_user is not None:
        return origin.sender_user.id != msg.from_user.id
    return True


def private_lang(ctx: AppContext, user: User | None) -> str:
    """The language to answer a user in private (their Telegram language)."""
    return normalize(user.language_code if user else None, ctx.language)


async def chat_lang(ctx: AppContext, update: Update) -> str:
    """The language for answering in this chat."""
    chat = update.effective_chat
    if chat is None or chat.type == "private":
        return private_lang(ctx, update.effective_user)
    async with ctx.db.read() as c:
        return await notify.group_language(ctx, c, chat.id)


def is_anonymous_admin(msg: Message) -> bool:
    """Sent by a group admin who posts anonymously, as the group itself, or by a resident posting as their own
    channel ("send as"): no person to name or to ask. A linked channel's post, copied into its discussion group by
    Telegram (an automatic forward), is neither."""
    chat = msg.sender_chat
    if chat is None or msg.is_automatic_forward:
        return False
    return chat.id == msg.chat_id or chat.type == "channel"


def is_human(update: Update) -> bool:
    """False for bots, channels posting in groups, Telegram's service accounts, and a bot's message forwarded
    (the bot's own "🚨 #1 …" forwarded to another group must not become a second, false alarm)."""
    msg = update.effective_message
    user = update.effective_user
    if user is None or user.is_bot or user.id in SERVICE_USER_IDS:
        return False
    origin = msg.forward_origin if msg is not None else None
    if isinstance(origin, MessageOriginUser) and origin.sender_user.is_bot:
        return False
    return not (msg is not None and msg.sender_chat is not None)


async def reply(
    ctx: AppContext, update: Update, text: str, markup: dict | None = None, purpose: Purpose = Purpose.REPLY
) -> None:
    """Answer the message in its chat, through the outbox (a list of a worker's events: ``Purpose.WORK_LIST``)."""
    msg = update.effective_message
    if msg is None:
        return
    async with ctx.db.tx() as c:
        await notify.send(ctx, c, msg.chat_id, text, purpose=purpose, reply_to=msg.message_id, markup=markup)


def answer_markup(lang: str, answer: Answer) -> dict | None:
    """The buttons an answer carries, labelled in `lang` (None: it carries none)."""
    found = [button(plain(lang, b.key, id=b.event_id), b.action, b.event_id, b.arg) for b in answer.buttons]
    return keyboard(found) if found else None


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
Said = str | tuple[str, dict | None] | None  # a reply's text, its text and buttons, or no reply


@dataclass(frozen=True, slots=True)
class Asked:
    """A human's command, read from its update: what its use case is given."""

    ctx: AppContext
    update: Update
    user: User
    chat_id: int
    private: bool
    args: list[str]
    lang: str  # the chat's language

    @property
    def user_id(self) -> int:
        """Who asked."""
        return self.user.id


def command(use_case: Callable[[Asked], Awaitable[Said]]) -> Handler:
    """The handler of a command: a human's update read into Asked, the use case called, what it said replied."""

    @functools.wraps(use_case)
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or not is_human(update):
            return
        ctx = app_ctx(context)
        lang = await chat_lang(ctx, update)
        said = await use_case(Asked(ctx, update, user, chat.id, chat.type == "private", list(context.args or []), lang))
        if said is not None:
            text, markup = (said, None) if isinstance(said, str) else said
            await reply(ctx, update, text, markup)

    return handler
