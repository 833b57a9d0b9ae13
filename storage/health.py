"""The few figures /healthz and the webhook watch read: counts and times only, no names or words."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch
from storage.rows import one


async def last_received(c: aiosqlite.Connection) -> datetime | None:
    """When the newest update was stored (by polling or the webhook), or None before any was."""
    row = await one(c, "SELECT received_at FROM inbox ORDER BY update_id DESC LIMIT 1")
    return from_epoch(row[0]) if row else None
