"""The bot's SQLite connection: statements run at once on the event loop's thread, with aiosqlite's interface.

Why not aiosqlite: it runs every call on a worker thread and wakes the event loop for each result. For
the bot's statements (an index look-up, a row written: microseconds in SQLite) that hand-over costs ten
to thirty times the statement itself; it was a third of the bot's CPU in a burst (docs/benchmarks.md).
Run in place, a statement costs what SQLite costs.

What keeps the event loop free all the same:
- the few long reads (the digest's, over weeks of events) go to a worker thread: ``fetchall_in_thread``;
- a database locked by another process (SQLITE_BUSY) is never waited for on the loop: the connection's
  busy timeout is 0, and a statement refused as busy is tried again on a worker thread until BUSY_WAIT_S.

Callers keep aiosqlite's shape (``await c.execute(...)``, ``async with c.execute(...) as cur``, ``await
cur.fetchall()``), and use the connection only inside ``Database.tx()`` / ``Database.read()``, whose lock
makes sure one task (or the one worker thread it waits for) uses it at a time.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

BUSY_WAIT_S = 5.0  # how long a statement waits for a database locked by another process (was busy_timeout)

Row = sqlite3.Row


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Cursor:
    """A finished statement's cursor, with aiosqlite's coroutine methods."""

    __slots__ = ("_cur",)

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        """Rows changed by an INSERT, UPDATE or DELETE."""
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The rowid of the last row inserted."""
        return self._cur.lastrowid

    @property
    def description(self) -> Any:
        """Column names of a SELECT."""
        return self._cur.description

    async def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cur.fetchone()

    async def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return self._cur.fetchall()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to `size` more rows."""
        return self._cur.fetchmany(size if size is not None else self._cur.arraysize)

    async def close(self) -> None:
        """Release the statement."""
        self._cur.close()

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cur.close()

    def __aiter__(self) -> Cursor:
        return self

    async def __anext__(self) -> Any:
        row = self._cur.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row


class _Statement:
    """What ``execute`` returns: awaitable (the cursor) and an async context manager (closing it)."""

    __slots__ = ("_call", "_cursor", "_wait_s")

    def __init__(self, call: Callable[[], sqlite3.Cursor], wait_s: float) -> None:
        self._call = call
        self._wait_s = wait_s
        self._cursor: Cursor | None = None

    def __await__(self) -> Generator[Any, None, Cursor]:
        try:
            cur = self._call()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            cur = yield from asyncio.to_thread(_when_free, self._call, self._wait_s).__await__()
        return Cursor(cur)

    async def __aenter__(self) -> Cursor:
        self._cursor = await self
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            await self._cursor.close()


def _when_free(call: Callable[[], sqlite3.Cursor], wait_s: float | None = None) -> sqlite3.Cursor:
    """On a worker thread: try again until the other process lets go, for at most `wait_s` (BUSY_WAIT_S)."""
    deadline = time.monotonic() + (BUSY_WAIT_S if wait_s is None else wait_s)
    while True:
        try:
            return call()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(0.02)


class Connection:
    """One sqlite3 connection in autocommit mode (transactions are explicit: ``Database.tx``)."""

    def __init__(self, conn: sqlite3.Connection, busy_wait_s: float | None = None) -> None:
        self._conn = conn
        self._wait_s = BUSY_WAIT_S if busy_wait_s is None else busy_wait_s

    @classmethod
    def open(cls, path: Path | str, busy_wait_s: float | None = None) -> Connection:
        """Open the file (no waiting on a busy database on the loop: see the module's doc)."""
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=0")
        return cls(conn, busy_wait_s)

    @property
    def row_factory(self) -> Any:
        """How rows are returned (sqlite3.Row for the bot)."""
        return self._conn.row_factory

    @row_factory.setter
    def row_factory(self, value: Any) -> None:
        self._conn.row_factory = value

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return self._conn.in_transaction

    @property
    def total_changes(self) -> int:
        """Rows changed since the connection was opened."""
        return self._conn.total_changes

    def execute(self, sql: str, parameters: Iterable[Any] | dict[str, Any] = ()) -> _Statement:
        """Run one statement: ``await`` it for the cursor, or ``async with`` it."""
        return _Statement(lambda: self._conn.execute(sql, parameters), self._wait_s)

    def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Statement:
        """Run one statement for each parameter set (a generator is consumed once, so no retry on busy)."""
        rows = parameters if isinstance(parameters, list | tuple) else list(parameters)
        return _Statement(lambda: self._conn.executemany(sql, rows), self._wait_s)

    def executescript(self, script: str) -> _Statement:
        """Run several statements (the migrations)."""
        return _Statement(lambda: self._conn.executescript(script), self._wait_s)

    async def fetchall_in_thread(self, sql: str, parameters: Iterable[Any] | dict[str, Any] = ()) -> list[tuple]:
        """A long read on a worker thread, so the event loop goes on meanwhile (the caller holds the lock).

        Rows are plain tuples (no sqlite3.Row per row: these reads return tens of thousands).
        """
        return await asyncio.to_thread(self._read_all, sql, parameters)

    def _read_all(self, sql: str, parameters: Iterable[Any] | dict[str, Any]) -> list[tuple]:
        cur = self._conn.cursor()
        cur.row_factory = None
        try:
            return _when_free(lambda: cur.execute(sql, parameters), self._wait_s).fetchall()
        finally:
            cur.close()

    async def set_trace_callback(self, callback: Callable[[str], None] | None) -> None:
        """Call `callback` with every statement SQLite runs (benchmarks count them)."""
        self._conn.set_trace_callback(callback)

    async def commit(self) -> None:
        """Commit an open transaction."""
        self._conn.commit()

    async def rollback(self) -> None:
        """Roll back an open transaction."""
        self._conn.rollback()

    async def close(self) -> None:
        """Close the connection."""
        self._conn.close()
