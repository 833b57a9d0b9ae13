"""The console in Debian's Chromium (Playwright) where the review found it short: a backlog's board shown page by
page, a resident's photo inside the Mini App (no cookies), and a long unbroken note on a phone.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from pathlib import Path

from harness import MakeBot
from ids import WANG
from test_console_browser import console
from test_console_paging import GREEN, _store

from bot.core.types import Status
from bot.fakeapi import FakeTelegram


def png() -> bytes:
    """A 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


async def test_show_more_brings_the_rest_of_a_backlog(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """130 reports waiting: the board shows 100 and "show more (30 …)"; a tap brings the other 30, once each, and
    the button goes."""
    bot = await console_bot()
    await _store(
        bot, 130, bot.ctx.now() - timedelta(days=1), 1000, parsed=GREEN, status=Status.DISPATCHED, assignee_id=WANG
    )
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.wait_for_selector("#board-more")
        assert await page.locator("a.event").count() == 100
        assert "30" in await page.inner_text("#board-more")
        await page.click("#board-more")
        await page.wait_for_selector("#board-more", state="detached")
        ids = await page.evaluate("() => [...document.querySelectorAll('a.event')].map((a) => a.dataset.id)")
        assert len(ids) == 130 and len(set(ids)) == 130
        assert "130" in await page.inner_text("section.state h2")  # the whole count, all of it shown
