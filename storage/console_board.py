"""The console's reads over events: the board of open work, event lists, and places × categories.

A reader's ``Visibility`` and ``EventFilter`` (bot/core/console_query.py) become one WHERE clause here.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.core import lifecycle
from bot.core.console_query import BoardCursor, Desk, EventFilter, Visibility
from bot.core.types import Status
from storage.events import NOT_NO_PROBLEM, status_in
from storage.rows import one

OPEN = status_in(lifecycle.OPEN)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One event as the board and event lists show it."""

    id: int
    status: str
    urgency: str
    category: str
    building: str | None
    unit: str | None
    room: str | None
    grid_id: str | None
    assignee_id: int | None
    created_at: int
    accepted_at: int | None
    due_at: int | None
    closed_at: int | None
    outcome: str | None
    anonymous: bool
    overdue: bool
    text: str


def _in(column: str, values: tuple[str, ...], args: list[object]) -> str:
    args.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def _desk(d: Desk, args: list[object]) -> str:
    clause = _in("category", d.categories, args)
    return f"({clause} AND {_in('grid_id', d.grids, args)})" if d.grids else clause


def where(vis: Visibility, f: EventFilter, args: list[object]) -> str:
    """The SQL condition of a reader's share and filter (appending its arguments)."""
    parts: list[str] = []
    if not vis.everything:
        share = []
        if vis.grids:
            share.append(_in("grid_id", vis.grids, args))
        share += [_desk(d, args) for d in vis.desks if d.categories]
        if vis.assignee is not None:
            share.append("assignee_id = ?")
            args.append(vis.assignee)
        parts.append("(" + " OR ".join(share) + ")" if share else "0")
    for column, value in (
        ("grid_id", f.grid),
        ("category", f.category),
        ("urgency", f.urgency),
        ("assignee_id", f.assignee),
    ):
        if value is not None:
            parts.append(f"{column} = ?")
            args.append(value)
    if f.desk is not None:
        parts.append(_desk(f.desk, args) if f.desk.categories else "0")
    return " AND ".join(parts) or "1"


def _overdue_sql(now: int, limits: dict[str, int], args: list[object]) -> str:
    """1 when accepted past due_at, or waiting longer than its colour allows (see console_query.is_overdue)."""
    args.extend([now, now - limits["red"], now - limits["yellow"], now - limits["green"]])
    return (
        f"CASE WHEN {status_in(frozenset({Status.ACCEPTED}))} THEN (due_at IS NOT NULL AND due_at < ?)"
        " ELSE created_at < CASE urgency WHEN 'red' THEN ? WHEN 'yellow' THEN ? ELSE ? END END"
    )


_ROW_COLS = (
    "id, status, urgency, category, building, unit, room, grid_id, assignee_id, created_at, accepted_at,"
    " due_at, closed_at, outcome, anonymous"
)


def _row(r: aiosqlite.Row, overdue: bool, text: str) -> BoardRow:
    return BoardRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        r[10],
        r[11],
        r[12],
        r[13],
        bool(r[14]),
        overdue,
        text,
    )


async def board(
    c: aiosqlite.Connection,
    vis: Visibility,
    f: EventFilter,
    now: int,
    limits: dict[str, int],
    limit: int,
    after: BoardCursor | None = None,
    preview_chars: int = 80,
) -> tuple[list[BoardRow], int, list[tuple[str, str, int, int]]]:
    """Open events (red first, then late, then oldest), at most ``limit`` of those after ``after`` (all when None),
    how many more follow them, and counts (status, urgency, late, n) of all: a fire waiting ten minutes is on the
    board behind no backlog of late greens, and every card of a backlog is reached page by page (console review).
    """
    args: list[object] = []
    late = _overdue_sql(now, limits, args)
    cond = where(vis, f, args)
    base = f"FROM events WHERE {OPEN} AND {cond}"
    count_sql = f"SELECT status, urgency, {late} AS late, COUNT(*) {base} GROUP BY 1, 2, 3"
    counts = [(r[0], r[1], int(r[2] or 0), int(r[3])) for r in await c.execute_fetchall(count_sql, args)]
    page, page_args = "", list(args)
    if after is not None:  # the next place in the order: a lower (red, late) group, or the same one further on
        page = (
            " WHERE red < ? OR (red = ? AND (late < ? OR (late = ? AND"
            " (created_at > ? OR (created_at = ? AND id > ?)))))"
        )
        red, was_late = int(after.red), int(after.late)
        page_args += [red, red, was_late, was_late, after.created_at, after.created_at, after.id]
    row_sql = (
        f"SELECT *, COUNT(*) OVER () FROM (SELECT {_ROW_COLS}, {late} AS late, substr(text, 1, {int(preview_chars)}),"
        f" urgency = 'red' AS red {base}){page} ORDER BY red DESC, late DESC, created_at, id LIMIT ?"
    )
    found = await c.execute_fetchall(row_sql, [*page_args, limit])
    rows = [_row(r, bool(r[15]), r[16] or "") for r in found]
    return rows, (int(found[0][18]) - len(rows)) if found else 0, counts


@dataclass(frozen=True, slots=True)
class Marker:
    """The last event id and the last log line id: both grow with every report and every change."""

    last_event: int
    last_log: int


async def changed_marker(c: aiosqlite.Connection) -> Marker:
    """What changes whenever the board may have."""
    row = await one(c, "SELECT (SELECT MAX(id) FROM events), (SELECT MAX(id) FROM event_log)")
    return Marker(int(row[0] or 0), int(row[1] or 0))


async def events_at(
    c: aiosqlite.Connection,
    vis: Visibility,
    f: EventFilter,
    since: int,
    building: str | None,
    limit: int,
    now: int,
    limits: dict[str, int],
) -> tuple[list[BoardRow], int]:
    """Events (any state) reported since a time, at a building when given, newest first, at most ``limit``, and how
    many there are: those a hot spot's cell counts (one closed as a duplicate of another, or as nothing found, is
    not listed, as it is not counted)."""
    args: list[object] = []
    late = _overdue_sql(now, limits, args)
    cond = where(vis, f, args)
    place = ""
    if building is not None:
        place = " AND building = ?"
        args.append(building)
    sql = (
        f"SELECT {_ROW_COLS}, {late}, substr(text, 1, 80), COUNT(*) OVER () FROM events"
        f" WHERE created_at >= ? AND {NOT_NO_PROBLEM} AND {cond}{place} ORDER BY created_at DESC, id DESC LIMIT ?"
    )
    late_args, rest = args[:4], args[4:]
    found = await c.execute_fetchall(sql, [*late_args, since, *rest, limit])
    return [_row(r, bool(r[15]), r[16] or "") for r in found], int(found[0][17]) if found else 0


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """How many events of a category were reported at a place."""

    building: str
    unit: str | None
    category: str
    count: int


async def place_counts(c: aiosqlite.Connection, vis: Visibility, since: int) -> list[PlaceCount]:
    """Counts of events with a building reported since a time, by building, unit and category (as the digest's
    hot spots: one closed as a duplicate of another, or as nothing found, is not counted)."""
    args: list[object] = [since]
    cond = where(vis, EventFilter(), args)
    sql = (
        f"SELECT building, unit, category, COUNT(*) FROM events WHERE created_at >= ? AND building IS NOT NULL"
        f" AND {NOT_NO_PROBLEM} AND {cond} GROUP BY building, unit, category"
    )
    return [PlaceCount(r[0], r[1], r[2], int(r[3])) for r in await c.execute_fetchall(sql, args)]


async def names(c: aiosqlite.Connection, user_ids: list[int]) -> dict[int, str]:
    """Names of workers not listed in the file: as a worker row has it (one who joined by invite, or one who left:
    named as the file named him), else their Telegram name."""
    if not user_ids:
        return {}
    marks = ",".join("?" * len(user_ids))
    found: dict[int, str] = {}
    for table in ("people", "workers"):  # a worker row's name wins
        sql = f"SELECT user_id, name FROM {table} WHERE user_id IN ({marks}) AND name IS NOT NULL"
        found.update({int(r[0]): r[1] for r in await c.execute_fetchall(sql, user_ids)})
    return found
