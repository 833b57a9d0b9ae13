"""Rota changes (/cover, /swap): the only SQL about them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import aiosqlite

from bot.core.rota import ChangeKind, RotaChange
from bot.core.timeutil import to_epoch


async def add(c: aiosqlite.Connection, change: RotaChange, created_by: int, now: datetime) -> int:
    """Store a rota change; returns its id."""
    cur = await c.execute(
        "INSERT INTO rota_changes (kind, worker_a, worker_b, day, day_b, created_by, created_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (
            str(change.kind),
            change.worker_a,
            change.worker_b,
            change.day.isoformat(),
            change.day_b.isoformat() if change.day_b else None,
            created_by,
            to_epoch(now),
        ),
    )
    return int(cur.lastrowid or 0)


# Changes for shifts that may still be running or lie ahead (:since is two days back, as in_force says).
IN_FORCE = "SELECT id, kind, worker_a, worker_b, day, day_b FROM rota_changes WHERE day >= :since OR day_b >= :since"


def since(now: datetime) -> str:
    """Two days back (in UTC dates) covers an overnight shift that started yesterday in any time zone."""
    return (now.date() - timedelta(days=2)).isoformat()


def change_of(r: Sequence) -> RotaChange:
    """A rota change from a row of IN_FORCE's columns."""
    return RotaChange(
        ChangeKind(r[1]), r[2], r[3], date.fromisoformat(r[4]), date.fromisoformat(r[5]) if r[5] else None, r[0]
    )


async def in_force(c: aiosqlite.Connection, now: datetime) -> list[RotaChange]:
    """Changes for shifts that may still be running or lie ahead, oldest first."""
    return [change_of(r) for r in await c.execute_fetchall(IN_FORCE + " ORDER BY id", {"since": since(now)})]


async def drop_for(c: aiosqlite.Connection, worker_id: int, now: datetime) -> list[RotaChange]:
    """Delete the changes still in force that name this worker (covering, covered or swapping): they are his no more
    once he is removed, and must not apply again if he is invited back. The changes deleted, oldest first."""
    rows = await c.execute_fetchall(
        "SELECT id, kind, worker_a, worker_b, day, day_b FROM rota_changes"
        " WHERE (day >= :since OR day_b >= :since) AND (worker_a = :w OR worker_b = :w) ORDER BY id",
        {"since": since(now), "w": worker_id},
    )
    await c.executemany("DELETE FROM rota_changes WHERE id = ?", [(r[0],) for r in rows])
    return [change_of(r) for r in rows]
