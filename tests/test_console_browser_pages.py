"""The console in Debian's Chromium (Playwright) where the review found it short: a backlog's board shown page by
page, a resident's photo inside the Mini App (no cookies), the export button while its file is made, and a long
unbroken note on a phone.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from pathlib import Path

from browser import phone_browser
from harness import MakeBot
from ids import ADMIN, GROUP_A, RESIDENT, WANG
from test_console_browser import _browser_or_skip, console
from test_console_paging import GREEN, _store

from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain


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
        await page.set_viewport_size({"width": 1200, "height": 900})  # on a desk: under the columns, not beside
        button = await page.locator("#board-more").bounding_box()
        cards = await page.locator("#board-list").bounding_box()
        assert button and cards and button["y"] >= cards["y"] + cards["height"] - button["height"] - 20, (button, cards)
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.click("#board-more")
        await page.wait_for_selector("#board-more", state="detached")
        ids = await page.evaluate("() => [...document.querySelectorAll('a.event')].map((a) => a.dataset.id)")
        assert len(ids) == 130 and len(set(ids)) == 130
        assert "130" in await page.inner_text("section.state h2")  # the whole count, all of it shown


async def test_in_the_mini_app_without_cookies_a_residents_photo_shows(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Inside Telegram Web the Mini App runs in a third-party frame where no cookie is kept: its session is the
    Bearer token the page sends. The report's photo comes with that token too (an <img src> alone answered 401),
    and its object URL is given up once the page is left."""
    playwright = _browser_or_skip()
    bot = await console_bot()
    doc = {"file_id": "BQACpng1", "file_unique_id": "upng1", "file_name": "IMG_1.png", "mime_type": "image/png"}
    fake_tg.send_message(GROUP_A, RESIDENT, caption="3号楼门口井盖丢了", document=doc)
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    fake_tg.files["BQACpng1"] = (fake_tg.files["BQACpng1"][0], png())
    launch = fake_tg.open_web_app(ADMIN, bot.console_base + "/console/tg")  # type: ignore[attr-defined]
    async with playwright() as pw:  # type: ignore[operator]
        browser = await phone_browser(pw, tmp_path / "profile")
        try:
            page = await browser.new_page()
            await page.goto(launch)
            await page.wait_for_selector("#counts")
            await browser.clear_cookies()  # as in Telegram Web's frame: the browser keeps none
            await page.click("a.event")
            await page.wait_for_function(
                "() => { const i = document.querySelector('figure img'); return i && i.naturalWidth > 0; }"
            )
            url = await page.evaluate("() => document.querySelector('figure img').src")
            assert url.startswith("blob:")
            await page.click("a.back")
            await page.wait_for_selector("#counts")
            gone = await page.evaluate("(u) => fetch(u).then(() => false, () => true)", url)
        finally:
            await browser.close()
    assert gone  # revoked: the photo is not kept in the page once it is left


async def test_the_export_button_waits_for_its_file(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Console review: nothing showed that an export was being made, so people tapped again (each tap a whole
    export more). While the file is made the button is off and the page says so; when it came, the button is
    back."""
    import asyncio

    bot = await console_bot()
    release = asyncio.Event()

    async def slow(route) -> None:  # noqa: ANN001 - Playwright's Route: the file arrives when the test says
        await release.wait()
        await route.continue_()

    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.evaluate("location.hash = '#/exports'")
        await page.wait_for_selector("#export-form")
        await page.route("**/console/api/export*", slow)
        await page.click("#export-form button[type=submit]")
        await page.wait_for_selector("#export-result >> text=" + plain("zh-Hans", "console.exports.working"))
        assert await page.is_disabled("#export-form button[type=submit]")
        release.set()
        await page.wait_for_selector("#export-form button[type=submit]:not([disabled])")
        assert await page.inner_text("#export-result") == ""


async def test_a_long_link_in_a_close_note_does_not_widen_the_phone_page(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Console review: a worker referred a report to the power company and wrote its ticket link as the note (one
    long unbroken word); on a 390-px phone the event page scrolled sideways, the note being one line in "Outcome"
    and in the timeline. It breaks now, and the page fits the phone."""
    from harness import accept_and_close

    from bot.core.callbacks import Action

    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元整栋楼停电了")
    await bot.settle()
    await accept_and_close(fake_tg, WANG, fake_tg.find_message(WANG, "#1")["message_id"], Action.CLOSE_REFERRED)
    await bot.settle()
    link = "https://95598.sgcc.com.cn/osgweb/repairTicket?ticketNo=SH2026112800012345678901234567890"
    fake_tg.send_message(WANG, WANG, link)
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.goto(bot.console_base + "/console/#/event/1")  # type: ignore[attr-defined]
        await page.wait_for_selector("ol.timeline")
        assert link in (await page.inner_text("main")).replace("\n", "")  # all of it shown, only broken
        width, screen = await page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"the page is {width} px wide on a {screen} px phone"
