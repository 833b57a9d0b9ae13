"""What a console reader may see and asked to see: visibility, filters, and when open work is late.

Pure: storage turns a ``Visibility`` and an ``EventFilter`` into SQL; ``visible`` answers the same
question for one event in Python (the two agree; tests/test_console_scope.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.escalation import Policy
from bot.core.types import Urgency


@dataclass(frozen=True, slots=True)
class Desk:
    """A team's share of the events: its categories, in its grids (empty: every grid)."""

    categories: tuple[str, ...]
    grids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Visibility:
    """Everything (admins), or a worker's share: their grids, their teams' desks, and what they hold."""

    everything: bool = False
    grids: tuple[str, ...] = ()
    desks: tuple[Desk, ...] = ()
    assignee: int | None = None

    @property
    def nothing(self) -> bool:
        """True when no event can match (a worker with no grid, no team and nothing assigned)."""
        return not self.everything and not self.grids and not self.desks and self.assignee is None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The reader's choices on the board: each one narrows (None: any)."""

    grid: str | None = None
    desk: Desk | None = None  # a team's categories in its grids
    category: str | None = None
    urgency: str | None = None
    assignee: int | None = None


def visible(vis: Visibility, grid_id: str | None, category: str, assignee_id: int | None) -> bool:
    """Whether an event with this grid, category and assignee is in the reader's share."""
    if vis.everything:
        return True
    if assignee_id is not None and assignee_id == vis.assignee:
        return True
    if grid_id is not None and grid_id in vis.grids:
        return True
    return any(category in d.categories and (not d.grids or grid_id in d.grids) for d in vis.desks)


def matches(f: EventFilter, grid_id: str | None, category: str, urgency: str, assignee_id: int | None) -> bool:
    """Whether an event passes the reader's filter."""
    if f.grid is not None and grid_id != f.grid:
        return False
    if f.desk is not None and not (category in f.desk.categories and (not f.desk.grids or grid_id in f.desk.grids)):
        return False
    if f.category is not None and category != f.category:
        return False
    if f.urgency is not None and urgency != f.urgency:
        return False
    return f.assignee is None or assignee_id == f.assignee


def waiting_limit_s(policy: Policy) -> dict[str, int]:
    """How long an event may wait to be accepted before it is late: its colour's escalation time."""
    return {
        Urgency.RED.value: policy.red_reping_s,
        Urgency.YELLOW.value: policy.yellow_escalate_s,
        Urgency.GREEN.value: policy.green_escalate_s,
    }


def is_overdue(status: str, urgency: str, created_at: int, due_at: int | None, now: int, policy: Policy) -> bool:
    """Accepted past its fix-by time, or waiting to be accepted longer than its colour allows."""
    if status == "accepted":
        return due_at is not None and due_at < now
    if status in ("new", "dispatched"):
        return now - created_at > waiting_limit_s(policy)[urgency]
    return False


@dataclass(frozen=True, slots=True)
class BoardCursor:
    """Where a page of the board ended: the time the first page was read at (lateness is judged at that time on
    every following page, so an event turning late meanwhile neither moves between pages nor is shown twice) and
    the last card's place in the order (red first, then late, then oldest, then lowest number)."""

    at: int
    red: bool
    late: bool
    created_at: int
    id: int

    def text(self) -> str:
        """The cursor as the board's "next" value."""
        return f"{self.at}.{int(self.red)}.{int(self.late)}.{self.created_at}.{self.id}"

    @staticmethod
    def parse(text: str) -> BoardCursor:
        """The cursor a "next" value names; ValueError for anything else."""
        parts = text.split(".")
        if len(parts) != 5 or not all(p.isdigit() and len(p) < 16 for p in parts):
            raise ValueError(text)
        at, red, late, created_at, event_id = (int(p) for p in parts)
        if red > 1 or late > 1:
            raise ValueError(text)
        return BoardCursor(at, bool(red), bool(late), created_at, event_id)
