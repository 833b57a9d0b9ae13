"""Undoing a mistaken Accept: how long it may be undone, and what the Accept's log line keeps so that it can be.

Pure: no SQL, no clock reads. The Accept's "accepted" line keeps who had the event before it, the chasing timers it
stopped and whether the committee was told of it (``detail``); the undo reads them back (``parse``) and puts the event
back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

UNDO_WITHIN = timedelta(minutes=2)  # a mis-tap is noticed at once: long enough to see the card change, no longer
UNDONE = "accept_undone"  # the log line of an undone Accept (its detail: who has the event again, or empty)


@dataclass(frozen=True, slots=True)
class Before:
    """The event just before the Accept: its worker then (None: nobody), the chasing timers the Accept stopped, and
    whether the Accept told the committee (a line under its alert)."""

    assignee_id: int | None
    timer_ids: tuple[int, ...]
    committee_told: bool = False


def detail(before: Before) -> str:
    """The "accepted" line's detail: '<worker before, or empty>|<timer ids, comma-separated>|<1: committee told>'."""
    worker = "" if before.assignee_id is None else str(before.assignee_id)
    return f"{worker}|{','.join(map(str, before.timer_ids))}|{int(before.committee_told)}"


def parse(text: str | None) -> Before | None:
    """What ``detail`` wrote; None for anything else (an Accept logged before it could be undone: it cannot be)."""
    parts = (text or "").split("|")
    if len(parts) != 3:
        return None
    worker, timers, told = parts
    ids = [x for x in timers.split(",") if x]
    if not (worker == "" or worker.isdigit()) or not all(x.isdigit() for x in ids) or told not in ("0", "1"):
        return None
    return Before(int(worker) if worker else None, tuple(int(x) for x in ids), told == "1")


def within(accepted_at: datetime | None, now: datetime) -> bool:
    """Whether an Accept made at ``accepted_at`` may still be undone at ``now``."""
    return accepted_at is not None and timedelta(0) <= now - accepted_at < UNDO_WITHIN
