"""storage/memo.py: a chat or person row, or an event's worker DMs, are read once per transaction, and read
again after any write to that table in the same transaction (never a stale row)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import incoming

from bot.core.types import ParsedReport
from storage import events, notifications, people, setup
from storage.database import Database

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
GROUP = -100777


@pytest.fixture
async def traced(tmp_path: Path) -> AsyncIterator[tuple[Database, list[str]]]:
    """A database whose every statement is written down, in order."""
    db = await Database.open(tmp_path / "linli.db")
    statements: list[str] = []
    await db.conn.set_trace_callback(statements.append)
    try:
        yield db, statements
    finally:
        await db.close()


async def test_rows_are_read_again_after_a_write_in_the_same_transaction(traced: tuple[Database, list[str]]) -> None:
    db, statements = traced
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


async def test_an_events_worker_dms_are_read_once_until_one_is_added(traced: tuple[Database, list[str]]) -> None:
    db, statements = traced
    async with db.tx() as c:
        msg = incoming(GROUP, 1, 5, "刘阿姨", "3号楼电梯坏了")
        ev = await events.insert(c, msg, ParsedReport(is_report=True), grid_id=None, now=NOW)
        assert await notifications.for_event(c, ev.id) == ()
        await notifications.add(c, ev.id, 2001, 2001, 40, NOW)
        assert [dm.message_id for dm in await notifications.for_event(c, ev.id)] == [40]
        await notifications.add_many(c, [(ev.id, 2002, 2002, 41)], NOW)
        both = await notifications.for_event(c, ev.id)
        assert [dm.user_id for dm in both] == [2001, 2002]
        assert await notifications.for_event(c, ev.id) == both  # from the memo (counted below)
    reads = [s for s in statements if s.startswith("SELECT user_id, chat_id, message_id, created_at FROM notif")]
    assert len(reads) == 3  # four look-ups: each add forgets what was read
    async with db.read() as c:
        assert len(await notifications.for_event(c, ev.id)) == 2
