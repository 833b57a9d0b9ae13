"""Shared fixtures: the fake Bot API server and the real bot running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakeapi_fixtures import fake_tg  # noqa: F401  (re-exported fixture)
from harness import RunningBot, populate

from bot.fakeapi import FakeTelegram


@pytest.fixture
async def running(fake_tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[RunningBot]:  # noqa: F811
    """The whole bot, polling the fake server, over a SQLite file in tmp_path."""
    populate(fake_tg)
    bot = RunningBot(fake_tg, tmp_path / "linli.db")
    await bot.start()
    try:
        yield bot
    finally:
        await fake_tg.wait_until_updates_consumed(timeout=5)
        await bot.stop()
