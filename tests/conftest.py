"""Shared fixtures: the fake Bot API server, the real bot running against it, and the services' context
without Telegram. Whatever a factory fixture starts is stopped (or closed) after the test, newest first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path

import pytest
from console_client import start_console_bot
from harness import MakeBot, MakeCtx, MakeFake, RunningBot, community, populate

from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community
from bot.fakeapi import FakeTelegram
from bot.services import reports
from storage.database import Database

TOKEN = "123456:" + "a" * 35


@pytest.fixture
async def make_fake() -> AsyncIterator[MakeFake]:
    """Start a fake Bot API server with these options (a token, privacy mode, …)."""
    async with AsyncExitStack() as started:

        async def make(**options: object) -> FakeTelegram:
            return await started.enter_async_context(FakeTelegram(**options))

        yield make


@pytest.fixture
async def fake_tg(make_fake: MakeFake) -> FakeTelegram:
    """A started fake Bot API server with the default options."""
    return await make_fake()


@pytest.fixture
async def make_bot(fake_tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[MakeBot]:
    """Start the whole bot against the fake server (the test community on it), over a SQLite file in
    tmp_path, with these settings (in webhook mode when given a `webhook_url`)."""
    populate(fake_tg)
    reports.forget_memberships()  # each test's bot is a new process: no answer of an earlier test's Telegram
    async with AsyncExitStack() as started:

        async def make(
            comm: Community | None = None,
            clock: Callable[[], datetime] | None = None,
            webhook_url: str | None = None,
            **settings: object,
        ) -> RunningBot:
            bot = RunningBot(fake_tg, tmp_path / "linli.db", comm, clock, **settings)
            await bot.start(webhook_url=webhook_url)
            started.push_async_callback(bot.stop)
            return bot

        yield make
        await fake_tg.wait_until_updates_consumed(timeout=5)


@pytest.fixture
async def running(make_bot: MakeBot) -> RunningBot:
    """The whole bot with the default settings."""
    return await make_bot()


@pytest.fixture
def console_bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> MakeBot:
    """make_bot with the console on, on a free port (`bot.console_base`), the staff having started the bot."""

    async def make(**settings: object) -> RunningBot:
        return await start_console_bot(fake_tg, make_bot, **settings)

    return make


@pytest.fixture
async def make_ctx(tmp_path: Path) -> AsyncIterator[MakeCtx]:
    """The services' context without Telegram: a fresh SQLite file in tmp_path, the test community, this
    clock and these settings (a made-up token unless given)."""
    async with AsyncExitStack() as opened:

        async def make(clock: Callable[[], datetime], **settings: object) -> AppContext:
            path = tmp_path / "services.db"
            db = await Database.open(path)
            opened.push_async_callback(db.close)
            config = Settings(**{"telegram_bot_token": TOKEN, "database_path": path, **settings})  # type: ignore[arg-type]
            return AppContext(db=db, community=community(), settings=config, clock=clock)

        yield make
