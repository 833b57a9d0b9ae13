"""ISO weeks in the community time zone, and when the weekly digest falls due (pure: time passed in)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.text_norm import nfkc, to_simplified
from bot.core.timeutil import FIRST_YEAR, LAST_YEAR, plausible

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
# a week named as people name it, by how many weeks back from this one (Traditional script read as Simplified)
NAMED = {
    **dict.fromkeys(("本周", "这周", "这一周", "本星期", "这星期", "这个星期", "这礼拜", "this week"), 0),
    **dict.fromkeys(("上周", "上一周", "上星期", "上个星期", "上礼拜", "上个礼拜", "last week", "previous week"), -1),
    **dict.fromkeys(("上上周", "上上星期", "上上个星期", "上上礼拜", "the week before last"), -2),
}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class WeekError(ValueError):
    """A week label that names no ISO week."""


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week: Monday 00:00 to the next Monday 00:00, local time, as epoch seconds."""

    year: int
    number: int
    start: int
    end: int

    @property
    def label(self) -> str:
        """'2026-W47'."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.number, 1)


def _local_midnight(day: date, tz: ZoneInfo) -> int:
    return int(datetime.combine(day, time(0), tzinfo=tz).timestamp())


def week_of_date(day: date, tz: ZoneInfo) -> Week:
    """The ISO week containing a local date."""
    year, number, _ = day.isocalendar()
    monday = date.fromisocalendar(year, number, 1)
    return Week(year, number, _local_midnight(monday, tz), _local_midnight(monday + timedelta(days=7), tz))


def week_of(moment: datetime, tz: ZoneInfo) -> Week:
    """The ISO week containing an instant, in the community time zone."""
    return week_of_date(moment.astimezone(tz).date(), tz)


def parse_week(label: str, tz: ZoneInfo) -> Week:
    """'2026-W47' (or '2026W47') → Week; WeekError for anything else."""
    m = WEEK_RE.match(label.strip())
    if not m:
        raise WeekError(
            f"{label!r} is not a week: write it as YYYY-Www (2026-W47), a day in it (2026-11-30) or 'last week'"
        )
    try:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise WeekError(f"{label!r} is not a week: {m[1]} has no week {int(m[2])}") from None
    if not plausible(monday):
        raise WeekError(f"{label!r} is not a week to report on: the year must be {FIRST_YEAR} to {LAST_YEAR}")
    return week_of_date(monday, tz)


def read_week(words: str, now: datetime, tz: ZoneInfo) -> Week:
    """A week as a chair names it: '2026-W47', '上周' / 'last week' (and this week, the week before last), or a
    day in it ('2026-11-30', '2026年11月30日'); WeekError for anything else."""
    text = " ".join(to_simplified(nfkc(words)).lower().split())
    if text in NAMED:
        return shift(week_of(now, tz), NAMED[text], tz)
    if m := DATE_RE.match(text):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise WeekError(f"{words!r} is not a day: {m[1]} has no {m[2]}-{m[3]}") from None
        if not plausible(day):
            raise WeekError(f"{words!r} is not a week to report on: the year must be {FIRST_YEAR} to {LAST_YEAR}")
        return week_of_date(day, tz)
    return parse_week(text, tz)


def shift(week: Week, weeks: int, tz: ZoneInfo) -> Week:
    """The week `weeks` later (negative: earlier)."""
    return week_of_date(week.monday + timedelta(days=7 * weeks), tz)


def day_starts(week: Week, tz: ZoneInfo) -> list[int]:
    """Epoch seconds of each local midnight of the week, plus the end (8 values; days may be 23 or 25 h)."""
    return [_local_midnight(week.monday + timedelta(days=i), tz) for i in range(8)]


def this_weeks_instant(now: datetime, tz: ZoneInfo, weekday: int, at: time) -> datetime:
    """The digest instant (weekday 0 = Monday, local time `at`) within the ISO week containing `now`."""
    monday = week_of(now, tz).monday
    return datetime.combine(monday + timedelta(days=weekday), at, tzinfo=tz)


def due_weeks(now: datetime, tz: ZoneInfo, weekday: int, at: time, back: int = 1) -> list[Week]:
    """The weeks whose digest is due by now, oldest first: this week's (once its instant has passed) and the
    ``back`` weeks' before it, so a digest missed by an outage over its instant, or a failed run, still goes."""
    out = []
    for k in range(back, -1, -1):
        then = now - timedelta(days=7 * k)
        if k or now >= this_weeks_instant(then, tz, weekday, at):
            out.append(shift(week_of(then, tz), -1, tz))
    return out


def last_complete(now: datetime, tz: ZoneInfo) -> Week:
    """The last ISO week that has ended."""
    return shift(week_of(now, tz), -1, tz)
