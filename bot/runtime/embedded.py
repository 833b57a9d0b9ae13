"""Runs the real bot in this process (BotRuntime over a SQLite file) against any Bot API URL.

Used by the tests, the benchmarks and `linli demo`, all against the built-in fake Bot API server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from telegram.ext import Application

from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community
from bot.runtime.runner import BotRuntime


class EmbeddedBot:
    """One bot over one database file; `restart()` makes a new one over the same file."""

    def __init__(
        self,
        api_base_url: str,
        token: str,
        db_path: Path,
        community: Community,
        clock: Callable[[], datetime] | None = None,
        **settings: object,
    ) -> None:
        self.api_base_url = api_base_url
        self.token = token
        self.db_path = db_path
        self.community = community
        self.clock = clock
        self.settings = {"rate_limiter": False, **settings}
        self.runtime: BotRuntime | None = None
        self._started_with: tuple[float, str | None] = (1, None)  # poll timeout, webhook URL: kept for restart

    @property
    def app(self) -> Application | None:
        """The running PTB Application."""
        return self.runtime.app if self.runtime else None

    @property
    def ctx(self) -> AppContext:
        """The running bot's context."""
        assert self.runtime is not None
        return self.runtime.ctx

    async def start(self, poll_timeout: float = 1, webhook_url: str | None = None) -> EmbeddedBot:
        """Start the whole bot: lock, Application, inbox, sender, timers, poller (or webhook server)."""
        self._started_with = (poll_timeout, webhook_url)
        settings = Settings(
            telegram_bot_token=self.token,
            telegram_api_base_url=self.api_base_url,
            database_path=self.db_path,
            **self.settings,
        )
        self.runtime = BotRuntime(
            settings, self.community, self.clock, webhook_url=webhook_url, poll_timeout=poll_timeout
        )
        await self.runtime.start()
        return self

    async def stop(self) -> None:
        """Stop cleanly."""
        runtime, self.runtime = self.runtime, None
        if runtime is not None:
            await runtime.stop()

    async def restart(self) -> None:
        """A new bot over the same database file, started as the last one was (polling, or the same webhook)."""
        await self.stop()
        await self.start(*self._started_with)
