"""Undoing a mistaken Accept: how long it may be undone, and what the Accept's log line keeps so that it can be.

Pure: no SQL, no clock reads. The Accept's "accepted" line keeps who had the event before it, the chasing timers it
stopped and whether the committee was told of it (``detail``); the undo reads them back (``parse``) and puts the event
back as it was. When its time is over, a timer (``lapse_timer``) takes the Undo button off the card
(``without_undo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.callbacks import Action, decode
from bot.core.escalation import TimerKind, TimerSpec
from bot.core.timeutil import to_epoch

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


def lapse_timer(worker_id: int, accepted_at: datetime) -> TimerSpec:
    """The timer that takes the Undo off the worker's card when it can no longer be pressed in time; it names the
    Accept (who, when), so that it acts for that Accept alone (not for one made again after an undo)."""
    return TimerSpec(TimerKind.UNDO_LAPSE, accepted_at + UNDO_WITHIN, {"to": worker_id, "at": to_epoch(accepted_at)})


def lapse_is_for(payload: dict, assignee_id: int | None, accepted_at: datetime | None) -> bool:
    """Whether a lapse timer (its ``payload``) is about the Accept the event is in now."""
    return accepted_at is not None and payload.get("to") == assignee_id and payload.get("at") == to_epoch(accepted_at)


def without_undo(markup: dict | None, event_id: int) -> dict | None:
    """A card's buttons without the event's Undo (a row left empty goes, the others stay as they are); None when
    they offer no Undo of it (another keyboard replaced the one the Accept put there: it is left alone)."""
    rows = (markup or {}).get("inline_keyboard") or []

    def undo(button: dict) -> bool:
        cb = decode(button.get("callback_data"))
        return cb is not None and cb.action is Action.UNDO_ACCEPT and cb.id == event_id

    if not any(undo(b) for row in rows for b in row):
        return None
    kept = [[b for b in row if not undo(b)] for row in rows]
    return {**(markup or {}), "inline_keyboard": [row for row in kept if row]}
