"""One connection, one writer: transactions are serialised by an asyncio lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import aiosqlite

from bot.core.timeutil import utcnow
from storage import inbox, people
from storage.db import BUSY_TIMEOUT_MS, open_db


class Database:
    """The bot's database. Use `tx()` for writes (one transaction) and `read()` for reads."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.clock: Callable[[], datetime] = utcnow
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
        """Open and migrate the database file."""
        return cls(await open_db(path, busy_timeout_ms), str(path))

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed when the block ends, rolled back on error.

        Inside the handling of an inbox update, the transaction also marks that update handled, so
        the update and its effects are committed together.
        """
        async with self._lock:
            memo = people.chat_memo.set({})
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                current = inbox.current_update.get()
                if current is not None:
                    await inbox.mark_done(self.conn, current.update_id, self.clock())
                await self.conn.execute("COMMIT")
                if current is not None:
                    current.marked = True
            except BaseException:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            finally:
                people.chat_memo.reset(memo)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read (never sees another task's half-done transaction)."""
        async with self._lock:
            memo = people.chat_memo.set({})
            try:
                yield self.conn
            finally:
                people.chat_memo.reset(memo)

    async def close(self) -> None:
        """Close the connection, once a read or write under way is over (10 s at most)."""
        try:
            await asyncio.wait_for(self._lock.acquire(), timeout=10)
        except TimeoutError:
            pass
        else:
            self._lock.release()
        await self.conn.close()
