"""Files that go with outbox rows (a chart to upload), stored beside them so a restart loses nothing."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.rows import one


async def attach(c: aiosqlite.Connection, outbox_id: int, field: str, filename: str, data: bytes) -> None:
    """Store the file an outbox row uploads as `field` (photo, document)."""
    await c.execute(
        "INSERT INTO outbox_files (outbox_id, field, filename, data) VALUES (?, ?, ?, ?)",
        (outbox_id, field, filename, data),
    )


@dataclass(frozen=True, slots=True)
class StoredFile:
    """The file an outbox row uploads as `field`."""

    field: str
    filename: str
    data: bytes


async def get(c: aiosqlite.Connection, outbox_id: int) -> StoredFile | None:
    """The row's file, or None."""
    row = await one(c, "SELECT field, filename, data FROM outbox_files WHERE outbox_id = ?", (outbox_id,))
    return StoredFile(row[0], row[1], bytes(row[2])) if row else None
