"""A report registered long after its writer sent it (the bot was down, Telegram out of reach, the database locked
meanwhile): when that is worth telling her, the worker and the committee."""

from __future__ import annotations

from datetime import datetime, timedelta

LATE_AFTER = timedelta(minutes=3)  # a burst or a short retry is a few seconds; this is the bot not hearing her


def written_late(sent_at: datetime | None, now: datetime) -> datetime | None:
    """When the words were sent, if they are registered `now` LATE_AFTER or more after that; None when on time, when
    not known (words the bot keeps and registers later: a "Report it?" answered), or sent "after" this clock."""
    if sent_at is None or now - sent_at < LATE_AFTER:
        return None
    return sent_at


def minutes_late(written_at: datetime, registered_at: datetime) -> int:
    """Whole minutes between the words being sent and the event being registered."""
    return int((registered_at - written_at).total_seconds() // 60)
