"""Repeated false alarms made visible, never silenced (pure: the closes and the time are passed in).

A reporter whose reports were closed as "nothing found" at least FALSE_ALARMS_NOTICE times in the last WINDOW has
their next reports' cards and alerts carry a warning line, and the committee is told once when they reach that
number, so a person can talk to them. A red is paged as ever: this rule decides words, never who is told.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW = timedelta(days=30)


def since(at: datetime) -> datetime:
    """The start of the window that ends at ``at``."""
    return at - WINDOW


def counted(closes: Iterable[tuple[int, datetime]], at: datetime) -> list[int]:
    """The events (id, closed at) closed as nothing found within the window up to and including ``at``, oldest
    first: the reporter's false alarms then (an event reported at ``at`` was closed after it, so never its own)."""
    start = since(at)
    return [event_id for event_id, closed in sorted(closes, key=lambda x: (x[1], x[0])) if start <= closed <= at]


def warning(n: int, notice: int) -> int:
    """The count a new report's card and alert show (0: no line): ``n`` false alarms against the setting (0: off)."""
    return n if notice > 0 and n >= notice else 0


def reached(n: int, notice: int) -> bool:
    """This close brought the reporter to the number: the committee is told (once, at the number itself)."""
    return notice > 0 and n == notice
