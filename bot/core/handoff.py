"""Shift hand-off: at a boundary, who goes off duty, who comes on, and which events change hands.

Pure: the roster, the overrides and the open events are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core import roster
from bot.core.community import Community
from bot.core.types import Event, Status


@dataclass(frozen=True, slots=True)
class Handoff:
    """The open events of one worker going off duty in one grid.

    `to_worker` None: nobody comes on duty, the committee is told. `move` are the unaccepted
    events that change hands; `events` all open ones (for the notice), oldest first.
    """

    grid_id: str
    from_worker: int
    to_worker: int | None
    events: tuple[int, ...]
    move: tuple[int, ...]


def plan(
    community: Community, at: datetime, open_events: Sequence[Event],
    overrides: Sequence[roster.DutyOverride] = (),
) -> list[Handoff]:
    """Hand-offs due at the shift boundary `at`."""
    before_at = at - timedelta(seconds=1)
    result = []
    for grid in community.grids:
        before = {w.telegram_id for w in roster.on_duty(community, grid.id, before_at, overrides).everyone}
        after = roster.on_duty(community, grid.id, at, overrides)
        staying = {w.telegram_id for w in after.everyone}
        for worker_id in sorted(before - staying):
            mine = sorted(
                (e for e in open_events if e.grid_id == grid.id and e.assignee_id == worker_id
                 and e.status in (Status.DISPATCHED, Status.ACCEPTED)),
                key=lambda e: (e.created_at, e.id),
            )
            if not mine:
                continue
            incoming = after.everyone[0].telegram_id if after.everyone else None
            move = tuple(e.id for e in mine if e.status is Status.DISPATCHED) if incoming else ()
            result.append(Handoff(grid.id, worker_id, incoming, tuple(e.id for e in mine), move))
    return result
