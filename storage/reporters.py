"""Everyone who reported an event (the first reporter and the reports merged into it)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core import lifecycle
from bot.core.timeutil import from_epoch, to_epoch
from storage.events import status_in
from storage.rows import insert_new, one, or_empty, typed


@dataclass(frozen=True, slots=True)
class Reporter:
    """One report of an event."""

    id: int
    event_id: int
    user_id: int
    user_name: str
    chat_id: int
    message_id: int
    text: str
    at: datetime
    merged: bool


def _row(r: aiosqlite.Row) -> Reporter:
    return typed(Reporter, r, user_name=or_empty, text=or_empty, at=from_epoch, merged=bool)


async def add(
    c: aiosqlite.Connection,
    event_id: int,
    user_id: int,
    user_name: str,
    chat_id: int,
    message_id: int,
    text: str,
    now: datetime,
    merged: bool = False,
    moved_from: int | None = None,
) -> int | None:
    """Record a report of an event; None when this chat message is already recorded (a repeated update).
    moved_from: the duplicate it was made in, when it comes from one (see `move`)."""
    return await insert_new(
        c,
        "INSERT INTO event_reporters (event_id, user_id, user_name, chat_id, message_id, text, at, merged,"
        " moved_from) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (chat_id, message_id) DO NOTHING",
        (event_id, user_id, user_name, chat_id, message_id, text, to_epoch(now), int(merged), moved_from),
    )


async def for_event(c: aiosqlite.Connection, event_id: int) -> list[Reporter]:
    """An event's reports, oldest first."""
    return [
        _row(r)
        for r in await c.execute_fetchall("SELECT * FROM event_reporters WHERE event_id = ? ORDER BY id", (event_id,))
    ]


async def for_events(c: aiosqlite.Connection, event_ids: list[int]) -> dict[int, list[Reporter]]:
    """The reports of several events at once."""
    out: dict[int, list[Reporter]] = {i: [] for i in event_ids}
    if not event_ids:
        return out
    marks = ",".join("?" * len(event_ids))
    for r in await c.execute_fetchall(
        f"SELECT * FROM event_reporters WHERE event_id IN ({marks}) ORDER BY id", event_ids
    ):
        out[r["event_id"]].append(_row(r))
    return out


async def move(c: aiosqlite.Connection, from_event: int, to_event: int) -> int:
    """A duplicate's reports become reports merged into its original; returns how many moved. Each remembers
    the event it was made in (the first move's: a report of #3 moved on from #2 came from #3)."""
    cur = await c.execute(
        "UPDATE event_reporters SET event_id = ?, merged = 1, moved_from = COALESCE(moved_from, event_id)"
        " WHERE event_id = ?",
        (to_event, from_event),
    )
    return cur.rowcount


async def moved_from(c: aiosqlite.Connection, event_id: int) -> set[int]:
    """The events whose reports duplicates' closes moved into this one."""
    rows = await c.execute_fetchall(
        "SELECT DISTINCT moved_from FROM event_reporters WHERE event_id = ? AND moved_from IS NOT NULL", (event_id,)
    )
    return {r[0] for r in rows}


async def move_back(c: aiosqlite.Connection, from_event: int, to_event: int, origins: Collection[int]) -> int:
    """A wrong duplicate undone: the reports that came into ``from_event`` from the ``origins`` go to
    ``to_event``; those made in ``to_event`` itself are at home again. Returns how many moved."""
    if not origins:
        return 0
    marks = ",".join("?" * len(origins))
    cur = await c.execute(
        "UPDATE event_reporters SET event_id = ?, moved_from = NULLIF(moved_from, ?)"
        f" WHERE event_id = ? AND moved_from IN ({marks})",
        (to_event, to_event, from_event, *origins),
    )
    return cur.rowcount


async def anonymous_users(c: aiosqlite.Connection, event_id: int) -> set[int]:
    """Who of an event's reporters made their report anonymously (an anonymous event of theirs: the event
    itself, or a duplicate whose reporters joined it)."""
    rows = await c.execute_fetchall(
        "SELECT r.user_id FROM event_reporters r JOIN events e ON e.chat_id = r.chat_id AND e.message_id = r.message_id"
        " WHERE r.event_id = ? AND e.anonymous = 1",
        (event_id,),
    )
    return {r[0] for r in rows}


async def get(c: aiosqlite.Connection, row_id: int) -> Reporter | None:
    """One report by its row id."""
    r = await one(c, "SELECT * FROM event_reporters WHERE id = ?", (row_id,))
    return _row(r) if r else None


async def by_message(c: aiosqlite.Connection, chat_id: int, message_id: int) -> Reporter | None:
    """The report a chat message made, if any."""
    r = await one(c, "SELECT * FROM event_reporters WHERE chat_id = ? AND message_id = ?", (chat_id, message_id))
    return _row(r) if r else None


async def latest_open(c: aiosqlite.Connection, chat_id: int | None, user_id: int, since: datetime) -> int | None:
    """The open event (new, dispatched or accepted) a person last reported in, or joined, in a chat (None: in any
    chat) since a time."""
    where = "r.user_id = ? AND r.at >= ?" if chat_id is None else "r.chat_id = ? AND r.user_id = ? AND r.at >= ?"
    r = await one(
        c,
        "SELECT r.event_id FROM event_reporters r JOIN events e ON e.id = r.event_id"
        f" WHERE {where} AND {status_in(lifecycle.OPEN, 'e.status')} ORDER BY r.id DESC LIMIT 1",
        (user_id, to_epoch(since)) if chat_id is None else (chat_id, user_id, to_epoch(since)),
    )
    return int(r["event_id"]) if r is not None else None


async def set_text(c: aiosqlite.Connection, row_id: int, text: str) -> None:
    """A merged report was edited by its writer: the words it now has."""
    await c.execute("UPDATE event_reporters SET text = ? WHERE id = ?", (text, row_id))


async def remove(c: aiosqlite.Connection, row_id: int) -> bool:
    """Take a merged report out of its event (it is split into its own); True if this call removed it."""
    cur = await c.execute("DELETE FROM event_reporters WHERE id = ? AND merged = 1", (row_id,))
    return cur.rowcount == 1


@dataclass(frozen=True, slots=True)
class ForgottenMerges:
    """A forgotten person's reports merged into events: those events, and the words they held."""

    event_ids: list[int]
    texts: list[str]


async def forget(c: aiosqlite.Connection, user_id: int) -> ForgottenMerges:
    """Drop a user's name and texts (the counts stay); returns the events they reported on and the texts."""
    rows = await c.execute_fetchall("SELECT event_id, text FROM event_reporters WHERE user_id = ?", (user_id,))
    await c.execute("UPDATE event_reporters SET user_name = NULL, text = NULL WHERE user_id = ?", (user_id,))
    return ForgottenMerges(sorted({r[0] for r in rows}), [r[1] for r in rows if r[1]])
