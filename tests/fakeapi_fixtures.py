"""pytest fixtures for the fake Telegram Bot API (import them from conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.fakeapi import FakeTelegram


@pytest_asyncio.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    """A started :class:`FakeTelegram`; stopped after the test."""
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
