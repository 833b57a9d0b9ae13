"""A report registered long after its writer sent it (the bot was down, Telegram out of reach, the database locked
meanwhile): when that is worth telling her, the worker and the committee."""

from __future__ import annotations

from datetime import datetime, timedelta

LATE_AFTER = timedelta(minutes=3)  # a burst or a short retry is a few seconds; this is the bot not hearing her


def written_late(sent_at: datetime | None, now: datetime, skew_s: float = 0.0) -> datetime | None:
    """When the words were sent, by this clock, if they are registered `now` LATE_AFTER or more after that; None
    when on time, when not known (words the bot keeps and registers later: a "Report it?" answered), or sent "after"
    this clock. ``skew_s``: how far this clock runs ahead of Telegram's (``skew``): a server clock a few minutes fast
    does not make every report late."""
    if sent_at is None:
        return None
    written = sent_at + timedelta(seconds=skew_s)  # Telegram's date of her words, read on this clock
    return written if now - written >= LATE_AFTER else None


def skew(ours: float, telegram_date: int) -> float:
    """How far this clock ran ahead of Telegram's when a message it just sent came back dated ``telegram_date``
    (Telegram dates in whole seconds, and the answer takes a moment: within a second or two of the truth)."""
    return ours - telegram_date


SKEW_STORE_S = 30  # a learned skew this far from the one kept is kept anew (for the reports heard after a restart)


def minutes_late(written_at: datetime, registered_at: datetime) -> int:
    """Whole minutes between the words being sent and the event being registered."""
    return int((registered_at - written_at).total_seconds() // 60)


def delivered_late(queued_at: datetime, sent_at: datetime) -> int | None:
    """Whole minutes a message waited between being queued and being sent (Telegram failing meanwhile), when that is
    LATE_AFTER or more; None when on time."""
    return minutes_late(queued_at, sent_at) if sent_at - queued_at >= LATE_AFTER else None
