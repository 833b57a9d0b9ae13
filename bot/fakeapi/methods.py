"""Synchronous Bot API method handlers: ``handler(state, params) -> result`` or raise ApiError.

Over 300 lines: one small handler per Bot API method the bot calls.

``getUpdates`` is asynchronous (long polling) and lives in :mod:`bot.fakeapi.server`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from . import errors as E
from .checks import (
    MAX_CAPTION,
    MAX_TEXT,
    chat_for,
    may_send,
    message_for_edit,
    reply_markup,
    reply_target,
    text_of,
)
from .errors import bad_request, forbidden
from .members import member_dict
from .params import Params, Upload
from .simulate import Simulator
from .state import DEFAULT_ALLOWED, JSON, ChatState, PollState
from .webapp import check_menu_button

Handler = Callable[[Simulator, Params], Any]
METHODS: dict[str, Handler] = {}

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under its Bot API method name."""

    def deco(fn: Handler) -> Handler:
        METHODS[name] = fn
        return fn

    return deco


def _out(msg: JSON) -> JSON:
    return copy.deepcopy(msg)


# -- bot / session -------------------------------------------------------------------------
@method("getMe")
def get_me(s: Simulator, p: Params) -> JSON:
    return {
        **s.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": s.can_read_all_group_messages,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("setWebhook")
def set_webhook(s: Simulator, p: Params) -> bool:
    url = p.str("url")
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    s.webhook_url = url
    s.webhook_secret = p.str("secret_token")
    s.webhook_max_connections = min(max(p.int("max_connections", 40), 1), 100)
    allowed = p.obj("allowed_updates") if p.has("allowed_updates") else None
    if isinstance(allowed, list):  # as on Telegram: kept for webhook deliveries and later getUpdates alike
        s.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED
    if p.bool("drop_pending_updates"):
        s.drop_pending()
    return True


@method("getWebhookInfo")
def get_webhook_info(s: Simulator, p: Params) -> JSON:
    info: JSON = {"url": s.webhook_url, "has_custom_certificate": False, "pending_update_count": len(s.pending())}
    if s.webhook_error is not None:  # as on Telegram: the last failure stays reported after deliveries work again
        info["last_error_date"], info["last_error_message"] = s.webhook_error
    if s.webhook_url:
        info["max_connections"] = s.webhook_max_connections
        info["allowed_updates"] = sorted(s.allowed_updates)
    return info


@method("deleteWebhook")
def delete_webhook(s: Simulator, p: Params) -> bool:
    s.webhook_url = ""
    if p.bool("drop_pending_updates"):
        s.drop_pending()
    return True


def _commands_key(p: Params) -> str:
    scope = p.obj("scope") if p.has("scope") else {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + p.str("language_code")


@method("setMyCommands")
def set_my_commands(s: Simulator, p: Params) -> bool:
    commands = p.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands is empty" if commands is None else "BOT_COMMANDS_TOO_MUCH")
    for cmd in commands:
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(cmd.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(cmd.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    scope = p.obj("scope") if p.has("scope") else {}
    if isinstance(scope, dict) and "chat_id" in scope:  # a chat scope: the chat must be one the bot knows
        chat = s.find_chat(scope["chat_id"])
        if chat is None or chat.id in s.unmet:
            raise bad_request(E.CHAT_NOT_FOUND)
    s.commands[_commands_key(p)] = [{"command": c["command"], "description": c["description"]} for c in commands]
    return True


@method("deleteMyCommands")
def delete_my_commands(s: Simulator, p: Params) -> bool:
    s.commands.pop(_commands_key(p), None)  # the scope then falls back to a wider one, as on Telegram
    return True


@method("setChatMenuButton")
def set_chat_menu_button(s: Simulator, p: Params) -> bool:
    chat_id = p.opt_int("chat_id")
    if chat_id is not None and s.find_chat(chat_id) is None:
        raise bad_request(E.CHAT_NOT_FOUND)
    s.menu_buttons[chat_id] = check_menu_button(p.obj("menu_button") if p.has("menu_button") else None)
    return True


# -- sending -------------------------------------------------------------------------------
def _send(s: Simulator, chat: ChatState, p: Params, fields: JSON) -> JSON:
    fields["reply_to_message"] = reply_target(s, chat, p)
    if (thread := p.opt_int("message_thread_id")) is None and fields["reply_to_message"]:
        thread = fields["reply_to_message"].get("message_thread_id")  # a reply goes to its message's topic
    if thread is not None:
        fields.update(message_thread_id=thread, is_topic_message=True)
    fields["reply_markup"] = reply_markup(p, chat)
    msg = s.store_message(chat, s.bot_user, fields)
    s.notify()
    return _out(msg)


@method("sendMessage")
def send_message(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p)
    may_send(chat, "can_send_messages", "text messages")
    text, entities = text_of(p, "text", "parse_mode", "entities", MAX_TEXT, s.users)
    return _send(s, chat, p, {"text": text, "entities": entities or None})


def _caption(p: Params) -> JSON:
    if not p.has("caption"):
        return {}
    caption, entities = text_of(p, "caption", "parse_mode", "caption_entities", MAX_CAPTION)
    return {"caption": caption or None, "caption_entities": entities or None}


def _store_file(s: Simulator, p: Params, key: str, prefix: str) -> tuple[str, Upload | None, int]:
    ref, upload = p.file(key)
    if upload is not None:
        file_id = s.new_id(prefix)
        s.files[file_id] = ({"file_name": upload.filename, "mime_type": upload.content_type, "type": key}, upload.data)
        return file_id, upload, len(upload.data)
    assert ref is not None
    if ref in s.files:
        sent_as = s.files[ref][0].get("type", key)
        if sent_as != key:  # a file id is sent again only as what it is (a document's id is no photo)
            raise bad_request(f"can't use file of type {sent_as.capitalize()} as {key.capitalize()}")
        return ref, None, len(s.files[ref][1])
    if ref.startswith(("http://", "https://")):
        file_id = s.new_id(prefix)
        s.files[file_id] = ({"file_name": ref.rsplit("/", 1)[-1], "url": ref}, b"")
        return file_id, None, 0
    raise bad_request("wrong file identifier/HTTP URL specified")


# what each file method sends, as Telegram describes it: (the rights it needs, its file ids' prefix)
_FILE_METHODS = {
    "photo": ("photos", "AgAC"),
    "document": ("documents", "BQAC"),
    "video": ("videos", "BAAC"),
    "voice": ("voice_notes", "AwAC"),
}


def _send_file(s: Simulator, p: Params, key: str) -> JSON:
    """sendPhoto, sendDocument, sendVideo, sendVoice: the file stored (or found by its id), the message as Telegram
    shows it."""
    chat = chat_for(s, p)
    rights, prefix = _FILE_METHODS[key]
    may_send(chat, f"can_send_{rights}", rights)
    fields = _caption(p)
    file_id, _, size = _store_file(s, p, key, prefix)
    own = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size}
    if key == "photo":  # the sizes Telegram makes; the smallest has an id of its own
        fields[key] = [{"file_id": f"{file_id}s", "file_unique_id": f"u{file_id}s", "width": 90, "height": 67}]
        fields[key].append({**own, "width": 1280, "height": 960})
        s.files.setdefault(f"{file_id}s", s.files[file_id])
    elif key == "document":
        meta = s.files[file_id][0]
        name, mime = meta.get("file_name") or "file", meta.get("mime_type") or "application/octet-stream"
        fields[key] = {**own, "file_name": name, "mime_type": mime}
    elif key == "voice":
        fields[key] = {**own, "duration": 1, "mime_type": "audio/ogg"}
    else:
        fields[key] = {**own, "width": 720, "height": 1280, "duration": 1}
    return _send(s, chat, p, fields)


for _kind in _FILE_METHODS:  # sendPhoto, sendDocument, sendVideo, sendVoice: one handler each
    method(f"send{_kind.capitalize()}")(partial(_send_file, key=_kind))


@method("getFile")
def get_file(s: Simulator, p: Params) -> JSON:
    file_id = p.str("file_id")
    if file_id not in s.files:
        raise bad_request("invalid file_id")
    meta, data = s.files[file_id]
    return {
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_size": len(data),
        "file_path": f"files/{file_id}",
    }


@method("sendPoll")
def send_poll(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p)
    may_send(chat, "can_send_polls", "polls")
    question = p.str("question")
    if not question.strip():
        raise bad_request("poll question must be non-empty")
    if len(question) > 300:
        raise bad_request("poll question length must not exceed 300")
    raw = p.obj("options") or []
    texts = [o if isinstance(o, str) else str(o.get("text", "")) for o in raw]
    if len(texts) < 2:
        raise bad_request("poll must have at least 2 option")
    if len(texts) > 12:
        raise bad_request("poll can't have more than 12 options")
    if any(not t.strip() or len(t) > 100 for t in texts):
        raise bad_request("poll options length must not exceed 100")
    kind = p.str("type") or "regular"
    poll: JSON = {
        "id": s.new_id("5"),
        "question": question,
        "options": [{"text": t, "voter_count": 0, "persistent_id": str(i)} for i, t in enumerate(texts)],
        "total_voter_count": 0,
        "is_closed": p.bool("is_closed"),
        "is_anonymous": p.bool("is_anonymous", True),
        "type": kind,
        "allows_multiple_answers": p.bool("allows_multiple_answers"),
        "allows_revoting": p.bool("allows_revoting", True),
        "members_only": p.bool("members_only"),
    }
    if kind == "quiz" and p.has("correct_option_id"):
        poll["correct_option_id"] = p.int("correct_option_id")
    msg = _send(s, chat, p, {"poll": poll})
    s.polls[poll["id"]] = PollState(copy.deepcopy(poll), chat.id, msg["message_id"])
    return msg


@method("stopPoll")
def stop_poll(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p)
    msg = chat.messages.get(p.int("message_id", missing="message identifier is not specified"))
    if msg is None or "poll" not in msg:
        raise bad_request("message with poll to stop not found")
    state = s.polls[msg["poll"]["id"]]
    if state.poll["is_closed"]:
        raise bad_request("poll has already been closed")
    state.poll["is_closed"] = True
    msg["poll"] = copy.deepcopy(state.poll)
    if p.has("reply_markup"):
        msg["reply_markup"] = reply_markup(p)
    s.notify()
    return copy.deepcopy(state.poll)


@method("sendChatAction")
def send_chat_action(s: Simulator, p: Params) -> bool:
    chat_for(s, p)
    if p.str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


# -- editing / deleting --------------------------------------------------------------------
def _apply_edit(s: Simulator, msg: JSON, changes: JSON) -> JSON:
    """Apply an edit unless it changes nothing (Telegram's "message is not modified")."""
    if all(msg.get(k) == v for k, v in changes.items()):
        raise bad_request(E.NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            msg.pop(key, None)
        else:
            msg[key] = value
    msg["edit_date"] = s.now()
    s.notify()
    return _out(msg)


@method("editMessageText")
def edit_message_text(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p)
    msg = message_for_edit(chat, p, s)
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    text, entities = text_of(p, "text", "parse_mode", "entities", MAX_TEXT, s.users)
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    return _apply_edit(s, msg, {"text": text, "entities": entities or None, "reply_markup": reply_markup(p, chat)})


@method("editMessageReplyMarkup")
def edit_message_reply_markup(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p)
    msg = message_for_edit(chat, p, s)
    return _apply_edit(s, msg, {"reply_markup": reply_markup(p, chat)})


DELETE_WITHIN_S = 48 * 3600


@method("deleteMessage")
def delete_message(s: Simulator, p: Params) -> bool:
    chat = chat_for(s, p, sending=False)
    message_id = p.int("message_id", missing="message identifier is not specified")
    msg = chat.messages.get(message_id)
    if msg is None:
        raise bad_request(E.DELETE_NOT_FOUND)
    own = s.is_bot_message(msg)
    if not own and chat.type != "private" and chat.bot_status != "administrator":
        raise bad_request(E.CANT_DELETE)
    if s.now() - msg["date"] >= DELETE_WITHIN_S:  # Telegram: only a message sent less than 48 hours ago
        raise bad_request(E.CANT_DELETE)
    s.deleted.append(chat.messages.pop(message_id))
    s.notify()
    return True


@method("answerCallbackQuery")
def answer_callback_query(s: Simulator, p: Params) -> bool:
    query_id = p.str("callback_query_id")
    entry = s.callback_queries.get(query_id)
    if entry is None or entry["answered"]:
        raise bad_request(E.QUERY_INVALID)
    if len(p.str("text")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    entry["answered"] = True
    s.callback_answers.append(
        {
            "callback_query_id": query_id,
            "text": p.get("text"),
            "show_alert": p.bool("show_alert"),
            "url": p.get("url"),
            "cache_time": p.get("cache_time"),
            "matched": entry["matched"],
            "data": entry["query"].get("data"),
            "user_id": entry["query"]["from"]["id"],
        }
    )
    s.notify()
    return True


# -- chats ---------------------------------------------------------------------------------
@method("getChat")
def get_chat(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p, sending=False)
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        True,
    )
    return {**chat.chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def _status(s: Simulator, chat: ChatState, user_id: int) -> str:
    if user_id == s.bot_id:
        return chat.bot_status
    if chat.type == "private":
        return "member" if user_id == chat.id else "left"
    return chat.members.get(user_id, "left")


@method("leaveChat")
def leave_chat(s: Simulator, p: Params) -> bool:
    chat = chat_for(s, p, sending=False)
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    if chat.bot_status in ("left", "kicked"):
        raise forbidden("bot is not a member of the supergroup chat")
    old, chat.bot_status = chat.bot_status, "left"
    s._my_chat_member(chat, s.bot_user, old, "left")  # Telegram tells the bot it left, from itself
    return True


@method("getChatMember")
def get_chat_member(s: Simulator, p: Params) -> JSON:
    chat = chat_for(s, p, sending=False)
    user_id = p.int("user_id")
    user = s.bot_user if user_id == s.bot_id else s.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    member = member_dict(user, _status(s, chat, user_id))
    if user_id == s.bot_id and chat.bot_status == "restricted":
        member.update(chat.bot_rights)
    return member
