"""Shared validation for method handlers: chat access, text limits, reply markup."""

from __future__ import annotations

from typing import Any

from . import errors as E
from .errors import bad_request, forbidden
from .markup import render
from .params import Params
from .state import JSON, ChatState, State
from .webapp import check_web_app

MAX_TEXT = 4096  # counted in Unicode code points, as Telegram (tdlib utf8_length) does
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes of UTF-8
MAX_INLINE_BUTTONS = 100  # per keyboard; more gives "reply markup is too long"


def chat_for(s: State, p: Params, key: str = "chat_id", *, sending: bool = True) -> ChatState:
    """Resolve ``chat_id`` and enforce Telegram's access rules (known, migrated, kicked, blocked)."""
    ref = p.get(key)
    if ref is None or ref == "":
        raise bad_request(f"{key} is empty")
    chat = s.find_chat(ref)
    if chat is None or chat.id in s.unmet:
        raise bad_request(E.CHAT_NOT_FOUND)
    if chat.migrated_to is not None:
        raise bad_request(E.MIGRATED, {"migrate_to_chat_id": chat.migrated_to})
    if chat.type == "private":
        if sending and chat.id in s.blocked:
            raise forbidden(E.BLOCKED)
        if sending and chat.id not in s.started:
            raise forbidden(E.CANT_INITIATE)
    elif chat.bot_status == "kicked":
        raise E.kicked_from(chat.type)
    elif chat.bot_status == "left":
        raise E.not_member_of(chat.type)
    return chat


def may_send(chat: ChatState, right: str, what: str) -> None:
    """A bot without ``right`` (can_send_messages, can_send_photos, …) is refused as on Telegram: restricted
    itself, or a plain member of a group whose permissions no longer let members do it (admins may)."""
    if chat.bot_status == "restricted":
        allowed = chat.bot_rights.get(right, False)
    else:
        allowed = chat.bot_status != "member" or chat.permissions.get(right, True)
    if not allowed:
        raise bad_request(f"not enough rights to send {what} to the chat")


def text_of(
    p: Params, key: str, mode_key: str, entities_key: str, limit: int, users: dict[int, JSON] | None = None
) -> tuple[str, list[JSON]]:
    """Parse and length-check a text/caption parameter; returns (plain text, entities)."""
    raw = p.str(key)
    entities = p.obj(entities_key) if p.has(entities_key) else None
    text, ents = render(raw, p.str(mode_key) or None, entities)
    for ent in ents:  # Telegram fills a text mention with the whole user
        if ent.get("type") == "text_mention" and users and ent["user"]["id"] in users:
            ent["user"] = dict(users[ent["user"]["id"]])
    if key == "text" and not text.strip():
        raise bad_request(E.TEXT_EMPTY)
    if len(text) > limit:
        raise bad_request(E.TEXT_TOO_LONG if key == "text" else E.CAPTION_TOO_LONG)
    return text, ents


def reply_markup(p: Params, chat: ChatState | None = None) -> JSON | None:
    """Validate ``reply_markup``; return it if it is an inline keyboard (what messages echo back).

    With the chat known, a web_app button outside a private chat is refused as Telegram does.
    """
    markup = p.obj("reply_markup")
    if markup is None or not isinstance(markup, dict):
        return None
    if "inline_keyboard" not in markup:
        return None  # reply keyboards / remove / force_reply are not echoed in Message objects
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardMarkup must be an Array")
    for row in rows:
        for button in row:
            _check_button(button)
            if isinstance(button, dict) and "web_app" in button:
                check_web_app(button["web_app"], "inline keyboard button")
                if chat is not None and chat.type != "private":
                    raise bad_request("BUTTON_TYPE_INVALID")  # web_app buttons: private chats only
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    clean = [[dict(b) for b in row] for row in rows if row]
    return {"inline_keyboard": clean} if clean else None


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not data or len(data.encode()) > MAX_CALLBACK_DATA:
            raise bad_request(E.BUTTON_DATA_INVALID)
        return
    if "url" in button:
        url = str(button["url"])
        if not url.startswith(("http://", "https://", "tg://")):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
        return
    kinds = (
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "callback_game",
        "pay",
        "web_app",
        "copy_text",
    )
    if not any(k in button for k in kinds):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")


def reply_target(s: State, chat: ChatState, p: Params) -> JSON | None:
    """Resolve ``reply_parameters`` / ``reply_to_message_id`` into the replied-to message snapshot."""
    params = p.obj("reply_parameters") if p.has("reply_parameters") else None
    if params is None and p.has("reply_to_message_id"):
        params = {
            "message_id": p.int("reply_to_message_id"),
            "allow_sending_without_reply": p.bool("allow_sending_without_reply"),
        }
    if not params:
        return None
    target = chat.messages.get(int(params.get("message_id", 0)))
    if target is None:
        if params.get("allow_sending_without_reply"):
            return None
        raise bad_request(E.REPLY_NOT_FOUND)
    return s.reply_snapshot(target)


def message_for_edit(chat: ChatState, p: Params, s: State) -> JSON:
    """The bot message addressed by chat_id + message_id in an edit call."""
    if p.has("inline_message_id") and not p.has("chat_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    msg = chat.messages.get(p.int("message_id", missing="message identifier is not specified"))
    if msg is None:
        raise bad_request(E.EDIT_NOT_FOUND)
    if not s.is_bot_message(msg):
        raise bad_request("message can't be edited")
    return msg
