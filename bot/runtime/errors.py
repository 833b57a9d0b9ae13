"""Which failures are worth retrying: a locked or full database and a broken network pass."""

from __future__ import annotations

import sqlite3

from telegram.error import NetworkError, RetryAfter, TimedOut

_TRANSIENT_SQLITE = ("locked", "busy", "disk", "full", "i/o", "unable to open", "readonly")


def is_transient(exc: BaseException) -> bool:
    """True when trying again later may succeed (the database is locked or full, a disk or network error)."""
    if isinstance(exc, sqlite3.OperationalError):
        return any(word in str(exc).lower() for word in _TRANSIENT_SQLITE)
    return isinstance(exc, OSError | TimeoutError | NetworkError | TimedOut | RetryAfter)
