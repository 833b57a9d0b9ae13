"""Second diff review (stop 46), mended: the trend's SQL median (storage.digest.close_medians) and the digest's own
close median disagree on a reopened event whose last close in the week is a duplicate: the SQL drops the duplicate
line and times the earlier 'fixed' close; week_figures leaves the event untimed."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
from test_digest_core import SH, W1, at, ev

from bot.core import weeks
from bot.core.digest import week_figures
from bot.core.digest_types import EventRow, LogRow, WeekFigures
from storage import digest
from storage.db import open_db

WEEK = weeks.parse_week("2026-W47", SH)
CREATED = at(16, 8)  # the report: Monday 08:00 of WEEK
Line = tuple[int, int, str, int | None, str | None]  # an event_log row: event, at, action, actor, detail


def figures(row: EventRow, lines: list[Line]) -> WeekFigures:
    """The digest's figures of WEEK for the event `row` with these log lines."""
    return week_figures([row], [LogRow(*x) for x in lines], [], WEEK.start, WEEK.end)


async def logged(c: aiosqlite.Connection, lines: list[Line]) -> None:
    """The log lines stored in event_log."""
    await c.executemany("INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (?, ?, ?, ?, ?)", lines)


async def sql_medians(c: aiosqlite.Connection) -> list[float | None]:
    """The trend's close median of WEEK, as storage computes it."""
    return await digest.close_medians(c, [(WEEK.start, WEEK.end)])


async def test_sql_and_python_close_medians_agree_on_a_reopened_duplicate(tmp_path: Path) -> None:
    lines: list[Line] = [
        (1, at(16, 9), "accepted", W1, None),
        (1, at(16, 10), "closed", W1, "fixed"),
        (1, at(16, 11), "reopened", None, None),
        (1, at(16, 12), "accepted", W1, None),
        (1, at(16, 13), "closed", W1, "duplicate: #2"),
    ]
    row = ev(1, CREATED, st="closed", who=W1, acc=at(16, 12), done=at(16, 13), out="duplicate")
    this = figures(row, lines)
    c = await open_db(tmp_path / "d.db")
    try:
        await c.execute(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at,"
            " accepted_at, closed_at, outcome) VALUES (1, -1, 1, 7, 'x', 'repair', 'green', 'closed', ?, ?, ?, ?)",
            (CREATED, at(16, 12), at(16, 13), "duplicate"),
        )
        await logged(c, lines)
        [sql] = await sql_medians(c)
    finally:
        await c.close()
    assert this.close.n == 0  # the digest: timed for no one
    assert sql is None, sql  # the trend: timed from the 'fixed' close, 2 h


async def test_a_fix_the_resident_sent_back_in_the_same_week_is_no_close_of_it(tmp_path: Path) -> None:
    """Committee review: fixed on Tuesday, "not solved" on Wednesday and still open on Sunday night, the roof leak
    stood in the week's digest as 办结 1 with "问题已解决 1", its worker's close and a fix time of a day, beside
    未办结 1 and 重开 1; the trend's median timed it too. A close the week took back is none of its closes: open
    at the end, it counts as open (its acceptance stays: he did take it). Fixed again that week, that close
    counts."""
    lines: list[Line] = [
        (1, at(16, 9), "accepted", W1, None),
        (1, at(17, 8), "closed", W1, "fixed"),
        (1, at(18, 9), "reopened", None, None),
    ]
    row = ev(1, CREATED, st="dispatched", who=W1, done=at(17, 8))  # reopened: the row keeps its old closed_at
    this = figures(row, lines)
    assert (this.closed.total, this.closed.by_outcome, this.close.n, this.closed_late) == (0, {}, 0, 0)
    assert (this.open.total, this.reopened.total, this.accept.n) == (1, 1, 1)
    assert [(w.worker_id, w.accepted, w.closed) for w in this.workers] == [(W1, 1, 0)]
    c = await open_db(tmp_path / "d.db")
    try:
        await c.execute(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at,"
            " closed_at) VALUES (1, -1, 1, 7, 'x', 'repair', 'green', 'dispatched', ?, ?)",
            (CREATED, at(17, 8)),
        )
        await logged(c, lines)
        assert await sql_medians(c) == [None]  # the trend: no close either
        # fixed again on Friday: that close is the week's, timed from the report
        again: list[Line] = [(1, at(20, 9), "accepted", W1, None), (1, at(20, 18), "closed", W1, "fixed")]
        await logged(c, again)
        await c.execute(
            "UPDATE events SET status = 'closed', accepted_at = ?, closed_at = ?, outcome = 'fixed'",
            (at(20, 9), at(20, 18)),
        )
        assert await sql_medians(c) == [at(20, 18) - CREATED]
    finally:
        await c.close()
    row = ev(1, CREATED, st="closed", who=W1, acc=at(20, 9), done=at(20, 18), out="fixed")
    this = figures(row, lines + again)
    assert (this.closed.total, this.closed.by_outcome, this.close.n, this.close.median) == (
        1,
        {"fixed": 1},
        1,
        at(20, 18) - CREATED,
    )
    assert [(w.worker_id, w.accepted, w.closed) for w in this.workers] == [(W1, 1, 1)]
