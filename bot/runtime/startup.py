"""Start-up failures in one sentence each, for `linli run`: exit code 2 for what a person must fix (a supervisor
does not restart it), 1 for what may pass by itself (the database locked by another program, a full disk,
Telegram out of reach), so a supervisor starts it again."""

from __future__ import annotations

import errno
import logging
import sqlite3
from urllib.parse import urlparse

from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.runtime.errors import brief
from bot.runtime.logging_setup import redact
from bot.runtime.webserver import ListenError
from storage.instance_lock import InstanceLocked

log = logging.getLogger(__name__)


_PASSING_SQLITE = ("locked", "busy", "full", "disk i/o")
_PASSING_ERRNO = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO}


def passes_by_itself(exc: BaseException) -> bool:
    """Whether the same start may work a little later, with nobody fixing anything."""
    if isinstance(exc, sqlite3.OperationalError):
        return any(w in str(exc).lower() for w in _PASSING_SQLITE)
    if isinstance(exc, OSError):
        return exc.errno in _PASSING_ERRNO
    if isinstance(exc, RetryAfter):  # flood control passes by itself; exit 2 would stop systemd restarting it
        return True
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)  # PTB: a 400 is a NetworkError too


def exit_code(exc: BaseException) -> int:
    """1 when a supervisor should simply start the bot again, 2 when a person must fix something first."""
    return 1 if passes_by_itself(exc) else 2


def start_failure(exc: BaseException, settings: Settings) -> str:
    """The sentence that tells the operator what to fix (the token never appears in it)."""
    db = settings.database_path
    host = urlparse(settings.telegram_api_base_url).netloc or settings.telegram_api_base_url
    if isinstance(exc, InstanceLocked | ListenError):
        text = str(exc)
    elif isinstance(exc, sqlite3.OperationalError) and passes_by_itself(exc):
        text = (
            f"the database {db} is busy or its disk is full ({exc}); nothing was lost, start again once the other "
            "program is done or there is space (a supervisor does so by itself: exit code 1)."
        )
    elif isinstance(exc, OSError) and passes_by_itself(exc):
        where = f" ({exc.filename})" if exc.filename else ""
        text = f"cannot start: {exc.strerror or exc}{where}; start again once there is space (exit code 1)."
    elif isinstance(exc, InvalidToken):
        text = "Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (BotFather's /mybots → API Token)."
    elif isinstance(exc, Conflict):
        text = f"Telegram refused: {exc.message} (is another copy of this bot running somewhere?)."
    elif isinstance(exc, BadRequest):  # before NetworkError, which it is in PTB: Telegram said no, it was reached
        text = f"Telegram answered an error at start: {exc.message}."
    elif isinstance(exc, NetworkError):
        text = (
            f"cannot reach the Telegram Bot API at {host} ({brief(exc)}); check TELEGRAM_API_BASE_URL, the network "
            "and, where Telegram is reached through a proxy, HTTPS_PROXY (a supervisor starts it again by itself: "
            "exit code 1)."
        )
    elif isinstance(exc, TelegramError):
        text = f"Telegram answered an error at start: {exc.message}."
    elif isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in ("readonly", "unable")):
        text = (
            f"cannot open the database {db} for writing ({exc}); check the file's and its folder's "
            "permissions, or set DATABASE_PATH."
        )
    elif isinstance(exc, sqlite3.DatabaseError):
        copies = f" (the nightly copies are in {settings.backup_dir})" if settings.nightly_backup() else ""
        text = (
            f"{db} is not a usable Linli database ({exc}); put the newest good backup in its place with "
            f"`linli restore FILE`{copies}, or set DATABASE_PATH to a new file."
        )
    elif isinstance(exc, OSError):
        text = f"cannot start: {exc.strerror or exc}" + (f" ({exc.filename})." if exc.filename else ".")
    else:
        log.debug("start-up failure", exc_info=exc)
        text = f"could not start: {type(exc).__name__}: {exc}."
    return redact(text, [settings.token])
