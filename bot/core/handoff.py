"""Shift hand-off: at a boundary, who goes off duty, who comes on, and which events change hands.

Pure: the roster, the overrides and the open events are passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core import roster, routing
from bot.core.community import Community
from bot.core.types import Event, Status


@dataclass(frozen=True, slots=True)
class Handoff:
    """The open events of one worker going off duty in one grid (`grid_id`: the last desk tried).

    `to_worker` None: nobody comes on duty, the committee is told. `move` are the unaccepted
    events that change hands; `events` all open ones (for the notice), oldest first.
    """

    grid_id: str
    from_worker: int
    to_worker: int | None
    events: tuple[int, ...]
    move: tuple[int, ...]


def plan(
    community: Community,
    at: datetime,
    open_events: Sequence[Event],
    overrides: Sequence[roster.Adjustment] = (),
    before: tuple[datetime, Sequence[roster.Adjustment]] | None = None,
    handed_back: Mapping[int, Collection[int]] | None = None,
) -> list[Handoff]:
    """Hand-offs due at the shift boundary `at`.

    Each open event is looked at through its desks (its team(s), then its grid): its worker
    hands it off when they were on duty there just before `at` and are not at `at`. ``before``: the time and
    overrides of "before" instead (a boundary passed while the bot was down; a /cover or /offduty written
    just now, its overrides before the change). ``handed_back``: per event, who gave it up: it does not move to
    them while someone else is on duty (it stays, and the stranded pass gives it to that someone).
    """
    before_at, before_overrides = before if before is not None else (at - timedelta(seconds=1), overrides)
    duty: dict[tuple[str, ...], tuple[set[int], list[int]]] = {}
    groups: dict[tuple[tuple[str, ...], int], list[Event]] = {}
    for ev in sorted(open_events, key=lambda e: (e.created_at, e.id)):
        if ev.assignee_id is None or ev.status not in (Status.DISPATCHED, Status.ACCEPTED):
            continue
        key = tuple(routing.desks(community, ev.category, ev.grid_id))
        if not key:
            continue
        if key not in duty:  # who comes on first: whom a new report would go to (the team's backup before the grid)
            was = routing.in_order(community, ev.category, ev.grid_id, before_at, before_overrides)
            now_on = routing.in_order(community, ev.category, ev.grid_id, at, overrides)
            duty[key] = ({w.telegram_id for _, w in was}, [w.telegram_id for _, w in now_on])
        before_ids, after_ids = duty[key]
        if ev.assignee_id in before_ids and ev.assignee_id not in after_ids:
            groups.setdefault((key, ev.assignee_id), []).append(ev)
    result = []
    for (key, worker_id), mine in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        incoming = duty[key][1][0] if duty[key][1] else None
        refused = handed_back or {}
        on = duty[key][1]
        move = tuple(
            e.id
            for e in mine
            if e.status is Status.DISPATCHED
            and incoming
            # not to who handed it back, unless only such people are on duty (better them than someone off duty)
            and (incoming not in refused.get(e.id, ()) or all(w in refused.get(e.id, ()) for w in on))
        )
        result.append(Handoff(key[-1], worker_id, incoming, tuple(e.id for e in mine), move))
    return result


def stranded(
    community: Community, at: datetime, open_events: Sequence[Event], overrides: Sequence[roster.Adjustment] = ()
) -> list[Event]:
    """Waiting events no one on duty holds at `at`, oldest first: with no worker (nobody was on duty when they
    came in), or with one who is not on duty for the event's desks while someone else is (their shift ended
    with nobody coming on then, they were taken off the rota, they left the community). An event held by
    someone on duty stays with them, whichever desk they are on (a team coming on does not take back what the
    grid's worker holds: not a hand-back, not a reopened repair)."""
    out = []
    for ev in sorted(open_events, key=lambda e: (e.created_at, e.id)):
        if ev.status is not Status.DISPATCHED:
            continue
        if ev.assignee_id is None:
            out.append(ev)
            continue
        on = {w.telegram_id for _, w in routing.in_order(community, ev.category, ev.grid_id, at, overrides)}
        if on and ev.assignee_id not in on:
            out.append(ev)
    return out
