"""Rows read once per transaction: chats and people, which one update reads several times.

Database.tx and Database.read start the memo empty; every write to chats or people empties it
(``changed``). Handling a report reads its group's row three times (binding, language, title); closing an
event reads the reporter's row and the worker's twice each.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import aiosqlite

from storage.rows import one

memo: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar("linli_row_memo", default=None)


def changed() -> None:
    """Chats or people were written: what this transaction read of them is read again."""
    rows = memo.get()
    if rows:
        rows.clear()


async def remembered(c: aiosqlite.Connection, sql: str, key: tuple[str, int]) -> aiosqlite.Row | None:
    """The row `sql` reads for the key's id (its one parameter), read once per transaction or read."""
    rows = memo.get()
    if rows is not None and key in rows:
        return rows[key]
    row = await one(c, sql, (key[1],))
    if rows is not None:
        rows[key] = row
    return row
