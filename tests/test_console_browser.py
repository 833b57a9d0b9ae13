"""The console in a real browser (Debian's Chromium driven by Playwright): sign in with a one-time link, see a
report made through the fake Bot API appear on the board, open it, reassign it, and the worker's DM arrives.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from browser import CHROMIUM, phone_browser
from console_client import ask_link
from harness import MakeBot, RunningBot, fixed_by_wang
from ids import ADMIN, GROUP_A, LI, RESIDENT

from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import console_auth


class Console(NamedTuple):
    """A signed-in console page, its browser (for more tabs) and the script errors seen."""

    page: Any
    browser: Any
    errors: list[str]


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
            before = await page.query_selector("form#correct")
            await page.click("form#reassign button[type=submit]")
            await page.wait_for_selector(".note.ok")
            # the page is drawn again after a change: act on the new one (a click on the old form raced it)
            await page.wait_for_function("(old) => document.querySelector('form#correct') !== old", arg=before)
            await fake_tg.wait_for(lambda: any("转派给您" in (m.get("text") or "") for m in fake_tg.sent_to(LI)))
            assert "李姐" in await page.inner_text("main")  # the page shows the new worker

            # a page left open while its session's CSRF token changed: the refusal is said, not swallowed
            await page.evaluate("L.state.csrf = 'stale'")
            await page.click("form#correct button[type=submit]")
            await page.wait_for_selector("#action-result >> text=页面已过期")
            dm_li = await fake_tg.wait_for(lambda: fake_tg.find_message(LI, "#1"))
            fake_tg.press_button(LI, LI, dm_li["message_id"], "v1:acc:1")  # 李姐 accepts: now it may be closed
            await bot.settle()
            assert (await bot.event(1)).status.value == "accepted"
            await page.evaluate("location.reload()")
            await page.wait_for_selector("form#close")

            # closing asks once more: cancelled, nothing happens; accepted, the event is closed
            dialogs: list[str] = []

            async def answer(dialog, accept: bool) -> None:  # noqa: ANN001 - Playwright's Dialog
                dialogs.append(dialog.message)
                await (dialog.accept() if accept else dialog.dismiss())

            page.once("dialog", lambda d: asyncio.ensure_future(answer(d, False)))
            await page.click("form#close button[type=submit]")
            await page.wait_for_timeout(300)
            assert (await bot.event(1)).status.value != "closed"
            page.once("dialog", lambda d: asyncio.ensure_future(answer(d, True)))
            await page.click("form#close button[type=submit]")
            await page.wait_for_selector(".note.ok")
            assert len(dialogs) == 2 and "#1" in dialogs[0]
            assert (await bot.event(1)).status.value == "closed"
        finally:
            await browser.close()
    assert not errors, errors


async def _signed_in_page(browser, link: str, errors: list[str]):  # noqa: ANN001, ANN202 - Playwright's objects
    page = await browser.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(link)
    await page.click("#continue")
    await page.wait_for_selector("#counts")
    return page


@asynccontextmanager
async def console(bot: RunningBot, tmp_path: Path, **browser_options: str) -> AsyncIterator[Console]:
    """A phone browser signed in to the console as the admin; a script error on any page fails the test."""
    async_playwright = _browser_or_skip()
    errors: list[str] = []
    link = await ask_link(bot, ADMIN)
    async with async_playwright() as pw:  # type: ignore[operator]
        browser = await phone_browser(pw, tmp_path / "chromium-profile", **browser_options)
        try:
            yield Console(await _signed_in_page(browser, link, errors), browser, errors)
        finally:
            await browser.close()
    assert not errors, errors


@pytest.fixture
async def one_report_board(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> AsyncIterator[tuple[RunningBot, Console]]:
    """The console's bot with one report waiting, and the admin signed in with its card on the board."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        await ui.page.locator("a.event").first.wait_for()
        yield bot, ui


async def test_signing_out_shows_the_sign_in_prompt_and_no_cards(one_report_board: tuple[RunningBot, Console]) -> None:
    page = one_report_board[1].page
    await page.click("#me button")  # 退出
    await page.wait_for_selector("#signin", state="visible")
    assert "/console" in await page.inner_text("#signin")
    assert await page.locator("#signin-why").is_hidden()  # signed out on purpose: no "ended" notice
    assert await page.locator("a.event").count() == 0 and await page.locator("#nav a").count() == 0


async def test_a_session_ending_while_open_says_so_on_the_board_and_on_actions(
    one_report_board: tuple[RunningBot, Console],
) -> None:
    bot, ui = one_report_board
    board = ui.page
    event = await ui.browser.new_page()  # a second tab, same session, on the report
    event.on("pageerror", lambda exc: ui.errors.append(str(exc)))
    await event.goto(bot.console_base + "/console/#/event/1")  # type: ignore[attr-defined]
    await event.wait_for_selector("form#reassign")
    async with bot.ctx.db.tx() as c:  # the session ends (as when its hours are up)
        await console_auth.end_sessions_of(c, ADMIN)

    # the board's next look finds out: the prompt says the session ended, the board stops asking
    await board.wait_for_selector("#signin-why >> text=登录已失效", timeout=15_000)
    assert await board.locator("#signin").is_visible()
    # an action on the other tab says why it was refused, not "something went wrong"
    await event.select_option("form#reassign select", str(LI))
    await event.click("form#reassign button[type=submit]")
    await event.wait_for_selector("#action-result >> text=登录已失效")
    assert await event.locator("#signin-why").is_visible()
    assert (await bot.event(1)).assignee_id != LI


async def test_the_export_page_offers_the_communitys_today_on_a_computer_set_to_utc(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    bot = await console_bot()
    async with console(bot, tmp_path, timezone_id="UTC") as ui:
        page = ui.page
        # 17:00 UTC on 23 November is already 01:00 on the 24th in Shanghai, the community's zone
        await page.clock.set_fixed_time("2026-11-23T17:00:00Z")
        await page.evaluate("location.hash = '#/exports'")
        await page.wait_for_selector("#export-form")
        assert await page.input_value("input[name=until]") == "2026-11-24"
        assert await page.input_value("input[name=since]") == "2026-10-26"  # 30 days, today included


async def test_a_board_section_counts_all_its_reports_not_only_the_cards_sent(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    bot = await console_bot()
    for text in ("3号楼2单元楼道灯坏了", "5号楼门口垃圾堆了两天没人清", "2号楼电梯又坏了"):
        fake_tg.send_message(GROUP_A, RESIDENT, text)
        await bot.settle()

    async def first_card_only(route) -> None:  # noqa: ANN001 - Playwright's Route
        """The board as a big community gets it: the first cards of many (here one of three)."""
        response = await route.fetch()
        if response.status != 200:
            await route.fulfill(response=response)
            return
        data = await response.json()
        data["more"], data["items"] = len(data["items"]) - 1, data["items"][:1]
        await route.fulfill(response=response, body=json.dumps(data))

    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.wait_for_selector("section.state h2 >> text=· 3")
        await page.route("**/console/api/board*", first_card_only)
        await page.evaluate("location.reload()")
        await page.wait_for_selector("section.state h2 >> text=· 1 / 3")
        assert await page.locator("a.event").count() == 1


async def test_on_a_phone_sign_out_and_the_controls_are_a_fingers_size(
    one_report_board: tuple[RunningBot, Console],
) -> None:
    page = one_report_board[1].page
    await page.set_viewport_size({"width": 375, "height": 812})
    signout = await page.locator("#me button").bounding_box()
    language = await page.locator("#me select").bounding_box()
    assert signout and language
    assert signout["height"] >= 44 and signout["width"] >= 44, signout
    assert language["height"] >= 44, language
    assert signout["x"] - (language["x"] + language["width"]) >= 16  # not pressed when changing language
    for selector in ("#nav a", "#counts button", ".filters select"):
        box = await page.locator(selector).first.bounding_box()
        assert box and box["height"] >= 44, (selector, box)
    await page.click("a.event")
    await page.wait_for_selector("form#reassign")
    for selector in ("a.back", "form#reassign select", "form#reassign button"):
        box = await page.locator(selector).first.bounding_box()
        assert box and box["height"] >= 44, (selector, box)


async def test_a_closed_report_opens_by_its_number_from_the_board(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    bot = await console_bot()
    await fixed_by_wang(bot, RESIDENT, "3号楼2单元楼道灯坏了")
    assert fake_tg.find_message(GROUP_A, "已办结")
    async with console(bot, tmp_path) as ui:
        page = ui.page
        assert await page.locator("a.event").count() == 0  # closed: not on the board
        await page.fill("form#find input", "#1")
        await page.click("form#find button")
        await page.wait_for_selector("h1 >> text=#1")
        assert page.url.endswith("#/event/1") and "已办结" in await page.inner_text("main")
        await page.goto(bot.console_base + "/console/#/board")  # type: ignore[attr-defined]
        await page.fill("form#find input", "abc")  # not a number: nowhere to go, and said so
        await page.press("form#find input", "Enter")
        await page.wait_for_selector("form#find .said >> text=" + plain("zh-Hans", "console.board.find_bad"))
        assert page.url.endswith("#/board")
        for typed in ("＃１", "１", "#1号", " # 1 "):  # as a Chinese keyboard types it, in full width too
            await page.goto(bot.console_base + "/console/#/board")  # type: ignore[attr-defined]
            await page.fill("form#find input", typed)
            await page.press("form#find input", "Enter")
            await page.wait_for_selector("h1 >> text=#1")
            assert page.url.endswith("#/event/1"), typed
