"""Logging for the running bot: never the token, message texts only when a setting asks for them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Libraries that log request URLs (which hold the token) or whole updates and API calls (which hold
# residents' words) at INFO or DEBUG; aiosqlite logs every SQL call with its values (texts included).
CHATTY = ("httpx", "httpcore", "telegram", "apscheduler", "aiohttp.access", "hpack", "tornado.access", "aiosqlite")
# PTB logs each answer that is no JSON (Telegram's edge answering an nginx "502 Bad Gateway" page while its back
# end is down) as an ERROR with the page and a traceback, then raises the status as an error: the poller and the
# sender report that, once per outage, in a few words (bot.runtime.errors.brief)
PTB_REQUEST = "telegram.request.BaseRequest"
NOT_JSON = "Can not load invalid JSON data"
# a token alone or inside a URL ("/bot123:AA…/sendMessage": no word boundary after "bot")
_TOKEN_SHAPE = re.compile(r"(?<!\d)\d{3,20}:[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")


class RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, then replaces every secret and anything shaped like a token."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with each secret, and any bot-token-shaped string, replaced by <redacted>."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<redacted>")
    return _TOKEN_SHAPE.sub("<redacted>", text)


def setup_logging(level: str = "INFO", secrets: Iterable[str] = (), message_texts: bool = False) -> None:
    """Configure the root logger with redaction; quieten libraries unless message texts are wanted."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quieten(allow_texts=message_texts and level == "DEBUG")


def quieten(allow_texts: bool = False) -> None:
    """httpx logs request URLs (with the token) at INFO; PTB logs updates and API calls at DEBUG."""
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if allow_texts and name == "telegram" else logging.WARNING)
    # PTB's rate limiter (max_retries=0: the sender retries) logs each 429 as an ERROR with a traceback before
    # raising it; the sender logs the retry itself, at INFO
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    request = logging.getLogger(PTB_REQUEST)
    if not any(isinstance(f, NotJsonFilter) for f in request.filters):
        request.addFilter(NotJsonFilter())


class NotJsonFilter(logging.Filter):
    """PTB's ERROR for an answer that is no JSON: left out, or at DEBUG one line with the start of the answer."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (isinstance(record.msg, str) and record.msg.startswith(NOT_JSON)):
            return True
        if not logging.getLogger().isEnabledFor(logging.DEBUG):
            return False
        answer = " ".join(str(record.args[0] if isinstance(record.args, tuple) and record.args else "").split())
        record.msg, record.args = "Telegram's answer is no JSON: %.120s", (answer,)
        record.levelno, record.levelname, record.exc_info, record.exc_text = logging.DEBUG, "DEBUG", None, None
        return True
