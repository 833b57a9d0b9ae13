"""storage/connection.py: aiosqlite with the bot's settings; long reads as tuples; a locked database off the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from storage.connection import fetchall_in_thread
from storage.database import Database


async def _write(db: Database, value: str) -> None:
    async with db.tx() as c:
        await c.execute("INSERT INTO digests_sent (week, chat_id, queued_at) VALUES (?, 1, 0)", (value,))


async def test_the_connection_is_aiosqlite_with_named_rows(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "linli.db")
    try:
        assert isinstance(db.conn, aiosqlite.Connection)
        await _write(db, "2026-W01")
        async with db.read() as c:
            cur = await c.execute("SELECT week FROM digests_sent")
            assert [tuple(r) for r in await cur.fetchall()] == [("2026-W01",)]
            async with c.execute("SELECT week, chat_id FROM digests_sent WHERE week = ?", ("2026-W01",)) as cur:
                row = await cur.fetchone()
                assert row["chat_id"] == 1 and row[0] == "2026-W01"  # sqlite3.Row, by name and by place
            async with c.execute("SELECT week FROM digests_sent") as cur:
                assert [r[0] async for r in cur] == ["2026-W01"]
            rows = await fetchall_in_thread(c, "SELECT chat_id FROM digests_sent WHERE week = ?", ("2026-W01",))
            assert rows == [(1,)] and type(rows[0]) is tuple
            async with c.execute("SELECT chat_id FROM digests_sent") as cur:  # the connection's rows are named again
                assert (await cur.fetchone())["chat_id"] == 1
        with pytest.raises(sqlite3.IntegrityError):
            await _write(db, "2026-W01")  # rolled back, and the connection is usable after it
        async with db.tx() as c:
            cur = await c.executemany(
                "INSERT INTO digests_sent (week, chat_id, queued_at) VALUES (?, 2, 0)", (("2026-W02",), ("2026-W03",))
            )
            assert cur.rowcount == 2 and (await c.execute("SELECT 1")).description is not None
        assert not db.conn.in_transaction
    finally:
        await db.close()


async def test_a_database_locked_by_another_process_is_waited_for_off_the_loop(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "linli.db")
    other = sqlite3.connect(tmp_path / "linli.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        write = asyncio.create_task(_write(db, "2026-W05"))
        await asyncio.sleep(0.05)
        assert not write.done()  # the loop got control back: the write waits on aiosqlite's thread
        other.execute("COMMIT")
        await write
        async with db.read() as c:
            async with c.execute("SELECT COUNT(*) FROM digests_sent") as cur:
                assert (await cur.fetchone())[0] == 1
    finally:
        other.close()
        await db.close()


async def test_a_lock_held_longer_than_the_busy_timeout_is_the_usual_locked_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "linli.db", busy_timeout_ms=200)  # DATABASE_BUSY_TIMEOUT_MS
    other = sqlite3.connect(tmp_path / "linli.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await _write(db, "2026-W06")
        other.execute("ROLLBACK")
        await _write(db, "2026-W06")  # and all is well once the other process lets go
    finally:
        other.close()
        await db.close()


async def test_a_commit_is_on_disk_before_the_next_step(tmp_path: Path) -> None:
    """WAL with synchronous=FULL: the poller tells Telegram to forget updates right after the inbox's commit, so
    that commit must survive a power cut (with NORMAL it may not; found in review)."""
    db = await Database.open(tmp_path / "linli.db")
    try:
        async with db.read() as c:
            assert (await (await c.execute("PRAGMA journal_mode")).fetchone())[0] == "wal"
            assert (await (await c.execute("PRAGMA synchronous")).fetchone())[0] == 2  # FULL
    finally:
        await db.close()
