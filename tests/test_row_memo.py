"""storage/memo.py: a chat or person row is read once per transaction, and read again after any
write to that table in the same transaction (never a stale row)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage import people, setup
from storage.database import Database

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
GROUP = -100777


async def test_rows_are_read_again_after_a_write_in_the_same_transaction(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "linli.db")
    statements: list[str] = []
    try:
        await db.conn.set_trace_callback(statements.append)
        async with db.tx() as c:
            assert await people.person(c, 5) is None
            await people.upsert_person(c, 5, "刘阿姨", None, "zh-Hans", NOW)
            assert (await people.person(c, 5)).name == "刘阿姨"
            await people.mark_started(c, 5)
            first = await people.person(c, 5)
            assert first.started and await people.person(c, 5) == first  # read from the memo (counted below)
            await people.mark_unreachable(c, 5)
            assert (await people.person(c, 5)).blocked
            await people.forget(c, 5)
            assert (await people.person(c, 5)).name is None

            waiting = (await setup.add_chat(c, GROUP, "3号楼群", NOW)).chat
            assert (await people.chat(c, GROUP)) is None
            assert await setup.bind(c, waiting.id, "G1", 9, NOW)
            assert (await people.chat(c, GROUP)).grid_id == "G1"
            await people.mark_started(c, 6)  # a write to people: the chat read stays remembered
            assert (await people.chat(c, GROUP)).grid_id == "G1"
        reads = [s for s in statements if s.startswith("SELECT user_id, name") and "FROM people" in s]
        assert len(reads) == 5  # six look-ups, one of them answered by the memo
        chat_reads = [s for s in statements if s.startswith("SELECT chat_id, grid_id") and "FROM chats" in s]
        assert len(chat_reads) == 2  # three look-ups: before and after the binding, then from the memo
        async with db.read() as c:  # a new read starts with an empty memo
            assert (await people.person(c, 5)).blocked
    finally:
        await db.close()
