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
    return (await _chain(c, ev, seen))[-1]


async def _chain(c: aiosqlite.Connection, ev: Event, seen: Collection[int] = ()) -> list[Event]:
    """The event and each one its duplicate notes lead to in turn, as `handled_under` follows them."""
    chain = [ev]
    visited = {*seen, ev.id}
    while is_duplicate(ev):
        number = lifecycle.parse_event_number(ev.outcome_note or "")
        found = await events.get(c, number) if number is not None and number not in visited else None
        if found is None:
            break
        visited.add(found.id)
        chain.append(found)
        ev = found
    return chain


async def leading_to(c: aiosqlite.Connection, event_ids: Collection[int], via: int) -> set[int]:
    """Those of the events that are ``via`` or whose duplicate notes pass through it (#3 of #2 of #1, via #2)."""
    out = set()
    for event_id in event_ids:
        ev = await events.get(c, event_id)
        if ev is not None and via in {e.id for e in await _chain(c, ev)}:
            out.add(event_id)
    return out
