"""The two things every storage module does alike: a row read into its dataclass, and a row inserted
unless it is there already."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")


def _same(value: Any) -> Any:
    return value


def or_empty(value: str | None) -> str:
    """A text column that may be NULL, as text."""
    return value or ""


def typed(cls: type[T], row: aiosqlite.Row, **read: Callable[[Any], Any]) -> T:
    """cls from the row's columns named as its fields; `read` converts the columns it names."""
    return cls(**{f.name: read.get(f.name, _same)(row[f.name]) for f in fields(cls)})  # type: ignore[arg-type]


async def insert_new(c: aiosqlite.Connection, sql: str, params: tuple) -> int | None:
    """An INSERT … ON CONFLICT DO NOTHING: the new row's id, None when the row was there already."""
    cur = await c.execute(sql, params)
    return cur.lastrowid if cur.rowcount == 1 else None
