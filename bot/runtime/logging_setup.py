"""Logging for the running bot: never the token, message texts only when a setting asks for them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Libraries that log request URLs (which hold the token) or whole updates and API calls (which hold
# residents' words) at INFO or DEBUG; aiosqlite logs every SQL call with its values (texts included).
CHATTY = ("httpx", "httpcore", "telegram", "apscheduler", "aiohttp.access", "hpack", "tornado.access", "aiosqlite")
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
