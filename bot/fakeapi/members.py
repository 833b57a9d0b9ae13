"""Telegram-shaped ChatMember objects (PTB requires every flag of each status)."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]

_ADMIN_FLAGS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)
_RESTRICTED_FLAGS = (
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
    "can_react_to_messages",
)


def member_dict(user: JSON, status: str, *, can_be_edited: bool = False) -> JSON:
    """A ChatMember of ``status`` (creator, administrator, member, restricted, left, kicked)."""
    out: JSON = {"user": dict(user), "status": status}
    if status == "creator":
        out["is_anonymous"] = False
    elif status == "administrator":
        out.update({"can_be_edited": can_be_edited, "is_anonymous": False})
        out.update(dict.fromkeys(_ADMIN_FLAGS, True))
    elif status == "restricted":
        out.update({"is_member": True, "until_date": 0})
        out.update(dict.fromkeys(_RESTRICTED_FLAGS, False))
    elif status == "kicked":
        out["until_date"] = 0
    return out
