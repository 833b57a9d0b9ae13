"""Logging for the running bot: never the token, never message texts at the default level."""

from __future__ import annotations

import logging


def setup_logging(level: str = "INFO") -> None:
    """Configure the root logger and quieten libraries that would log secrets."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quieten()


def quieten() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token."""
    for name in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
