"""The roster: who is on duty at an instant, overrides, hand-back order, shift boundaries.

Over 300 lines: the roster table of cases (shifts across midnight, overrides, rota changes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from harness import TEST_HEAD, toml_tables, worker_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.community import Community, CommunityInfo, Grid, Shift, Worker
from bot.core.community_file import parse_community
from bot.core.roster import DutyOverride, active_day, on_duty, shift_boundaries

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

NAMES = ["day", "night", "weekend", "backup", "lunch", "sunday night"]  # workers 1 to 6
ROSTER = (
    TEST_HEAD
    + 'name = "A"\n'
    + toml_tables("grids", {"id": "B", "name": "B"})
    + worker_tables(dict(enumerate(NAMES, 1)))
    # grid A: weekday day / every night / weekend day, a lunch overlap, a round-the-clock backup
    + toml_tables(
        "shifts",
        {"worker": 1, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00"},
        {"worker": 2, "grid": "A", "days": "mon-sun", "start": "20:00", "end": "08:00"},
        {"worker": 3, "grid": "A", "days": "sat,sun", "start": "08:00", "end": "20:00"},
        {"worker": 4, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "backup"},
        {"worker": 5, "grid": "A", "days": "mon-fri", "start": "12:00", "end": "14:00"},
    )
    # grid B: a Friday late shift, a Sunday-into-Monday shift, Monday all day as backup
    + toml_tables(
        "shifts",
        {"worker": 5, "grid": "B", "days": "fri", "start": "22:00", "end": "02:00"},
        {"worker": 6, "grid": "B", "days": "sun", "start": "23:00", "end": "01:00"},
        {"worker": 1, "grid": "B", "days": "mon", "start": "00:00", "end": "24:00", "role": "backup"},
    )
)

C = parse_community(ROSTER)


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    """Shanghai wall time in June 2024 (3 = Mon ... 9 = Sun, 10 = next Mon), as UTC."""
    return datetime(2024, 6, day, hour, minute, tzinfo=SH).astimezone(UTC)


def ids(workers: list[Worker]) -> list[int]:
    return [w.telegram_id for w in workers]


@pytest.mark.parametrize(
    ("grid", "at", "primary", "backup"),
    [
        ("A", sh(3, 10), [1], [4]),  # Monday day
        ("A", sh(3, 12, 30), [1, 5], [4]),  # overlapping shifts, file order
        ("A", sh(3, 14), [1], [4]),  # the lunch shift ends at 14:00 (exclusive)
        ("A", sh(3, 7, 59), [2], [4]),  # Sunday's night shift still running Monday morning
        ("A", sh(3, 8), [1], [4]),  # hand-over at 08:00
        ("A", sh(3, 20), [2], [4]),
        ("A", sh(4, 0), [2], [4]),  # overnight across midnight
        ("A", sh(8, 10), [3], [4]),  # Saturday: weekend worker, no weekday worker
        ("A", sh(8, 3), [2], [4]),  # Saturday 03:00 belongs to Friday's night shift
        ("A", sh(9, 23, 59), [2], [4]),
        ("B", sh(7, 23), [5], []),  # Friday 22:00-02:00
        ("B", sh(8, 1, 59), [5], []),  # ... into Saturday
        ("B", sh(8, 2), [], []),
        ("B", sh(7, 1), [], []),  # Friday 01:00: Thursday has no late shift
        ("B", sh(10, 0, 30), [6], [1]),  # Sunday 23:00-01:00 across Sunday→Monday; Monday backup
        ("B", sh(3, 0, 30), [6], [1]),  # Sunday 2 June's shift, seen on Monday 3 June
        ("B", sh(4, 0, 30), [], []),  # Monday is not in its days: no Monday-into-Tuesday shift
        ("B", sh(10, 23, 59), [], [1]),  # "24:00" runs to the end of Monday
        ("B", sh(11, 0), [], []),  # ... and not a minute into Tuesday
        ("Z", sh(3, 10), [], []),  # unknown grid: nobody
    ],
)
def test_on_duty(grid: str, at: datetime, primary: list[int], backup: list[int]) -> None:
    duty = on_duty(C, grid, at)
    assert (ids(duty.primary), ids(duty.backup)) == (primary, backup)


def test_at_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        on_duty(C, "A", datetime(2024, 6, 3, 10))


def off(worker: int, grid: str | None = None, until: datetime | None = None) -> DutyOverride:
    return DutyOverride(worker, grid, on_duty=False, until=until)


def on(worker: int, grid: str | None = None, until: datetime | None = None) -> DutyOverride:
    return DutyOverride(worker, grid, on_duty=True, until=until)


@pytest.mark.parametrize(
    ("overrides", "at", "primary", "backup"),
    [
        ([off(1, "A", until=sh(3, 14))], sh(3, 10), [], [4]),
        ([off(1, "A", until=sh(3, 14))], sh(3, 14), [1], [4]),  # expired at `until`
        ([off(1)], sh(5, 10), [], [4]),  # indefinitely, every grid
        ([off(1, "B")], sh(3, 10), [1], [4]),  # off for another grid only
        ([off(4)], sh(3, 10), [1], []),
        ([on(3, "A")], sh(3, 10), [1, 3], [4]),  # added after the scheduled primaries
        ([on(3)], sh(3, 10), [1, 3], [4]),  # grid None: every grid with a shift of theirs
        ([on(3, "A", until=sh(3, 9))], sh(3, 10), [1], [4]),  # expired
        ([on(4, "A")], sh(3, 10), [1, 4], []),  # a backup becomes a primary
        ([on(1, "A"), off(1, "A")], sh(3, 10), [], [4]),  # the later override wins
        ([off(1, "A"), on(1, "A")], sh(3, 10), [1], [4]),
        ([on(99, "A")], sh(3, 10), [1], [4]),  # not a listed worker: ignored
    ],
)
def test_overrides(overrides: list[DutyOverride], at: datetime, primary: list[int], backup: list[int]) -> None:
    duty = on_duty(C, "A", at, overrides)
    assert (ids(duty.primary), ids(duty.backup)) == (primary, backup)


def test_on_duty_everywhere_only_where_they_have_shifts() -> None:
    assert ids(on_duty(C, "B", sh(3, 10), [on(3)]).primary) == []
    assert ids(on_duty(C, "B", sh(3, 10), [on(3, "B")]).primary) == [3]


def test_everyone_on_duty_primaries_then_backups() -> None:
    at = sh(3, 12, 30)  # primaries 1, 5; backup 4
    assert ids(on_duty(C, "A", at).everyone) == [1, 5, 4]
    assert ids(on_duty(C, "A", at, [off(1)]).everyone) == [5, 4]
    assert on_duty(C, "Z", at).everyone == []


def test_a_shift_is_active_on_local_time() -> None:
    night = C.shifts[1]  # mon-sun 20:00-08:00
    assert active_day(night, datetime(2024, 6, 3, 21, tzinfo=SH)) == date(2024, 6, 3)
    assert active_day(night, datetime(2024, 6, 3, 8, tzinfo=SH)) is None
    assert active_day(night, datetime(2024, 6, 3, 7, 59, tzinfo=SH)) == date(2024, 6, 2)  # began the evening before


def test_shift_boundaries() -> None:
    boundaries = shift_boundaries(C, sh(3, 0), sh(4, 0))  # Monday
    assert [b.astimezone(SH).strftime("%H:%M") for b in boundaries] == [
        "00:00",  # backup shifts start
        "01:00",  # grid B: Sunday's 23:00-01:00 ends
        "08:00",
        "12:00",
        "14:00",
        "20:00",
    ]
    assert all(b.tzinfo is UTC for b in boundaries)
    assert shift_boundaries(C, sh(3, 8), sh(3, 12)) == [sh(3, 8)]  # [start, end)
    assert sh(3, 9) in shift_boundaries(C, sh(3, 0), sh(4, 0), [off(1, until=sh(3, 9))])


# ---------------------------------------------------------------- daylight saving time (Europe/Berlin)


def berlin_community(*shifts: tuple[str, str, str]) -> Community:
    return Community(
        community=CommunityInfo(name="x", timezone="Europe/Berlin", committee_chat_id=-1, admins=[1]),
        grids=[Grid(id="A", name="A")],
        workers=[Worker(telegram_id=i + 1, name=str(i)) for i in range(len(shifts))],
        shifts=[
            Shift(worker=i + 1, grid="A", days=days, start=start, end=end)
            for i, (days, start, end) in enumerate(shifts)
        ],
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_dst_spring_forward_night_shift_is_an_hour_shorter() -> None:
    c = berlin_community(("sat", "22:00", "06:00"))  # 30→31 March 2024, clocks 02:00→03:00
    assert ids(on_duty(c, "A", utc(2024, 3, 30, 21)).primary) == [1]  # 22:00 CET
    assert ids(on_duty(c, "A", utc(2024, 3, 31, 3, 59)).primary) == [1]  # 05:59 CEST
    assert ids(on_duty(c, "A", utc(2024, 3, 31, 4)).primary) == []  # 06:00 CEST
    assert shift_boundaries(c, utc(2024, 3, 30), utc(2024, 4, 1)) == [
        utc(2024, 3, 30, 21),
        utc(2024, 3, 31, 4),
    ]


def test_dst_skipped_wall_time_means_the_jump() -> None:
    c = berlin_community(("sun", "02:30", "10:00"))  # 02:30 never happens on 31 March 2024
    assert ids(on_duty(c, "A", utc(2024, 3, 31, 0, 59)).primary) == []  # 01:59 CET
    assert ids(on_duty(c, "A", utc(2024, 3, 31, 1)).primary) == [1]  # 03:00 CEST
    assert shift_boundaries(c, utc(2024, 3, 31), utc(2024, 3, 31, 12))[0] == utc(2024, 3, 31, 1)


def test_dst_fall_back_repeated_wall_time_means_first_pass() -> None:
    c = berlin_community(("sat", "22:00", "02:30"))  # 27 October 2024, clocks 03:00→02:00
    assert ids(on_duty(c, "A", utc(2024, 10, 27, 0, 29)).primary) == [1]  # 02:29 CEST
    assert ids(on_duty(c, "A", utc(2024, 10, 27, 0, 30)).primary) == []  # 02:30 CEST
    assert ids(on_duty(c, "A", utc(2024, 10, 27, 1, 15)).primary) == []  # 02:15 CET: no second start


def test_dst_fall_back_day_lasts_25_hours() -> None:
    c = berlin_community(("sun", "00:00", "24:00"))
    assert shift_boundaries(c, utc(2024, 10, 26), utc(2024, 10, 29)) == [
        utc(2024, 10, 26, 22),
        utc(2024, 10, 27, 23),
    ]


# ---------------------------------------------------------------- properties

DAY_SPECS = ["mon-sun", "mon-fri", "sat,sun", "mon,wed-fri", "sun", "fri-mon"]
TIMES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]

shifts_st = st.lists(
    st.tuples(st.sampled_from(DAY_SPECS), st.sampled_from(TIMES), st.sampled_from([*TIMES, "24:00"])),
    min_size=1,
    max_size=5,
)
DST_CHANGES = [utc(2024, 3, 31, 1), utc(2024, 10, 27, 1), utc(2024, 3, 10, 7), utc(2024, 11, 3, 6)]
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC)
) | st.builds(  # minutes around DST changes in Berlin and New York
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(DST_CHANGES),
    st.integers(-48 * 60, 48 * 60),
)


def random_community(zone: str, specs: list[tuple[str, str, str]], roles: list[bool]) -> Community:
    return Community(
        community=CommunityInfo(name="x", timezone=zone, committee_chat_id=-1, admins=[1]),
        grids=[Grid(id="A", name="A")],
        workers=[Worker(telegram_id=i, name=str(i)) for i in range(1, 4)],
        shifts=[
            Shift(
                worker=1 + i % 3,
                grid="A",
                days=d,
                start=s,
                end=e,
                role="backup" if roles[i % 2] else "primary",
            )
            for i, (d, s, e) in enumerate(specs)
        ],
    )


@settings(max_examples=150, deadline=None)
@given(
    specs=shifts_st,
    at=instants,
    zone=st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "America/New_York"]),
)
def test_duty_only_changes_at_boundaries(specs, at, zone) -> None:
    c = random_community(zone, specs, [False, True])
    window_start = at - timedelta(days=2)
    before = [b for b in shift_boundaries(c, window_start, at + timedelta(days=2)) if b <= at]
    last = before[-1] if before else window_start
    assert on_duty(c, "A", at) == on_duty(c, "A", last)
