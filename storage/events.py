"""Events and their log: the only SQL about events.

Over 300 lines: every statement about the events table and its log is here (the one aggregate).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.core import permissions
from bot.core.lifecycle import EDITABLE, OPEN, REOPEN, WITH_WORKER, Transition
from bot.core.timeutil import from_epoch, to_epoch
from bot.core.types import NO_PROBLEM_HERE, Category, Event, Incoming, Outcome, ParsedReport, Status, Urgency
from storage import media
from storage.rows import one

CHUNK = 400  # rows per multi-row statement (a few values each, well under SQLite's limit)
_COLUMNS = (
    "id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency, building, unit, room,"
    " grid_id, status, assignee_id, created_at, accepted_at, closed_at, outcome, outcome_note,"
    " ack_message_id, language, due_at, reopened_count, anonymous, urgency_unsure, false_alarms,"
    " written_at"
)


def _pin(table: str) -> str:
    """The columns of an event's first pin (a resident's location sent with it), read beside its row."""
    first = f"FROM event_media WHERE event_id = {table}.id AND kind = '{media.LOCATION}' ORDER BY id LIMIT 1"
    return f"(SELECT lat {first}) AS pin_lat, (SELECT lon {first}) AS pin_lon"


_SELECT = f"{_COLUMNS}, {_pin('events')}"  # an event's row and its pin

# SQL for "not closed as one of types.NO_PROBLEM_HERE, nor withdrawn by its writer" (core's constants, as
# ``status_in`` writes states): the reports that say a problem was there (hot spots)
NOT_NO_PROBLEM = (
    "(IFNULL(outcome, '') NOT IN (" + ", ".join(f"'{o.value}'" for o in NO_PROBLEM_HERE) + ")"
    f" AND status != '{Status.CANCELLED.value}')"
)


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of an event's audit trail: when, who (None for the bot), what, and a detail."""

    at: datetime
    actor_id: int | None
    action: str
    detail: str | None


def status_in(states: frozenset[Status], column: str = "status") -> str:
    """SQL for "status is one of these" (core's constants, in the lifecycle's order); `column`
    may be "+status", which keeps SQLite from choosing the status index."""
    ordered = [s for s in Status if s in states]  # the lifecycle's order, as the partial indexes name them
    return f"{column} IN (" + ", ".join(f"'{s.value}'" for s in ordered) + ")"


def _event(row: aiosqlite.Row) -> Event:
    return Event(
        id=row["id"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        reporter_id=row["reporter_id"],
        reporter_name=row["reporter_name"] or "",
        text=row["text"],
        category=Category(row["category"]),
        urgency=Urgency(row["urgency"]),
        building=row["building"],
        unit=row["unit"],
        room=row["room"],
        grid_id=row["grid_id"],
        status=Status(row["status"]),
        assignee_id=row["assignee_id"],
        created_at=from_epoch(row["created_at"]),  # type: ignore[arg-type]
        accepted_at=from_epoch(row["accepted_at"]),
        closed_at=from_epoch(row["closed_at"]),
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        outcome_note=row["outcome_note"],
        ack_message_id=row["ack_message_id"],
        language=row["language"],
        due_at=from_epoch(row["due_at"]),
        reopened_count=row["reopened_count"] or 0,
        anonymous=bool(row["anonymous"]),
        urgency_unsure=bool(row["urgency_unsure"]),
        false_alarms=row["false_alarms"] or 0,
        written_at=from_epoch(row["written_at"]),
        pin=(row["pin_lat"], row["pin_lon"]) if row["pin_lat"] is not None else None,
    )


def _reading(parsed: ParsedReport) -> tuple[str, str, str | None, str | None, str | None]:
    """The columns a reading fills: category, urgency, building, unit, room."""
    category = str(parsed.category or Category.OTHER)
    return category, str(parsed.urgency or Urgency.GREEN), parsed.building, parsed.unit, parsed.room


async def insert(
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    *,
    grid_id: str | None,
    now: datetime,
    language: str | None = None,
    status: Status = Status.NEW,
    assignee_id: int | None = None,
    false_alarms: int = 0,
    written_at: datetime | None = None,
) -> Event | None:
    """Store the event a message reports and return it; None when this chat message already has one (a repeated
    update). false_alarms: its reporter's false alarms to warn of (`core.false_alarms.warning`); written_at: when
    its words were sent, if registered long after (`core.lateness.written_late`)."""
    row = await one(
        c,
        "INSERT INTO events (chat_id, message_id, reporter_id, reporter_name, text, category, urgency,"
        " building, unit, room, grid_id, status, assignee_id, created_at, language, urgency_unsure, false_alarms,"
        " written_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (chat_id, message_id) DO NOTHING"
        f" RETURNING {_SELECT}",
        (
            msg.chat_id,
            msg.message_id,
            msg.user_id,
            msg.user_name,
            msg.text,
            *_reading(parsed),
            grid_id,
            str(status),
            assignee_id,
            to_epoch(now),
            language,
            int(parsed.red_unsure and parsed.urgency is Urgency.RED),
            false_alarms,
            None if written_at is None else to_epoch(written_at),
        ),
    )
    return _event(row) if row else None


async def nothing_found_by(c: aiosqlite.Connection, reporter_id: int, since: datetime) -> list[tuple[int, datetime]]:
    """The reporter's events closed as "nothing found" at or after a time: (id, closed at). One reopened since is
    not closed as that any more (its outcome is gone), so it is not among them."""
    rows = await c.execute_fetchall(
        "SELECT id, closed_at FROM events WHERE reporter_id = ? AND outcome = ? AND closed_at >= ?"
        f" AND {status_in(frozenset({Status.CLOSED}))}",
        (reporter_id, Outcome.NOTHING_FOUND.value, to_epoch(since)),
    )
    return [(int(r[0]), from_epoch(r[1])) for r in rows]  # type: ignore[misc]


async def set_grid(c: aiosqlite.Connection, event_id: int, grid_id: str) -> None:
    """An edit named a building of another grid before anyone accepted: the event belongs there now."""
    await c.execute("UPDATE events SET grid_id = ? WHERE id = ?", (grid_id, event_id))


async def confirm_red(c: aiosqlite.Connection, event_id: int) -> bool:
    """An unsure red event is red for sure now (another resident reported the danger): no "not urgent" any more;
    True if it changed."""
    cur = await c.execute(
        "UPDATE events SET urgency_unsure = 0 WHERE id = ? AND urgency = 'red' AND urgency_unsure = 1", (event_id,)
    )
    return cur.rowcount == 1


async def lower_red(c: aiosqlite.Connection, event_id: int, to: Urgency, *, unsure_only: bool = False) -> bool:
    """Its reporter lowered a red event (``unsure_only``: one the reader was unsure of, by her "not urgent" button;
    else by her words that its danger is over): one conditional UPDATE, True if it changed."""
    unsure = " AND urgency_unsure = 1" if unsure_only else ""
    cur = await c.execute(
        f"UPDATE events SET urgency = ?, urgency_unsure = 0 WHERE id = ? AND urgency = ?{unsure}",
        (str(to), event_id, str(Urgency.RED)),
    )
    return cur.rowcount == 1


async def _one(c: aiosqlite.Connection, where: str, args: tuple) -> Event | None:
    row = await one(c, f"SELECT {_SELECT} FROM events WHERE {where}", args)
    return _event(row) if row else None


async def get(c: aiosqlite.Connection, event_id: int) -> Event | None:
    """One event by id."""
    return await _one(c, "id = ?", (event_id,))


async def status_of(c: aiosqlite.Connection, event_ids: list[int]) -> dict[int, Status]:
    """Where each of these events is now, by id (those found)."""
    marks = ",".join("?" * len(event_ids))
    rows = await c.execute_fetchall(f"SELECT id, status FROM events WHERE id IN ({marks})", event_ids)
    return {r[0]: Status(r[1]) for r in rows}


async def by_message(c: aiosqlite.Connection, chat_id: int, message_id: int) -> Event | None:
    """The event made from a chat message, if any."""
    return await _one(c, "chat_id = ? AND message_id = ?", (chat_id, message_id))


async def by_messages(c: aiosqlite.Connection, chat_id: int, message_ids: list[int]) -> list[Event]:
    """The events made from some messages of a chat (the further problems of one: ``core.several.part_key``), oldest
    first."""
    marks = ",".join("?" for _ in message_ids)
    rows = await c.execute_fetchall(
        f"SELECT {_SELECT} FROM events WHERE chat_id = ? AND message_id IN ({marks}) ORDER BY id",
        (chat_id, *message_ids),
    )
    return [_event(r) for r in rows]


async def by_ack(c: aiosqlite.Connection, chat_id: int, ack_message_id: int) -> Event | None:
    """The event whose group acknowledgement is this message."""
    return await _one(c, "chat_id = ? AND ack_message_id = ?", (chat_id, ack_message_id))


async def transition(
    c: aiosqlite.Connection,
    event_id: int,
    move: Transition,
    *,
    assignee_id: int | None | object = ...,
    expect_assignee: int | None | object = ...,
    accepted_at: datetime | None | object = ...,
    due_at: datetime | None | object = ...,
    closed_at: datetime | None | object = ...,
    outcome: Outcome | None | object = ...,
    outcome_note: str | None | object = ...,
) -> Event | None:
    """Move an event along a lifecycle transition in one conditional UPDATE; the event as it is now, only if
    this call changed it (None: it was not in a state the move starts from, or not the expected assignee).

    Two workers pressing at the same moment: exactly one UPDATE matches.
    """
    sets = ["status = ?"]
    args: list[object] = [str(move.dst)]
    for col, val in (
        ("assignee_id", assignee_id),
        ("accepted_at", accepted_at),
        ("due_at", due_at),
        ("closed_at", closed_at),
        ("outcome", outcome),
        ("outcome_note", outcome_note),
    ):
        if val is ...:
            continue
        if isinstance(val, datetime):
            val = to_epoch(val)
        elif isinstance(val, Outcome):
            val = str(val)
        sets.append(f"{col} = ?")
        args.append(val)
    where = f"id = ? AND {status_in(move.src)}"
    args.append(event_id)
    if expect_assignee is not ...:
        if expect_assignee is None:
            where += " AND assignee_id IS NULL"
        else:
            where += " AND assignee_id = ?"
            args.append(expect_assignee)
    row = await one(c, f"UPDATE events SET {', '.join(sets)} WHERE {where} RETURNING {_SELECT}", args)
    return _event(row) if row else None


async def set_acks(c: aiosqlite.Connection, acks: list[tuple[int, int]]) -> None:
    """Remember the group acknowledgements' message ids, (event id, message id) each, in one statement."""
    for start in range(0, len(acks), CHUNK):
        part = acks[start : start + CHUNK]
        await c.execute(
            "UPDATE events SET ack_message_id = v.column2 FROM (VALUES "
            + ",".join("(?,?)" for _ in part)
            + ") AS v WHERE events.id = v.column1",
            [x for pair in part for x in pair],
        )


async def log(
    c: aiosqlite.Connection,
    event_id: int,
    at: datetime,
    action: str,
    actor_id: int | None = None,
    detail: str | None = None,
) -> int:
    """Append one line to the event's audit trail; its id."""
    cur = await c.execute(
        "INSERT INTO event_log (event_id, at, actor_id, action, detail) VALUES (?,?,?,?,?)",
        (event_id, to_epoch(at), actor_id, action, detail),
    )
    return int(cur.lastrowid or 0)


async def times_lowered(c: aiosqlite.Connection, event_id: int) -> int:
    """How many times the event's colour was lowered from red (its writer's "not urgent", an admin's correction)."""
    row = await one(
        c,
        "SELECT COUNT(*) FROM event_log WHERE event_id = ?"
        " AND (action = 'urgency_lowered' OR (action = 'corrected' AND detail LIKE 'urgency:red>%'))",
        (event_id,),
    )
    return int(row[0]) if row else 0


async def log_many(c: aiosqlite.Connection, lines: list[tuple[int, datetime, str, int | None, str | None]]) -> None:
    """Append lines (event id, at, action, actor, detail) to events' audit trails, in one statement."""
    for start in range(0, len(lines), CHUNK):
        part = lines[start : start + CHUNK]
        await c.execute(
            "INSERT INTO event_log (event_id, at, actor_id, action, detail) VALUES "
            + ",".join("(?,?,?,?,?)" for _ in part),
            [v for ev, at, action, actor, detail in part for v in (ev, to_epoch(at), actor, action, detail)],
        )


async def timeline(c: aiosqlite.Connection, event_id: int) -> list[LogLine]:
    """The event's log, oldest first."""
    rows = await c.execute_fetchall(
        "SELECT at, actor_id, action, detail FROM event_log WHERE event_id = ? ORDER BY id", (event_id,)
    )
    return [_line(r) for r in rows]


def _line(r: aiosqlite.Row) -> LogLine:
    """A log line read as (at, actor_id, action, detail)."""
    return LogLine(from_epoch(r[0]), r[1], r[2], r[3])


async def closed_by(c: aiosqlite.Connection, event_id: int) -> int | None:
    """Who closed the event last (None: the bot, or never closed)."""
    line = await last_logged(c, event_id, "closed")
    return line.actor_id if line else None


async def last_logged(c: aiosqlite.Connection, event_id: int, action: str) -> LogLine | None:
    """The event's latest log line of this action, or None (one row read, not the whole log)."""
    rows = await c.execute_fetchall(
        "SELECT at, actor_id, action, detail FROM event_log WHERE event_id = ? AND action = ? ORDER BY id DESC LIMIT 1",
        (event_id, action),
    )
    return _line(rows[0]) if rows else None


async def with_logged(c: aiosqlite.Connection, event_ids: Collection[int], action: str) -> set[int]:
    """Which of these events have a log line of this action (one statement for them all)."""
    if not event_ids:
        return set()
    marks = ",".join("?" * len(event_ids))
    rows = await c.execute_fetchall(
        f"SELECT DISTINCT event_id FROM event_log WHERE action = ? AND event_id IN ({marks})", [action, *event_ids]
    )
    return {r[0] for r in rows}


async def logged_since(c: aiosqlite.Connection, event_id: int, action: str, since: int) -> int:
    """How many log lines of this action the event has at or after ``since`` (epoch seconds)."""
    row = await one(
        c, "SELECT COUNT(*) FROM event_log WHERE event_id = ? AND action = ? AND at >= ?", (event_id, action, since)
    )
    return int(row[0]) if row else 0


async def logged(c: aiosqlite.Connection, line_id: int) -> LogLine | None:
    """One log line by its id, or None."""
    rows = await c.execute_fetchall("SELECT at, actor_id, action, detail FROM event_log WHERE id = ?", (line_id,))
    return _line(rows[0]) if rows else None


async def take_kept(c: aiosqlite.Connection, line_id: int, kept: str, taken: str) -> bool:
    """A log line of words kept until someone chose (action ``kept``) becomes ``taken``, its words dropped (they went
    on where he chose): one conditional UPDATE, True if it changed (of two presses at once, one wins)."""
    cur = await c.execute(
        "UPDATE event_log SET action = ?, detail = NULL WHERE id = ? AND action = ?", (taken, line_id, kept)
    )
    return cur.rowcount == 1


async def logged_for(c: aiosqlite.Connection, event_id: int, line_id: int) -> LogLine | None:
    """One log line of this event by its id, or None (another event's, or none)."""
    rows = await c.execute_fetchall(
        "SELECT at, actor_id, action, detail FROM event_log WHERE id = ? AND event_id = ?", (line_id, event_id)
    )
    return _line(rows[0]) if rows else None


async def log_mark(c: aiosqlite.Connection, event_id: int) -> int:
    """The id of the event's latest log line but the deliveries' (0: none): it changes whenever something happens to
    the event (taken, handed back, dispatched again, reopened), not when a message about it is delivered."""
    row = await one(
        c,
        "SELECT MAX(id) FROM event_log WHERE event_id = ? AND action NOT IN ('notified', 'dm_failed', 'ack_failed')",
        (event_id,),
    )
    return int(row[0] or 0) if row else 0


async def last_happened(c: aiosqlite.Connection, event_id: int) -> LogLine | None:
    """The event's latest log line but the deliveries' (as ``log_mark``), or None."""
    rows = await c.execute_fetchall(
        "SELECT at, actor_id, action, detail FROM event_log WHERE event_id = ?"
        " AND action NOT IN ('notified', 'dm_failed', 'ack_failed') ORDER BY id DESC LIMIT 1",
        (event_id,),
    )
    return _line(rows[0]) if rows else None


async def open_for(c: aiosqlite.Connection, user_id: int) -> list[Event]:
    """Open events assigned to (or waiting for) a worker, oldest first."""
    rows = await c.execute_fetchall(
        f"SELECT {_SELECT} FROM events WHERE assignee_id = ? AND {status_in(WITH_WORKER)} ORDER BY created_at, id",
        (user_id,),
    )
    return [_event(r) for r in rows]


async def reported_in_private(c: aiosqlite.Connection, user_id: int) -> list[int]:
    """The events a person reported in a private chat with the bot, any status (their post choice may be open)."""
    rows = await c.execute_fetchall("SELECT id FROM events WHERE reporter_id = ? AND chat_id > 0", (user_id,))
    return [r[0] for r in rows]


async def open_reported_by(c: aiosqlite.Connection, user_id: int, limit: int = 3) -> list[Event]:
    """Open events a person reported (first, or merged in), newest first."""
    rows = await c.execute_fetchall(
        f"SELECT {_SELECT} FROM events WHERE (reporter_id = ? OR id IN"
        " (SELECT event_id FROM event_reporters WHERE user_id = ?))"
        f" AND {status_in(OPEN)} ORDER BY created_at DESC, id DESC LIMIT ?",
        (user_id, user_id, limit),
    )
    return [_event(r) for r in rows]


async def closed_reported_by(c: aiosqlite.Connection, user_id: int, since: datetime, limit: int = 2) -> list[Event]:
    """Events a person reported (first, or merged in) closed since a time, the latest closed first."""
    rows = await c.execute_fetchall(
        f"SELECT {_SELECT} FROM events WHERE (reporter_id = ? OR id IN"
        " (SELECT event_id FROM event_reporters WHERE user_id = ?))"
        f" AND {status_in(frozenset({Status.CLOSED}))} AND closed_at >= ? ORDER BY closed_at DESC, id DESC LIMIT ?",
        (user_id, user_id, to_epoch(since), limit),
    )
    return [_event(r) for r in rows]


async def by_message_with_recent(
    c: aiosqlite.Connection, chat_id: int, message_id: int, reporter_id: int, since: datetime
) -> tuple[Event | None, int, int | None]:
    """The event made from a chat message, if any, how many events its writer opened since a time, in any chat
    (one person posting in every group they are in is one flood), and the first of those (flood control: the first
    names the run of reports, so the writer is told once per run): one statement for the questions every report
    asks."""
    cols = ", ".join(f"e.{col.strip()}" for col in _COLUMNS.split(",")) + ", " + _pin("e")
    row = await one(
        c,
        f"SELECT {cols}, r.recent, r.first FROM (SELECT COUNT(*) AS recent, MIN(id) AS first FROM events"
        " WHERE reporter_id = :u AND created_at >= :s) r LEFT JOIN events e"
        " ON e.chat_id = :c AND e.message_id = :m",
        {"c": chat_id, "m": message_id, "u": reporter_id, "s": to_epoch(since)},
    )
    return (_event(row) if row["id"] is not None else None), int(row["recent"]), row["first"]


async def ids_since(c: aiosqlite.Connection, since: datetime) -> list[int]:
    """The events opened since a time, in no order (by id, SQLite would walk every event rather than the
    events_created index: it keeps no statistics)."""
    rows = await c.execute_fetchall("SELECT id FROM events WHERE created_at >= ?", (to_epoch(since),))
    return [r[0] for r in rows]


async def open_reds_by(c: aiosqlite.Connection, reporter_id: int, since: datetime) -> list[Event]:
    """The person's open red events opened since a time, newest first (a repeated alarm joins one of them)."""
    return [
        _event(r)
        for r in await c.execute_fetchall(
            f"SELECT {_SELECT} FROM events WHERE reporter_id = ? AND urgency = 'red' AND created_at >= ?"
            f" AND {status_in(OPEN)} ORDER BY id DESC LIMIT 20",
            (reporter_id, to_epoch(since)),
        )
    ]


async def update_report(
    c: aiosqlite.Connection, event_id: int, text: str, parsed: ParsedReport, closed_too: bool = False
) -> bool:
    """A report edited before anyone accepted it: take the new text and reading. True if changed. ``closed_too``:
    a closed one as well (its writer's edit into a danger opens it again, with these words)."""
    cur = await c.execute(
        "UPDATE events SET text = ?, category = ?, urgency = ?, building = ?, unit = ?, room = ?"
        f" WHERE id = ? AND {status_in(EDITABLE | REOPEN.src if closed_too else EDITABLE)}",
        (text, *_reading(parsed), event_id),
    )
    return cur.rowcount == 1


async def keep_own_words(c: aiosqlite.Connection, event_id: int, words: str | None) -> None:
    """The words of the message's own problem at its event, when the message was cut into several (None: not)."""
    if words is None:  # most events: no row of words at all
        await c.execute("UPDATE event_words SET own = NULL WHERE event_id = ?", (event_id,))
        return
    await c.execute(
        "INSERT INTO event_words (event_id, own) VALUES (?, ?) ON CONFLICT (event_id) DO UPDATE SET own = excluded.own",
        (event_id, words),
    )


async def keep_message_text(c: aiosqlite.Connection, event_id: int, text: str) -> None:
    """A further problem's whole message, as it was when its event was made."""
    await c.execute(
        "INSERT INTO event_words (event_id, whole) VALUES (?, ?)"
        " ON CONFLICT (event_id) DO UPDATE SET whole = excluded.whole",
        (event_id, text),
    )


async def words_kept(c: aiosqlite.Connection, event_id: int) -> tuple[str | None, str | None]:
    """The event's own problem's words and its whole message, as kept (``keep_own_words``, ``keep_message_text``)."""
    row = await one(c, "SELECT own, whole FROM event_words WHERE event_id = ?", (event_id,))
    return (row[0], row[1]) if row else (None, None)


async def set_due(c: aiosqlite.Connection, event_id: int, due_at: datetime | None) -> None:
    """Set (or clear) the fix-by time of an accepted event."""
    await c.execute("UPDATE events SET due_at = ? WHERE id = ?", (to_epoch(due_at) if due_at else None, event_id))


async def mark_escalated(c: aiosqlite.Connection, event_id: int, now: datetime) -> None:
    """Remember the first escalation to the backup or the committee."""
    await c.execute(
        "UPDATE events SET escalated_at = COALESCE(escalated_at, ?) WHERE id = ?", (to_epoch(now), event_id)
    )


async def reopen(c: aiosqlite.Connection, event_id: int, assignee_id: int | None) -> bool:
    """A closed event goes back to work (conditional: True only if this call reopened it)."""
    cur = await c.execute(
        "UPDATE events SET status = ?, assignee_id = ?, accepted_at = NULL, outcome = NULL,"
        " outcome_note = NULL, due_at = NULL, reopened_count = reopened_count + 1"
        f" WHERE id = ? AND {status_in(REOPEN.src)}",
        (str(REOPEN.dst), assignee_id, event_id),
    )
    return cur.rowcount == 1


async def open_all(c: aiosqlite.Connection) -> list[Event]:
    """Every event with a worker (dispatched or accepted), oldest first."""
    # INDEXED BY: left to choose, SQLite takes events_status (and sorts) with no statistics, events_created (every
    # event) with them; the partial index holds these events alone, in this order (its WHERE is this one's)
    return [
        _event(r)
        for r in await c.execute_fetchall(
            f"SELECT {_SELECT} FROM events INDEXED BY events_with_worker WHERE {status_in(WITH_WORKER)}"
            " ORDER BY created_at, id"
        )
    ]


async def open_since(
    c: aiosqlite.Connection, category: str, since: datetime, building: str | None, chat_id: int
) -> list[Event]:
    """Open events of a category created since a time at the same building (or, with none, in the same chat):
    the candidates a new report may join."""
    place = "building = ?" if building else "building IS NULL AND chat_id = ?"
    return [
        _event(r)
        for r in await c.execute_fetchall(
            f"SELECT {_SELECT} FROM events WHERE category = ? AND {place} AND created_at >= ?"
            f" AND {status_in(OPEN)} ORDER BY created_at DESC, id DESC LIMIT 200",
            (category, building or chat_id, to_epoch(since)),
        )
    ]


async def of_chat_since(c: aiosqlite.Connection, chat_id: int, since: datetime) -> list[Event]:
    """A chat's events open now or closed since a time (oldest first, 200 at most): what its acknowledgements say."""
    return [
        _event(r)
        for r in await c.execute_fetchall(
            f"SELECT {_SELECT} FROM events WHERE chat_id = ? AND ({status_in(OPEN)} OR closed_at >= ?)"
            " ORDER BY id LIMIT 200",
            (chat_id, to_epoch(since)),
        )
    ]


async def set_anonymous(c: aiosqlite.Connection, event_id: int, anonymous: bool) -> None:
    """The reporter chose whether the group may see their name."""
    await c.execute("UPDATE events SET anonymous = ? WHERE id = ?", (int(anonymous), event_id))


async def forget_ack(c: aiosqlite.Connection, event_id: int, message_id: int) -> bool:
    """The acknowledgement ``message_id`` can no longer be edited: forget it, unless another took its place
    already; True when this call forgot it."""
    cur = await c.execute(
        "UPDATE events SET ack_message_id = NULL WHERE id = ? AND ack_message_id = ?", (event_id, message_id)
    )
    return cur.rowcount == 1


async def move_chat(c: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """A group became a supergroup: its events and its reporters' rows follow it (their acknowledgements stay in
    the old group's history, where they can no longer be edited: a fresh one is sent on the next change).

    Message ids start afresh in the supergroup, so an id of the old group there is another message: the old
    acknowledgement's is forgotten, and the reports' ids are kept negated (``types.in_chat``; Telegram's are
    positive). Nothing replies to them or links them, a message of the supergroup with the same id finds no
    event of the old group, and a new report there with that id is no duplicate of one."""
    await c.execute(
        "UPDATE OR IGNORE events SET chat_id = ?, message_id = -ABS(message_id), ack_message_id = NULL"
        " WHERE chat_id = ?",
        (new_id, old_id),
    )
    await c.execute(
        "UPDATE OR IGNORE event_reporters SET chat_id = ?, message_id = -ABS(message_id) WHERE chat_id = ?",
        (new_id, old_id),
    )


async def gave_up_by(c: aiosqlite.Connection, event_id: int) -> frozenset[int]:
    """Who may no longer accept the event from an old message (``permissions.gave_up`` over its history)."""
    return permissions.gave_up(await assignment_history(c, event_id))


async def handed_back_by(c: aiosqlite.Connection, event_id: int) -> frozenset[int]:
    """Who gave the event up since it was last reopened (``permissions.handed_back``): not routed to them again."""
    return permissions.handed_back(await assignment_history(c, event_id))


async def handed_to(c: aiosqlite.Connection, worker_id: int, event_ids: list[int], since: datetime) -> set[int]:
    """Which of these events were handed or dispatched to the worker since a time (logged "handed_off" as
    "<from>><to>", "dispatched" as "<to>")."""
    rows = await c.execute_fetchall(
        "SELECT event_id, detail FROM event_log WHERE action IN ('handed_off', 'dispatched') AND at >= ?",
        (to_epoch(since),),
    )
    wanted = set(event_ids)
    return {r[0] for r in rows if r[0] in wanted and (r[1] or "").rsplit(">", 1)[-1] == str(worker_id)}


async def dm_failed_to(c: aiosqlite.Connection, event_id: int, action: str = "dm_failed") -> frozenset[int]:
    """Those a message about the event could not reach because they cannot be messaged at all (403: logged
    "dm_failed" with their id alone; a failure of one message logs "id: error" and is not counted); with
    ``action`` "chase_skipped", those its chasing passed over, as the bot knew it could not message them."""
    sql = "SELECT detail FROM event_log WHERE event_id = ? AND action = ?"
    rows = await c.execute_fetchall(sql, (event_id, action))
    return frozenset(int(r[0]) for r in rows if r[0] and str(r[0]).isdigit())


async def unreachable_since(c: aiosqlite.Connection, worker_id: int, since: datetime) -> list[int]:
    """The events a worker could not be messaged about (403: "dm_failed" with his id alone) or that went to another
    on duty because he could not be ("unreachable_skipped"), or whose chasing passed him over for it
    ("chase_skipped"), since a moment: each once, in the order it happened."""
    sql = (
        "SELECT event_id FROM event_log WHERE action IN ('dm_failed', 'unreachable_skipped', 'chase_skipped')"
        " AND at >= ? AND detail = ? GROUP BY event_id ORDER BY MIN(id)"
    )
    rows = await c.execute_fetchall(sql, (to_epoch(since), str(worker_id)))
    return [int(r[0]) for r in rows]


async def assignment_history(c: aiosqlite.Connection, event_id: int) -> list[tuple[str, int | None, str | None]]:
    """(action, actor, detail) of what moved the event between workers since it was last reopened, oldest
    first (``permissions.gave_up`` reads it)."""
    rows = await c.execute_fetchall(
        "SELECT action, actor_id, detail FROM event_log WHERE event_id = ?"
        " AND action IN ('dispatched', 'accepted', 'accept_undone', 'reassigned', 'handed_off', 'handed_back', 'left',"
        " 'chosen_off_duty')"
        " AND id > COALESCE((SELECT MAX(id) FROM event_log WHERE event_id = ? AND action = 'reopened'), 0)"
        " ORDER BY id",
        (event_id, event_id),
    )
    return [(r[0], r[1], r[2]) for r in rows]


@dataclass(frozen=True, slots=True)
class ForgottenReports:
    """A forgotten person's own reports: how many were anonymised, and the words they held."""

    events: int
    texts: list[str]
    event_ids: list[int] = field(default_factory=list)


async def acted_on_by(c: aiosqlite.Connection, user_id: int) -> list[int]:
    """Events a person did something on (reported into, added to, edited): where their words may stand."""
    rows = await c.execute_fetchall("SELECT DISTINCT event_id FROM event_log WHERE actor_id = ?", (user_id,))
    return [r[0] for r in rows]


async def forget_reporter(c: aiosqlite.Connection, user_id: int) -> ForgottenReports:
    """/forget_me: the person's reports keep no name and no words (counts stay)."""
    rows = await c.execute_fetchall("SELECT id, text FROM events WHERE reporter_id = ?", (user_id,))
    texts = [r[1] for r in rows if r[1]]
    # the words of her message's problems kept apart (a further one's whole message: maybe as it was before an edit)
    kept = "event_id IN (SELECT id FROM events WHERE reporter_id = ?)"
    words = await c.execute_fetchall(f"SELECT own, whole FROM event_words WHERE {kept}", (user_id,))
    texts += [text for r in words for text in r if text]
    await c.execute(f"UPDATE event_words SET own = NULL, whole = NULL WHERE {kept}", (user_id,))
    # her words in the lines she wrote: edits, notes, words added, what she wrote on a photo or pin she added (or
    # edited it to), her news of a neighbour's red passed to its staff (``red_news``); read before her reports'
    # lines are blanked below, which holds some of them (words added to a report are quoted on their own to its
    # worker: the report's text does not find them)
    mine = "actor_id = ? AND action IN ('edited', 'edited_late', 'reporter_note', 'added_photo', 'added_location',"
    mine += " 'caption_edited', 'added_words', 'placed', 'withdrawn', 'withdraw_asked', 'neighbour_news',"
    mine += " 'red_news_asked', 'which_asked')"
    mine += " AND detail IS NOT NULL"
    texts += [r[0] for r in await c.execute_fetchall(f"SELECT detail FROM event_log WHERE {mine}", (user_id,))]
    await c.execute(f"UPDATE event_log SET detail = NULL WHERE {mine}", (user_id,))
    cur = await c.execute("UPDATE events SET reporter_name = '', text = '' WHERE reporter_id = ?", (user_id,))
    touched = cur.rowcount
    await c.execute(
        "UPDATE event_log SET detail = NULL WHERE event_id IN (SELECT id FROM events WHERE reporter_id = ?)"
        " AND action IN ('reported', 'edited', 'edited_late', 'added_words', 'placed', 'withdrawn', 'withdraw_asked')",
        (user_id,),
    )
    return ForgottenReports(touched, texts, [r[0] for r in rows])


async def correct(c: aiosqlite.Connection, event_id: int, column: str, old: str, new: str) -> bool:
    """A staff member corrected an open event's category or colour (or its colour rose, told it lasted a week or more:
    ``services.lasting``): one conditional UPDATE, True if it changed."""
    if column not in ("category", "urgency"):
        raise ValueError(column)
    settled = ", urgency_unsure = 0" if column == "urgency" else ""  # staff chose the colour: no "not urgent"
    cur = await c.execute(
        f"UPDATE events SET {column} = ?{settled} WHERE id = ? AND {column} = ? AND {status_in(OPEN)}",
        (new, event_id, old),
    )
    return cur.rowcount == 1


async def latest_reported(c: aiosqlite.Connection, chat_id: int, reporter_id: int, since: datetime) -> Event | None:
    """The newest open event a person reported herself in a chat since a time, if any."""
    return await _one(
        c,
        f"reporter_id = ? AND chat_id = ? AND created_at >= ? AND {status_in(OPEN)} ORDER BY created_at DESC, id DESC",
        (reporter_id, chat_id, to_epoch(since)),
    )


async def set_place(c: aiosqlite.Connection, event_id: int, building: str, unit: str | None, room: str | None) -> bool:
    """An open event of no known place takes the one its reporter gave (conditional: True if it took it)."""
    cur = await c.execute(
        f"UPDATE events SET building = ?, unit = COALESCE(?, unit), room = COALESCE(?, room)"
        f" WHERE id = ? AND building IS NULL AND {status_in(OPEN)}",
        (building, unit, room, event_id),
    )
    return cur.rowcount == 1


async def open_in_chat(c: aiosqlite.Connection, chat_id: int, limit: int) -> list[Event]:
    """The newest open events reported in a chat, newest first."""
    rows = await c.execute_fetchall(
        f"SELECT {_SELECT} FROM events WHERE chat_id = ? AND {status_in(OPEN)}"
        " ORDER BY created_at DESC, id DESC LIMIT ?",
        (chat_id, limit),
    )
    return [_event(r) for r in rows]
