"""Files that go with outbox rows (a chart to upload), stored beside them so a restart loses nothing."""

from __future__ import annotations

import aiosqlite


async def attach(c: aiosqlite.Connection, outbox_id: int, field: str, filename: str, data: bytes) -> None:
    """Store the file an outbox row uploads as `field` (photo, document)."""
    await c.execute(
        "INSERT INTO outbox_files (outbox_id, field, filename, data) VALUES (?, ?, ?, ?)",
        (outbox_id, field, filename, data),
    )


async def get(c: aiosqlite.Connection, outbox_id: int) -> tuple[str, str, bytes] | None:
    """(field, filename, bytes) of the row's file, or None."""
    async with c.execute("SELECT field, filename, data FROM outbox_files WHERE outbox_id = ?", (outbox_id,)) as cur:
        row = await cur.fetchone()
    return (row[0], row[1], bytes(row[2])) if row else None
