"""Another copy of the bot polling with the same token: this copy stops, and the committee is told so."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppContext
from bot.services import notify
from storage import outbox

KEY = "ops:second_copy:"
# a supervisor that starts the stopped copy again and again (Docker's "unless-stopped") must not repeat the note
AGAIN_AFTER = timedelta(days=1)


async def tell_stopped(ctx: AppContext) -> int | None:
    """Queue the committee's note that this copy stops because another runs; the outbox row to wait for (None:
    the committee heard it within AGAIN_AFTER and nothing was queued)."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        if await outbox.keyed_since(c, KEY, now - AGAIN_AFTER):
            return None
        key = f"{KEY}{int(now.timestamp())}"
        await notify.committee(ctx, c, "ops.second_copy", dedup_key=key, urgent=True)
        row = await outbox.keyed(c, key)
    return row.id if row else None
