"""Timer rows: every timer the bot keeps is one row, written in the transaction that caused it.

Over 300 lines: the timers table's every statement, each a small function, in the one module that knows its SQL."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.escalation import POINT, TimerKind, TimerSpec
from bot.core.timeutil import from_epoch, to_epoch
from storage.database import wrote
from storage.rows import one, typed

log = logging.getLogger(__name__)
KINDS = frozenset(k.value for k in TimerKind)
SKIPPED = "failed"  # a row of a kind this release does not know (a newer one wrote it), claimed: never fired


@dataclass(frozen=True, slots=True)
class Timer:
    """One stored timer."""

    id: int
    event_id: int | None
    kind: TimerKind
    due_at: datetime
    status: str
    payload: dict


def _timer(row: aiosqlite.Row) -> Timer:
    return typed(Timer, row, kind=TimerKind, due_at=from_epoch, payload=lambda v: json.loads(v or "{}"))


def _known(row: aiosqlite.Row) -> bool:
    """Whether this release knows the row's kind. One written by a newer release (read after a rollback) is left
    out of every read, logged, rather than failing the read: its timer is skipped (``claim``), the others fire."""
    if row["kind"] in KINDS:
        return True
    log.warning("timer %s has a kind this release does not know (%r): skipped", row["id"], row["kind"])
    return False


def _timers(rows: Iterable[aiosqlite.Row]) -> list[Timer]:
    return [_timer(r) for r in rows if _known(r)]


async def add(c: aiosqlite.Connection, event_id: int | None, spec: TimerSpec, now: datetime) -> int:
    """Write one pending timer; returns its id."""
    wrote("timers")
    cur = await c.execute(
        "INSERT INTO timers (event_id, kind, due_at, payload, created_at) VALUES (?,?,?,?,?)",
        (event_id, spec.kind.value, to_epoch(spec.due_at), json.dumps(spec.payload), to_epoch(now)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


async def add_all(
    c: aiosqlite.Connection, event_id: int | None, specs: Iterable[TimerSpec], now: datetime
) -> list[int]:
    """Write several pending timers in one statement; returns their ids."""
    rows = [(event_id, s.kind.value, to_epoch(s.due_at), json.dumps(s.payload), to_epoch(now)) for s in specs]
    if not rows:
        return []
    return sorted(
        r[0]
        for r in await c.execute_fetchall(
            "INSERT INTO timers (event_id, kind, due_at, payload, created_at) VALUES "
            + ",".join("(?,?,?,?,?)" for _ in rows)
            + " RETURNING id",
            [v for row in rows for v in row],
        )
    )


async def cancel(c: aiosqlite.Connection, event_id: int, kinds: Iterable[TimerKind]) -> int:
    """Cancel an event's pending timers of these kinds (made obsolete by a change); returns how many."""
    return len(await cancel_returning(c, event_id, kinds))


async def cancel_returning(c: aiosqlite.Connection, event_id: int, kinds: Iterable[TimerKind]) -> list[int]:
    """``cancel``, naming the rows it cancelled (an Accept keeps them, to put back if it is undone)."""
    wrote("timers")
    kinds = [k.value for k in kinds]
    rows = await c.execute_fetchall(
        f"UPDATE timers SET status = 'cancelled' WHERE event_id = ? AND status = 'pending'"
        f" AND kind IN ({','.join('?' * len(kinds))}) RETURNING id",
        (event_id, *kinds),
    )
    return sorted(r[0] for r in rows)


async def restore(c: aiosqlite.Connection, event_id: int, timer_ids: Iterable[int]) -> int:
    """Put back cancelled rows of an event, due when they were (an undone Accept's chasing timers); how many."""
    wrote("timers")
    ids = list(timer_ids)
    if not ids:
        return 0
    cur = await c.execute(
        f"UPDATE timers SET status = 'pending' WHERE event_id = ? AND status = 'cancelled'"
        f" AND id IN ({','.join('?' * len(ids))})",
        (event_id, *ids),
    )
    return cur.rowcount


async def cancel_recurring(c: aiosqlite.Connection, kind: TimerKind, due_after: datetime) -> int:
    """Cancel the pending rows of a timer that belongs to no event and is due after ``due_after`` (the next
    hand-off, planned again; one due already is left to fire)."""
    wrote("timers")
    cur = await c.execute(
        "UPDATE timers SET status = 'cancelled'"
        " WHERE event_id IS NULL AND status = 'pending' AND kind = ? AND due_at > ?",
        (kind.value, to_epoch(due_after)),
    )
    return cur.rowcount


async def shift_pending(
    c: aiosqlite.Connection, kinds: Iterable[TimerKind], back: int, now: datetime, old_clock: tuple[int, datetime]
) -> int:
    """Bring the pending rows of these kinds due after ``now`` ``back`` seconds earlier; how many. The clock was set
    back that much while the bot ran: a wait written by the old clock would chase the size of the step late.
    ``old_clock`` is (the newest row then, the time read) at the last reading before the step: the rows written
    since by the new clock (their time earlier than that reading) are right already and stay, and so do those due
    at a point in time (``escalation.POINT``: a shift's start is when it is, whatever the clock said)."""
    wrote("timers")
    kinds = [k.value for k in kinds]
    last_id, read_at = old_clock
    cur = await c.execute(
        "UPDATE timers SET due_at = due_at - ? WHERE status = 'pending' AND due_at > ?"
        f" AND kind IN ({','.join('?' * len(kinds))}) AND (id <= ? OR created_at >= ?)"
        f" AND json_extract(payload, '$.{POINT}') IS NULL",
        (back, to_epoch(now), *kinds, last_id, to_epoch(read_at)),
    )
    return cur.rowcount


async def newest_id(c: aiosqlite.Connection) -> int:
    """The id of the newest timer row (0 for none): the rows written after it are newer."""
    row = await one(c, "SELECT COALESCE(MAX(id), 0) AS n FROM timers")
    return int(row["n"]) if row else 0


async def claim(c: aiosqlite.Connection, timer_id: int, now: datetime) -> Timer | None:
    """Mark a pending timer done; the timer only when this call changed it (it fires at most once)."""
    row = await one(
        c,
        "UPDATE timers SET status = 'done', fired_at = ? WHERE id = ? AND status = 'pending' RETURNING *",
        (to_epoch(now), timer_id),
    )
    if row is not None and not _known(row):  # not fired: marked so, and never scheduled again
        await c.execute("UPDATE timers SET status = ? WHERE id = ?", (SKIPPED, timer_id))
        return None
    return _timer(row) if row else None


async def claim_due(c: aiosqlite.Connection, kinds: Iterable[TimerKind], now: datetime, most: int) -> list[Timer]:
    """Mark done the pending timers of these kinds due by ``now`` (at most ``most``, soonest first) and return
    them: they fire with the one being fired, each once (as ``claim``), none before its time."""
    kinds = [k.value for k in kinds]
    rows = await c.execute_fetchall(
        "UPDATE timers SET status = 'done', fired_at = ? WHERE id IN (SELECT id FROM timers"
        f" WHERE status = 'pending' AND kind IN ({','.join('?' * len(kinds))}) AND due_at <= ?"
        " ORDER BY due_at, id LIMIT ?) RETURNING *",
        (to_epoch(now), *kinds, to_epoch(now), most),
    )
    return sorted(_timers(rows), key=lambda x: (x.due_at, x.id))


async def last_due(
    c: aiosqlite.Connection, kinds: Iterable[TimerKind], after: datetime, until: datetime
) -> datetime | None:
    """When the last pending timer of these kinds due after ``after`` and by ``until`` is due (None: none is)."""
    kinds = [k.value for k in kinds]
    row = await one(
        c,
        f"SELECT MAX(due_at) FROM timers WHERE status = 'pending' AND kind IN ({','.join('?' * len(kinds))})"
        " AND due_at > ? AND due_at <= ?",
        (*kinds, to_epoch(after), to_epoch(until)),
    )
    return from_epoch(row[0]) if row and row[0] is not None else None


async def held_for(c: aiosqlite.Connection, worker_id: int, after: datetime, until: datetime) -> datetime | None:
    """When the worker's held first messages due after ``after`` and by ``until`` are due (None: none is); by the
    pending index, the few rows due in that span."""
    row = await one(
        c,
        "SELECT MIN(due_at) FROM timers WHERE status = 'pending' AND due_at > ? AND due_at <= ?"
        " AND kind = ? AND json_extract(payload, '$.to') = ?",
        (to_epoch(after), to_epoch(until), TimerKind.FIRST_DM.value, worker_id),
    )
    return from_epoch(row[0]) if row and row[0] is not None else None


async def held_cards(c: aiosqlite.Connection, worker_id: int, until: datetime) -> set[int]:
    """The events whose held first message to the worker is due by ``until`` (its card comes then)."""
    rows = await c.execute_fetchall(
        "SELECT event_id FROM timers WHERE status = 'pending' AND due_at <= ? AND kind = ?"
        " AND json_extract(payload, '$.to') = ?",
        (to_epoch(until), TimerKind.FIRST_DM.value, worker_id),
    )
    return {int(r[0]) for r in rows if r[0] is not None}


async def pending_about(c: aiosqlite.Connection, kind: TimerKind, field: str, value: int) -> bool:
    """Whether a pending timer of this kind has ``value`` under ``field`` in its payload."""
    row = await one(
        c,
        "SELECT 1 FROM timers WHERE status = 'pending' AND kind = ? AND json_extract(payload, ?) = ? LIMIT 1",
        (kind.value, f"$.{field}", value),
    )
    return row is not None


async def get(c: aiosqlite.Connection, timer_id: int) -> Timer | None:
    """One timer by id."""
    row = await one(c, "SELECT * FROM timers WHERE id = ?", (timer_id,))
    return _timer(row) if row and _known(row) else None


async def pending(
    c: aiosqlite.Connection, due_before: datetime | None = None, kind: TimerKind | None = None
) -> list[Timer]:
    """Pending timers, soonest first; only those due before `due_before`, of one `kind`, when given."""
    sql, args = "SELECT * FROM timers WHERE status = 'pending'", []
    if due_before is not None:
        sql, args = sql + " AND due_at < ?", [*args, to_epoch(due_before)]
    if kind is not None:
        sql, args = sql + " AND kind = ?", [*args, kind.value]
    return _timers(await c.execute_fetchall(sql + " ORDER BY due_at, id", args))


@dataclass(frozen=True, slots=True)
class Due:
    """When a pending timer is due (the scheduler's look at it, no payload)."""

    id: int
    due_at: int  # epoch seconds


async def due_before(c: aiosqlite.Connection, before: datetime) -> list[Due]:
    """Pending timers due before `before`, soonest first."""
    return [
        Due(r[0], r[1])
        for r in await c.execute_fetchall(
            "SELECT id, due_at FROM timers WHERE status = 'pending' AND due_at < ? ORDER BY due_at, id",
            (to_epoch(before),),
        )
    ]


async def has_pending(c: aiosqlite.Connection, kind: TimerKind) -> bool:
    """Whether a pending timer of this kind exists (for the recurring, event-less ones)."""
    return await one(c, "SELECT 1 FROM timers WHERE kind = ? AND status = 'pending' LIMIT 1", (kind.value,)) is not None


async def recurring(c: aiosqlite.Connection, kind: TimerKind) -> list[datetime]:
    """When the pending rows of a recurring, event-less timer are due, soonest first (by the event index, not the
    pending one, which holds every event's pending timers)."""
    rows = await c.execute_fetchall(
        "SELECT due_at FROM timers INDEXED BY timers_event"
        " WHERE event_id IS NULL AND kind = ? AND status = 'pending' ORDER BY due_at",
        (kind.value,),
    )
    return [from_epoch(r[0]) for r in rows]


async def last_done(c: aiosqlite.Connection, kind: TimerKind) -> datetime | None:
    """When the latest fired row of a recurring, event-less timer was due (None: none fired yet)."""
    row = await one(  # by the event index: the status one of old (before migration 024) read every fired timer
        c,
        "SELECT MAX(due_at) FROM timers INDEXED BY timers_event"
        " WHERE event_id IS NULL AND kind = ? AND status = 'done'",
        (kind.value,),
    )
    return from_epoch(row[0]) if row and row[0] is not None else None


async def pending_kinds(c: aiosqlite.Connection, event_id: int) -> set[TimerKind]:
    """The kinds of an event's pending timers."""
    rows = await c.execute_fetchall(
        "SELECT DISTINCT kind FROM timers WHERE event_id = ? AND status = 'pending'", (event_id,)
    )
    return {TimerKind(r[0]) for r in rows if r[0] in KINDS}


async def for_event(c: aiosqlite.Connection, event_id: int) -> list[Timer]:
    """An event's timers, all statuses, in creation order (for tests and /status)."""
    return _timers(await c.execute_fetchall("SELECT * FROM timers WHERE event_id = ? ORDER BY id", (event_id,)))


async def prune(c: aiosqlite.Connection, created_before: datetime, most: int) -> int:
    """Forget up to ``most`` fired or cancelled timers written before a time, oldest first; how many. Kept: every
    pending one; the newest row (ids are never reused: timers have no AUTOINCREMENT, a new id is the highest + 1, and
    messages' dedup keys name timer ids); and the latest fired row of each timer of no event (``last_done``)."""
    cur = await c.execute(
        "DELETE FROM timers WHERE id IN (SELECT t.id FROM timers AS t WHERE t.status != 'pending'"
        " AND t.created_at < ? AND t.id < (SELECT MAX(id) FROM timers) AND (t.event_id IS NOT NULL"
        " OR t.due_at < (SELECT MAX(d.due_at) FROM timers AS d INDEXED BY timers_event"
        " WHERE d.event_id IS NULL AND d.kind = t.kind AND d.status = 'done')) ORDER BY t.id LIMIT ?)",
        (to_epoch(created_before), most),
    )
    return cur.rowcount
