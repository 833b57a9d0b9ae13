"""Test-side helpers: create users/groups and inject Telegram-shaped updates.

Over 300 lines: one helper per kind of update a test injects, all on the same simulated state.
"""

from __future__ import annotations

import copy
import re

from . import webapp
from .markup import detect_entities
from .members import member_dict
from .state import JSON, ChatState, State

# the files a user's message may carry, which the bot may send again by file_id (as what they are)
FILE_KINDS = ("animation", "video", "video_note", "voice", "audio", "sticker", "document")


class Simulator(State):
    """Simulation helpers; every helper returns the created object(s) as dicts."""

    # -- registry ------------------------------------------------------------------------
    def user(
        self,
        id: int,  # noqa: A002 - mirrors Telegram's field name
        first_name: str,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        is_bot: bool = False,
        last_name: str | None = None,
        met: bool = True,
    ) -> JSON:
        """Register a user (private chat id == user id). Returns the User dict.

        met=False: the bot has never seen them (no update from them yet), so a message to them gets Telegram's 400
        "chat not found", not the 403 of someone it knows who never started it; any update from them meets them.
        """
        user: JSON = {"id": id, "is_bot": is_bot, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        added = copy.deepcopy(self.add_user(user))
        if not met:
            self.unmet.add(id)
        return added

    def group(
        self,
        chat_id: int,
        title: str,
        type: str = "supergroup",  # noqa: A002
        *,
        username: str | None = None,
        bot_status: str = "member",
        members: dict[int, str] | None = None,
    ) -> JSON:
        """Register a group/supergroup the bot is in. Returns the Chat dict."""
        chat: JSON = {"id": chat_id, "type": type, "title": title}
        if username:
            chat["username"] = username
        if type == "supergroup":
            chat["is_forum"] = False
        state = self.chats.get(chat_id)
        if state is None:
            state = self.chats[chat_id] = ChatState(chat)
        state.chat, state.bot_status = chat, bot_status
        for uid, status in (members or {}).items():
            self.ensure_user(uid)
            state.members[uid] = status
        self.notify()
        return copy.deepcopy(chat)

    add_chat = group

    def set_member(self, chat_id: int, user_id: int, status: str) -> JSON:
        """Set a user's status in a chat (creator, administrator, member, restricted, left, kicked)."""
        chat = self.ensure_chat(chat_id)
        chat.members[user_id] = status
        return member_dict(self.ensure_user(user_id), status)

    def open_web_app(self, user_id: int, url: str, *, auth_date: int | None = None, token: str | None = None) -> str:
        """The user opens a Mini App (a web_app button or the menu button): the URL their Telegram client
        loads, with initData signed by the bot's token (``token`` signs with another bot's, for tests)."""
        user = {k: v for k, v in self.ensure_user(user_id).items() if k != "is_bot"}
        data = webapp.init_data(token or self.token, user, auth_date=auth_date)
        return webapp.launch_url(url, data)

    def web_app_buttons(self, chat_id: int) -> list[JSON]:
        """Every web_app button in the bot's messages to a chat, newest last."""
        chat = self.chats.get(chat_id)
        found = []
        for msg in chat.messages.values() if chat else []:
            for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []):
                found += [copy.deepcopy(b) for b in row if "web_app" in b]
        return found

    def user_starts_bot(self, user_id: int, *, send_start: bool = False, payload: str = "") -> JSON | None:
        """Mark the user as having started the bot; optionally inject the ``/start`` message."""
        self.ensure_user(user_id)
        if send_start:
            return self.send_message(user_id, user_id, f"/start {payload}".strip())
        self.started.add(user_id)
        self.blocked.discard(user_id)
        self.unmet.discard(user_id)  # pressing Start meets the bot: a private chat with it exists
        self.notify()
        return None

    def block_bot(self, user_id: int) -> JSON:
        """The user blocks the bot: later sends get 403; queues the my_chat_member update."""
        user = self.ensure_user(user_id)
        self.blocked.add(user_id)
        return self._my_chat_member(self.ensure_chat(user_id), user, "member", "kicked")

    # -- messages ------------------------------------------------------------------------
    def send_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None = None,
        reply_to_message_id: int | None = None,
        entities: list[JSON] | None = None,
        photo: bool = False,
        caption: str | None = None,
        forward_from: int | None = None,
        sender_chat: JSON | None = None,
        document: JSON | None = None,
        extra: JSON | None = None,
        topic: int | None = None,
    ) -> JSON:
        """A user posts a message; queues a ``message`` update (unless group privacy hides it).

        ``entities=None`` auto-detects bot_command/mention/url entities like Telegram.
        Any private message marks the user as started; a private ``/start`` also unblocks them.
        ``topic``: posted in that forum topic (``create_topic``): as on Telegram it has ``message_thread_id`` and
        ``is_topic_message``, and its ``reply_to_message`` is the topic's opening message unless it is a reply.
        """
        user = self.ensure_user(user_id)
        chat = self.ensure_chat(chat_id)
        if chat.type != "private":
            chat.members.setdefault(user_id, "member")
        fields: JSON = {}
        if text is not None:
            fields["text"] = text
            ents = detect_entities(text) if entities is None else entities
            if ents:
                fields["entities"] = ents
        if photo:
            fid = self.new_id("AgAC")
            # Telegram lets the bot send a received photo again by its file_id.
            meta = {"file_name": "photo", "mime_type": "image/jpeg", "type": "photo"}
            self.files[fid] = self.files[f"{fid}s"] = (meta, b"")
            fields["photo"] = [
                {"file_id": f"{fid}s", "file_unique_id": f"u{fid}s", "width": 90, "height": 67},
                {"file_id": fid, "file_unique_id": f"u{fid}", "width": 1280, "height": 960},
            ]
        if document is not None:
            fields["document"] = document
        if caption is not None:
            fields["caption"] = caption
            if entities is None and detect_entities(caption):
                fields["caption_entities"] = detect_entities(caption)
        if reply_to_message_id is not None:
            target = chat.messages.get(reply_to_message_id)
            if target is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat_id}")
            fields["reply_to_message"] = self.reply_snapshot(target)
        if topic is not None:
            fields["message_thread_id"], fields["is_topic_message"] = topic, True
            fields.setdefault("reply_to_message", self.reply_snapshot(chat.messages[topic]))
        if forward_from is not None:
            fields["forward_origin"] = {
                "type": "user",
                "sender_user": dict(self.ensure_user(forward_from)),
                "date": self.now(),
            }
        if sender_chat is not None:
            fields["sender_chat"] = sender_chat
        fields.update(extra or {})
        for kind in FILE_KINDS:  # Telegram lets the bot send a received file again by its file_id, as what it is
            if isinstance(fields.get(kind), dict) and fields[kind].get("file_id"):
                f = fields[kind]
                meta = {"file_name": f.get("file_name") or kind, "mime_type": f.get("mime_type"), "type": kind}
                self.files.setdefault(f["file_id"], (meta, b""))
        msg = self.store_message(chat, user, fields)
        if chat.type == "private" and user_id not in self.blocked:
            # On Telegram a user can only write to a bot after pressing Start.
            self.started.add(user_id)
        if chat.type == "private" and re.match(r"/start(\s|$)", text or ""):
            self.started.add(user_id)
            if user_id in self.blocked:
                self.blocked.discard(user_id)
                self._my_chat_member(chat, user, "kicked", "member")
        if self._delivers(chat, msg):
            self.queue_update("message", msg)
        return copy.deepcopy(msg)

    def create_topic(self, chat_id: int, user_id: int, name: str) -> int:
        """A user opens a forum topic in a supergroup (which becomes a forum): its opening service message
        (``forum_topic_created``) is queued; returns the topic's id, the message_thread_id of its messages."""
        user = self.ensure_user(user_id)
        chat = self.ensure_chat(chat_id)
        chat.chat["is_forum"] = True
        thread = chat.next_message_id
        fields = {"message_thread_id": thread, "is_topic_message": True}
        msg = self.store_message(chat, user, {**fields, "forum_topic_created": {"name": name, "icon_color": 7322096}})
        if self._delivers(chat, msg):
            self.queue_update("message", msg)
        return thread

    def _delivers(self, chat: ChatState, msg: JSON) -> bool:
        """Whether the bot receives this message (membership, privacy mode)."""
        if chat.type == "private":
            return msg["chat"]["id"] not in self.blocked
        if chat.bot_status in ("left", "kicked") or chat.migrated_to is not None:
            return False
        if self.can_read_all_group_messages or chat.bot_status == "administrator":
            return True
        text = msg.get("text", "") or msg.get("caption", "")
        me = str(self.bot_user["username"]).lower()
        cmd = re.match(r"/\w+(@(\w+))?", text)
        if cmd and (cmd.group(2) is None or cmd.group(2).lower() == me):
            return True
        reply = msg.get("reply_to_message")
        return bool(reply and self.is_bot_message(reply)) or f"@{me}" in text.lower()

    def delete_message(self, chat_id: int, message_id: int) -> JSON:
        """A group admin deletes a message (Telegram sends bots no update for it); later edits of it get 400."""
        msg = self.chats[chat_id].messages.pop(message_id)
        self.deleted.append(msg)
        return msg

    def edit_message(self, chat_id: int, message_id: int, new_text: str) -> JSON:
        """The user edits their message; queues an ``edited_message`` update."""
        chat = self.chats[chat_id]
        msg = chat.messages[message_id]
        field_name = "text" if "text" in msg else "caption"
        msg[field_name] = new_text
        ents = detect_entities(new_text)
        msg.pop("entities" if field_name == "text" else "caption_entities", None)
        if ents:
            msg["entities" if field_name == "text" else "caption_entities"] = ents
        msg["edit_date"] = self.now()
        if self._delivers(chat, msg):
            self.queue_update("edited_message", msg)
        return copy.deepcopy(msg)

    def buttons(self, chat_id: int, message_id: int) -> list[JSON]:
        """Flat list of the inline buttons currently on a message."""
        msg = self.chats[chat_id].messages.get(message_id, {})
        rows = msg.get("reply_markup", {}).get("inline_keyboard", [])
        return [dict(b) for row in rows for b in row]

    def press_button(self, user_id: int, chat_id: int, message_id: int, data: str) -> str:
        """The user presses an inline button (``data`` may be forged); returns the query id."""
        user = self.ensure_user(user_id)
        msg = self.chats[chat_id].messages.get(message_id)
        if msg is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        matched = any(b.get("callback_data") == data for b in self.buttons(chat_id, message_id))
        query_id = self.new_id("cb")
        query: JSON = {
            "id": query_id,
            "from": dict(user),
            "message": copy.deepcopy(msg),
            "chat_instance": f"ci{abs(chat_id)}",
            "data": data,
        }
        self.callback_queries[query_id] = {"query": query, "matched": matched, "answered": False}
        self.queue_update("callback_query", query)
        return query_id

    def press_button_text(self, user_id: int, chat_id: int, message_id: int, text: str) -> str:
        """Press the inline button whose label is ``text``."""
        for button in self.buttons(chat_id, message_id):
            if button.get("text") == text and "callback_data" in button:
                return self.press_button(user_id, chat_id, message_id, button["callback_data"])
        raise ValueError(f"no callback button labelled {text!r} on message {message_id}")

    def answer_poll(self, user_id: int, poll_id: str, option_ids: list[int]) -> JSON | None:
        """A user votes (empty list retracts). Queues ``poll_answer`` for non-anonymous polls only."""
        user = self.ensure_user(user_id)
        state = self.polls[poll_id]
        poll = state.poll
        if poll["is_closed"]:
            raise ValueError("poll is closed")
        for oid in state.votes.pop(user_id, []):
            poll["options"][oid]["voter_count"] -= 1
        if option_ids:
            state.votes[user_id] = list(option_ids)
            for oid in option_ids:
                poll["options"][oid]["voter_count"] += 1
        poll["total_voter_count"] = len(state.votes)
        msg = self.chats[state.chat_id].messages.get(state.message_id)
        if msg is not None:
            msg["poll"] = copy.deepcopy(poll)
        if poll["is_anonymous"]:
            self.notify()
            return None
        answer = {
            "poll_id": poll_id,
            "user": dict(user),
            "option_ids": list(option_ids),
            "option_persistent_ids": [poll["options"][o]["persistent_id"] for o in option_ids],
        }
        self.queue_update("poll_answer", answer)
        return answer

    # -- membership / lifecycle ----------------------------------------------------------
    def _my_chat_member(self, chat: ChatState, by: JSON, old: str, new: str, rights: JSON | None = None) -> JSON:
        payload = {
            "chat": dict(chat.chat),
            "from": dict(by),
            "date": self.now(),
            "old_chat_member": member_dict(self.bot_user, old),
            "new_chat_member": {**member_dict(self.bot_user, new), **(rights or {})},
        }
        self.queue_update("my_chat_member", payload)
        return payload

    def kick_bot(self, chat_id: int, by_user_id: int) -> JSON:
        """A user removes the bot from a group: queues my_chat_member; later sends get 403."""
        chat = self.ensure_chat(chat_id)
        old, chat.bot_status = chat.bot_status, "kicked"
        return self._my_chat_member(chat, self.ensure_user(by_user_id), old, "kicked")

    def restrict_bot(self, chat_id: int, by_user_id: int, **rights: bool) -> JSON:
        """A user (or an anti-spam bot) restricts the bot in a group: every can_send_* right not given as True is
        taken (``can_send_messages=True`` leaves it writing text); queues my_chat_member. Sends it may no longer
        make get 400 "not enough rights to send … to the chat"."""
        chat = self.ensure_chat(chat_id)
        old, chat.bot_status, chat.bot_rights = chat.bot_status, "restricted", dict(rights)
        return self._my_chat_member(chat, self.ensure_user(by_user_id), old, "restricted", rights)

    def set_permissions(self, chat_id: int, **rights: bool) -> None:
        """An admin changes what members of a group may do (``can_send_messages=False``: only admins write).
        Telegram sends the bot no update for it; a bot that is a plain member then gets 400 "not enough rights"."""
        chat = self.ensure_chat(chat_id)
        chat.permissions.update(rights)
        self.notify()

    def add_bot(self, chat_id: int, by_user_id: int, *, admin: bool = False) -> JSON:
        """A user adds the bot to a group (creating it if unknown): queues my_chat_member."""
        chat = self.ensure_chat(chat_id)
        old = chat.bot_status if chat.bot_status in ("left", "kicked") else "left"
        chat.bot_status, chat.bot_rights = "administrator" if admin else "member", {}
        chat.members.setdefault(by_user_id, "member")
        return self._my_chat_member(chat, self.ensure_user(by_user_id), old, chat.bot_status)

    def migrate_group(self, old_chat_id: int, new_chat_id: int, by_user_id: int | None = None) -> list[JSON]:
        """Upgrade a group to a supergroup; queues the two service messages Telegram sends."""
        old = self.ensure_chat(old_chat_id)
        new = self.chats.get(new_chat_id) or ChatState(
            {"id": new_chat_id, "type": "supergroup", "title": old.chat.get("title", ""), "is_forum": False}
        )
        self.chats[new_chat_id] = new
        new.members.update(old.members)
        new.bot_status, new.bot_rights, new.permissions = old.bot_status, dict(old.bot_rights), dict(old.permissions)
        sender = self.ensure_user(by_user_id) if by_user_id is not None else None
        first = self.store_message(old, sender, {"migrate_to_chat_id": new_chat_id})
        second = self.store_message(new, sender, {"migrate_from_chat_id": old_chat_id})
        deliver = old.bot_status not in ("left", "kicked")
        old.migrated_to = new_chat_id
        if deliver:
            self.queue_update("message", first)
            self.queue_update("message", second)
        return [copy.deepcopy(first), copy.deepcopy(second)]
