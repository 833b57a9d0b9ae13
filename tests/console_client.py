"""Helpers for console tests: the bot with its console on a free port, and signing in as a browser does."""

from __future__ import annotations

import re
import socket

import aiohttp
from harness import MakeBot, RunningBot
from ids import ADMIN, LI, WANG, ZHAO

from bot.fakeapi import FakeTelegram

LINK = re.compile(r"https?://[^\s\"<>]+/console/login\?t=[A-Za-z0-9._-]+")


def free_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_console_bot(fake: FakeTelegram, make_bot: MakeBot, **settings: object) -> RunningBot:
    """The whole bot with the console on (polling mode) on a free port, its staff started; the console's
    address is `bot.console_base` (the console_bot fixture, tests/conftest.py)."""
    for uid in (ADMIN, WANG, LI, ZHAO):
        fake.user_starts_bot(uid)
    port = free_port()
    bot = await make_bot(console_enabled=True, console_port=port, **settings)
    bot.console_base = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    return bot


def link_in(message: dict) -> str | None:
    """The sign-in link of a /console answer (its text link entity)."""
    for entity in message.get("entities") or []:
        if entity.get("type") == "text_link" and "/console/login" in entity.get("url", ""):
            return entity["url"]
    m = LINK.search(message.get("text") or "")
    return m.group(0) if m else None


async def ask_link(bot: RunningBot, user_id: int) -> str:
    """The user sends /console in private; returns the link the bot answered with (on the local server)."""
    fake = bot.fake
    before = len(fake.messages(user_id))
    fake.send_message(user_id, user_id, "/console")
    await bot.settle()
    msg = await fake.wait_for(lambda: next((m for m in fake.messages(user_id)[before:] if link_in(m)), None))
    link = link_in(msg)
    assert link is not None
    return bot.console_base + link[link.index("/console/login") :]  # type: ignore[attr-defined]


def client() -> aiohttp.ClientSession:
    """A browser-like client that keeps cookies for 127.0.0.1."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(bot: RunningBot, http: aiohttp.ClientSession, user_id: int) -> dict:
    """Sign in with a fresh link (open it, press Continue); returns /api/me."""
    link = await ask_link(bot, user_id)
    token = link.split("t=", 1)[1]
    async with http.get(link) as resp:
        assert resp.status == 200, await resp.text()
    async with http.post(
        bot.console_base + "/console/login",
        data={"t": token},  # type: ignore[attr-defined]
        allow_redirects=False,
    ) as resp:
        assert resp.status == 303, await resp.text()
    async with http.get(bot.console_base + "/console/api/me") as resp:  # type: ignore[attr-defined]
        assert resp.status == 200
        return await resp.json()
