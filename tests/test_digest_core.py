"""Digest maths on events with known times: every figure, hot spots and week boundaries in Asia/Shanghai.

Over 300 lines: each figure's definition has its case here, on the same few rows."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core import weeks
from bot.core.digest import compute, durations, hot_spots, percentile, satisfaction, week_figures
from bot.core.digest_types import EventRow, HotSpot, LogRow, Satisfaction, SpotRow, SurveyRow
from bot.render import digest_text

SH = ZoneInfo("Asia/Shanghai")
W1, W2 = 11, 12  # workers


def at(day: int, hh: int = 0, mm: int = 0, month: int = 11) -> int:
    """Epoch seconds of a local Shanghai time in 2026."""
    return int(datetime(2026, month, day, hh, mm, tzinfo=SH).timestamp())


def ev(
    id_: int,
    created: int,
    *,
    cat: str = "repair",
    urg: str = "green",
    grid: str | None = "A",
    b: str | None = None,
    u: str | None = None,
    st: str = "new",
    who: int | None = None,
    acc: int | None = None,
    done: int | None = None,
    due: int | None = None,
    out: str | None = None,
) -> EventRow:
    """An event row: category, urgency, grid, building, unit, status (`st`), worker, times (`done`: closed), and
    how it ended (`out`)."""
    return EventRow(id_, cat, urg, grid, b, u, st, who, created, acc, done, due, out)


EVENTS = [
    ev(1, at(16, 8), urg="red", b="3", u="2", st="closed", who=W1, acc=at(16, 8, 30), done=at(16, 10), due=at(16, 12)),
    ev(2, at(17, 9), urg="yellow", b="3", u="2", st="closed", who=W1, acc=at(17, 10), done=at(18, 9), due=at(17, 21)),
    ev(3, at(22, 23, 30), cat="noise", grid="B", b="6", st="dispatched", who=W2),
    ev(4, at(23, 0), b="3", u="2"),  # next week: Monday 00:00 local
    ev(
        5,
        at(15, 23, 59),
        cat="sanitation",
        urg="yellow",
        b="1",
        st="accepted",
        who=W2,
        acc=at(16, 0, 29),
        due=at(16, 12),
    ),
    ev(6, at(11, 10), cat="care", urg="red", grid="B", st="dispatched", who=W2, done=at(11, 12)),
    ev(7, at(25, 10, month=10), b="3", u="2", st="closed", who=W1, done=at(26, 10, month=10)),
    ev(8, at(23, 23, month=10), b="3", u="2", st="closed", who=W1, done=at(25, 9, month=10)),
    ev(9, at(12, 9), cat="noise", grid="B", b="6", st="closed", who=W2, done=at(12, 20)),
    ev(10, at(13, 9), cat="noise", grid="B", b="6", u="1", st="closed", who=W2, done=at(13, 20)),
    ev(11, at(19, 15), cat="other", st="cancelled"),
]
LOGS = [LogRow(6, at(17, 10), "reopened"), LogRow(6, at(17, 10), "notified")]
SURVEYS = [
    SurveyRow(1, W1, "answered", "satisfied", at(16, 10, 5)),
    SurveyRow(2, W1, "answered", "not_solved", at(18, 9, 5)),
    SurveyRow(2, W1, "unanswered", None, at(18, 9, 5)),
    SurveyRow(6, W2, "answered", "satisfied", at(11, 12, 5)),
]
SPOTS = [SpotRow(e.building, e.unit, e.category, e.created_at) for e in EVENTS if e.building]


def digest():
    week = weeks.parse_week("2026-W47", SH)
    prev = weeks.shift(week, -1, SH)
    trend = [(weeks.shift(week, i, SH).label, 3600.0 * (8 + i)) for i in range(-7, 1)]  # as storage reads them
    return compute(week, prev, EVENTS, LOGS, SURVEYS, weeks.day_starts(week, SH), trend, SPOTS)


def test_week_bounds_in_shanghai():
    w = weeks.parse_week("2026-W47", SH)
    assert datetime.fromtimestamp(w.start, UTC) == datetime(2026, 11, 15, 16, tzinfo=UTC)
    assert datetime.fromtimestamp(w.end, UTC) == datetime(2026, 11, 22, 16, tzinfo=UTC)
    assert weeks.week_of(datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC), SH).label == "2026-W47"
    assert weeks.week_of(datetime(2026, 11, 22, 16, 0, 0, tzinfo=UTC), SH).label == "2026-W48"
    # Sunday 20:00 UTC is already Monday 04:00 in Shanghai.
    assert weeks.week_of(datetime(2026, 11, 15, 20, tzinfo=UTC), SH).label == "2026-W47"
    assert weeks.parse_week("2026w5", SH).label == "2026-W05"


def test_year_boundary_and_bad_weeks():
    assert weeks.week_of(datetime(2027, 1, 1, 12, tzinfo=SH), SH).label == "2026-W53"
    assert weeks.shift(weeks.parse_week("2026-W53", SH), 1, SH).label == "2027-W01"
    for bad in ("2027-W53", "2026-W00", "2026-47", "next week", "2026-W99", "0001-W01", "9999-W52"):
        with pytest.raises(weeks.WeekError):
            weeks.parse_week(bad, SH)


def test_days_of_a_week_with_a_clock_change():
    berlin = ZoneInfo("Europe/Berlin")
    bounds = weeks.day_starts(weeks.parse_week("2026-W43", berlin), berlin)  # DST ends Sun 25 Oct
    lengths = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
    assert lengths == [86400] * 6 + [90000]


def test_due_weeks_follow_the_schedule_and_look_back_a_week():
    mon9 = time(9, 0)
    before = datetime(2026, 11, 23, 8, 59, tzinfo=SH)
    after = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    assert weeks.this_weeks_instant(before, SH, 0, mon9) == after

    def due(now: datetime, weekday: int = 0, at: time = mon9) -> list[str]:
        return [w.label for w in weeks.due_weeks(now, SH, weekday, at)]

    assert due(before) == ["2026-W46"]  # this week's not yet; last week's (W46) still due if never sent
    assert due(after) == ["2026-W46", "2026-W47"]
    assert due(datetime(2026, 11, 29, 23, 59, tzinfo=SH)) == ["2026-W46", "2026-W47"]
    assert due(datetime(2026, 11, 27, 17, 29, tzinfo=SH), 4, time(17, 30)) == ["2026-W46"]
    assert due(datetime(2026, 11, 27, 18, tzinfo=SH), 4, time(17, 30)) == ["2026-W46", "2026-W47"]
    # a Sunday 20:00 digest whose time passed while the bot was down: still due on Monday
    assert due(datetime(2026, 11, 30, 1, 0, tzinfo=SH), 6, time(20, 0)) == ["2026-W47"]


def test_percentiles():
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
    d = durations([4, 1, 3, 2])
    assert (d.n, d.median, d.p90) == (4, 2.5, 4)


def test_new_closed_open_reopened():
    this = digest().this
    # 1, 2, 3; not 11 (cancelled: withdrawn by its writer, no report), 4 (next Monday 00:00) nor 5 (Sunday 23:59)
    assert this.new.total == 3
    assert this.new.by_category == {"repair": 2, "noise": 1}
    assert this.new.by_urgency == {"red": 1, "yellow": 1, "green": 1}
    assert this.new.by_grid == {"A": 2, "B": 1}
    assert this.closed.total == 2 and this.closed.by_urgency == {"red": 1, "yellow": 1}
    assert this.open.total == 3 and this.open.by_category == {"noise": 1, "sanitation": 1, "care": 1}
    assert this.open.by_grid == {"B": 2, "A": 1}
    assert this.reopened.total == 1 and this.reopened.by_category == {"care": 1}


def test_closes_are_counted_by_outcome_and_nothing_found_is_never_fixed():
    """A worker who went and found nothing closes as "nothing found": the week's closes say so on a line of their
    own, each outcome its own count (never added to "fixed")."""
    week = weeks.parse_week("2026-W47", SH)
    rows = [
        ev(1, at(16, 8), st="closed", who=W1, acc=at(16, 9), done=at(16, 10), out="fixed"),
        ev(2, at(16, 20), urg="red", st="closed", who=W1, acc=at(16, 21), done=at(16, 22), out="nothing_found"),
        ev(3, at(17, 20), urg="red", st="closed", who=W1, acc=at(17, 21), done=at(17, 22), out="nothing_found"),
        ev(4, at(18, 8), st="closed", who=W2, acc=at(18, 9), done=at(18, 10), out="referred"),
        ev(5, at(18, 9), st="accepted", who=W2, acc=at(18, 10)),
    ]
    this = week_figures(rows, [], [], week.start, week.end)
    assert this.closed.total == 4
    assert this.closed.by_outcome == {"fixed": 1, "nothing_found": 2, "referred": 1}
    d = compute(week, weeks.shift(week, -1, SH), rows, [], [], weeks.day_starts(week, SH), [], [])
    text = digest_text.plain(digest_text.render("zh-Hans", d, SH))
    assert "办结结果：现场未发现问题 2 · 问题已解决 1 · 已转交相关部门 1" in text
    assert "Closed as: nothing found on site 2 · fixed 1 · referred" in digest_text.plain(
        digest_text.render("en", d, SH)
    )


def test_times_and_due():
    this = digest().this
    assert (this.accept.n, this.accept.median, this.accept.p90) == (3, 1800, 3600)
    assert (this.close.n, this.close.median, this.close.p90) == (2, 46800, 86400)
    assert this.overdue_open == 1  # event 5, due Monday noon, still open
    assert this.closed_late == 1  # event 2, closed the day after its due time


def test_an_event_nobody_accepted_is_overdue_once_it_waited_longer_than_its_colour_allows():
    """Committee review: a report nobody accepted for days was never "超时" in the digest (only a fix-by time, set on
    acceptance, made an event overdue), while the console's board counted it. With the policy's waiting limits the
    digest counts it as the board does; one accepted after the week's end was waiting at its end."""
    week = weeks.parse_week("2026-W47", SH)
    waiting = {"red": 300, "yellow": 1800, "green": 3600}
    rows = [
        ev(1, at(12, 9), st="dispatched", who=W1),  # waiting since the week before
        ev(2, at(22, 23, 30), st="dispatched", who=W1),  # Sunday 23:30: waited 30 minutes, under green's hour
        ev(3, at(18, 9), urg="red", st="accepted", who=W1, acc=at(25, 9), due=at(25, 13)),  # taken the week after
        ev(4, at(18, 9), st="accepted", who=W1, acc=at(18, 9, 10), due=at(30, 9)),  # taken, due later: not late
    ]
    assert week_figures(rows, [], [], week.start, week.end, waiting).overdue_open == 2  # 1 and 3
    assert week_figures(rows, [], [], week.start, week.end).overdue_open == 0  # without the limits, as before
    # accepted, then handed back (its row forgot the acceptance; its log tells it): waiting since the report
    back = [ev(5, at(16, 9), st="dispatched", who=W2)]
    lines = [LogRow(5, at(16, 9, 5), "accepted", W1), LogRow(5, at(16, 10), "handed_back", W1)]
    assert week_figures(back, lines, [], week.start, week.end, waiting).overdue_open == 1


def test_satisfaction_and_workers():
    this = digest().this
    s = this.satisfaction
    assert (s.asked, s.answered, s.satisfied, s.not_solved) == (3, 2, 1, 1)
    assert s.share_satisfied == 0.5 and s.share_not_solved == 0.5 and s.share_answered == pytest.approx(2 / 3)
    w1, w2 = this.workers
    assert (w1.worker_id, w1.accepted, w1.closed) == (W1, 2, 2)
    assert (w1.accept.median, w1.close.median) == (2700, 46800)
    assert (w1.rating.answered, w1.rating.satisfied) == (2, 1)
    assert (w2.worker_id, w2.accepted, w2.closed, w2.accept.median, w2.close.n) == (W2, 1, 0, 1800, 0)
    assert w2.rating.asked == 0


def test_a_question_that_could_be_sent_nowhere_is_not_counted_as_asked():
    """A forgotten resident who blocked the bot gets no question (recorded 'not_asked'): not one asked, nor one
    left unanswered, for the worker's rating either."""
    rows = [SurveyRow(1, W1, "answered", "satisfied", at(16)), SurveyRow(1, W1, "not_asked", None, at(16))]
    s = satisfaction(rows)
    assert (s.asked, s.answered, s.satisfied, s.share_answered) == (1, 1, 1, 1.0)


def test_previous_week():
    prev = digest().prev
    assert prev.new.total == 4  # 5, 6, 9, 10
    assert prev.closed.total == 2  # 9, 10 (6 was reopened since and counts as open)
    assert prev.open.total == 2  # 5 and 6
    assert prev.satisfaction.answered == 1 and prev.satisfaction.share_satisfied == 1.0
    assert not prev.quiet


def test_per_day_by_colour():
    days = digest().per_day
    assert len(days) == 7
    assert days[0] == {"red": 1, "yellow": 0, "green": 0}
    assert days[1] == {"red": 0, "yellow": 1, "green": 0}
    assert days[3] == {"red": 0, "yellow": 0, "green": 0}  # 11, withdrawn that Thursday: no report, as in "new"
    assert days[6] == {"red": 0, "yellow": 0, "green": 1}  # Sunday 23:30
    assert sum(sum(d.values()) for d in days) == digest().this.new.total == 3  # the bars add up to "新报 3"


def test_hot_spots_unit_and_building():
    spots = digest().hot_spots
    # 3-2 repair: events 1, 2 and 7 (25 Oct); 8 (23 Oct 23:00) is 30 days + 1 h before the end, 4 is after it.
    assert spots == [HotSpot("3", "2", "repair", 3), HotSpot("6", None, "noise", 3)]


def test_hot_spot_needs_three():
    rows = [SpotRow("5", "1", "repair", 10), SpotRow("5", "1", "repair", 20), SpotRow("5", "1", "noise", 30)]
    assert hot_spots(rows, 0, 100) == []
    assert hot_spots(rows + [SpotRow("5", "1", "repair", 40)], 0, 100) == [HotSpot("5", "1", "repair", 3)]
    assert hot_spots(rows + [SpotRow("5", "1", "repair", 100)], 0, 100) == []  # until is exclusive


def test_hot_spots_as_often_come_in_the_order_of_the_buildings():
    """Committee review: "10号楼" came before "3号楼", and unit 10 before unit 2, as text sorts them."""
    rows = [SpotRow(b, u, "repair", 10, 3) for b, u in (("10", "1"), ("3", "10"), ("3", "2"), ("2A", "1"), ("2", "1"))]
    assert [(h.building, h.unit) for h in hot_spots(rows, 0, 100)] == [
        ("2", "1"),
        ("2A", "1"),
        ("3", "2"),
        ("3", "10"),
        ("10", "1"),
    ]


def test_the_trend_is_carried_oldest_first():
    trend = digest().trend
    assert [label for label, _ in trend][-2:] == ["2026-W46", "2026-W47"]
    assert len(trend) == 8 and trend[-1][1] == 8 * 3600.0 and trend[0][1] == 3600.0


def test_quiet_week():
    week = weeks.parse_week("2026-W10", SH)
    d = compute(week, weeks.shift(week, -1, SH), [], [], [], weeks.day_starts(week, SH), [(week.label, None)], [])
    assert d.this.quiet and d.this.new.total == 0 and d.hot_spots == [] and d.trend == [("2026-W10", None)]


def test_a_quiet_week_still_shows_its_survey_answers_and_points():
    """Surveys are counted in the week they are asked (two hours after a close): a Sunday-evening close's answers
    fall in a week where nothing else moved, and must not vanish; nor must that week's points."""
    from dataclasses import replace

    from bot.core.digest_types import Satisfaction
    from bot.render.digest_text import render

    week = weeks.parse_week("2026-W10", SH)
    d = compute(week, weeks.shift(week, -1, SH), [], [], [], weeks.day_starts(week, SH), [(week.label, None)], [])
    d = replace(
        d,
        this=replace(d.this, satisfaction=Satisfaction(asked=1, answered=1, satisfied=1)),
        points_residents=[(5001, 10)],
    )
    assert d.this.quiet
    text = render("en", d, SH, worker_name=lambda u: f"user{u}")
    assert "quiet week" in text.lower()
    assert "🙂 Satisfied" in text and "surveys answered 100%, 1 of 1" in text  # the count beside the share
    assert "user5001" in text


def test_a_reopened_events_acceptance_counts_from_its_last_reopening() -> None:
    """Reopened (in the week before, and again in this one) and accepted: the wait began at the last reopening
    before the acceptance, not at the report."""
    w = weeks.parse_week("2026-W47", SH)
    row = ev(20, at(9, 9), st="accepted", who=W1, acc=at(17, 9, 10))
    logs = [LogRow(20, at(10, 9), "reopened"), LogRow(20, at(17, 9), "reopened"), LogRow(20, at(18, 9), "reopened")]
    figures = week_figures([row], logs, [], w.start, w.end)
    assert figures.accept.median == 600  # from Tuesday 09:00, not from the report a week before
    assert week_figures([row], [], [], w.start, w.end).accept.median == at(17, 9, 10) - at(9, 9)


def test_a_week_in_which_open_work_sat_untouched_is_not_called_quiet():
    """Committee review: W49 read "本周平安无事" while an overdue red and four reports waited; its 30-day hot spot and
    what was open were left out. Nothing moved, so the counts stay short, but it says work waits, and shows both."""
    week = weeks.parse_week("2026-W48", SH)
    waiting = {"red": 300, "yellow": 1800, "green": 3600}
    rows = [
        ev(1, at(16, 9), urg="red", b="3", u="2", st="dispatched", who=W1),
        ev(2, at(17, 9), b="3", u="2", st="dispatched", who=W1),
    ]
    spots = [SpotRow("3", "2", "repair", at(16, 9), 3)]
    d = compute(week, weeks.shift(week, -1, SH), rows, [], [], weeks.day_starts(week, SH), [], spots, waiting)
    assert d.this.quiet and d.this.overdue_open == 2
    text = digest_text.plain(digest_text.render("zh-Hans", d, SH))
    assert "平安无事" not in text and "仍有 2 件未办结，其中 2 件已超时" in text
    assert "3号楼2单元" in text  # the hot spot
    assert "超时未办结：#1 🔴 #2 🟢" in text  # which ones, reds first (committee review: none was named)
    assert d.this.overdue_events == [(1, "red"), (2, "green")]
    assert "平安无事" in digest_text.plain(
        digest_text.render(
            "zh-Hans", compute(week, weeks.shift(week, -1, SH), [], [], [], weeks.day_starts(week, SH), [], []), SH
        )
    )


def test_a_duplicate_is_counted_as_closed_but_timed_for_no_one():
    """Committee review: a duplicate is accepted and closed at once (Close needs Accept), so it pulled the week's
    response and fix medians down and added to its worker's counts as if it were work of its own."""
    week = weeks.parse_week("2026-W47", SH)
    rows = [
        ev(1, at(16, 8), st="closed", who=W1, acc=at(16, 11), done=at(16, 20), out="fixed"),
        ev(2, at(16, 9), st="closed", who=W1, acc=at(16, 9, 1), done=at(16, 9, 2), out="duplicate"),
    ]
    this = week_figures(rows, [], [], week.start, week.end)
    assert this.closed.total == 2 and this.closed.by_outcome == {"fixed": 1, "duplicate": 1}
    assert (this.accept.n, this.accept.median) == (1, 3 * 3600)
    assert (this.close.n, this.close.median) == (1, 12 * 3600)
    [worker] = this.workers
    assert (worker.accepted, worker.closed) == (1, 1)


def test_a_week_asked_for_before_it_ends_is_told_as_it_stands_then():
    """Committee review: /digest of the week under way, asked on Wednesday, named as past due a report accepted on
    Tuesday and due on Friday, and one made ten minutes before (green may wait an hour): it judged them by the
    week's Sunday midnight. Asked on Wednesday, it says what is past due on Wednesday, and its dates end there."""
    week = weeks.parse_week("2026-W48", SH)
    waiting = {"red": 300, "yellow": 1800, "green": 3600}
    now = at(25, 12)  # Wednesday noon
    rows = [
        ev(1, at(24, 9), st="accepted", who=W1, acc=at(24, 9, 10), due=at(27, 18)),  # due Friday
        ev(2, at(25, 11, 50), st="dispatched", who=W1),  # ten minutes ago
        ev(3, at(23, 9), urg="red", st="dispatched", who=W1),  # waiting since Monday: past due indeed
        ev(4, at(24, 8), st="accepted", who=W2, acc=at(24, 8, 5), due=at(24, 20)),  # due Tuesday night
    ]
    d = compute(week, weeks.shift(week, -1, SH), rows, [], [], weeks.day_starts(week, SH), [], [], waiting, now)
    assert d.this.overdue_events == [(3, "red"), (4, "green")] and d.this.overdue_open == 2
    assert "（11-23 至 11-25）" in digest_text.plain(digest_text.render("zh-Hans", d, SH))
    done = compute(week, weeks.shift(week, -1, SH), rows, [], [], weeks.day_starts(week, SH), [], [], waiting)
    assert done.this.overdue_open == 4  # the week over, all four waited past it


def test_a_week_under_way_is_compared_with_as_much_of_the_week_before():
    """Committee review: asked on Wednesday noon, "新报 2 (−3)" compared two and a half days with the whole week
    before, which read as a quiet week getting better. Monday to Wednesday noon now goes with the same span before."""
    week = weeks.parse_week("2026-W48", SH)
    rows = [
        ev(1, at(23, 9), st="closed", who=W1, acc=at(23, 9, 10), done=at(23, 12)),  # this Monday
        ev(2, at(25, 11), st="dispatched", who=W1),  # this Wednesday morning
        ev(3, at(16, 9), st="closed", who=W1, acc=at(16, 9, 10), done=at(16, 12)),  # last Monday
        ev(4, at(19, 9), st="closed", who=W1, acc=at(19, 9, 10), done=at(19, 12)),  # last Thursday
        ev(5, at(21, 9), st="closed", who=W1, acc=at(21, 9, 10), done=at(21, 12)),  # last Saturday
    ]
    prev = weeks.shift(week, -1, SH)
    d = compute(week, prev, rows, [], [], weeks.day_starts(week, SH), [], [], None, at(25, 12))
    assert (d.this.new.total, d.prev.new.total, d.prev.closed.total) == (2, 1, 1)
    assert "新报 2（上周同期 1）" in digest_text.plain(digest_text.render("zh-Hans", d, SH))  # what it is compared with
    assert "New 2 (same time last week 1)" in digest_text.plain(digest_text.render("en", d, SH))
    done = compute(week, prev, rows, [], [], weeks.day_starts(week, SH), [], [])
    assert done.prev.new.total == 3  # a week over: the whole week before


@pytest.mark.parametrize(
    ("seconds", "zh", "en"),
    [
        (20, "不到1分钟", "under 1 min"),  # accepted from the card at once: not "0分钟"
        (30 * 60, "30分钟", "30 min"),
        (59 * 60 + 45, "1小时", "1 h"),  # not "60分钟"
        (90 * 60, "1.5小时", "1.5 h"),
        (47 * 3600 + 59 * 60, "2天", "2 d"),  # not "48小时"
        (3 * 86400, "3天", "3 d"),
    ],
)
def test_a_duration_reads_as_a_person_would_say_it(seconds: int, zh: str, en: str) -> None:
    """Committee review: a worker who accepts from the card within seconds read "接单用时 0分钟", and 59¾ minutes
    read "60分钟" (47 h 59 min "48小时"): each is said in the unit it rounds to."""
    assert digest_text.duration("zh-Hans", seconds) == zh
    assert digest_text.duration("en", seconds) == en


def test_the_share_answered_says_of_how_many_questions() -> None:
    """Committee secretary review: "回访回复率 33%，3 份回复 1 份" read as "3 replies, 1 reply"; it says "of 3, 1"."""
    said = digest_text.plain(digest_text._satisfaction("zh-Hans", Satisfaction(3, 1, 1), Satisfaction()))
    assert "回访回复率 33%（3 份中回复 1 份）" in said, said
