"""Use case: the committee is told of updates the bot could not handle, and sees (and retries) them."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.timeutil import from_epoch
from bot.render import messages
from bot.render.i18n import t
from bot.services import notify
from storage import inbox, outbox

log = logging.getLogger(__name__)
SHOWN = 10
TOLD_EVERY_S = 3600  # the committee hears of a failed update at most this often: a fault that fails them all floods
TOLD = "inbox_failed:"  # + the time told: the dedup key of such a note
_WITH_MESSAGE = ("message", "edited_message", "callback_query")


async def tell_failed(ctx: AppContext, c: aiosqlite.Connection, update: dict, now: datetime) -> None:
    """An update could not be handled (a fault in the bot): the committee is told where and when, with a link to
    the message where Telegram has one (never its words, nor who wrote in private), to read it and act on it by
    hand; at most once in TOLD_EVERY_S, the note saying /inbox lists the rest."""
    if await outbox.keyed_since(c, TOLD, now - timedelta(seconds=TOLD_EVERY_S)):  # the note said /inbox has the rest
        return
    # the update failed: any of its fields may be odd (a date that is no number), and none may fail this note
    kind = next((k for k in _WITH_MESSAGE if isinstance(update.get(k), dict)), None)
    message = _field(update[kind], "message") if kind == "callback_query" else update[kind] if kind else {}
    chat = _field(message, "chat")
    sent = message.get("date") if kind != "callback_query" else None  # a press: the card's date, not the press's
    at = messages.local_time(from_epoch(sent) if isinstance(sent, int) else now, ctx.community.tz)
    chat_id, message_id = chat.get("id"), message.get("message_id")
    if kind == "callback_query":
        key, said = "inbox.failed_press", {}
    elif not isinstance(chat_id, int):
        key, said = "inbox.failed_other", {}
    elif chat.get("type") == "private":
        key, said = "inbox.failed_private", {}
    else:
        key, said = "inbox.failed_group", {"group": str(chat.get("title") or chat_id)}
    link = messages.message_link(chat_id, message_id) if isinstance(message_id, int) and key.endswith("group") else None
    also = [("dm.link", {"link": link})] if link else []
    await notify.committee(
        ctx,
        c,
        key,
        dedup_key=f"{TOLD}{int(now.timestamp())}",
        also=[*also, ("inbox.failed_tail", {})],
        at=at,
        **said,
    )


def _field(part: dict, name: str) -> dict:
    """An object field of an update's part, or {} when it has none (or something else)."""
    value = part.get(name)
    return value if isinstance(value, dict) else {}


async def report(ctx: AppContext, user_id: int, args: list[str], lang: str) -> str:
    """/inbox: counts and the newest failures; /inbox retry: queue the failed ones again (admins only)."""
    if permissions.role(ctx.community, user_id) is not permissions.Role.ADMIN:
        return t(lang, "only.admin")
    if args[:1] == ["retry"]:
        async with ctx.db.tx() as c:
            n = await inbox.retry_failed(c)
        log.info("admin %s queued %s failed updates again", user_id, n)
        ctx.wake_inbox()
        return t(lang, "inbox.retried", n=n)
    async with ctx.db.read() as c:
        counts = await inbox.counts(c)
        failed = await inbox.failed(c, SHOWN)
    waiting = max(0, counts.get("pending", 0) - 1)  # this /inbox is a pending row itself while it is handled
    lines = [t(lang, "inbox.head", pending=waiting, failed=counts.get("failed", 0))]
    tz = ctx.community.tz
    for f in failed:
        when = from_epoch(f.received_at).astimezone(tz).strftime("%m-%d %H:%M") if f.received_at else ""
        lines.append(t(lang, "inbox.line", id=f.update_id, at=when, error=f.error[:120]))
    if failed:
        lines.append(t(lang, "inbox.hint"))
    return "\n".join(lines)
