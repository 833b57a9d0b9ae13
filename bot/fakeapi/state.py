"""In-memory world of the fake Bot API: users, chats, messages, polls and the update queue."""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JSON = dict[str, Any]

# Update types Telegram delivers when allowed_updates was never specified.
DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction_count",
        "purchased_paid_media",
        "chat_boost",
        "removed_chat_boost",
    }
)


@dataclass
class ChatState:
    """One chat as the fake knows it."""

    chat: JSON
    messages: dict[int, JSON] = field(default_factory=dict)
    next_message_id: int = 1
    bot_status: str = "member"  # member | administrator | restricted | left | kicked
    bot_rights: dict[str, bool] = field(default_factory=dict)  # a restricted bot's can_send_* flags
    permissions: dict[str, bool] = field(default_factory=dict)  # what members may do (a flag not set: allowed)
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    migrated_to: int | None = None
    pinned: list[int] = field(default_factory=list)

    @property
    def id(self) -> int:
        """Chat id."""
        return int(self.chat["id"])

    @property
    def type(self) -> str:
        """private | group | supergroup | channel."""
        return str(self.chat["type"])


@dataclass
class PollState:
    """A poll sent by the bot."""

    poll: JSON
    chat_id: int
    message_id: int
    votes: dict[int, list[int]] = field(default_factory=dict)  # user id -> option ids


class State:
    """Everything the fake server remembers; no I/O here."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_id: int | None,
        bot_first_name: str,
        can_read_all_group_messages: bool,
    ) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = bot_id if bot_id is not None else (int(prefix) if prefix.isdigit() else 1)
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.can_read_all_group_messages = can_read_all_group_messages
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, ChatState] = {}
        self.started: set[int] = set()
        self.unmet: set[int] = set()  # users the bot has never seen: a private chat with them is "chat not found"
        self.blocked: set[int] = set()
        self.polls: dict[str, PollState] = {}
        self.callback_queries: dict[str, JSON] = {}
        self.callback_answers: list[JSON] = []
        self.files: dict[str, tuple[JSON, bytes]] = {}  # file_id -> (File-ish meta, bytes)
        self.commands: dict[str, list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.webhook_url = ""
        self.webhook_secret = ""  # setWebhook's secret_token, sent back in every webhook POST
        self.webhook_max_connections = 40  # setWebhook's max_connections: POSTs in flight at once
        self.webhook_error: tuple[int, str] | None = None  # the last failed POST: (unix time, Telegram's words)
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED
        self.deleted: list[JSON] = []
        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._clock: Callable[[], datetime] | None = None

    # -- change notification -------------------------------------------------------------
    def notify(self) -> None:
        """Wake everybody waiting for a change (long polls, wait_for)."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_changed(self, timeout: float) -> None:
        """Sleep until the next :meth:`notify` or ``timeout``."""
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass

    # -- ids and timestamps --------------------------------------------------------------
    def now(self) -> int:
        """Unix time as Telegram sends it: the real clock, or the one set by ``follow_clock``."""
        return int(self._clock().timestamp()) if self._clock is not None else int(time.time())

    def follow_clock(self, clock: Callable[[], datetime] | None) -> None:
        """Date messages by this clock (a test's bot's, so "when she sent it" and the bot's time agree); None: the
        real one."""
        self._clock = clock

    def new_id(self, prefix: str = "") -> str:
        """Opaque unique string id (file ids, poll ids, callback query ids)."""
        return f"{prefix}{next(self._ids):06d}{self.bot_id % 10000:04d}"

    # -- registry ------------------------------------------------------------------------
    def add_user(self, user: JSON) -> JSON:
        """Register (or replace) a user and their private chat."""
        self.users[int(user["id"])] = user
        private = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if user.get(key):
                private[key] = user[key]
        if user["id"] in self.chats:
            self.chats[user["id"]].chat = private
        else:
            self.chats[user["id"]] = ChatState(private, members={user["id"]: "member"})
        return user

    def ensure_user(self, user_id: int) -> JSON:
        """The user dict, auto-registering an anonymous test user if unknown; the bot has now seen them."""
        self.unmet.discard(user_id)
        if user_id not in self.users:
            self.add_user({"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "zh-hans"})
        return self.users[user_id]

    def ensure_chat(self, chat_id: int) -> ChatState:
        """The chat, auto-creating a private chat (positive id) or a supergroup (negative id)."""
        if chat_id not in self.chats:
            if chat_id > 0:
                self.ensure_user(chat_id)
            else:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                self.chats[chat_id] = ChatState({"id": chat_id, "type": kind, "title": f"Group {chat_id}"})
        return self.chats[chat_id]

    def find_chat(self, ref: int | str) -> ChatState | None:
        """Look a chat up by id or ``@username``."""
        if isinstance(ref, str):
            if ref.startswith("@"):
                for chat in self.chats.values():
                    if chat.chat.get("username", "").lower() == ref[1:].lower():
                        return chat
                return None
            try:
                ref = int(ref)
            except ValueError:
                return None
        return self.chats.get(ref)

    # -- messages ------------------------------------------------------------------------
    def store_message(self, chat: ChatState, sender: JSON | None, fields: JSON) -> JSON:
        """Allocate the chat's next message id and store a message."""
        msg: JSON = {"message_id": chat.next_message_id, "date": self.now(), "chat": dict(chat.chat)}
        chat.next_message_id += 1
        if sender is not None:
            msg["from"] = dict(sender)
        msg.update({k: v for k, v in fields.items() if v is not None})
        chat.messages[msg["message_id"]] = msg
        return msg

    @staticmethod
    def reply_snapshot(msg: JSON) -> JSON:
        """A message as embedded in ``reply_to_message`` (no nested reply)."""
        snap = copy.deepcopy(msg)
        snap.pop("reply_to_message", None)
        return snap

    def is_bot_message(self, msg: JSON) -> bool:
        """Whether the bot sent it."""
        return msg.get("from", {}).get("id") == self.bot_id

    # -- update queue --------------------------------------------------------------------
    def queue_update(self, kind: str, payload: JSON) -> JSON:
        """Append a Telegram update ``{"update_id": n, kind: payload}`` and wake pollers."""
        update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
        self._next_update_id += 1
        self._updates.append(update)
        self.notify()
        return update

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset`` (negative: keep only the last ``-offset``)."""
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def pending(self) -> list[JSON]:
        """Updates not yet confirmed, filtered by the current allowed_updates."""
        self._updates = [u for u in self._updates if self._update_kind(u) in self.allowed_updates]
        return list(self._updates)

    @staticmethod
    def _update_kind(update: JSON) -> str:
        return next(k for k in update if k != "update_id")

    def forget_update(self, update_id: int) -> None:
        """A webhook answered 2xx for it: Telegram does not send it again."""
        self._updates = [u for u in self._updates if u["update_id"] != update_id]

    def drop_pending(self) -> None:
        """``drop_pending_updates``: forget everything queued."""
        self._updates.clear()
