"""Use case: the committee sees (and retries) updates the bot could not handle."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core import permissions
from bot.render.i18n import t
from storage import inbox

log = logging.getLogger(__name__)
SHOWN = 10


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
    from bot.core.timeutil import from_epoch

    for f in failed:
        when = from_epoch(f.received_at).astimezone(tz).strftime("%m-%d %H:%M") if f.received_at else ""
        lines.append(t(lang, "inbox.line", id=f.update_id, at=when, error=f.error[:120]))
    if failed:
        lines.append(t(lang, "inbox.hint"))
    return "\n".join(lines)
