"""A fake Telegram Bot API server (aiohttp) for tests and ``linli demo``."""

from .errors import ApiError
from .server import Call, FakeTelegram

__all__ = ["ApiError", "Call", "FakeTelegram"]
