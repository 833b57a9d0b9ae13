"""The event lifecycle: which transitions exist, and small pure helpers around them."""

from __future__ import annotations

import re

from bot.core.types import Status

# new → dispatched → accepted → closed → (reopened → dispatched …); cancelled from any open state.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.DISPATCHED, Status.CANCELLED}),
    Status.DISPATCHED: frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.CLOSED, Status.DISPATCHED, Status.CANCELLED}),
    Status.CLOSED: frozenset({Status.DISPATCHED}),
    Status.CANCELLED: frozenset(),
}

OPEN = frozenset({Status.NEW, Status.DISPATCHED, Status.ACCEPTED})

_NUMBER = re.compile(r"[#＃]?\s*(\d{1,9})")


def can_transition(src: Status, dst: Status) -> bool:
    """Whether the lifecycle allows src → dst."""
    return dst in TRANSITIONS[src]


def is_open(status: Status) -> bool:
    """Whether an event still needs work."""
    return status in OPEN


def parse_event_number(text: str) -> int | None:
    """'#42', '42', '＃42 号' → 42; None when there is no number."""
    m = _NUMBER.search(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return int(m.group(1)) if m else None
