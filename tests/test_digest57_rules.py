"""How a chair names a week to /digest (found in the digest57 review: "/digest 上周", a date or "last week" were
refused as "not a week")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core import weeks

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 30 November 09:00 in Shanghai: W49, the digest's hour


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("上周", "2026-W48"),
        ("上週", "2026-W48"),  # Traditional script
        ("上个星期", "2026-W48"),
        ("last week", "2026-W48"),
        ("Last  Week", "2026-W48"),
        ("本周", "2026-W49"),
        ("this week", "2026-W49"),
        ("上上周", "2026-W47"),
        ("2026-11-30", "2026-W49"),
        ("2026-11-29", "2026-W48"),  # a Sunday is the end of its week
        ("2026/11/23", "2026-W48"),
        ("2026年11月25日", "2026-W48"),
        ("２０２６－１１－２５", "2026-W48"),  # full-width, as a Chinese keyboard types it
        ("2026-W48", "2026-W48"),
        ("2026w48", "2026-W48"),
        ("2027-01-01", "2026-W53"),  # ISO weeks: 1 January 2027 is a Friday of 2026's last week
    ],
)
def test_a_week_named_as_a_chair_names_it(words: str, label: str) -> None:
    assert weeks.read_week(words, NOW, SH).label == label


@pytest.mark.parametrize("words", ["上个月", "abc", "2026-13-45", "2026-02-30", "0001-01-01", "last", "W48", ""])
def test_what_names_no_week_is_refused(words: str) -> None:
    with pytest.raises(weeks.WeekError):
        weeks.read_week(words, NOW, SH)


def test_the_week_boundary_is_local_midnight() -> None:
    """Sunday 23:50 in Shanghai (15:50 UTC) is the week's last ten minutes; Monday 00:10 is the next week's."""
    assert weeks.week_of(datetime(2026, 11, 29, 15, 50, tzinfo=UTC), SH).label == "2026-W48"
    assert weeks.week_of(datetime(2026, 11, 29, 16, 10, tzinfo=UTC), SH).label == "2026-W49"
