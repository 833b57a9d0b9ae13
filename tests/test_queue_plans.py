"""The queues' look-ups read indexes as small as the queues (migration 024): the outbox's and the timers' pending rows,
the events with a worker, a person's updates in the inbox. Each statement the storage function runs is planned over
a table of mostly finished rows, with no statistics (as the bot leaves the file) and with an operator's ANALYZE."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.core.escalation import TimerKind
from bot.core.types import Status
from storage import events, inbox, outbox, timers
from storage.database import Database

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
Call = Callable[[aiosqlite.Connection], Awaitable[object]]

CALLS: dict[str, tuple[Call, str]] = {  # the storage call, and the index its statements must read
    "outbox: how many are due": (lambda c: outbox.due_count(c, NOW.timestamp()), "outbox_due"),
    "outbox: the next retry time": (outbox.next_due, "outbox_due"),
    "outbox: waits clamped at a start": (lambda c: outbox.clamp_waits(c, 2_000_000_000), "outbox_due"),
    "timers: due before a time": (lambda c: timers.due_before(c, NOW), "timers_due"),
    "timers: claimed when due": (
        lambda c: timers.claim_due(c, [TimerKind.SURVEY], NOW, 50),
        "timers_due",
    ),
    "timers: pending of a kind": (lambda c: timers.pending(c, NOW, TimerKind.SURVEY), "timers_due"),
    "timers: whether a recurring one is pending": (lambda c: timers.has_pending(c, TimerKind.BRIEF), "timers_due"),
    "events: every event with a worker": (events.open_all, "events_with_worker"),
    "inbox: the groups a person wrote in": (lambda c: inbox.groups_seen(c, 7), "inbox_user"),
    "inbox: /forget_me's updates": (lambda c: inbox.forget_user(c, 7), "inbox_user"),
}


async def _fill(c: aiosqlite.Connection) -> None:
    """A year's shape in small: nearly every row finished, a few queued."""
    await c.executemany(
        "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, purpose, event_id, status)"
        " VALUES (0, ?, 'sendMessage', ?, '{}', 'ack', ?, ?)",
        [(i, -100 - i % 50, i % 300, "pending" if i % 100 == 0 else "sent") for i in range(3000)],
    )
    statuses = [Status.DISPATCHED if i % 100 == 0 else Status.CLOSED for i in range(3000)]
    await c.executemany(
        "INSERT INTO events (chat_id, message_id, reporter_id, text, category, urgency, status, created_at)"
        " VALUES (-100, ?, ?, 'x', 'other', 'green', ?, ?)",
        [(i, i % 500, str(s), i) for i, s in enumerate(statuses)],
    )
    await c.executemany(
        "INSERT INTO timers (event_id, kind, due_at, status, created_at) VALUES (?, ?, ?, ?, 0)",
        [(i % 300 + 1, "survey" if i % 2 else "remind", i, "pending" if i % 100 == 0 else "done") for i in range(3000)],
    )
    await c.executemany(
        "INSERT INTO inbox (update_id, received_at, lane, user_id, status) VALUES (?, ?, ?, ?, 'done')",
        [(i, i, -100 - i % 50, i % 500) for i in range(3000)],
    )


@pytest.mark.parametrize("analyzed", [False, True], ids=["no statistics", "analyzed"])
@pytest.mark.parametrize("what", list(CALLS))
async def test_queue_lookups_read_the_small_indexes(tmp_path: Path, what: str, analyzed: bool) -> None:
    call, index = CALLS[what]
    db = await Database.open(tmp_path / "linli.db")
    try:
        async with db.tx() as c:
            await _fill(c)
            if analyzed:
                await c.execute("ANALYZE")
        ran: list[str] = []
        async with db.tx() as c:
            await c.set_trace_callback(ran.append)
            await call(c)
            await c.set_trace_callback(None)
            statements = [s for s in ran if s.split()[0].upper() in ("SELECT", "UPDATE", "WITH", "DELETE")]
            assert statements, ran
            plans = [" | ".join(r[3] for r in await c.execute_fetchall("EXPLAIN QUERY PLAN " + s)) for s in statements]
    finally:
        await db.close()
    plan = " || ".join(plans)
    assert f"INDEX {index}" in plan, plan
    for table in ("outbox", "timers", "events", "inbox"):  # a scan of a table, or of an index of every row
        assert f"SCAN {table}" not in plan.replace(f"SCAN {table} USING INDEX {index}", ""), plan
