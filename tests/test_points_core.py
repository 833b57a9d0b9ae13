"""Points rules and the admin command parser: pure, no fixtures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from harness import make_event

from bot.core import points
from bot.core.points import AdminCommand, Award, Reason, Rules
from bot.core.types import Event, Outcome, Status

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
RULES = Rules()


def closed(outcome: Outcome, late: bool = False, assignee: int | None = 20, due: bool = True) -> Event:
    return make_event(
        id=7,
        reporter_id=10,
        status=Status.CLOSED,
        assignee_id=assignee,
        created_at=T0,
        accepted_at=T0,
        closed_at=T0 + timedelta(hours=49 if late else 1),
        outcome=outcome,
        due_at=T0 + timedelta(hours=48) if due else None,
    )


def test_fixed_in_time_rewards_reporter_and_worker() -> None:
    assert points.for_close(closed(Outcome.FIXED), RULES) == [
        Award(10, 10, Reason.REPORT_CONFIRMED, 7),
        Award(20, 5, Reason.CLOSED_IN_TIME, 7),
    ]


def test_referred_confirms_the_report() -> None:
    assert [a.reason for a in points.for_close(closed(Outcome.REFERRED), RULES)] == [
        Reason.REPORT_CONFIRMED,
        Reason.CLOSED_IN_TIME,
    ]


def test_cannot_fix_rewards_only_the_timely_worker_by_default() -> None:
    assert [a.reason for a in points.for_close(closed(Outcome.CANNOT_FIX), RULES)] == [Reason.CLOSED_IN_TIME]
    rules = Rules(confirmed_outcomes=points.parse_outcomes("fixed,referred,cannot_fix"))
    assert Reason.REPORT_CONFIRMED in [a.reason for a in points.for_close(closed(Outcome.CANNOT_FIX), rules)]


def test_duplicate_earns_nothing() -> None:
    assert points.for_close(closed(Outcome.DUPLICATE), RULES) == []


def test_late_or_without_due_time_gives_no_timely_award() -> None:
    assert [a.reason for a in points.for_close(closed(Outcome.FIXED, late=True), RULES)] == [Reason.REPORT_CONFIRMED]
    assert [a.reason for a in points.for_close(closed(Outcome.FIXED, due=False), RULES)] == [Reason.REPORT_CONFIRMED]
    assert [a.reason for a in points.for_close(closed(Outcome.FIXED, assignee=None), RULES)] == [
        Reason.REPORT_CONFIRMED
    ]


def test_closed_exactly_at_due_time_is_in_time() -> None:
    ev = closed(Outcome.FIXED)
    ev.closed_at = ev.due_at
    assert Reason.CLOSED_IN_TIME in [a.reason for a in points.for_close(ev, RULES)]


def test_open_event_earns_nothing_and_zero_switches_off() -> None:
    ev = closed(Outcome.FIXED)
    ev.status = Status.ACCEPTED
    assert points.for_close(ev, RULES) == []
    assert points.for_close(closed(Outcome.FIXED), Rules(report_confirmed=0, closed_in_time=0)) == []


def test_only_satisfied_rates_the_worker() -> None:
    assert points.for_rating(7, 20, "satisfied", RULES) == [Award(20, 3, Reason.GOOD_RATING, 7)]
    assert points.for_rating(7, 20, "unsatisfied", RULES) == []
    assert points.for_rating(7, 20, "not_solved", RULES) == []
    assert points.for_rating(7, None, "satisfied", RULES) == []
    assert points.for_rating(7, 20, "satisfied", Rules(good_rating=0)) == []


def test_parse_outcomes_refuses_unknown_names() -> None:
    assert points.parse_outcomes(" fixed , referred ") == {Outcome.FIXED, Outcome.REFERRED}
    with pytest.raises(ValueError):
        points.parse_outcomes("fixed,banana")


@pytest.mark.parametrize(
    ("args", "reply", "expected"),
    [
        (["award", "@wang", "20", "打扫", "楼道"], False, AdminCommand(Reason.AWARD, "@wang", 20, "打扫 楼道")),
        (["deduct", "5001", "5"], False, AdminCommand(Reason.DEDUCT, "5001", 5, "")),
        (["redeem", "@liu", "50", "大米一袋"], False, AdminCommand(Reason.REDEEM, "@liu", 50, "大米一袋")),
        (["兑换", "@liu", "50", "大米一袋"], False, AdminCommand(Reason.REDEEM, "@liu", 50, "大米一袋")),
        (["award", "20", "帮忙"], True, AdminCommand(Reason.AWARD, None, 20, "帮忙")),
        (["award", "5001", "20"], True, AdminCommand(Reason.AWARD, "5001", 20, "")),
        (["AWARD", "@wang", "+7"], False, AdminCommand(Reason.AWARD, "@wang", 7, "")),
    ],
)
def test_admin_commands(args: list[str], reply: bool, expected: AdminCommand) -> None:
    assert points.parse_admin(args, reply) == expected


@pytest.mark.parametrize(
    ("args", "reply", "key"),
    [
        ([], False, "points.usage"),
        (["give", "@wang", "20"], False, "points.usage"),
        (["award"], False, "points.no_user"),
        (["award", "20", "理由"], False, "points.no_user"),
        (["award", "@"], False, "points.no_user"),
        (["award", "@wang"], False, "points.no_amount"),
        (["award", "5001"], False, "points.usage"),
        (["award"], True, "points.no_amount"),
        (["award", "@wang", "-5"], False, "points.bad_amount"),
        (["deduct", "5001", "-5"], False, "points.bad_amount"),
        (["award", "@wang", "abc"], False, "points.bad_amount"),
        (["award", "@wang", "0"], False, "points.bad_amount"),
        (["award", "@wang", "2.5"], False, "points.bad_amount"),
        (["award", "@wang", "1000001"], False, "points.bad_amount"),
        (["award", "99999999999999999999999", "5"], False, "points.no_user"),  # no user id is that long
        (["award", "５００１", "5"], False, "points.no_user"),
    ],
)
def test_admin_command_errors(args: list[str], reply: bool, key: str) -> None:
    assert points.parse_admin(args, reply) == key


def test_signed() -> None:
    assert points.signed(Reason.AWARD, 5) == 5
    assert points.signed(Reason.DEDUCT, 5) == -5
    assert points.signed(Reason.REDEEM, 50) == -50


def test_leaderboard_splits_residents_and_workers_top_five() -> None:
    totals = [(1, 10), (2, 30), (20, 8), (3, 10), (4, 5), (5, 1), (6, 2), (21, 13), (7, 0)]
    residents, workers = points.leaderboard(totals, lambda u: u >= 20)
    assert residents == [(2, 30), (1, 10), (3, 10), (4, 5), (6, 2)]
    assert workers == [(21, 13), (20, 8)]
    assert points.leaderboard([], lambda u: False) == ([], [])


def test_a_workers_own_report_earns_him_nothing() -> None:
    """A worker who reports, takes and closes his own problem confirms nothing and sets his own fix-by time."""
    own = closed(Outcome.FIXED, assignee=10)
    assert points.for_close(own, RULES, closer=10) == []
    assert points.for_close(own, RULES) == []
    by_admin = closed(Outcome.FIXED)  # an admin's report, closed by the admin: the worker's timely award only
    assert points.for_close(by_admin, RULES, closer=10) == [Award(20, 5, Reason.CLOSED_IN_TIME, 7)]


def test_a_worker_rating_his_own_work_earns_nothing() -> None:
    assert points.for_rating(7, 20, "satisfied", RULES, rater=20) == []
    assert points.for_rating(7, 20, "satisfied", RULES, rater=10) == [Award(20, 3, Reason.GOOD_RATING, 7)]


def test_a_reopening_takes_back_what_the_close_earned_the_worker() -> None:
    ev = closed(Outcome.FIXED)
    earned = points.for_close(ev, RULES)
    back = points.for_reopen(earned)
    assert back == [Award(20, -5, Reason.CLOSE_REOPENED, 7, 0)]  # the reporter keeps her confirmed report
    assert points.for_reopen(back) == []  # a take-back is taken back by nothing
    again = points.for_close(replace(ev, reopened_count=1), RULES)
    assert [(a.reason, a.round) for a in again if a.user_id == 20] == [(Reason.CLOSED_IN_TIME, 1)]
