"""One connection, one writer: transactions are serialised by an asyncio lock; long reads get connections of
their own (`side_readers`)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

import aiosqlite

from bot.core.timeutil import utcnow
from storage import inbox, memo
from storage.connection import connect
from storage.db import BUSY_TIMEOUT_MS, open_db

_written: ContextVar[set[str] | None] = ContextVar("written", default=None)


def wrote(table: str) -> None:
    """The current transaction wrote rows that someone waits for (outbox, timers): wake them on commit."""
    tables = _written.get()
    if tables is not None:
        tables.add(table)


class Database:
    """The bot's database. Use `tx()` for writes (one transaction) and `read()` for reads."""

    def __init__(self, conn: aiosqlite.Connection, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.clock: Callable[[], datetime] = utcnow
        self._lock = asyncio.Lock()
        self._on_commit: defaultdict[str, list[Callable[[], None]]] = defaultdict(list)

    def on_commit(self, table: str, wake: Callable[[], None]) -> None:
        """Call `wake` after every commit of a transaction that wrote to `table` (see `wrote`)."""
        self._on_commit[table].append(wake)

    @classmethod
    async def open(cls, path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
        """Open and migrate the database file."""
        return cls(await open_db(path, busy_timeout_ms), str(path), busy_timeout_ms)

    @asynccontextmanager
    async def tx(self, wait: float | None = None) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed when the block ends, rolled back on error.

        Inside the handling of an inbox update, a transaction that changes something also marks that update
        handled, so the update and its effects are committed together. After the commit, whoever waits for the
        rows it wrote (the outbox sender, the timer scheduler) is woken. With `wait`, TimeoutError when
        another transaction keeps the connection that many seconds (the database is not touched).
        """
        if wait is None:
            await self._lock.acquire()
        else:
            await asyncio.wait_for(self._lock.acquire(), wait)
        try:
            written: set[str] = set()
            token = _written.set(written)
            rows = memo.current.set({})
            await self.conn.execute("BEGIN IMMEDIATE")
            changes = self.conn.total_changes
            try:
                yield self.conn
                current = inbox.handled_here()
                # only a transaction that changed something settles the update: a look taken in a write transaction
                # before the one that does the work would mark it done alone, and a crash between the two lose it
                settles = current is not None and self.conn.total_changes != changes
                if settles:
                    await inbox.mark_done(self.conn, current.update_id, self.clock())
                await self.conn.execute("COMMIT")
                if settles:
                    current.marked = True
            except BaseException:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            finally:
                _written.reset(token)
                memo.current.reset(rows)
            for table in sorted(written):
                for wake in self._on_commit[table]:
                    wake()
        finally:
            self._lock.release()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read (never sees another task's half-done transaction)."""
        async with self._lock:
            rows = memo.current.set({})
            try:
                yield self.conn
            finally:
                memo.current.reset(rows)

    @asynccontextmanager
    async def side_readers(self, n: int) -> AsyncIterator[list[aiosqlite.Connection]]:
        """`n` connections of their own for long reads (the digest's): they run side by side, each on its own
        thread, and hold up nothing, since in WAL mode readers and the writer do not wait for each other.

        Each sees the database as it is when its first statement runs. An in-memory database has no file
        to share: its one connection serves them all, in turn.
        """
        if self.path == ":memory:":
            async with self.read() as c:
                yield [c] * n
            return
        conns: list[aiosqlite.Connection] = []
        try:
            for _ in range(n):
                conns.append(await connect(self.path, self.busy_timeout_ms))
            yield conns
        finally:
            for c in conns:
                await c.close()

    async def close(self) -> None:
        """Close the connection, once a read or write under way is over (10 s at most)."""
        try:
            await asyncio.wait_for(self._lock.acquire(), timeout=10)
        except TimeoutError:
            pass
        else:
            self._lock.release()
        await self.conn.close()
