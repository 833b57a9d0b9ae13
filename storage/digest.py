"""The digest's reads (only the rows of the weeks asked for) and the record of digests sent.

The reads over a week of events come back as plain tuples (``fetchall_in_thread``): at a million events they
return tens of thousands of rows and take a tenth of a second or more on aiosqlite's thread.
"""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.core import lifecycle
from bot.core.digest import CLOSED, DUPLICATE, HISTORY, LET_GO, NOT_ASKED, REOPENED
from bot.core.digest_types import EventRow, LogRow, SpotRow, SurveyRow
from bot.core.types import Status
from storage.connection import fetchall_in_thread
from storage.events import NOT_NO_PROBLEM, status_in
from storage.rows import one

_COLS = (
    "id, category, urgency, grid_id, building, unit, status, assignee_id, created_at, accepted_at, closed_at, due_at,"
    " outcome"
)
# How long an event took to close, as a class; identical to the expression of the index events_closed_span
# (migration 013), which SQLite uses only for this very expression.
SPAN = (
    "(CASE WHEN closed_at - created_at < 86400 THEN 0 WHEN closed_at - created_at < 604800 THEN 1"
    " WHEN closed_at - created_at < 2592000 THEN 2 WHEN closed_at - created_at < 31536000 THEN 3 ELSE 4 END)"
)
SPAN_LIMITS = (86400, 604800, 2592000, 31536000, None)  # seconds: a class-k event closed within SPAN_LIMITS[k]


def _closed_after(until: str) -> str:
    """Ids of events closed at or after `until` and reported before it: one bounded range per span class.

    An event of class k closed at or after `until` took less than SPAN_LIMITS[k] to close, so it was
    reported after `until` - SPAN_LIMITS[k]: a week two years back reads what was reported shortly before
    it, not every event closed since (only events that took over a year to close are read unbounded).
    """
    return " UNION ".join(
        f"SELECT id FROM events WHERE {SPAN} = {k}"
        + (f" AND created_at > {until} - {limit}" if limit is not None else "")
        + f" AND created_at < {until} AND closed_at >= {until}"
        for k, limit in enumerate(SPAN_LIMITS)
    )


async def events_between(c: aiosqlite.Connection, since: int, until: int) -> list[EventRow]:
    """Events reported, accepted, closed or reopened in [since, until), or open at some moment in it.

    The ids are gathered first, each branch from an index alone, and each event's row is read once.
    """
    ids = (
        "SELECT id FROM events WHERE created_at >= :s AND created_at < :u"
        " UNION SELECT id FROM events WHERE accepted_at >= :s AND accepted_at < :u"
        " UNION SELECT id FROM events WHERE closed_at >= :s AND closed_at < :u AND created_at < :u"
        f" UNION {_closed_after(':u')}"
        f" UNION SELECT id FROM events WHERE {status_in(lifecycle.OPEN)} AND created_at < :u"
        " UNION SELECT event_id FROM event_log WHERE action = :r AND at >= :s AND at < :u"
    )
    sql = f"SELECT {_COLS} FROM events WHERE id IN ({ids})"
    return [EventRow._make(row) for row in await fetchall_in_thread(c, sql, {"s": since, "u": until, "r": REOPENED})]


async def reopenings(c: aiosqlite.Connection, since: int, until: int) -> list[LogRow]:
    """'reopened' log lines in [since, until), and the last one before it of each event accepted in it (its wait
    for the acceptance began there); and every line `digest.replay` reads, before `until`, of each event reopened
    or let go (handed back…) at or after `since` (its row no longer tells the weeks before)."""
    actions = ", ".join(f"'{a}'" for a in sorted(HISTORY))
    let_go = ", ".join(f"'{a}'" for a in sorted(LET_GO | {REOPENED}))
    rows = await fetchall_in_thread(  # in the order they were written (one second may hold an accept and a close)
        c,
        "SELECT event_id, at, action, actor_id, detail FROM ("
        "SELECT id, event_id, at, action, actor_id, detail FROM event_log WHERE action = :r AND at >= :s AND at < :u"
        " UNION SELECT l.id, l.event_id, MAX(l.at), l.action, l.actor_id, l.detail FROM event_log l"
        " JOIN events e ON e.id = l.event_id"
        " WHERE l.action = :r AND l.at < :s AND e.accepted_at >= :s AND e.accepted_at < :u GROUP BY l.event_id"
        # +action: by event (event_log_event), not every accepted/closed line of the whole history (event_log_action)
        " UNION SELECT id, event_id, at, action, actor_id, detail FROM event_log"
        f" WHERE +action IN ({actions}) AND at < :u"
        f" AND event_id IN (SELECT event_id FROM event_log WHERE action IN ({let_go}) AND at >= :s)) ORDER BY id",
        {"r": REOPENED, "s": since, "u": until},
    )
    return [LogRow._make(row) for row in rows]


# Her last word: an answer whose writer then opened the event again herself ("还没修好" under it), before it was
# closed or reopened again and before the week's end, is "not solved" (the question had lost its buttons).
_SENT_BACK = (
    "EXISTS (SELECT 1 FROM event_log l WHERE l.event_id = s.event_id AND l.action = :r AND l.actor_id = s.user_id"
    " AND l.at >= s.answered_at AND l.at < :u AND NOT EXISTS (SELECT 1 FROM event_log x"
    " WHERE x.event_id = s.event_id AND x.action IN (:r, :c) AND x.at >= s.answered_at AND x.at < l.at))"
)


# A question withdrawn unanswered: another who was asked it said "not solved", and the event opening again told the
# rest there was no need to answer (its 'survey_unanswered' line written with that reopening, within its second)
# before the week's
# end. Not one asked (``NOT_ASKED``): the answers are fewer, not fewer of those asked.
_WITHDRAWN = (
    "EXISTS (SELECT 1 FROM event_log l WHERE l.event_id = s.event_id AND l.action = :r AND l.at >= s.created_at"
    " AND l.at < :u AND EXISTS (SELECT 1 FROM event_log w WHERE w.event_id = s.event_id AND w.action = :w"
    " AND w.at BETWEEN l.at AND l.at + 1) AND NOT EXISTS (SELECT 1 FROM event_log x"
    " WHERE x.event_id = s.event_id AND x.action IN (:r, :c) AND x.at >= s.created_at AND x.at < l.at))"
)


async def surveys_between(c: aiosqlite.Connection, since: int, until: int) -> list[SurveyRow]:
    """Surveys asked in [since, until), each answer as its writer last said it (``_SENT_BACK``), one withdrawn
    unanswered by another's "not solved" as not asked (``_WITHDRAWN``)."""
    rows = await fetchall_in_thread(
        c,
        f"SELECT event_id, worker_id, CASE WHEN status = 'unanswered' AND {_WITHDRAWN} THEN :na ELSE status END,"
        f" CASE WHEN status = 'answered' AND choice != :n AND {_SENT_BACK} THEN :n ELSE choice END, created_at"
        " FROM surveys s WHERE created_at >= :s AND created_at < :u",
        {
            "s": since,
            "u": until,
            "r": REOPENED,
            "c": CLOSED,
            "n": "not_solved",
            "w": "survey_unanswered",
            "na": NOT_ASKED,
        },
    )
    return [SurveyRow._make(row) for row in rows]


_CLOSED = status_in(frozenset({Status.CLOSED}), column="+status")  # + : by closed_at, not by status
_MEDIAN = (  # an event reopened since the week began: its last 'closed' line in the week (bot/core/digest.py)
    "WITH r AS (SELECT event_id FROM event_log WHERE action = :r AND at >= :s),"
    " w AS (SELECT closed_at - created_at AS d FROM events"
    f" WHERE closed_at >= :s AND closed_at < :e AND {_CLOSED} AND id NOT IN r AND IFNULL(outcome, '') != :d"
    # a reopened one: its last close in the week (SQLite gives the MAX row's other columns), untimed if a duplicate,
    # and none if the week reopened it after that close (open at its end)
    " UNION ALL SELECT d FROM (SELECT MAX(l.at) - e.created_at AS d, l.detail AS detail, MAX(l.at) AS last,"
    " l.event_id AS ev FROM event_log l"
    " JOIN events e ON e.id = l.event_id WHERE l.action = :c AND l.at >= :s AND l.at < :e AND l.event_id IN r"
    " GROUP BY l.event_id) WHERE IFNULL(detail, '') NOT LIKE :dl AND NOT EXISTS (SELECT 1 FROM event_log x"
    " WHERE x.event_id = ev AND x.action = :r AND x.at >= last AND x.at < :e))"
    " SELECT AVG(d) FROM (SELECT d FROM w ORDER BY d"
    " LIMIT 2 - (SELECT COUNT(*) FROM w) % 2 OFFSET ((SELECT COUNT(*) FROM w) - 1) / 2)"
)


async def close_medians(c: aiosqlite.Connection, bounds: Sequence[tuple[int, int]]) -> list[float | None]:
    """Median time to close (seconds) of the events closed in each [start, end) (a duplicate is timed for no one,
    as in the digest), None where none were: the
    middle one, or the mean of the two middle ones. SQLite sorts each week's few thousand durations and
    returns one number, instead of tens of thousands of rows to sort in Python."""
    out: list[float | None] = []
    for start, end in bounds:
        marks = {"s": start, "e": end, "r": REOPENED, "c": CLOSED, "d": DUPLICATE, "dl": f"{DUPLICATE}%"}
        rows = await fetchall_in_thread(c, _MEDIAN, marks)
        out.append(None if rows[0][0] is None else float(rows[0][0]))
    return out


async def spots_between(c: aiosqlite.Connection, since: int, until: int) -> list[SpotRow]:
    """Events with a building reported in [since, until), counted by place and category (first report's time);
    one closed as a duplicate of another is that other's problem, not one more, and where nothing was found there
    was none (``types.NO_PROBLEM_HERE``)."""
    rows = await fetchall_in_thread(
        c,
        "SELECT building, unit, category, MIN(created_at), COUNT(*) FROM events"
        f" WHERE created_at >= ? AND created_at < ? AND building IS NOT NULL AND {NOT_NO_PROBLEM}"
        " GROUP BY building, unit, category",
        (since, until),
    )
    return [SpotRow._make(row) for row in rows]


async def mark_sent(c: aiosqlite.Connection, week: str, chat_id: int, now: int) -> bool:
    """Record the week as digested; False when it already was (then queue nothing)."""
    cur = await c.execute(
        "INSERT INTO digests_sent (week, chat_id, queued_at) VALUES (?, ?, ?) ON CONFLICT (week) DO NOTHING",
        (week, chat_id, now),
    )
    return cur.rowcount == 1


async def was_sent(c: aiosqlite.Connection, week: str) -> bool:
    """Whether the week's digest was queued already."""
    return await one(c, "SELECT 1 FROM digests_sent WHERE week = ?", (week,)) is not None
