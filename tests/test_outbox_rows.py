"""The outbox's contract: a Purpose per row, bookkeeping in its own column, old rows still readable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.core.purpose import Purpose
from storage import outbox
from storage.database import Database

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_bookkeeping_is_not_in_the_payload(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.db")
    try:
        async with db.tx() as c:
            await outbox.enqueue(
                c,
                method="editMessageText",
                chat_id=5,
                payload={"chat_id": 5, "text": "x"},
                now=NOW,
                purpose=Purpose.EDIT_DM,
                event_id=1,
                meta=outbox.Meta(ref="dm"),
            )
            async with c.execute("SELECT payload, meta FROM outbox") as cur:
                payload, meta = await cur.fetchone()
            (row,) = await outbox.pending(c)
    finally:
        await db.close()
    assert json.loads(payload) == {"chat_id": 5, "text": "x"} and json.loads(meta) == {"ref": "dm"}
    assert (
        row.purpose is Purpose.EDIT_DM
        and row.meta == outbox.Meta(ref="dm")
        and row.payload == {"chat_id": 5, "text": "x"}
    )


async def test_a_row_queued_before_the_meta_column_is_read_as_before(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.db")
    old = {"chat_id": -7, "_ref": "ack", "_survey": 3, "text": "y"}
    try:
        async with db.tx() as c:
            await c.execute(
                "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, purpose, event_id)"
                " VALUES (0, 0, 'editMessageText', -7, ?, 'edit_ack', 2)",
                (json.dumps(old),),
            )
            (row,) = await outbox.pending(c)
    finally:
        await db.close()
    assert row.meta == outbox.Meta(ref="ack", survey=3) and row.payload == {"chat_id": -7, "text": "y"}
    assert row.purpose is Purpose.EDIT_ACK


async def test_a_commit_that_queued_wakes_the_sender_and_only_then(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.db")
    woken: list[str] = []
    db.on_commit("outbox", lambda: woken.append("outbox"))
    db.on_commit("timers", lambda: woken.append("timers"))
    try:
        async with db.tx() as c:
            await outbox.enqueue(c, method="sendMessage", chat_id=5, payload={"chat_id": 5}, now=NOW)
            assert woken == []  # not before the commit
        assert woken == ["outbox"]
        async with db.tx() as c:
            await c.execute("UPDATE outbox SET attempts = 1")
        assert woken == ["outbox"]  # nothing queued: nobody woken
        try:
            async with db.tx() as c:
                await outbox.enqueue(c, method="sendMessage", chat_id=5, payload={"chat_id": 5}, now=NOW)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert woken == ["outbox"]  # rolled back: nothing to send
    finally:
        await db.close()


async def test_a_row_of_a_purpose_this_code_does_not_know_stops_nothing(tmp_path: Path) -> None:
    """Found in the last diff review: a row queued by another version with a purpose since removed (a reaction)
    made every read of the queue raise, and the sender sent nothing more, red alerts included."""
    db = await Database.open(tmp_path / "o.db")
    try:
        async with db.tx() as c:
            await c.execute(
                "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, purpose, priority)"
                " VALUES (0, 0, 'setMessageReaction', -7, '{\"chat_id\": -7}', 'reaction', -1)"
            )
            await outbox.enqueue(
                c, method="sendMessage", chat_id=-7, payload={"chat_id": -7, "text": "x"}, now=NOW, purpose=Purpose.ACK
            )
            rows = await outbox.lane_rows(c, [(-7, 10)])
    finally:
        await db.close()
    assert [r.purpose for r in rows] == [Purpose.ACK, None]
