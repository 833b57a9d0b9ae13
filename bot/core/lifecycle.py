"""The event lifecycle, written once: the named transitions and the named sets of states.

Storage builds every conditional ``UPDATE … WHERE status IN (…)`` from a ``Transition`` and every
status filter from a set here; services, render and storage name these instead of writing states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.text_norm import nfkc, to_simplified
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


# new → dispatched → accepted → closed → (reopened → dispatched …); cancelled from any open state; an admin may
# settle (close) a waiting one.
DISPATCH = Transition("dispatch", frozenset({Status.NEW}), Status.DISPATCHED)
HAND_OFF = Transition("hand_off", frozenset({Status.DISPATCHED}), Status.DISPATCHED)  # shift change
ACCEPT = Transition("accept", frozenset({Status.DISPATCHED}), Status.ACCEPTED)
UNDO_ACCEPT = Transition("undo_accept", frozenset({Status.ACCEPTED}), Status.DISPATCHED)  # a mis-tapped Accept undone
HAND_BACK = Transition("hand_back", WITH_WORKER, Status.DISPATCHED)
REASSIGN = Transition("reassign", OPEN, Status.DISPATCHED)  # an admin, from the console
CLOSE = Transition("close", frozenset({Status.ACCEPTED}), Status.CLOSED)
SETTLE = Transition("settle", OPEN - {Status.ACCEPTED}, Status.CLOSED)  # an admin closes one nobody took (console)
REOPEN = Transition("reopen", frozenset({Status.CLOSED}), Status.DISPATCHED)
CANCEL = Transition("cancel", OPEN, Status.CANCELLED)

ALL = (DISPATCH, HAND_OFF, ACCEPT, UNDO_ACCEPT, HAND_BACK, REASSIGN, CLOSE, SETTLE, REOPEN, CANCEL)
TRANSITIONS: dict[Status, frozenset[Status]] = {s: frozenset(t.dst for t in ALL if s in t.src) for s in Status}

_MARKED = re.compile(r"[#＃]\s*(\d{1,9})")
# a bare number that names a place, not an event ("4号楼也有人报过，跟3重复": 3), after the text is read as Simplified
# Chinese ("4號樓" too) and lower case: a place word after it ("4#楼", "2单元", "5层") or before it ("building 4")
_BARE = re.compile(
    r"(?<![\d#])(?<!building )(?<!bldg )(?<!block )(?<!blk )(?<!unit )(?<!floor )(?<!level )(?<!room )(?<!flat )"
    r"(?<!apt )(?<!tower )(\d{1,9})(?!\d|\s*(?:#?\s*(?:号楼|楼|号院|栋|幢|座)|单元|室|层|f\b|/f\b|st\b|nd\b|rd\b|th\b))"
)


def can_transition(src: Status, dst: Status) -> bool:
    """Whether the lifecycle allows src → dst."""
    return dst in TRANSITIONS[src]


def is_open(status: Status) -> bool:
    """Whether an event still needs work."""
    return status in OPEN


def parse_event_number(text: str) -> int | None:
    """'#42', '42', '＃42 号' → 42: the first number marked with '#', else the one bare number that names no place
    ("4号楼的跟#3重复", "4號樓也有，跟3重複", "same as 3 (building 4)": 3); None when there is none, or several bare
    ones and no '#'."""
    text = to_simplified(nfkc(text)).lower()  # full-width digits and "＃" too
    if m := _MARKED.search(text):
        return int(m.group(1))
    bare = _BARE.findall(text)
    return int(bare[0]) if len(bare) == 1 else None
