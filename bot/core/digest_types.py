"""Plain data in and out of the digest maths: rows as storage returns them, figures as the text shows them.

Rows are named tuples: a digest at a million events reads tens of thousands, and a tuple is built from a
database row at C speed (``Row._make``), where a frozen dataclass costs a Python call per field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class EventRow(NamedTuple):
    """The columns of one event that the digest reads (times are epoch seconds)."""

    id: int
    category: str
    urgency: str
    grid_id: str | None
    building: str | None
    unit: str | None
    status: str
    assignee_id: int | None
    created_at: int
    accepted_at: int | None = None
    closed_at: int | None = None
    due_at: int | None = None
    outcome: str | None = None  # how it ended, as the row says now (None while open, and once reopened)
    # (a week's closes read from the log count under the outcome each close had: `digest.replay`)


class LogRow(NamedTuple):
    """One audit-trail line that matters to the digest: reopenings, and the acceptances, closes and the like of an
    event whose row no longer tells its past (see bot/core/digest.py); actor_id: who accepted, for an acceptance."""

    event_id: int
    at: int
    action: str
    actor_id: int | None = None
    detail: str | None = None  # a close's: its outcome ("nothing_found", "fixed: …")


class SurveyRow(NamedTuple):
    """One satisfaction question: status open|answered|unanswered|not_asked (could be sent nowhere: not counted),
    choice satisfied|unsatisfied|not_solved."""

    event_id: int
    worker_id: int | None
    status: str
    choice: str | None
    created_at: int


class SpotRow(NamedTuple):
    """Where and what recent events were (for hot spots): `count` events, the first reported at created_at."""

    building: str
    unit: str | None
    category: str
    created_at: int
    count: int = 1


@dataclass(slots=True)
class Breakdown:
    """A count split by category, grid and urgency colour."""

    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_grid: dict[str, int] = field(default_factory=dict)
    by_urgency: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)  # of those closed now: each outcome its own count

    @classmethod
    def of(cls, events: Sequence[EventRow]) -> Breakdown:
        """Count events (each split in first-seen order; Counter counts at C speed)."""
        return cls(
            total=len(events),
            by_category=dict(Counter(ev.category for ev in events)),
            by_grid=dict(Counter(ev.grid_id or "-" for ev in events)),
            by_urgency=dict(Counter(ev.urgency for ev in events)),
            by_outcome=dict(Counter(ev.outcome for ev in events if ev.outcome)),
        )


@dataclass(frozen=True, slots=True)
class Durations:
    """Median and 90th percentile of some durations, in seconds (None when there were none)."""

    n: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class Satisfaction:
    """Answers to the surveys asked in a week."""

    asked: int = 0
    answered: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    not_solved: int = 0

    @property
    def share_satisfied(self) -> float | None:
        """Satisfied among the answers."""
        return self.satisfied / self.answered if self.answered else None

    @property
    def share_not_solved(self) -> float | None:
        """'Not solved' among the answers."""
        return self.not_solved / self.answered if self.answered else None

    @property
    def share_answered(self) -> float | None:
        """Answered among the surveys asked."""
        return self.answered / self.asked if self.asked else None


@dataclass(frozen=True, slots=True)
class WorkerFigures:
    """One worker's week."""

    worker_id: int
    accepted: int
    closed: int
    accept: Durations
    close: Durations
    rating: Satisfaction


@dataclass(frozen=True, slots=True)
class HotSpot:
    """The same category at the same place three or more times in 30 days."""

    building: str
    unit: str | None
    category: str
    count: int


@dataclass(slots=True)
class WeekFigures:
    """Everything the digest says about one week."""

    new: Breakdown
    closed: Breakdown
    open: Breakdown
    reopened: Breakdown
    accept: Durations
    close: Durations
    overdue_open: int
    closed_late: int
    satisfaction: Satisfaction
    workers: list[WorkerFigures]
    overdue_events: list[tuple[int, str]] = field(default_factory=list)  # (id, colour) of the open ones past due

    @property
    def quiet(self) -> bool:
        """Nothing happened: no event reported, accepted, closed or reopened."""
        return not (self.new.total or self.closed.total or self.reopened.total or self.accept.n)


@dataclass(slots=True)
class Digest:
    """A week, the week before, the days of the week by colour, the close-time trend and hot spots."""

    week: str
    start: int
    end: int
    this: WeekFigures
    prev: WeekFigures
    per_day: list[dict[str, int]]
    trend: list[tuple[str, float | None]]
    hot_spots: list[HotSpot]
    # Points leaderboard of the week: (user id, points gained), best first.
    points_residents: list[tuple[int, int]] = field(default_factory=list)
    points_workers: list[tuple[int, int]] = field(default_factory=list)
    under_way: bool = False  # the week is not over: told as it stands, compared with as much of the week before
    # when the bot first ran, if in this week: the week before has no data, so nothing is compared with it
    began: int | None = None
