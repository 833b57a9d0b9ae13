"""Rota changes people really make: one worker covers another's day, or two workers swap days.

Pure: a change names the day its shifts *start* on (community wall clock), so covering Wang on
Saturday covers his Saturday night shift into Sunday too. Changes apply in the order given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.community import Shift
from bot.core.errors import Refusal


class ChangeKind(StrEnum):
    """What a rota change does."""

    COVER = "cover"
    SWAP = "swap"


@dataclass(frozen=True, slots=True)
class RotaChange:
    """COVER: `worker_b` takes `worker_a`'s shifts starting on `day`.

    SWAP: `worker_b` takes `worker_a`'s shifts starting on `day`, and `worker_a` takes
    `worker_b`'s shifts starting on `day_b` (the same day unless two dates were given).
    """

    kind: ChangeKind
    worker_a: int
    worker_b: int
    day: date
    day_b: date | None = None
    id: int = 0

    @property
    def other_day(self) -> date:
        """The day of `worker_b`'s shifts that a swap moves (= `day` for a one-day swap)."""
        return self.day_b or self.day

    def apply(self, holder: int, day: date) -> int:
        """Who holds, after this change, a shift that `holder` held starting on `day`."""
        if holder == self.worker_a and day == self.day:
            return self.worker_b
        if self.kind is ChangeKind.SWAP and holder == self.worker_b and day == self.other_day:
            return self.worker_a
        return holder


def holder(worker_id: int, day: date, changes: Sequence[RotaChange]) -> int:
    """Who works the shift of `worker_id` that starts on `day`, after every change in order."""
    for change in changes:
        worker_id = change.apply(worker_id, day)
    return worker_id


_WEEKDAYS = {
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    **{p + d: i for p in ("周", "週", "星期", "礼拜", "禮拜") for i, d in enumerate("一二三四五六日")},  # 週: 繁體
    **{p + "天": 6 for p in ("周", "週", "星期", "礼拜", "禮拜")},
}
_RELATIVE = {"today": 0, "今天": 0, "tomorrow": 1, "明天": 1, "后天": 2, "後天": 2}
_FULL_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_SHORT_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$|^(\d{1,2})月(\d{1,2})[日号號]?$")
MAX_AHEAD_DAYS = 92


class DayError(Refusal):
    """A day argument that cannot be used; `reason` is 'bad', 'past' or 'far'."""


def parse_day(token: str, today: date) -> date:
    """'sat', '周六', 'tomorrow', '2026-11-28', '11-28', '11月28日' → a date from `today` on.

    A weekday means its next occurrence, today included; a month-day without a year means the
    next one. Raises DayError('bad' | 'past' | 'far').
    """
    text = token.strip().lower()
    if text in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[text] - today.weekday()) % 7)
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    try:
        if m := _FULL_DATE.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _SHORT_DATE.match(text):
            month, dom = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
            day = date(today.year, month, dom)
            if day < today:
                day = date(today.year + 1, month, dom)
        else:
            raise DayError("bad")
    except ValueError as exc:
        raise exc if isinstance(exc, DayError) else DayError("bad") from None
    if day < today:
        raise DayError("past")
    if (day - today).days > MAX_AHEAD_DAYS:
        raise DayError("far")
    return day


def span_end(token: str, first: date, from_today: date) -> date:
    """The last day of a span whose first is `first`: `token` read from that day on ("周六 周一" ends on the Monday
    after that Saturday, not today); `from_today`, as read from today, when that is later or the token reads as no
    day from the first (a date before it: "12-10 12-06" is the span between them)."""
    try:
        return max(from_today, parse_day(token, first))
    except DayError:
        return from_today


def looks_like_day(token: str) -> bool:
    """Whether a command argument is meant as a day (so the others are workers)."""
    text = token.strip().lower()
    return bool(text in _WEEKDAYS or text in _RELATIVE or _FULL_DATE.match(text) or _SHORT_DATE.match(text))


_DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WHOLE_WEEKS = {
    **dict.fromkeys(("每天", "每日", "天天"), "mon-sun"),
    **dict.fromkeys(("工作日",), "mon-fri"),
    **dict.fromkeys(("周末", "週末"), "sat,sun"),
}


def shift_days(token: str) -> str:
    """A shift's days as a person writes them, in the file's words: "周一至周五" → "mon-fri", "周六、周日" →
    "sat,sun", "每天" → "mon-sun"; "mon-fri" (or anything else) as it is."""
    text = token.strip().lower()
    if text in _WHOLE_WEEKS:
        return _WHOLE_WEEKS[text]
    for name in sorted((n for n in _WEEKDAYS if not n.isascii()), key=len, reverse=True):
        text = text.replace(name, _DAY_CODES[_WEEKDAYS[name]])
    return re.sub(r"[至到~～]", "-", re.sub(r"[、，]", ",", text))


def empty_days(shifts: Iterable[Shift], desk: str) -> list[int]:
    """The weekdays (Monday = 0) on which no shift of this desk puts anyone on duty at any hour: none starts that day
    and none of the day before runs overnight into it (a desk with no shift at all: every day). A rota that leaves a
    day so is legal, but that day's reports reach the committee as "no one is on duty"."""
    covered: set[int] = set()
    for shift in shifts:
        if shift.desk != desk:
            continue
        covered |= shift.weekdays
        if shift.overnight:
            covered |= {(day + 1) % 7 for day in shift.weekdays}
    return [day for day in range(7) if day not in covered]


def bare_name(text: str) -> str:
    """A name as compared when typed or pasted loosely: its letters and digits only, case folded ("王 师傅",
    "😀王师傅" and "李姐 🌸" are 王师傅, 王师傅 and 李姐)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())
