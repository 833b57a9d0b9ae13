"""Which failures are worth retrying (a locked or full database and a broken network pass), and Telegram's
errors told in a few words."""

from __future__ import annotations

import logging
import sqlite3

from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut

_TRANSIENT_SQLITE = ("locked", "busy", "disk", "full", "i/o", "unable to open", "readonly")
# PTB's words when an answer is no JSON: "Bad Gateway (502). Parsing the server response b'<html>…' failed"
_NOT_JSON = ". Parsing the server response"


def is_transient(exc: BaseException) -> bool:
    """True when trying again later may succeed (the database is locked or full, a disk or network error)."""
    if isinstance(exc, sqlite3.OperationalError):
        return any(word in str(exc).lower() for word in _TRANSIENT_SQLITE)
    return isinstance(exc, OSError | TimeoutError | NetworkError | TimedOut | RetryAfter)


class Streak:
    """A run of failures of one kind (the database locked or full for a while): the first is logged as a
    warning, the attempts after it at DEBUG, and the end of the run as one more warning."""

    def __init__(self, log: logging.Logger, what: str) -> None:
        self.log = log
        self.what = what
        self.failures = 0

    def failed(self, msg: str, *args: object) -> None:
        """One more failure; only the first of a run is a warning."""
        if self.failures == 0:
            self.log.warning(msg + " (further failures are logged at DEBUG until %s works again)", *args, self.what)
        else:
            self.log.debug(msg, *args)
        self.failures += 1

    def succeeded(self) -> None:
        """It works again: say so once, with how many attempts failed meanwhile."""
        if self.failures:
            self.log.warning("%s works again after %s failed attempts", self.what, self.failures)
            self.failures = 0


def brief(exc: TelegramError) -> str:
    """Telegram's error in a few words: an HTML page from Telegram's edge (nginx's "502 Bad Gateway" while its
    back end is down) is told by its status, not repeated."""
    status, not_json, _ = exc.message.partition(_NOT_JSON)
    return f"{status}, answered with a web page instead of Telegram's JSON" if not_json else exc.message
