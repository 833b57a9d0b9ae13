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
