"""Shared fixtures: the fake Bot API server and the real bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest
from console_client import start_console_bot
from harness import MakeBot, MakeFake, RunningBot, populate

from bot.core.community import Community
from bot.fakeapi import FakeTelegram


@pytest.fixture
async def make_fake() -> AsyncIterator[MakeFake]:
    """Start a fake Bot API server with these options (a token, privacy mode, …); every one started is
    stopped after the test."""
    started: list[FakeTelegram] = []

    async def make(**options: object) -> FakeTelegram:
        fake = FakeTelegram(**options)
        await fake.start()
        started.append(fake)
        return fake

    yield make
    for fake in reversed(started):
        await fake.stop()


@pytest.fixture
async def fake_tg(make_fake: MakeFake) -> FakeTelegram:
    """A started fake Bot API server with the default options; stopped after the test."""
    return await make_fake()


@pytest.fixture
async def make_bot(fake_tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[MakeBot]:
    """Start the whole bot against the fake server (the test community on it), over a SQLite file in
    tmp_path, with these settings (in webhook mode when given a `webhook_url`); every bot started is
    stopped after the test."""
    populate(fake_tg)
    started: list[RunningBot] = []

    async def make(
        comm: Community | None = None,
        clock: Callable[[], datetime] | None = None,
        webhook_url: str | None = None,
        **settings: object,
    ) -> RunningBot:
        bot = RunningBot(fake_tg, tmp_path / "linli.db", comm, clock, **settings)
        await bot.start(webhook_url=webhook_url)
        started.append(bot)
        return bot

    yield make
    await fake_tg.wait_until_updates_consumed(timeout=5)
    for bot in reversed(started):
        await bot.stop()


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
