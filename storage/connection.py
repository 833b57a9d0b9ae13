"""The bot's SQLite connection: aiosqlite, opened with the bot's settings, and the long reads' helper.

aiosqlite runs every statement on the connection's own thread, so the event loop never waits on SQLite:
not for a long read (the digest's, over weeks of events), not for a database locked by another process
(``PRAGMA busy_timeout``: DATABASE_BUSY_TIMEOUT_MS). Each call is a hand-over between two threads, which
costs more than an index look-up in SQLite, so the storage modules keep the calls per update few: one
transaction per inbound update, a statement that does the work of several, ``executemany`` for batches
(docs/benchmarks.md). Use the connection only inside ``Database.tx()`` / ``Database.read()``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import aiosqlite


async def connect(path: Path | str, busy_timeout_ms: int) -> aiosqlite.Connection:
    """Open the file in autocommit mode (transactions are explicit: ``Database.tx``), rows as sqlite3.Row."""
    db = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        db.row_factory = sqlite3.Row
        await db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    except BaseException:
        await db.close()  # its thread would otherwise keep the process alive
        raise
    return db


async def fetchall_in_thread(
    c: aiosqlite.Connection, sql: str, parameters: Iterable[Any] | dict[str, Any] = ()
) -> list[tuple]:
    """A long read on the connection's thread, its rows as plain tuples (no sqlite3.Row per row: these
    reads return tens of thousands); the event loop goes on meanwhile."""
    cur = await c.cursor()
    try:
        cur.row_factory = None
        await cur.execute(sql, parameters)
        return list(await cur.fetchall())
    finally:
        await cur.close()
