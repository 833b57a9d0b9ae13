"""The digest's reads: the bounded query returns exactly the events of the plain definition; the medians."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import aiosqlite

from bot.core.console_query import EventFilter, Visibility
from storage import console_board, digest
from storage import export as export_store
from storage.connection import fetchall_in_thread
from storage.database import Database
from storage.db import open_db

DAY = 86400
STATUSES = ("new", "dispatched", "accepted", "closed", "cancelled")


def wanted(ev: dict, reopened: set[int], s: int, u: int) -> bool:
    """The definition: reported, accepted, closed or reopened in [s, u), or open at some moment in it."""
    closed, accepted = ev["closed_at"], ev["accepted_at"]
    return (
        s <= ev["created_at"] < u
        or (accepted is not None and s <= accepted < u)
        or (closed is not None and closed >= s and ev["created_at"] < u)
        or (ev["status"] in ("new", "dispatched", "accepted") and ev["created_at"] < u)
        or ev["id"] in reopened
    )


async def insert(c: aiosqlite.Connection, events: list[dict]) -> None:
    """Event rows with these ids, statuses and times (the rest filled in)."""
    await c.executemany(
        "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status,"
        " created_at, accepted_at, closed_at) VALUES (?, -1, ?, 7, 'x', 'repair', 'green', ?, ?, ?, ?)",
        [(e["id"], e["id"], e["status"], e["created_at"], e.get("accepted_at"), e["closed_at"]) for e in events],
    )


async def test_events_between_is_the_definition_for_any_week(tmp_path: Path) -> None:
    rng = random.Random(13)
    c = await open_db(tmp_path / "digest.db")
    try:
        events = []
        for i in range(1, 3001):
            created = rng.randint(0, 1000 * DAY)
            status = rng.choice(STATUSES)
            # every span class, a few closings "before" the report (a clock that moved back), some reopened
            took = rng.choice(
                (
                    rng.randint(-3600, DAY - 1),
                    rng.randint(DAY, 7 * DAY),
                    rng.randint(7 * DAY, 40 * DAY),
                    rng.randint(40 * DAY, 400 * DAY),
                    rng.randint(400 * DAY, 900 * DAY),
                )
            )
            closed = created + took if status in ("closed", "cancelled") or rng.random() < 0.1 else None
            accepted = created + rng.randint(0, DAY) if rng.random() < 0.7 else None
            events.append(
                {"id": i, "created_at": created, "closed_at": closed, "accepted_at": accepted, "status": status}
            )
        await insert(c, events)
        log = [(rng.randint(1, 3000), rng.randint(0, 1000 * DAY)) for _ in range(200)]
        await c.executemany("INSERT INTO event_log (event_id, at, action) VALUES (?, ?, 'reopened')", log)
        for _ in range(40):
            s = rng.randint(-10 * DAY, 1010 * DAY)
            u = s + rng.choice((7 * DAY, 14 * DAY, 1))
            reopened = {ev for ev, at in log if s <= at < u}
            got = {row.id for row in await digest.events_between(c, s, u)}
            assert got == {e["id"] for e in events if wanted(e, reopened, s, u)}
    finally:
        await c.close()


async def test_old_weeks_read_through_the_span_index(tmp_path: Path) -> None:
    c = await open_db(tmp_path / "digest.db")
    try:
        async with c.execute("EXPLAIN QUERY PLAN " + digest._closed_after(":u"), {"u": 1000}) as cur:
            plan = [row[3] for row in await cur.fetchall()]
        assert plan and all("events_closed_span" in step for step in plan if step.startswith("SEARCH")), plan
        assert not any(step.startswith("SCAN") for step in plan), plan
    finally:
        await c.close()


async def test_close_medians_are_the_median_of_each_weeks_closings(tmp_path: Path) -> None:
    """The middle value, or the mean of the two middle ones; closed events only; [start, end) by closed_at."""
    rng = random.Random(5)
    made = [rng.randint(0, 60 * DAY) for _ in range(1200)]
    took = [rng.choice((rng.randint(0, 3 * DAY), rng.randint(0, 40) * 600)) for _ in made]  # ties too
    rows = [
        {"id": i, "status": rng.choice(STATUSES), "created_at": m, "closed_at": m + t}
        for i, (m, t) in enumerate(zip(made, took, strict=True), start=1)
    ]
    c = await open_db(tmp_path / "digest.db")
    try:
        await insert(c, rows)
        bounds = [(w * 7 * DAY, (w + 1) * 7 * DAY) for w in range(10)] + [(5 * DAY, 5 * DAY + 1), (-DAY, 0)]
        got = await digest.close_medians(c, bounds)
        for (s, u), median in zip(bounds, got, strict=True):
            spans = [
                r["closed_at"] - r["created_at"] for r in rows if r["status"] == "closed" and s <= r["closed_at"] < u
            ]
            assert median == (float(statistics.median(spans)) if spans else None), (s, u)
        assert sum(m is not None for m in got) >= 9
        counts = [sum(1 for r in rows if r["status"] == "closed" and s <= r["closed_at"] < u) for s, u in bounds[:10]]
        assert {n % 2 for n in counts if n} == {0, 1}  # both an even and an odd number of closings were checked
    finally:
        await c.close()


async def test_long_reads_have_connections_of_their_own(tmp_path: Path) -> None:
    """The digest reads beside the bot: its connection stays free for writes, which the side readers then see."""
    db = await Database.open(tmp_path / "side.db")
    try:
        async with db.side_readers(2) as (one, two):
            assert one is not two and db.conn not in (one, two)
            async with db.tx() as c:  # not held up by the side readers
                await c.execute(
                    "INSERT INTO events (chat_id, message_id, reporter_id, text, category, urgency, status,"
                    " created_at) VALUES (-1, 1, 7, 'x', 'repair', 'green', 'dispatched', 5)"
                )
            assert await fetchall_in_thread(one, "SELECT COUNT(*) FROM events") == [(1,)]
            assert await digest.events_between(two, 0, 10) != []
    finally:
        await db.close()
    memory = await Database.open(":memory:")
    try:
        async with memory.side_readers(3) as conns:
            assert conns == [memory.conn] * 3  # no file to share: the one connection serves, in turn
    finally:
        await memory.close()


async def test_the_export_gives_no_close_time_to_an_event_reopened_and_open(tmp_path: Path) -> None:
    """Found in the digest review: a reopened event keeps its old closed_at (the digest reads its log), and the
    export showed an open event with a close time ("Status: dispatched · Closed: 11-23 10:10")."""
    c = await open_db(tmp_path / "export.db")
    try:
        await insert(
            c,
            [
                {"id": 1, "status": "dispatched", "created_at": 1000, "accepted_at": None, "closed_at": 2000},
                {"id": 2, "status": "closed", "created_at": 1000, "accepted_at": 1500, "closed_at": 3000},
            ],
        )
        rows = await export_store.events(c, None, None)
        assert [(r["id"], r["status"], r["closed_at"]) for r in rows] == [(1, "dispatched", None), (2, "closed", 3000)]
    finally:
        await c.close()


async def spot_at_unit_5_1(tmp_path: Path, rows: list[tuple[int, str, str | None]]) -> tuple[int, int, list[int]]:
    """Reports (id, status, outcome) of one problem at building 5 unit 1, a minute apart: what the digest's hot spot
    counts, what the console's cell counts, and the events its click-through lists."""
    c = await open_db(tmp_path / "spots.db")
    try:
        await c.executemany(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at,"
            " closed_at, outcome, building, unit) VALUES (?, -1, ?, 7, 'x', 'repair', 'green', ?, ?, ?, ?, '5', '1')",
            [(i, i, status, i * 60, i * 60 + 30 if outcome else None, outcome) for i, status, outcome in rows],
        )
        [spot] = await digest.spots_between(c, 0, DAY)
        [cell] = await console_board.place_counts(c, Visibility(everything=True), 0)  # the console's, the same
        limits = {"red": 600, "yellow": 3600, "green": 86400}
        listed, _ = await console_board.events_at(
            c, Visibility(everything=True), EventFilter(), 0, "5", 50, DAY, limits
        )
        return spot.count, cell.count, sorted(r.id for r in listed)
    finally:
        await c.close()


async def test_a_hot_spot_counts_no_report_closed_as_a_duplicate(tmp_path: Path) -> None:
    """Three reports of one problem at one unit, two closed as duplicates of the first: one problem, not a hot
    spot; a third, real one makes it one. An open report (no outcome yet) counts. The console's click-through listed
    the two duplicates too (4 under a "2")."""
    rows = [(1, "closed", "fixed"), (2, "closed", "duplicate"), (3, "closed", "duplicate"), (4, "dispatched", None)]
    assert await spot_at_unit_5_1(tmp_path, rows) == (2, 2, [1, 4])


async def test_a_withdrawn_report_makes_no_hot_spot(tmp_path: Path) -> None:
    """A resident who reported at the wrong unit and withdrew it ("发错了") reported no problem there: three reports,
    one withdrawn, are two, not the digest's hot spot nor the console's (nor listed under its cell)."""
    rows = [(1, "closed", "fixed"), (2, "cancelled", None), (3, "dispatched", None)]
    assert await spot_at_unit_5_1(tmp_path, rows) == (2, 2, [1, 3])


async def test_an_answer_its_writer_took_back_by_reopening_counts_as_not_solved(tmp_path: Path) -> None:
    """Committee review: she pressed "满意" on Tuesday, then wrote "还没修好" under the event on Wednesday, which opened
    it again; the week's digest still said 满意 100%. Her last word counts: not solved. A neighbour's "满意" stays
    hers, and so does an answer given after the event was reopened and fixed again."""
    c = await open_db(tmp_path / "surveys.db")
    try:
        await c.execute(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at)"
            " VALUES (1, -1, 1, 7, 'x', 'repair', 'green', 'closed', 0)"
        )
        await c.executemany(
            "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, status, choice, round, created_at,"
            " answered_at) VALUES (1, ?, ?, 11, 'answered', 'satisfied', ?, ?, ?)",
            [(7, 7, 1, 100, 200), (8, 8, 1, 100, 210), (7, 7, 2, 1000, 1100)],
        )
        await c.executemany(
            "INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (1, ?, ?, ?, ?)",
            [(300, "reopened", 7, "reply: not fixed"), (900, "closed", 11, "fixed")],
        )
        rows = await digest.surveys_between(c, 0, DAY)
        assert sorted((r.created_at, r.choice) for r in rows) == [
            (100, "not_solved"),
            (100, "satisfied"),
            (1000, "satisfied"),
        ]
        assert [r.choice for r in await digest.surveys_between(c, 0, 250)] == ["satisfied", "satisfied"]  # not yet
    finally:
        await c.close()


async def test_a_question_withdrawn_by_a_neighbours_not_solved_is_not_one_left_unanswered(tmp_path: Path) -> None:
    """Committee review: three neighbours asked one question in the group; the first said "not solved", the event
    opened again and the other two were told there was no need to answer, and the digest read "回访回复率 33%，3 份回复
    1 份". Those two were not asked after all. One left unanswered until its time ran out, the event reopened
    days later, was asked and not answered."""
    from bot.core.digest import satisfaction

    c = await open_db(tmp_path / "withdrawn.db")
    try:
        await c.executemany(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, text, category, urgency, status, created_at)"
            " VALUES (?, -1, ?, 7, 'x', 'repair', 'green', 'dispatched', 0)",
            [(1, 1), (2, 2)],
        )
        await c.executemany(
            "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, status, choice, round, created_at,"
            " answered_at) VALUES (?, ?, -1, 11, ?, ?, 1, 100, ?)",
            [
                (1, 7, "answered", "not_solved", 200),
                (1, 8, "unanswered", None, None),
                (1, 9, "unanswered", None, None),
                (2, 10, "unanswered", None, None),
            ],
        )
        await c.executemany(
            "INSERT INTO event_log (event_id, at, action, actor_id, detail) VALUES (?, ?, ?, ?, ?)",
            [
                (1, 200, "survey_unanswered", None, "2"),
                (1, 200, "reopened", 7, "survey 1: not_solved"),
                (2, 500, "survey_unanswered", None, "1"),
                (2, 800, "reopened", 1, "committee"),
            ],
        )
        s = satisfaction(await digest.surveys_between(c, 0, DAY))
        assert (s.asked, s.answered, s.not_solved) == (2, 1, 1)  # #1's answer and #2's question
    finally:
        await c.close()
