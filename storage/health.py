"""The few figures /healthz and the webhook watch read: counts and times only, no names or words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one


@dataclass(frozen=True, slots=True)
class Figures:
    """Messages waiting to be sent and since when, timers past their time, the newest update stored."""

    outbox_waiting: int
    oldest_waiting: datetime | None
    timers_overdue: int
    last_update: datetime | None


async def last_received(c: aiosqlite.Connection) -> datetime | None:
    """When the newest update was stored (by polling or the webhook), or None before any was: by the time it was
    stored, not its id (after a week without updates Telegram numbers them afresh, maybe lower)."""
    (newest,) = await one(c, "SELECT MAX(received_at) FROM inbox")
    return from_epoch(newest)


async def figures(c: aiosqlite.Connection, overdue_before: datetime) -> Figures:
    """The figures now; a timer counts as overdue when still pending though due before ``overdue_before``."""
    waiting, oldest = await one(c, "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'")
    overdue = await one(
        c, "SELECT COUNT(*) FROM timers WHERE status = 'pending' AND due_at < ?", (to_epoch(overdue_before),)
    )
    return Figures(waiting, from_epoch(oldest), overdue[0], await last_received(c))
