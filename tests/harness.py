"""Runs the real bot (PTB Application + SQLite file + outbox) against the fake Bot API server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community, parse_community
from bot.fakeapi import FakeTelegram

COMMITTEE = -1001000000001
GROUP_A = -1001234567890
GROUP_B = -1009876543210
ADMIN = 1001
WANG = 2001  # primary, grid A
LI = 2002  # backup, grid A
ZHAO = 2003  # primary, grid B
RESIDENT = 5001
RESIDENT2 = 5002

COMMUNITY_TOML = f"""
[community]
name = "滨海社区"
timezone = "Asia/Shanghai"
committee_chat_id = {COMMITTEE}
admins = [{ADMIN}]

[[grids]]
id = "A"
name = "第一网格"
buildings = ["1", "2", "3", "4", "5"]
chats = [{GROUP_A}]

[[grids]]
id = "B"
name = "第二网格"
buildings = ["6", "7", "8"]
chats = [{GROUP_B}]

[[workers]]
telegram_id = {WANG}
name = "王师傅"

[[workers]]
telegram_id = {LI}
name = "李姐"

[[workers]]
telegram_id = {ZHAO}
name = "赵师傅"

[[shifts]]
worker = {WANG}
grid = "A"
days = "mon-sun"
start = "00:00"
end = "24:00"
role = "primary"

[[shifts]]
worker = {LI}
grid = "A"
days = "mon-sun"
start = "00:00"
end = "24:00"
role = "backup"

[[shifts]]
worker = {ZHAO}
grid = "B"
days = "mon-sun"
start = "00:00"
end = "24:00"
role = "primary"
"""


def community() -> Community:
    """The test community: two grids, three workers, one admin."""
    return parse_community(COMMUNITY_TOML, "test-community.toml")


def populate(fake: FakeTelegram) -> None:
    """Users and chats of the test community on the fake server."""
    fake.group(COMMITTEE, "滨海社区居委会", type="supergroup")
    fake.group(GROUP_A, "幸福里1-5号楼居民群", type="supergroup")
    fake.group(GROUP_B, "幸福里6-8号楼居民群", type="supergroup")
    fake.user(ADMIN, "居委会张主任")
    fake.user(WANG, "王师傅")
    fake.user(LI, "李姐")
    fake.user(ZHAO, "赵师傅")
    fake.user(RESIDENT, "刘阿姨")
    fake.user(RESIDENT2, "陈先生", language_code="en")


class RunningBot:
    """One Application over one database file; `restart()` makes a new Application over the same file."""

    def __init__(self, fake: FakeTelegram, db_path: Path, comm: Community | None = None,
                 clock: Callable[[], datetime] | None = None, **settings: object) -> None:
        self.fake = fake
        self.db_path = db_path
        self.community = comm or community()
        self.clock = clock
        self.settings = settings
        self.app: Application | None = None

    @property
    def ctx(self) -> AppContext:
        """The running bot's context."""
        assert self.app is not None
        return self.app.bot_data["ctx"]

    async def start(self) -> RunningBot:
        """initialize → post_init → polling → start, as run_polling does."""
        settings = Settings(
            telegram_bot_token=self.fake.token, telegram_api_base_url=f"{self.fake.url}/bot",
            database_path=self.db_path, rate_limiter=False, **self.settings,
        )
        self.app = build_application(settings, self.community, self.clock)
        await self.app.initialize()
        await self.app.post_init(self.app)  # type: ignore[misc]
        await self.app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
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


def text_in(fake: FakeTelegram, chat_id: int, needle: str) -> str:
    """The text of the latest bot message in a chat containing needle, or ''."""
    msg = fake.find_message(chat_id, needle)
    return msg["text"] if msg else ""
