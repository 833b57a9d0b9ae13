"""The outbox grows with every message: the look-ups beside its queue use an index, never a scan of the table
(found by a scale review: at 336,000 rows a neighbour's reply held the write lock 0.6-1 s, and draining a
backlog of edits was quadratic)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.purpose import Purpose
from storage.database import Database

LOOKUPS = {
    "the event of a delivered message replied to": (
        "SELECT event_id FROM outbox WHERE chat_id = ? AND result_message_id = ? AND purpose = ? AND status = 'sent'"
        " AND event_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (-100, 5, Purpose.SURVEY.value),
        ("outbox_sent_message",),
    ),
    "whether this database sent a message pressed (a button without its tag)": (
        "SELECT 1 FROM outbox WHERE chat_id = ? AND result_message_id = ? AND status = 'sent' LIMIT 1",
        (-100, 5),
        ("outbox_sent_message",),
    ),
    "a later queued edit of the same message": (
        "SELECT 1 FROM outbox WHERE status = 'pending' AND id > ? AND chat_id = ? AND method = 'editMessageText'"
        " AND purpose IS ? AND event_id IS ? AND json_extract(payload, '$.message_id') IS ? AND meta IS ? LIMIT 1",
        (10, -100, "edit_ack", 3, 7, None),
        ("outbox_pending_chat", "outbox_event"),
    ),
    "who still waits for a DM about an event": (
        "SELECT chat_id FROM outbox WHERE event_id = ? AND purpose = ? AND status = 'pending' ORDER BY id",
        (3, Purpose.WORKER_DM.value),
        ("outbox_event",),
    ),
}


@pytest.mark.parametrize("what", list(LOOKUPS))
async def test_outbox_lookups_use_an_index(tmp_path: Path, what: str) -> None:
    sql, args, indexes = LOOKUPS[what]
    db = await Database.open(tmp_path / "linli.db")
    try:
        async with db.tx() as c:  # some rows and the statistics an operator's ANALYZE would leave
            await c.executemany(
                "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, purpose, event_id, status,"
                " result_message_id) VALUES (0, 0, 'sendMessage', ?, '{}', 'ack', ?, ?, ?)",
                [(-100 - i % 50, i % 300, "sent" if i % 10 else "pending", i) for i in range(3000)],
            )
            await c.execute("ANALYZE")
        async with db.read() as c:
            plan = " ".join(str(tuple(r)) for r in await c.execute_fetchall("EXPLAIN QUERY PLAN " + sql, args))
    finally:
        await db.close()
    assert any(f"USING INDEX {i}" in plan for i in indexes) and "SCAN outbox" not in plan, plan
