"""Second diff review (stop 46), mended: the trend's SQL median (storage.digest.close_medians) and the digest's own
close median disagree on a reopened event whose last close in the week is a duplicate: the SQL drops the duplicate
line and times the earlier 'fixed' close; week_figures leaves the event untimed."""

from __future__ import annotations

from pathlib import Path

from test_digest_core import SH, W1, at, ev

from bot.core import weeks
from bot.core.digest import week_figures
from bot.core.digest_types import LogRow
from storage import digest
from storage.db import open_db


async def test_sql_and_python_close_medians_agree_on_a_reopened_duplicate(tmp_path: Path) -> None:
    week = weeks.parse_week("2026-W47", SH)
    created = at(16, 8)
    lines = [
        (1, at(16, 9), "accepted", W1, None),
        (1, at(16, 10), "closed", W1, "fixed"),
        (1, at(16, 11), "reopened", None, None),
        (1, at(16, 12), "accepted", W1, None),
        (1, at(16, 13), "closed", W1, "duplicate: #2"),
    ]
    row = ev(1, created, st="closed", who=W1, acc=at(16, 12), done=at(16, 13), out="duplicate")
    this = week_figures([row], [LogRow(*x) for x in lines], [], week.start, week.end)
    c = await open_db(tmp_path / "d.db")
    try:
        await c.execute(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at,"
            " accepted_at, closed_at, outcome) VALUES (1, -1, 1, 7, 'x', 'repair', 'green', 'closed', ?, ?, ?, ?)",
            (created, at(16, 12), at(16, 13), "duplicate"),
        )
        await c.executemany(
            "INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (?, ?, ?, ?, ?)", lines
        )
        [sql] = await digest.close_medians(c, [(week.start, week.end)])
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
    week = weeks.parse_week("2026-W47", SH)
    created = at(16, 8)
    lines = [
        (1, at(16, 9), "accepted", W1, None),
        (1, at(17, 8), "closed", W1, "fixed"),
        (1, at(18, 9), "reopened", None, None),
    ]
    row = ev(1, created, st="dispatched", who=W1, done=at(17, 8))  # reopened: the row keeps its old closed_at
    this = week_figures([row], [LogRow(*x) for x in lines], [], week.start, week.end)
    assert (this.closed.total, this.closed.by_outcome, this.close.n, this.closed_late) == (0, {}, 0, 0)
    assert (this.open.total, this.reopened.total, this.accept.n) == (1, 1, 1)
    assert [(w.worker_id, w.accepted, w.closed) for w in this.workers] == [(W1, 1, 0)]
    c = await open_db(tmp_path / "d.db")
    try:
        await c.execute(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at,"
            " closed_at) VALUES (1, -1, 1, 7, 'x', 'repair', 'green', 'dispatched', ?, ?)",
            (created, at(17, 8)),
        )
        await c.executemany(
            "INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (?, ?, ?, ?, ?)", lines
        )
        assert await digest.close_medians(c, [(week.start, week.end)]) == [None]  # the trend: no close either
        # fixed again on Friday: that close is the week's, timed from the report
        again = [(1, at(20, 9), "accepted", W1, None), (1, at(20, 18), "closed", W1, "fixed")]
        await c.executemany(
            "INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (?, ?, ?, ?, ?)", again
        )
        await c.execute(
            "UPDATE events SET status = 'closed', accepted_at = ?, closed_at = ?, outcome = 'fixed'",
            (at(20, 9), at(20, 18)),
        )
        assert await digest.close_medians(c, [(week.start, week.end)]) == [at(20, 18) - created]
    finally:
        await c.close()
    row = ev(1, created, st="closed", who=W1, acc=at(20, 9), done=at(20, 18), out="fixed")
    this = week_figures([row], [LogRow(*x) for x in lines + again], [], week.start, week.end)
    assert (this.closed.total, this.closed.by_outcome, this.close.n, this.close.median) == (
        1,
        {"fixed": 1},
        1,
        at(20, 18) - created,
    )
    assert [(w.worker_id, w.accepted, w.closed) for w in this.workers] == [(W1, 1, 1)]
