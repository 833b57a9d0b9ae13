"""What every handler and service needs: the database, the community, settings and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.config import Settings
from bot.core.community import Community
from bot.core.timeutil import utcnow
from storage.database import Database


@dataclass
class AppContext:
    """Shared state of one running bot."""

    db: Database
    community: Community
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    bot_username: str = ""
    outbox_wakeup: asyncio.Event = field(default_factory=asyncio.Event)

    def now(self) -> datetime:
        """The current time (tests pass their own clock)."""
        return self.clock()

    def wake_outbox(self) -> None:
        """Tell the sender that new rows are waiting."""
        self.outbox_wakeup.set()

    @property
    def language(self) -> str:
        """The community's default language."""
        return getattr(self.community.community, "language", None) or self.settings.default_language
