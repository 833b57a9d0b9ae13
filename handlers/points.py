"""/points: one's own balance, or an admin's award / deduct / redeem."""

from __future__ import annotations

from bot.services import points
from handlers.common import SERVICE_USER_IDS, Asked, command, display


@command
async def on_points(a: Asked) -> str:
    """/points [award|deduct|redeem <@user|id> <n> [note]] (the user may also be named by replying)."""
    if not a.args:
        return await points.show(a.ctx, a.user_id, a.lang, not a.private)
    target = None
    replied = a.update.effective_message.reply_to_message
    who = replied.from_user if replied else None
    if replied is not None and replied.forum_topic_created is not None:
        who = None  # in a forum topic every message "replies" to the topic's first message
    if who is not None and not who.is_bot and who.id not in SERVICE_USER_IDS:
        target = points.Target(who.id, display(who), who.username)
    return await points.admin_change(a.ctx, a.user_id, a.args, target, a.lang)
