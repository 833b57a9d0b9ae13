"""Start-up failures in one sentence each, for `linli run` (exit code 2, so a supervisor can tell)."""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import urlparse

from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.runtime.logging_setup import redact
from storage.instance_lock import InstanceLocked

log = logging.getLogger(__name__)


def start_failure(exc: BaseException, settings: Settings) -> str:
    """The sentence that tells the operator what to fix (the token never appears in it)."""
    db = settings.database_path
    host = urlparse(settings.telegram_api_base_url).netloc or settings.telegram_api_base_url
    if isinstance(exc, InstanceLocked):
        text = str(exc)
    elif isinstance(exc, InvalidToken):
        text = "Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (BotFather's /mybots → API Token)."
    elif isinstance(exc, Conflict):
        text = f"Telegram refused: {exc.message} (is another copy of this bot running somewhere?)."
    elif isinstance(exc, NetworkError):
        text = (
            f"cannot reach the Telegram Bot API at {host} ({exc.message}); check TELEGRAM_API_BASE_URL and the network."
        )
    elif isinstance(exc, TelegramError):
        text = f"Telegram answered an error at start: {exc.message}."
    elif isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in ("readonly", "unable")):
        text = (
            f"cannot open the database {db} for writing ({exc}); check the file's and its folder's "
            "permissions, or set DATABASE_PATH."
        )
    elif isinstance(exc, sqlite3.DatabaseError):
        text = (
            f"{db} is not a usable Linli database ({exc}); restore it from a backup (linli backup) or set "
            "DATABASE_PATH to a new file."
        )
    elif isinstance(exc, OSError):
        text = f"cannot start: {exc.strerror or exc} ({exc.filename or 'network address'})."
    else:
        log.debug("start-up failure", exc_info=exc)
        text = f"could not start: {type(exc).__name__}: {exc}."
    return redact(text, [settings.token])
