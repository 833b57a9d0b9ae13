"""A shift's hours as a chair types them, read as the file writes them."""

from __future__ import annotations

import pytest

from bot.core.time_range import read_time_range

DAY = ("08:00", "18:00")


@pytest.mark.parametrize(
    "typed",
    ["8-18", "08:00-18:00", "8：00-18：00", "8:00—18:00", "08.00-18.00", "8点到18点", "8点-18点", "早8晚6", "8am-6pm"]
    + ["8 - 18", "早上8点到晚上6点", "8-6", "8~18", "8至18", "8 to 6pm", "8点到6点", "8:00-6:00"],
)
def test_the_ways_of_writing_eight_to_six_are_one_day_shift(typed: str) -> None:
    assert read_time_range(typed) == DAY


READ = {
    "8点半-17点半": "08:30-17:30",
    "9:30am-5:30pm": "09:30-17:30",
    "上午9点至下午5点": "09:00-17:00",
    "22:00-06:00": "22:00-06:00",
    "22-6": "22:00-06:00",
    "晚8点到早8点": "20:00-08:00",
    "0:00-8:00": "00:00-08:00",
    "12-24": "12:00-24:00",
}


@pytest.mark.parametrize(("typed", "hours"), [(typed, tuple(hours.split("-"))) for typed, hours in READ.items()])
def test_half_hours_afternoons_and_overnight_shifts(typed: str, hours: tuple[str, str]) -> None:
    assert read_time_range(typed) == hours


@pytest.mark.parametrize("typed", ["1-5", "mon-fri", "周一至周五", "8-8", "8-25", "8:70-9:00", "24:00-8", "sat", "A"])
def test_days_and_impossible_hours_are_no_range(typed: str) -> None:
    assert read_time_range(typed) is None
