"""One connection, one writer: transactions are serialised by an asyncio lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.db import open_db


class Database:
    """The bot's database. Use `tx()` for writes (one transaction) and `read()` for reads."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open and migrate the database file."""
        return cls(await open_db(path), str(path))

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed when the block ends, rolled back on error."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A consistent read (never sees another task's half-done transaction)."""
        async with self._lock:
            yield self.conn

    async def close(self) -> None:
        """Close the connection."""
        await self.conn.close()
