"""Rows read once per transaction: chats and people, which one update reads several times.

Database.tx and Database.read start it empty (``current``); a write to chats or people forgets what was
read of that table (``changed``). Handling a report reads its group's row three times (binding, language,
title); closing an event reads the reporter's row and the worker's twice each.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import aiosqlite

from storage.rows import one

# table → row id → row, for the transaction or read in progress
current: ContextVar[dict[str, dict[int, Any]] | None] = ContextVar("linli_row_memo", default=None)


def changed(table: str) -> None:
    """Rows of `table` were written: what this transaction read of them is read again."""
    rows = current.get()
    if rows:
        rows.pop(table, None)


async def remembered(c: aiosqlite.Connection, sql: str, table: str, row_id: int) -> aiosqlite.Row | None:
    """The row of `table` that `sql` reads for `row_id` (its one parameter), read once per transaction or read."""
    rows = current.get()
    kept = rows.setdefault(table, {}) if rows is not None else None
    if kept is not None and row_id in kept:
        return kept[row_id]
    row = await one(c, sql, (row_id,))
    if kept is not None:
        kept[row_id] = row
    return row
