"""ISO weeks in the community time zone, and when the weekly digest falls due (pure: time passed in)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.timeutil import FIRST_YEAR, LAST_YEAR, plausible

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
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
        raise WeekError(f"{label!r} is not a week: write it as YYYY-Www, for example 2026-W47")
    try:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise WeekError(f"{label!r} is not a week: {m[1]} has no week {int(m[2])}") from None
    if not plausible(monday):
        raise WeekError(f"{label!r} is not a week to report on: the year must be {FIRST_YEAR} to {LAST_YEAR}")
    return week_of_date(monday, tz)


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
