"""Conversions between aware datetimes and the epoch seconds stored in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime


def to_epoch(dt: datetime) -> int:
    """Aware datetime → integer epoch seconds."""
    return int(dt.timestamp())


def from_epoch(value: int | None) -> datetime | None:
    """Epoch seconds (or None) → aware UTC datetime (or None)."""
    return None if value is None else datetime.fromtimestamp(value, UTC)


def utcnow() -> datetime:
    """The real clock; code under test gets its time passed in instead."""
    return datetime.now(UTC)


FIRST_YEAR, LAST_YEAR = 1970, 9998  # dates a person may ask about (a week or a day later still fits in date)


def plausible(day: date) -> bool:
    """Whether a date asked for is within FIRST_YEAR..LAST_YEAR (beyond, date and timestamp arithmetic overflow)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


@dataclass(slots=True)
class SetBack:
    """Notices the clock set back (an NTP step on a host that ran fast) from readings of it taken beside a monotonic
    clock, which never steps: a wait written by the old clock is that much too far ahead."""

    wall: float | None = None  # the last reading of the clock, epoch seconds
    mono: float = 0.0  # the monotonic clock then

    def seen(self, wall: float, mono: float) -> float:
        """Seconds the clock was set back since the last reading (0 when it reads no earlier than then)."""
        back = 0.0
        if self.wall is not None and wall < self.wall:
            back = self.wall + (mono - self.mono) - wall
        self.wall, self.mono = wall, mono
        return back
