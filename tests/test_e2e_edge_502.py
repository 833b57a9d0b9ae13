"""Telegram's edge answering nginx's HTML "502 Bad Gateway" page while its back end is down (an hour of it has
happened): before, PTB logged each such answer as an ERROR with the page and a traceback (the poller's every try,
every queued message's every retry: hundreds of lines a minute) and the bot's own lines repeated the page. Now
it is a network condition: one short WARNING from the poller and one from the sender per outage, a line when it
works again, no traceback, no page; the report's messages queued meanwhile are delivered once it is over."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from harness import RunningBot, populate
from ids import GROUP_A, RESIDENT, WANG

from bot.fakeapi import FakeTelegram
from bot.runtime.logging_setup import quieten

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>"
    b"\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)


class Edge:
    """Telegram's front: passes calls on to the fake, or answers the HTML page to the methods that are down."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.down: set[str] | None = set()  # the methods answered the page; None: every method
        self.pages: Counter[str] = Counter()  # pages answered, by method
        self.url = ""

    def is_down(self, method: str) -> bool:
        return self.down is None or method in self.down

    async def handle(self, req: web.Request) -> web.Response:
        method = req.path.rsplit("/", 1)[-1]
        if self.is_down(method):
            self.pages[method] += 1
            return web.Response(status=502, body=NGINX_502, content_type="text/html")
        headers = {k: v for k, v in req.headers.items() if k.lower() not in ("host", "content-length")}
        async with aiohttp.ClientSession() as session:
            url = f"{self.fake.url}{req.rel_url}"
            async with session.request(req.method, url, data=await req.read(), headers=headers) as r:
                return web.Response(status=r.status, body=await r.read(), content_type=r.content_type)


@asynccontextmanager
async def edge_for(fake: FakeTelegram) -> AsyncIterator[Edge]:
    edge = Edge(fake)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", edge.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    edge.url = f"http://127.0.0.1:{port}"
    try:
        yield edge
    finally:
        await runner.cleanup()


async def test_an_html_502_outage_logs_a_few_short_warnings_and_loses_nothing(
    fake_tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_tg
    populate(fake, WANG)
    async with edge_for(fake) as edge:
        bot = RunningBot(fake, tmp_path / "linli.db")
        bot.api_base_url = f"{edge.url}/bot"  # every call goes through the edge
        await bot.start()
        try:
            quieten()  # the library loggers as `linli run` sets them
            caplog.set_level(logging.INFO)
            edge.down = None  # the back end is down: every call answered the page
            report = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
            await fake.wait_for(lambda: edge.pages["getUpdates"] >= 3 or None, timeout=30)
            edge.down = {"sendMessage"}  # polling comes back first: the report is read, its messages refused
            await fake.wait_for(lambda: edge.pages["sendMessage"] >= 4 or None, timeout=30)
            edge.down = set()  # Telegram answers again

            def acked() -> bool | None:
                both = fake.find_message(GROUP_A, "#1") is not None and fake.find_message(WANG, "#1") is not None
                return both or None

            await fake.wait_for(acked, timeout=60)
        finally:
            await bot.stop()
    ack = fake.find_message(GROUP_A, "#1")
    assert ack is not None and ack.get("reply_to_message", {}).get("message_id") == report["message_id"]
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    text = "\n".join(r.getMessage() for r in lines)
    print(f"{sum(edge.pages.values())} pages answered; the log:\n{text}")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], text
    assert not [r for r in caplog.records if r.exc_info], "a traceback in the log"
    assert "<html" not in caplog.text and "nginx" not in caplog.text
    # the poller and the sender say it once each (and once each that it works again), not once per try
    assert sum(edge.pages.values()) >= 7 and len(lines) <= 6, text
    assert "Bad Gateway (502)" in text and "works again" in text


def test_at_debug_the_page_is_one_short_line_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    from telegram.error import TelegramError
    from telegram.request import BaseRequest

    from bot.runtime.logging_setup import PTB_REQUEST

    quieten()
    caplog.set_level(logging.DEBUG)
    with pytest.raises(TelegramError):
        BaseRequest.parse_json_payload(NGINX_502)
    [record] = [r for r in caplog.records if r.name == PTB_REQUEST]
    assert record.levelno == logging.DEBUG and not record.exc_info
    assert "\n" not in record.getMessage() and "502 Bad Gateway" in record.getMessage()
