"""Rows read once per transaction: chats, people and an event's worker DMs, which one update reads several times.

Database.tx and Database.read start it empty (``current``); a write to chats, people or notifications forgets
what was read of that table (``changed``). Handling a report reads its group's row three times (binding,
language, title); closing an event reads the reporter's row and the worker's twice each, and its worker DMs
twice (who may close it, then the DMs to edit).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import aiosqlite

from storage.rows import one

# table → row id → row, for the transaction or read in progress
current: ContextVar[dict[str, dict[int, Any]] | None] = ContextVar("linli_row_memo", default=None)


def changed(table: str) -> None:
    """Rows of `table` were written: what this transaction read of them is read again."""
    rows = current.get()
    if rows:
        rows.pop(table, None)


T = TypeVar("T")


async def kept(table: str, key: int, read: Callable[[], Awaitable[T]]) -> T:
    """What `read` returns for `key` of `table`, read once per transaction or read (keep it immutable)."""
    rows = current.get()
    seen = rows.setdefault(table, {}) if rows is not None else None
    if seen is not None and key in seen:
        return seen[key]
    value = await read()
    if seen is not None:
        seen[key] = value
    return value


async def remembered(c: aiosqlite.Connection, sql: str, table: str, row_id: int) -> aiosqlite.Row | None:
    """The row of `table` that `sql` reads for `row_id` (its one parameter), read once per transaction or read."""
    return await kept(table, row_id, lambda: one(c, sql, (row_id,)))
