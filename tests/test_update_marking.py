"""Database.tx marks the update its task is handling done, in the same commit; tasks and timers that
merely inherited the handler's context (a job it scheduled, a lane it woke) do not."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import inbox, meta
from storage.database import Database
from storage.rows import one

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
MESSAGE = {"chat": {"id": -1}, "from": {"id": 1}}  # a group message, as an update stores it


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A new database in tmp_path, closed after the test."""
    opened = await Database.open(tmp_path / "linli.db")
    try:
        yield opened
    finally:
        await opened.close()


@asynccontextmanager
async def handling(db: Database, update_id: int) -> AsyncIterator[inbox.CurrentUpdate]:
    """A message's update stored, pending; within, the context is that of the task handling it."""
    async with db.tx() as c:
        await inbox.add_many(c, [{"update_id": update_id, "message": MESSAGE}], NOW)
    current = inbox.CurrentUpdate(update_id)
    marker = inbox.current_update.set(current)
    try:
        yield current
    finally:
        inbox.current_update.reset(marker)


async def _status(db: Database, update_id: int) -> str:
    async with db.read() as c:
        return (await one(c, "SELECT status FROM inbox WHERE update_id = ?", (update_id,)))[0]


async def _write(db: Database) -> None:
    async with db.tx() as c:
        await c.execute(
            "INSERT INTO bot_meta (key, value) VALUES ('x', '1') ON CONFLICT (key) DO UPDATE SET value = value || '1'"
        )


async def test_only_the_handling_task_marks_its_update(db: Database) -> None:
    async with handling(db, 7) as current:
        await asyncio.create_task(_write(db))  # a task started while handling: it copied the context
        assert await _status(db, 7) == "pending" and not current.marked
        await _write(db)  # the handler's own transaction
        assert await _status(db, 7) == "done" and current.marked


async def test_a_write_transaction_that_changed_nothing_leaves_the_update_pending(db: Database) -> None:
    """A handler that looks in a write transaction (a report's "is this more words of her report of a moment ago?")
    before the one that does the work: the look marked the update done alone, and a crash between the two lost the
    report (the SIGKILL fault test lost 6 of 300 reports when continuation.received did so)."""
    async with handling(db, 8) as current:
        async with db.tx() as c:  # a look, nothing written
            await one(c, "SELECT COUNT(*) FROM inbox")
        assert await _status(db, 8) == "pending" and not current.marked
        await _write(db)  # the work
        assert await _status(db, 8) == "done" and current.marked


async def test_the_next_offset_follows_the_last_batch_not_the_highest_id(db: Database) -> None:
    """After a week without updates Telegram numbers them afresh (Bot API, getUpdates), maybe lower: the first
    getUpdates after a restart asks for the offset past the last batch stored, not past the highest id ever."""
    async with db.read() as c:
        assert await inbox.next_offset(c) is None  # a new database: no offset, Telegram's oldest first
    async with db.tx() as c:
        await inbox.add_many(
            c, [{"update_id": 727334706, "message": MESSAGE}, {"update_id": 727334707, "message": MESSAGE}], NOW
        )
    async with db.read() as c:
        assert await inbox.next_offset(c) == 727334708
    async with db.tx() as c:  # a week later
        await inbox.add_many(c, [{"update_id": 117314199, "message": MESSAGE}], NOW)
    async with db.read() as c:
        assert await inbox.next_offset(c) == 117314200
    async with db.tx() as c:  # a database from before the offset was kept: past the highest id
        await c.execute("DELETE FROM bot_meta WHERE key = ?", (meta.POLL_OFFSET,))
    async with db.read() as c:
        assert await inbox.next_offset(c) == 727334708
