"""Staff corrections of the reader (table reader_corrections): labelled examples for its training data."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True, slots=True)
class Correction:
    """One corrected label, with the event's current reading for the export."""

    id: int
    event_id: int
    field: str
    old_value: str
    new_value: str
    text: str
    by_user: int
    at: int
    language: str | None
    category: str
    urgency: str
    building: str | None
    unit: str | None
    room: str | None


async def add(
    c: aiosqlite.Connection, event_id: int, field: str, old: str, new: str, text: str, by_user: int, at: int
) -> int:
    """Keep one correction."""
    cur = await c.execute(
        "INSERT INTO reader_corrections (event_id, field, old_value, new_value, text, by_user, at)"
        " VALUES (?,?,?,?,?,?,?)",
        (event_id, field, old, new, text, by_user, at),
    )
    return int(cur.lastrowid or 0)


async def all_rows(c: aiosqlite.Connection) -> list[Correction]:
    """Every correction whose words are still kept, oldest first, with the event's reading now."""
    return [
        Correction(*row)
        for row in await c.execute_fetchall(
            "SELECT r.id, r.event_id, r.field, r.old_value, r.new_value, r.text, r.by_user, r.at, e.language,"
            " e.category, e.urgency, e.building, e.unit, e.room FROM reader_corrections r"
            " JOIN events e ON e.id = r.event_id WHERE r.text != '' ORDER BY r.id"
        )
    ]


async def forget_reporter(c: aiosqlite.Connection, user_id: int) -> int:
    """/forget_me: the words of the person's reports leave the training examples too."""
    cur = await c.execute(
        "UPDATE reader_corrections SET text = '' WHERE event_id IN (SELECT id FROM events WHERE reporter_id = ?)",
        (user_id,),
    )
    return cur.rowcount
