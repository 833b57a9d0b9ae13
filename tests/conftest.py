"""Shared fixtures: the fake Bot API server and the real bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest
from harness import MakeBot, RunningBot, populate

from bot.core.community import Community
from bot.fakeapi import FakeTelegram


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API server; stopped after the test."""
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def make_bot(fake_tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[MakeBot]:
    """Start the whole bot against the fake server (the test community on it), over a SQLite file in
    tmp_path, with these settings; every bot started is stopped after the test."""
    populate(fake_tg)
    started: list[RunningBot] = []

    async def make(
        comm: Community | None = None, clock: Callable[[], datetime] | None = None, **settings: object
    ) -> RunningBot:
        bot = RunningBot(fake_tg, tmp_path / "linli.db", comm, clock, **settings)
        await bot.start()
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
