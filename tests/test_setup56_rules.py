"""The rota's empty days (pure): which weekdays a desk's shifts leave with nobody on duty at any hour."""

from __future__ import annotations

from bot.core.community import Shift
from bot.core.rota import bare_name, empty_days


def shift(days: str, start: str = "08:00", end: str = "20:00", grid: str = "B") -> Shift:
    return Shift(worker=1, grid=grid, days=days, start=start, end=end)


def test_weekdays_only_leave_the_weekend_empty() -> None:
    assert empty_days([shift("mon-fri")], "B") == [5, 6]


def test_a_night_shift_covers_the_morning_after() -> None:
    assert empty_days([shift("mon-fri"), shift("sat", "20:00", "08:00")], "B") == []
    assert empty_days([shift("mon-fri"), shift("sun", "20:00", "08:00")], "B") == [5]


def test_other_desks_and_no_shift_at_all() -> None:
    assert empty_days([shift("mon-sun", grid="A")], "B") == list(range(7))
    assert empty_days([], "B") == list(range(7))
    assert empty_days([shift("mon-sun", "00:00", "24:00")], "B") == []


def test_a_name_is_compared_by_its_letters() -> None:
    assert bare_name("王 师傅") == bare_name("😀王师傅") == "王师傅"
    assert bare_name("李姐 🌸") == "李姐" and bare_name("Wang Qiang") == "wangqiang"
    assert bare_name("🌸 ") == ""
