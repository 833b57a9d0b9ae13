"""Events closed as duplicates: which event a report is handled under once its own was closed as one."""

from __future__ import annotations

from collections.abc import Collection

import aiosqlite

from bot.core import lifecycle
from bot.core.types import Event, Outcome, Status
from storage import events


def is_duplicate(ev: Event) -> bool:
    """Closed as a duplicate of another event (its reports joined that one)."""
    return ev.status is Status.CLOSED and ev.outcome is Outcome.DUPLICATE


async def handled_under(c: aiosqlite.Connection, ev: Event, seen: Collection[int] = ()) -> Event:
    """The event a report is handled under: the event itself, or, when it was closed as a duplicate, the one its
    note names, followed on while that was closed as a duplicate too (#3 of #2 of #1: #1). A note naming no
    event, or one met already (``seen``, and each step: a loop of notes), stops there."""
    visited = {*seen, ev.id}
    while is_duplicate(ev):
        number = lifecycle.parse_event_number(ev.outcome_note or "")
        found = await events.get(c, number) if number is not None and number not in visited else None
        if found is None:
            return ev
        visited.add(found.id)
        ev = found
    return ev
