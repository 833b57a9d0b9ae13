"""Telegram-shaped API errors raised by the fake Bot API's method handlers."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answered as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would send for this error."""
        out: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


def bad_request(what: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """400 ``Bad Request: <what>``."""
    return ApiError(400, f"Bad Request: {what}", parameters)


def forbidden(what: str) -> ApiError:
    """403 ``Forbidden: <what>``."""
    return ApiError(403, f"Forbidden: {what}")


# Exact descriptions used by Telegram (kept here so tests can import them).
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
CHAT_NOT_FOUND = "chat not found"
TEXT_EMPTY = "message text is empty"
TEXT_TOO_LONG = "message is too long"
CAPTION_TOO_LONG = "message caption is too long"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "message to edit not found"
DELETE_NOT_FOUND = "message to delete not found"
CANT_DELETE = "message can't be deleted"
REPLY_NOT_FOUND = "message to be replied not found"
CANT_INITIATE = "bot can't initiate conversation with a user"
BLOCKED = "bot was blocked by the user"
MIGRATED = "group chat was upgraded to a supergroup chat"
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)


def kicked_from(chat_type: str) -> ApiError:
    """403 for a chat the bot was removed from (``group`` vs ``supergroup`` wording as Telegram)."""
    kind = "group chat" if chat_type == "group" else f"{chat_type} chat"
    return forbidden(f"bot was kicked from the {kind}")


def not_member_of(chat_type: str) -> ApiError:
    """403 for a chat the bot left."""
    kind = "group chat" if chat_type == "group" else f"{chat_type} chat"
    return forbidden(f"bot is not a member of the {kind}")
