"""Runs the real bot in this process (PTB Application + SQLite file + outbox) against any Bot API URL.

Used by the tests, the benchmarks and `linli demo`, all against the built-in fake Bot API server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community
from bot.webhook import webhook_params


class EmbeddedBot:
    """One Application over one database file; `restart()` makes a new Application over the same file."""

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
        self.app: Application | None = None

    @property
    def ctx(self) -> AppContext:
        """The running bot's context."""
        assert self.app is not None
        return self.app.bot_data["ctx"]

    async def start(self, poll_timeout: float = 1, webhook_url: str | None = None) -> EmbeddedBot:
        """initialize → post_init → polling (or a webhook server) → start, as run_polling does."""
        settings = Settings(
            telegram_bot_token=self.token,
            telegram_api_base_url=self.api_base_url,
            database_path=self.db_path,
            **self.settings,
        )
        self.app = build_application(settings, self.community, self.clock)
        await self.app.initialize()
        await self.app.post_init(self.app)  # type: ignore[misc]
        if webhook_url:
            await self.app.updater.start_webhook(
                allowed_updates=ALLOWED_UPDATES, **webhook_params(settings, webhook_url)
            )
        else:
            await self.app.updater.start_polling(poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        await self.app.start()
        return self

    async def stop(self) -> None:
        """Stop polling and shut down cleanly."""
        if self.app is None:
            return
        app, self.app = self.app, None
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)  # type: ignore[misc]

    async def restart(self) -> None:
        """A new Application over the same database file."""
        await self.stop()
        await self.start()
