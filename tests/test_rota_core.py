"""Rota changes in the pure roster: cover and swap, overnight shifts, the day view, day parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from harness import TEST_HEAD, toml_tables, worker_tables

from bot.core.community import Worker
from bot.core.community_file import parse_community
from bot.core.roster import DutyOverride, day_rota, on_duty
from bot.core.rota import ChangeKind, DayError, RotaChange, holder, looks_like_day, parse_day
from bot.core.types import Role
from bot.render.i18n import LANGUAGES, plain

TOML = (
    TEST_HEAD
    + 'name = "A"\n'
    + worker_tables({1: "王师傅", 2: "李姐", 3: "张师傅"})
    + toml_tables(
        "shifts",
        {"worker": 1, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00"},
        {"worker": 2, "grid": "A", "days": "sat,sun", "start": "08:00", "end": "20:00"},
        {"worker": 3, "grid": "A", "start": "20:00", "end": "08:00"},
        {"worker": 2, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00", "role": "backup"},
    )
)
COMM = parse_community(TOML)
SAT = date(2026, 11, 28)
FRI = date(2026, 11, 27)


def at(day: int, hour: int) -> datetime:
    """Shanghai wall time in November 2026 as a UTC instant."""
    return (
        datetime(2026, 11, day, hour - 8, tzinfo=UTC)
        if hour >= 8
        else datetime(2026, 11, day - 1, hour + 16, tzinfo=UTC)
    )


def ids(workers: list[Worker]) -> list[int]:
    return [w.telegram_id for w in workers]


def test_cover_takes_the_shifts_that_start_that_day() -> None:
    cover = RotaChange(ChangeKind.COVER, 2, 1, SAT)  # 王师傅 covers 李姐 on Saturday
    assert ids(on_duty(COMM, "A", at(28, 10), [cover]).primary) == [1]
    assert ids(on_duty(COMM, "A", at(29, 10), [cover]).primary) == [2]  # Sunday unchanged
    assert ids(on_duty(COMM, "A", at(28, 10), changes=[cover]).primary) == [1]  # the explicit parameter


def test_cover_of_a_night_shift_runs_into_the_next_morning() -> None:
    cover = RotaChange(ChangeKind.COVER, 3, 2, FRI)
    assert ids(on_duty(COMM, "A", at(28, 3), [cover]).primary) == [2]  # Saturday 03:00: Friday's night
    assert ids(on_duty(COMM, "A", at(27, 3), [cover]).primary) == [3]  # Thursday's night is his own


def test_swap_on_one_day_and_over_two_days() -> None:
    one_day = RotaChange(ChangeKind.SWAP, 1, 3, FRI)  # day and night exchanged on Friday
    assert ids(on_duty(COMM, "A", at(27, 10), [one_day]).everyone) == [3, 2]
    assert ids(on_duty(COMM, "A", at(27, 22), [one_day]).primary) == [1]
    two_days = RotaChange(ChangeKind.SWAP, 1, 2, FRI, SAT)  # 李姐 works his Friday, he works her Saturday
    assert ids(on_duty(COMM, "A", at(27, 10), [two_days]).primary) == [2]
    assert ids(on_duty(COMM, "A", at(28, 10), [two_days]).primary) == [1]


def test_changes_apply_in_order_and_marks_still_win() -> None:
    changes = [RotaChange(ChangeKind.COVER, 2, 1, SAT), RotaChange(ChangeKind.COVER, 1, 3, SAT)]
    assert holder(2, SAT, changes) == 3  # 王 took it, then 张 covered 王
    off = DutyOverride(3, None, False)
    assert on_duty(COMM, "A", at(28, 10), [*changes, off]).everyone == []


def test_primary_who_also_holds_a_backup_stays_primary() -> None:
    cover = RotaChange(ChangeKind.COVER, 1, 2, FRI)  # the backup covers the primary
    duty = on_duty(COMM, "A", at(27, 10), [cover])
    assert ids(duty.primary) == [2] and duty.backup == []


def test_day_rota() -> None:
    slots = day_rota(COMM, "A", FRI, [RotaChange(ChangeKind.COVER, 1, 3, FRI)])
    assert [(s.worker_id, s.start_minute, s.role, s.changed) for s in slots] == [
        (3, 480, Role.PRIMARY, True),
        (3, 1200, Role.PRIMARY, False),
        (2, 480, Role.BACKUP, False),
    ]
    assert [s.worker_id for s in day_rota(COMM, "A", SAT)] == [2, 3]
    covering_own_backup = day_rota(COMM, "A", FRI, [RotaChange(ChangeKind.COVER, 1, 2, FRI)])
    assert [(s.worker_id, s.role) for s in covering_own_backup] == [(2, Role.PRIMARY), (3, Role.PRIMARY)]


TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("sat", date(2026, 11, 28)),
        ("Saturday", date(2026, 11, 28)),
        ("周六", date(2026, 11, 28)),
        ("星期三", TODAY),
        ("wed", TODAY),
        ("周日", date(2026, 11, 29)),
        ("週六", date(2026, 11, 28)),  # 繁體, as the zh-Hant usage's own example writes it
        ("週天", date(2026, 11, 29)),
        ("today", TODAY),
        ("明天", date(2026, 11, 26)),
        ("2026-11-28", date(2026, 11, 28)),
        ("11-28", date(2026, 11, 28)),
        ("11/28", date(2026, 11, 28)),
        ("1-5", date(2027, 1, 5)),
        ("12月1日", date(2026, 12, 1)),
    ],
)
def test_parse_day(token: str, expected: date) -> None:
    assert looks_like_day(token)
    assert parse_day(token, TODAY) == expected


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("2026-11-24", "past"),
        ("2026-02-30", "bad"),
        ("13-01", "bad"),
        ("2027-06-01", "far"),
        ("someday", "bad"),
    ],
)
def test_parse_day_refuses(token: str, reason: str) -> None:
    with pytest.raises(DayError) as info:
        parse_day(token, TODAY)
    assert info.value.reason == reason


def test_names_are_not_days() -> None:
    assert not looks_like_day("王师傅") and not looks_like_day("@wang") and not looks_like_day("2001")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_day_the_rota_shows_is_read_back_as_a_day(lang: str) -> None:
    """Committee secretary review: in a 繁體 community /rota shows "週六" and the usage's own example is
    "/cover 王師傅 週六", yet "週六" was no day (only 周, 星期 and 禮拜 were): the cover was refused."""
    for weekday in range(7):
        label = plain(lang, f"rota.wd.{weekday}")
        assert looks_like_day(label) and parse_day(label, TODAY).weekday() == weekday, label
