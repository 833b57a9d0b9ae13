"""The escalation policy and shift hand-off plans, with fixed times (no clock, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from harness import DAY_NIGHT_TOML, make_event
from ids import LI, WANG

from bot.core import escalation, handoff
from bot.core.community_file import parse_community
from bot.core.escalation import Policy, Step, TimerKind
from bot.core.types import Event, Outcome, Status, Urgency

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
P = Policy()
SH = ZoneInfo("Asia/Shanghai")


def kinds_at(specs: list[escalation.TimerSpec]) -> list[tuple[TimerKind, timedelta]]:
    return [(s.kind, s.due_at - NOW) for s in specs]


def test_green_reminds_at_30_and_escalates_at_60() -> None:
    assert kinds_at(escalation.dispatch_timers(Urgency.GREEN, NOW, P)) == [
        (TimerKind.REMIND, timedelta(minutes=30)),
        (TimerKind.ESCALATE, timedelta(minutes=60)),
    ]
    assert escalation.at_once(Urgency.GREEN) == escalation.AtOnce()


def test_yellow_tells_the_committee_at_once_and_steps_at_15_and_30() -> None:
    assert kinds_at(escalation.dispatch_timers(Urgency.YELLOW, NOW, P)) == [
        (TimerKind.REMIND, timedelta(minutes=15)),
        (TimerKind.ESCALATE, timedelta(minutes=30)),
    ]
    assert escalation.at_once(Urgency.YELLOW) == escalation.AtOnce(committee=True)


def test_red_pings_everyone_at_once_and_repings_every_5_minutes() -> None:
    act = escalation.at_once(Urgency.RED)
    assert act.committee and act.backup and act.emergency_contacts and act.group_emergency_reply
    [spec] = escalation.dispatch_timers(Urgency.RED, NOW, P)
    since = int(NOW.timestamp())
    assert (spec.kind, spec.due_at - NOW, spec.payload) == (
        TimerKind.REPING,
        timedelta(minutes=5),
        {"n": 1, "since": since},
    )
    nxt = escalation.follow_up(TimerKind.REPING, NOW, spec.payload, P)
    assert nxt is not None and nxt.due_at == NOW + timedelta(minutes=5) and nxt.payload == {"n": 2, "since": since}
    assert escalation.follow_up(TimerKind.REMIND, NOW, {}, P) is None


def test_a_chaser_tells_the_wait_by_the_clock_from_when_it_began() -> None:
    """Fired late (the bot was down), a chasing timer tells how long its event has waited since the wait began, not
    what its schedule says; a colour changed while it waited keeps that beginning; a row written before the wait's
    beginning was kept with it is counted back from its schedule."""
    [first] = escalation.dispatch_timers(Urgency.RED, NOW, P)
    later = NOW + timedelta(minutes=50)
    nxt = escalation.follow_up(TimerKind.REPING, later, first.payload, P)
    assert nxt is not None
    nxt = escalation.follow_up(TimerKind.REPING, nxt.due_at, nxt.payload, P)
    assert nxt is not None and nxt.payload["n"] == 3
    assert escalation.waited_s(nxt.kind, nxt.due_at, nxt.payload, nxt.due_at, P) == 60 * 60
    remind, escalate = escalation.dispatch_timers(Urgency.GREEN, NOW, P)
    assert escalation.waited_s(remind.kind, remind.due_at, remind.payload, later, P) == 50 * 60
    raised = escalation.dispatch_timers(Urgency.RED, later, P, since=NOW)
    assert escalation.waiting_since(raised[0].kind, raised[0].due_at, raised[0].payload, P) == NOW
    old = {"after_s": 3600}
    assert escalation.waited_s(TimerKind.ESCALATE, escalate.due_at, old, escalate.due_at + timedelta(minutes=1), P) == (
        61 * 60
    )
    assert escalation.waited_s(TimerKind.REPING, NOW + timedelta(minutes=15), {"n": 3}, later, P) == 50 * 60


def test_red_repings_back_off_after_three_and_the_committee_hears_from_the_third() -> None:
    """Every 5 minutes three times (5, 10, 15), then the gap doubles (25, 45, 85 minutes), at most an hour."""
    fired, payload, at = NOW, {"n": 1}, [5]
    for _ in range(8):
        nxt = escalation.follow_up(TimerKind.REPING, fired, payload, P)
        assert nxt is not None and nxt.payload["n"] == payload["n"] + 1
        at.append(at[-1] + int((nxt.due_at - fired).total_seconds()) // 60)
        fired, payload = nxt.due_at, nxt.payload
    assert at == [5, 10, 15, 25, 45, 85, 145, 205, 265]
    assert [escalation.reping_after_s(n, P) // 60 for n in (1, 3, 4, 6)] == [5, 15, 25, 85]
    assert [escalation.reping_tells_committee(n, P) for n in (1, 2, 3, 4, 9)] == [False, False, True, True, True]


def test_due_times_and_reminder_at_three_quarters() -> None:
    for urgency, hours in ((Urgency.GREEN, 48), (Urgency.YELLOW, 24), (Urgency.RED, 4)):
        assert escalation.due_at(urgency, NOW, P) == NOW + timedelta(hours=hours)
        assert kinds_at(escalation.accept_timers(urgency, NOW, P)) == [
            (TimerKind.DUE_REMIND, timedelta(hours=hours * 0.75)),
            (TimerKind.OVERDUE, timedelta(hours=hours)),
        ]
    no_remind = Policy(due_remind_share=1.0)
    assert [s.kind for s in escalation.accept_timers(Urgency.RED, NOW, no_remind)] == [TimerKind.OVERDUE]


def test_survey_after_closing_but_not_for_duplicates() -> None:
    [spec] = escalation.close_timers(Outcome.FIXED, NOW, 2, P)
    assert (spec.kind, spec.due_at - NOW, spec.payload) == (TimerKind.SURVEY, timedelta(hours=2), {"round": 2})
    assert escalation.close_timers(Outcome.DUPLICATE, NOW, 1, P) == []
    exp = escalation.survey_expiry(NOW, 1, P)
    assert (exp.kind, exp.due_at - NOW) == (TimerKind.SURVEY_EXPIRE, timedelta(hours=48))


def test_a_timer_for_an_event_that_moved_on_does_nothing() -> None:
    for kind in (TimerKind.REMIND, TimerKind.ESCALATE, TimerKind.REPING):
        assert escalation.decide(kind, Status.DISPATCHED) is Step(kind.value)
        for status in (Status.ACCEPTED, Status.CLOSED, Status.CANCELLED):
            assert escalation.decide(kind, status) is Step.NOTHING
    for kind in (TimerKind.DUE_REMIND, TimerKind.OVERDUE):
        assert escalation.decide(kind, Status.ACCEPTED) is Step(kind.value)
        assert escalation.decide(kind, Status.CLOSED) is Step.NOTHING
        assert escalation.decide(kind, Status.DISPATCHED) is Step.NOTHING
    assert escalation.decide(TimerKind.SURVEY, Status.CLOSED, 1, {"round": 1}) is Step.SEND_SURVEY
    assert escalation.decide(TimerKind.SURVEY, Status.CLOSED, 2, {"round": 1}) is Step.NOTHING  # reopened since
    assert escalation.decide(TimerKind.SURVEY, Status.DISPATCHED, 1, {"round": 1}) is Step.NOTHING
    assert escalation.decide(TimerKind.SURVEY_EXPIRE, Status.DISPATCHED) is Step.EXPIRE_SURVEY
    assert escalation.decide(TimerKind.REMIND, None) is Step.NOTHING  # the event is gone
    assert escalation.decide(TimerKind.BRIEF, None) is Step.BRIEF
    assert escalation.decide(TimerKind.UNDO_LAPSE, Status.ACCEPTED) is Step.UNDO_LAPSE
    for status in (Status.DISPATCHED, Status.CLOSED, Status.CANCELLED, None):  # undone, closed, handed back, gone
        assert escalation.decide(TimerKind.UNDO_LAPSE, status) is Step.NOTHING


def test_next_brief_is_8_am_community_time() -> None:
    assert escalation.next_brief(NOW, SH, time(8)) == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    early = datetime(2026, 11, 22, 23, 59, tzinfo=UTC)  # 07:59 Shanghai
    assert escalation.next_brief(early, SH, time(8)) == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    exactly = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert escalation.next_brief(exactly, SH, time(8)) == exactly + timedelta(days=1)


def test_next_handoff_is_strictly_after_now() -> None:
    b = [NOW, NOW + timedelta(hours=2), NOW - timedelta(hours=1)]
    assert escalation.next_handoff(b, NOW) == NOW + timedelta(hours=2)
    assert escalation.next_handoff([], NOW) is None


def event(id_: int, status: Status, assignee: int, minutes_ago: int) -> Event:
    return make_event(
        id=id_, message_id=id_, status=status, assignee_id=assignee, created_at=NOW - timedelta(minutes=minutes_ago)
    )


def test_handoff_moves_unaccepted_events_and_lists_all() -> None:
    comm = parse_community(DAY_NIGHT_TOML, "shifts.toml")
    evening = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 20:00 Shanghai
    evs = [
        event(1, Status.ACCEPTED, WANG, 50),
        event(2, Status.DISPATCHED, WANG, 90),
        event(3, Status.DISPATCHED, LI, 10),
        event(4, Status.CLOSED, WANG, 5),
    ]
    [h] = handoff.plan(comm, evening, evs)
    assert (h.grid_id, h.from_worker, h.to_worker) == ("A", WANG, LI)
    assert h.events == (2, 1) and h.move == (2,)  # oldest first; the accepted one stays with 王师傅
    assert handoff.plan(comm, evening + timedelta(hours=1), evs) == []  # not a boundary
    morning = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    [h2] = handoff.plan(comm, morning, evs)
    assert (h2.from_worker, h2.to_worker, h2.move) == (LI, WANG, (3,))


def test_a_chasing_timer_waits_for_the_others_two_minutes_at_most_and_a_red_re_ping_never() -> None:
    due = NOW
    assert escalation.gather_end(TimerKind.REMIND, due, NOW, P) == NOW + timedelta(minutes=2)
    assert escalation.gather_end(TimerKind.ESCALATE, due, NOW + timedelta(seconds=119), P) == NOW + timedelta(minutes=2)
    assert escalation.gather_end(TimerKind.REMIND, due, NOW + timedelta(minutes=2), P) is None  # its wait is over
    assert escalation.gather_end(TimerKind.REPING, due, NOW, P) is None
    assert escalation.gather_end(TimerKind.BRIEF, due, NOW, P) is None


def test_a_held_first_message_joins_the_list_waiting_and_fires_at_its_time_with_held_ones_only() -> None:
    """FIRST_DM_CARDS: past ``first_cards`` cards a non-red event's is held (never with 0, never a red); it is due
    with the worker's list already waiting, else two minutes on, and waits no longer; it takes only held ones."""
    assert not escalation.first_dm_held(Urgency.YELLOW, 2, P) and escalation.first_dm_held(Urgency.YELLOW, 3, P)
    assert not escalation.first_dm_held(Urgency.RED, 30, P)
    assert not escalation.first_dm_held(Urgency.GREEN, 30, Policy(first_cards=0))
    first = escalation.first_dm_timer(NOW, WANG, None, P)
    assert (first.kind, first.due_at, first.payload) == (TimerKind.FIRST_DM, NOW + timedelta(minutes=2), {"to": WANG})
    later = NOW + timedelta(seconds=90)
    assert escalation.first_dm_timer(later, WANG, first.due_at, P).due_at == first.due_at  # one list, none waits more
    assert escalation.first_dm_timer(first.due_at, WANG, first.due_at, P).due_at == first.due_at + timedelta(minutes=2)
    assert escalation.gather_end(TimerKind.FIRST_DM, first.due_at, first.due_at, P) is None  # at its time
    assert escalation.gathered_with(TimerKind.FIRST_DM) == {TimerKind.FIRST_DM}  # never a re-ping, a reminder
    assert TimerKind.FIRST_DM not in escalation.gathered_with(TimerKind.REPING)
    assert escalation.gathered_with(TimerKind.SURVEY) == frozenset()
    assert escalation.decide(TimerKind.FIRST_DM, Status.DISPATCHED) is Step.FIRST_DM
    assert escalation.decide(TimerKind.FIRST_DM, Status.ACCEPTED) is Step.NOTHING
