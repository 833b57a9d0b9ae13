"""The points ledger: the only SQL about points. A balance is the sum of a user's deltas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.points import Award, Reason
from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger row."""

    id: int
    user_id: int
    delta: int
    reason: Reason
    event_id: int | None
    by_user: int | None
    note: str | None
    at: datetime


async def add(
    c: aiosqlite.Connection,
    user_id: int,
    delta: int,
    reason: Reason,
    now: datetime,
    *,
    event_id: int | None = None,
    by_user: int | None = None,
    note: str | None = None,
) -> bool:
    """Write one row; False when this (user, event, reason) was already awarded."""
    cur = await c.execute(
        "INSERT INTO points_ledger (user_id, delta, reason, event_id, by_user, note, at) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT (user_id, event_id, reason, round) DO NOTHING",
        (user_id, delta, str(reason), event_id, by_user, note, to_epoch(now)),
    )
    return cur.rowcount == 1


async def add_awards(c: aiosqlite.Connection, awards: list[Award], now: datetime) -> list[Award]:
    """Write an event's awards in one statement; those written (each (user, event, reason, round) is awarded once)."""
    if not awards:
        return []
    rows = await c.execute_fetchall(
        "INSERT INTO points_ledger (user_id, delta, reason, event_id, round, at) VALUES "
        + ",".join("(?,?,?,?,?,?)" for _ in awards)
        + " ON CONFLICT (user_id, event_id, reason, round) DO NOTHING RETURNING user_id, reason, event_id, round",
        [v for a in awards for v in (a.user_id, a.delta, str(a.reason), a.event_id, a.round, to_epoch(now))],
    )
    written = {(r[0], r[1], r[2], r[3]) for r in rows}
    return [a for a in awards if (a.user_id, str(a.reason), a.event_id, a.round) in written]


async def earned(c: aiosqlite.Connection, event_id: int, round_: int) -> list[Award]:
    """The rows an event's close of this round wrote (its awards, and what a reopening took back), oldest first."""
    rows = await c.execute_fetchall(
        "SELECT user_id, delta, reason, event_id, round FROM points_ledger WHERE event_id = ? AND round = ?"
        " ORDER BY id",
        (event_id, round_),
    )
    return [Award(r[0], r[1], Reason(r[2]), r[3], r[4]) for r in rows]


async def balance(c: aiosqlite.Connection, user_id: int) -> int:
    """A user's points now."""
    row = await one(c, "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE user_id = ?", (user_id,))
    return int(row[0])


async def recent(c: aiosqlite.Connection, user_id: int, limit: int = 5) -> list[Entry]:
    """A user's latest rows, newest first."""
    rows = await c.execute_fetchall(
        "SELECT id, user_id, delta, reason, event_id, by_user, note, at FROM points_ledger WHERE user_id = ?"
        " ORDER BY id DESC LIMIT ?",
        (user_id, limit),
    )
    return [Entry(r[0], r[1], r[2], Reason(r[3]), r[4], r[5], r[6], from_epoch(r[7])) for r in rows]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Total:
    """A person's points gained in a period."""

    user_id: int
    gained: int


async def totals(c: aiosqlite.Connection, since: datetime, until: datetime) -> list[Total]:
    """Points gained in [since, until), best first; redemptions are spending, not losing."""
    return [
        Total(r[0], r[1])
        for r in await c.execute_fetchall(
            "SELECT user_id, SUM(delta) AS total FROM points_ledger WHERE at >= ? AND at < ? AND reason != ?"
            " GROUP BY user_id HAVING total > 0 ORDER BY total DESC, user_id",
            (to_epoch(since), to_epoch(until), str(Reason.REDEEM)),
        )
    ]


async def forget_notes(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: the person's ledger lines keep their points but no words."""
    await c.execute("UPDATE points_ledger SET note = NULL WHERE user_id = ?", (user_id,))
