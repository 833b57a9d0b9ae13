"""The event lifecycle, written once: the named transitions and the named sets of states.

Storage builds every conditional ``UPDATE … WHERE status IN (…)`` from a ``Transition`` and every
status filter from a set here; services, render and storage name these instead of writing states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.types import Status

OPEN = frozenset({Status.NEW, Status.DISPATCHED, Status.ACCEPTED})  # still needs work
WITH_WORKER = frozenset({Status.DISPATCHED, Status.ACCEPTED})  # waiting for or in a worker's hands
EDITABLE = frozenset({Status.NEW, Status.DISPATCHED})  # the report may still change: nobody accepted it
DONE = frozenset({Status.CLOSED, Status.CANCELLED})


@dataclass(frozen=True, slots=True)
class Transition:
    """A named move: from any of ``src`` to ``dst``."""

    name: str
    src: frozenset[Status]
    dst: Status

    def since(self, status: Status) -> Transition:
        """The same move, allowed only from this one state (a write conditional on what was read)."""
        if status not in self.src:
            raise ValueError(f"{self.name} does not start from {status}")
        return Transition(self.name, frozenset({status}), self.dst)


# new → dispatched → accepted → closed → (reopened → dispatched …); cancelled from any open state.
DISPATCH = Transition("dispatch", frozenset({Status.NEW}), Status.DISPATCHED)
HAND_OFF = Transition("hand_off", frozenset({Status.DISPATCHED}), Status.DISPATCHED)  # shift change
ACCEPT = Transition("accept", frozenset({Status.DISPATCHED}), Status.ACCEPTED)
HAND_BACK = Transition("hand_back", WITH_WORKER, Status.DISPATCHED)
REASSIGN = Transition("reassign", OPEN, Status.DISPATCHED)  # an admin, from the console
CLOSE = Transition("close", frozenset({Status.ACCEPTED}), Status.CLOSED)
REOPEN = Transition("reopen", frozenset({Status.CLOSED}), Status.DISPATCHED)
CANCEL = Transition("cancel", OPEN, Status.CANCELLED)

ALL = (DISPATCH, HAND_OFF, ACCEPT, HAND_BACK, REASSIGN, CLOSE, REOPEN, CANCEL)
TRANSITIONS: dict[Status, frozenset[Status]] = {s: frozenset(t.dst for t in ALL if s in t.src) for s in Status}

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
