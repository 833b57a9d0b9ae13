"""Events for export, reported within a time range, oldest first."""

from __future__ import annotations

import aiosqlite

from bot.core import lifecycle
from storage.connection import fetchall_in_thread
from storage.events import status_in

COLUMNS = (
    "id",
    "created_at",
    "category",
    "urgency",
    "status",
    "outcome",
    "outcome_note",
    "grid_id",
    "building",
    "unit",
    "room",
    "text",
    "assignee_id",
    "accepted_at",
    "closed_at",
    "due_at",
    "reopened_count",
)


async def events(c: aiosqlite.Connection, since: int | None, until: int | None) -> list[dict]:
    """Rows as dicts keyed by COLUMNS (reporter identities are not exported; no close time while open), read as
    plain tuples on the connection's thread (a long read: give it a connection of its own, ``side_readers``)."""
    # a reopened event keeps its last close time in its row: an event open again has none to show
    shown = [
        f"CASE WHEN {status_in(lifecycle.OPEN)} THEN NULL ELSE closed_at END" if c == "closed_at" else c
        for c in COLUMNS
    ]
    sql = f"SELECT {', '.join(shown)} FROM events WHERE created_at >= ? AND created_at < ? ORDER BY id"
    bounds = (since if since is not None else -(2**62), until if until is not None else 2**62)
    return [dict(zip(COLUMNS, row, strict=True)) for row in await fetchall_in_thread(c, sql, bounds)]


async def names(c: aiosqlite.Connection) -> dict[int, str]:
    """Workers' and people's names by Telegram id, for the assignee column (the file's names win later)."""
    found: dict[int, str] = {}
    for sql in (
        "SELECT user_id, name FROM people WHERE name IS NOT NULL",
        "SELECT user_id, name FROM workers WHERE name IS NOT NULL",
    ):
        async with c.execute(sql) as cur:
            found.update({int(r[0]): r[1] async for r in cur})
    return found
