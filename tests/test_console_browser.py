"""The console in a real browser (Debian's Chromium driven by Playwright): sign in with a one-time link, see a
report made through the fake Bot API appear on the board, open it, reassign it, and the worker's DM arrives.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, phone_browser
from console_client import ask_link
from harness import MakeBot
from ids import ADMIN, GROUP_A, LI, RESIDENT

from bot.fakeapi import FakeTelegram


def _browser_or_skip() -> object:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium): browser test not run")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright): browser test not run")
    return async_playwright


async def test_sign_in_see_a_report_open_and_reassign_it(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    async_playwright = _browser_or_skip()
    bot = await console_bot()
    errors: list[str] = []
    link = await ask_link(bot, ADMIN)
    async with async_playwright() as pw:  # type: ignore[operator]
        browser = await phone_browser(pw, tmp_path / "chromium-profile")
        try:
            page = await browser.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            await page.goto(link)
            await page.click("#continue")
            await page.wait_for_selector("#counts")
            assert await page.locator("a.event").count() == 0

            fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
            await bot.settle()
            card = page.locator("a.event", has_text="楼道灯坏了")
            await card.wait_for(timeout=15_000)  # the board polls: the report appears by itself
            await card.click()
            await page.wait_for_selector("form#reassign")
            assert "3号楼2单元楼道灯坏了" in await page.inner_text("main")
            await page.select_option("form#reassign select", str(LI))
            await page.click("form#reassign button[type=submit]")
            await page.wait_for_selector(".note.ok")
            await fake_tg.wait_for(lambda: any("转派给您" in (m.get("text") or "") for m in fake_tg.sent_to(LI)))
            assert "李姐" in await page.inner_text("main")  # the page shows the new worker
        finally:
            await browser.close()
    assert not errors, errors
