"""Places said alone by a resident before her report (table held_places), kept a moment for it."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.core.timeutil import to_epoch
from storage.rows import one

Place = tuple[str, str | None, str | None]  # building, unit, room


async def hold(
    c: aiosqlite.Connection, chat_id: int, message_id: int, user_id: int, place: Place, now: datetime
) -> None:
    """Keep a place its writer said with nothing else, for her report a moment later (once per message)."""
    await c.execute(
        "INSERT INTO held_places (chat_id, message_id, user_id, building, unit, room, at) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT (chat_id, message_id) DO NOTHING",
        (chat_id, message_id, user_id, *place, to_epoch(now)),
    )


async def take(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> Place | None:
    """The last place a person said alone in a chat since a time, if any; none of hers there is held any more."""
    row = await one(
        c,
        "SELECT building, unit, room FROM held_places WHERE chat_id = ? AND user_id = ? AND at >= ?"
        " ORDER BY message_id DESC LIMIT 1",
        (chat_id, user_id, to_epoch(since)),
    )
    await c.execute("DELETE FROM held_places WHERE chat_id = ? AND user_id = ?", (chat_id, user_id))
    return (row[0], row[1], row[2]) if row is not None else None


async def forget(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: the places held for a person's report are dropped."""
    await c.execute("DELETE FROM held_places WHERE user_id = ?", (user_id,))


async def prune(c: aiosqlite.Connection, before: datetime) -> int:
    """Forget held places no report took by a time; how many."""
    cur = await c.execute("DELETE FROM held_places WHERE at < ?", (to_epoch(before),))
    return cur.rowcount
