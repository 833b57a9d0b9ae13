"""Teams in the community file: validation, routing by category, team alerts, hand-off by desk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from harness import TEST_HEAD, community_error, line_of, make_event, toml_tables, worker_tables

from bot.core import handoff, routing
from bot.core.community import Community
from bot.core.community_file import load_community, parse_community
from bot.core.roster import DutyOverride, on_duty
from bot.core.types import Category, Event, Status, Urgency

ROOT = Path(__file__).resolve().parent.parent

BASE = (
    TEST_HEAD
    + 'name = "一网格"\nbuildings = ["1"]\n'
    + toml_tables("grids", {"id": "B", "name": "二网格", "buildings": ["2"]})
    + worker_tables({11: "网格A", 12: "网格B", 21: "维修白班", 22: "维修夜班", 31: "调解员", 41: "警务"})
    + toml_tables(
        "teams",
        {"id": "maint", "name": "物业维修", "members": [21, 22], "categories": ["repair"]},
        {"id": "mediation", "name": "调解室", "members": [31], "notify_on": ["yellow:dispute"]},
        {"id": "police", "name": "警务联络", "members": [41], "grids": ["A"], "notify_on": ["red"]},
    )
    + toml_tables(
        "shifts",
        {"worker": 11, "grid": "A", "start": "00:00", "end": "24:00"},
        {"worker": 12, "grid": "B", "start": "00:00", "end": "24:00"},
        {"worker": 21, "team": "maint", "start": "08:00", "end": "20:00"},
        {"worker": 22, "team": "maint", "days": "mon-fri", "start": "20:00", "end": "08:00", "role": "backup"},
        {"worker": 31, "team": "mediation", "days": "mon-fri", "start": "09:00", "end": "17:00"},
    )
)

# Wednesday 2026-11-25, 10:00 and 22:00 in Shanghai; Saturday 22:00.
WED_DAY = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WED_NIGHT = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
SAT_NIGHT = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def comm() -> Community:
    return parse_community(BASE)


def test_desks_team_first_then_grid(comm: Community) -> None:
    assert routing.desks(comm, Category.REPAIR, "A") == ["maint", "A"]
    assert routing.desks(comm, Category.DISPUTE, "B") == ["B"]
    assert routing.desks(comm, Category.REPAIR, None) == ["maint"]


def test_repair_goes_to_the_team_on_duty_then_backup_then_grid(comm: Community) -> None:
    assert routing.next_assignee(comm, Category.REPAIR, "A", WED_DAY).telegram_id == 21
    assert routing.next_assignee(comm, Category.REPAIR, "A", WED_NIGHT).telegram_id == 22  # the backup
    assert routing.next_assignee(comm, Category.REPAIR, "A", WED_DAY, exclude={21}).telegram_id == 11
    # Saturday night nobody in maintenance: the grid worker takes it.
    assert routing.next_assignee(comm, Category.REPAIR, "B", SAT_NIGHT).telegram_id == 12
    assert routing.next_assignee(comm, Category.NOISE, "A", WED_DAY).telegram_id == 11
    off = [DutyOverride(21, None, False)]
    assert routing.next_assignee(comm, Category.REPAIR, "A", WED_DAY, off).telegram_id == 11


def test_who_handed_it_back_is_skipped_else_with_fallback_the_first_of_them(comm: Community) -> None:
    """Not back to who handed an event back while anyone else is on duty; only they on duty: nobody, or with
    ``fallback`` (the event must leave a worker) the first of them."""
    assert routing.next_assignee(comm, Category.REPAIR, "A", WED_DAY, (), {21}, fallback=True).telegram_id == 11
    assert routing.next_assignee(comm, Category.REPAIR, "B", SAT_NIGHT, (), {12}) is None
    assert routing.next_assignee(comm, Category.REPAIR, "B", SAT_NIGHT, (), {12}, fallback=True).telegram_id == 12


def test_on_duty_for_an_event_lists_team_then_grid(comm: Community) -> None:
    duty = routing.on_duty(comm, Category.REPAIR, "A", WED_NIGHT)
    assert [w.telegram_id for w in duty.everyone] == [11, 22]  # primaries (grid) before backups (team)
    assert [w.telegram_id for w in on_duty(comm, "maint", WED_DAY).primary] == [21]


def test_alerts_follow_the_rules(comm: Community) -> None:
    def ids(cat: Category, urg: Urgency, grid: str) -> list[str]:
        return [t.id for t in routing.alerted_teams(comm, cat, urg, grid)]

    assert ids(Category.DISPUTE, Urgency.YELLOW, "A") == ["mediation"]
    assert ids(Category.DISPUTE, Urgency.GREEN, "A") == []
    assert ids(Category.SAFETY, Urgency.RED, "A") == ["police"]
    assert ids(Category.SAFETY, Urgency.RED, "B") == []  # police liaison covers grid A only
    med = comm.team("mediation")
    assert routing.team_recipients(comm, med, WED_DAY) == [31]
    assert routing.team_recipients(comm, comm.team("police"), WED_DAY) == [41]  # no rota: every member


def test_rules() -> None:
    from bot.core.community import parse_rule

    assert parse_rule("red") == (Urgency.RED, None)
    assert parse_rule("dispute") == (None, Category.DISPUTE)
    assert parse_rule(" Yellow:Dispute ") == (Urgency.YELLOW, Category.DISPUTE)
    for bad in ("", "purple", "dispute:yellow", "red:red", "red:dispute:x"):
        with pytest.raises(ValueError):
            parse_rule(bad)


def test_handoff_by_desk(comm: Community) -> None:
    def ev(i: int, cat: Category, assignee: int) -> Event:
        return make_event(
            id=i,
            message_id=i,
            category=cat,
            building="1",
            assignee_id=assignee,
            created_at=WED_DAY - timedelta(hours=1),
        )

    evening = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 20:00 Shanghai: maintenance day shift ends
    plans = handoff.plan(comm, evening, [ev(1, Category.REPAIR, 21), ev(2, Category.NOISE, 11)])
    # as a new repair would: the team's backup on call (22) before the grid's primary (11)
    assert [(h.from_worker, h.to_worker, h.move) for h in plans] == [(21, 22, (1,))]
    assert routing.next_assignee(comm, Category.REPAIR, "A", evening).telegram_id == 22
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # no night backup at weekends: the grid's worker
    plans = handoff.plan(comm, saturday, [ev(1, Category.REPAIR, 21)])
    assert [(h.from_worker, h.to_worker, h.move) for h in plans] == [(21, 11, (1,))]


def test_in_order_walks_desk_by_desk(comm: Community) -> None:
    order = routing.in_order(comm, Category.REPAIR, "A", WED_NIGHT)
    assert [(desk, w.telegram_id) for desk, w in order] == [(0, 22), (1, 11)]  # the team's backup, then the grid


def test_a_team_coming_on_does_not_take_what_the_grid_holds(comm: Community) -> None:
    """Found in the fourth diff review: taking back, at every boundary, a repair the grid's worker held moved one a
    team member had handed back and one reopened to the worker who closed it. Held by someone on duty: it stays."""
    morning = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # Thursday 08:00: maintenance's day shift begins
    ev = make_event(id=1, message_id=1, category=Category.REPAIR, building="1", assignee_id=11)
    assert handoff.stranded(comm, morning, [ev]) == []


def test_stranded_events_are_those_no_one_on_duty_holds(comm: Community) -> None:
    def ev(i: int, cat: Category, assignee: int | None, status: Status = Status.DISPATCHED) -> Event:
        return make_event(id=i, message_id=i, category=cat, building="1", assignee_id=assignee, status=status)

    events = [
        ev(1, Category.NOISE, None),  # nobody was on duty when it came in
        ev(2, Category.NOISE, 11),  # its worker is on duty: not stranded
        ev(3, Category.NOISE, 99),  # someone no longer in the community
        ev(4, Category.REPAIR, 22),  # the night repair worker, off duty by day (the day one is on)
        ev(5, Category.REPAIR, 22, Status.ACCEPTED),  # accepted work stays with its worker
    ]
    assert [e.id for e in handoff.stranded(comm, WED_DAY, events)] == [1, 3, 4]
    assert [e.id for e in handoff.stranded(comm, WED_NIGHT, events)] == [1, 3]  # 22 is on duty at night


def test_no_teams_behaves_as_before() -> None:
    plain = parse_community(
        BASE[: BASE.index("[[teams]]")]
        + BASE[BASE.index("[[shifts]]\nworker = 11") :].split("[[shifts]]\nworker = 21")[0]
    )
    assert routing.desks(plain, Category.REPAIR, "A") == ["A"]
    assert routing.next_assignee(plain, Category.REPAIR, "A", WED_DAY).telegram_id == 11
    assert routing.alerted_teams(plain, Category.SAFETY, Urgency.RED, "A") == []


@pytest.mark.parametrize(
    ("old", "new", "expected", "snippet"),
    [
        ('id = "maint"', 'id = "A"  # here', "teams[0].id 'A' is already the id of a grid", "# here"),
        ('id = "police"', 'id = "maint"  # here', "teams[2].id 'maint' is already the id of teams[0]", "# here"),
        ("members = [21, 22]", "members = [21, 99]  # here", "teams[0].members[1] 99 is not a listed worker", "# here"),
        ('grids = ["A"]', 'grids = ["Z"]  # here', "teams[2].grids[0] 'Z' is not a listed grid id", "# here"),
        ('categories = ["repair"]', 'categories = ["lift"]  # here', "teams[0].categories[0] must be one of", "# here"),
        (
            'notify_on = ["red"]',
            'notify_on = ["purple"]  # here',
            "teams[2].notify_on 'purple' is not a rule",
            "# here",
        ),
        ('team = "mediation"', 'team = "medi"  # here', "shifts[4].team 'medi' is not a listed team id", "# here"),
        (
            "worker = 31\nteam",
            "worker = 21  # here\nteam",
            "shifts[4].worker 21 is not a member of team 'mediation'",
            "# here",
        ),
        (
            'worker = 31\nteam = "mediation"',
            'worker = 31\ngrid = "A"\nteam = "mediation"',
            "shifts[4].grid needs exactly one of grid",
            'grid = "A"',
        ),
        ("members = [41]", "members = []", "teams[2].members must list at least one entry", "members = []"),
        (
            'name = "调解室"',
            'name = "调解室"\nnotify = ["red"]',
            "teams[1].notify is not a known key (did you mean notify_on?)",
            "notify =",
        ),
    ],
)
def test_team_errors_name_key_and_line(old: str, new: str, expected: str, snippet: str) -> None:
    assert BASE.count(old) == 1
    text = BASE.replace(old, new)
    message = community_error(text)
    assert message.startswith(f"community.toml line {line_of(text, snippet)}: {expected}"), message
    assert message.count(".") <= 2 or "must be one of" in message


def test_example_file_has_realistic_teams() -> None:
    comm = load_community(ROOT / "community.example.toml")
    assert {t.name for t in comm.teams} >= {"物业维修", "调解室", "保安室", "警务联络"}
    assert routing.desks(comm, Category.REPAIR, "A")[0] == "maint"
    assert routing.desks(comm, Category.SECURITY, "A")[0] == "security"
    assert [t.id for t in routing.alerted_teams(comm, Category.DISPUTE, Urgency.YELLOW, "A")] == ["mediation"]
    assert "police" in [t.id for t in routing.alerted_teams(comm, Category.SAFETY, Urgency.RED, "B")]


def test_a_hand_off_does_not_move_an_event_to_who_handed_it_back_unless_only_they_are_on(comm: Community) -> None:
    def ev(i: int) -> Event:
        return make_event(id=i, message_id=i, category=Category.REPAIR, building="1", assignee_id=21)

    evening = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 20:00: the day repair worker (21) goes off, 22 comes on
    plans = handoff.plan(comm, evening, [ev(1), ev(2)], handed_back={1: {22}})
    assert [(h.to_worker, h.move) for h in plans] == [(22, (2,))]  # 1 waits: the stranded pass gives it to 11
    everyone = handoff.plan(comm, evening, [ev(1)], handed_back={1: {11, 22}})
    assert [(h.to_worker, h.move) for h in everyone] == [(22, (1,))]  # all on duty gave it up: one of them
