"""The console on a small phone (360 px wide, Debian's Chromium) as a committee member reads it, in each of the
three languages: the trends' and hot spots' tables fit the screen (nothing to swipe sideways), a hot spot's row
names its building as the bot does ("3号楼", "Bldg 3", "A座"), an event's pin is a map link rather than two
numbers, and an export is an Excel file unless CSV is chosen.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import pytest
from harness import MakeBot, fixed_by_wang
from ids import GROUP_A, RESIDENT
from test_console_browser import console

from bot.fakeapi import FakeTelegram
from bot.render import places

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
CATEGORIES = ("repair", "sanitation", "parking", "noise", "safety", "security", "dispute", "care", "other")

# how far each box that could scroll sideways reaches past its own width (the page, the pages' menu, each table's
# frame)
SIDEWAYS = """() => [document.scrollingElement, document.getElementById('nav'),
  ...document.querySelectorAll('main .scroll')].map((box) => box.scrollWidth - box.clientWidth)"""


async def _a_busy_quarter(route: Any) -> None:
    """The trends as a real community's quarter gives them: three grids, four workers, hours to accept and to close,
    answers to the survey."""
    response = await route.fetch()
    data = await response.json()
    row = {
        "new": 128,
        "closed": 117,
        "nothing_found": 12,
        "overdue": 14,
        "accepted": 120,
        "accept_p50": 2880,
        "close_p50": 45720,
        "answered": 72,
        "satisfied": 50,
    }
    grids = (("A", "第一网格"), ("B", "第二网格"), ("C", "第三网格"))
    data["grids"] = [{**row, "id": g, "name": name} for g, name in grids]
    data["workers"] = [{**row, "id": i, "name": name} for i, name in enumerate(("王师傅", "李姐", "赵师傅", "孙师傅"))]
    await route.fulfill(response=response, json=data)


async def _every_category_at_many_buildings(route: Any) -> None:
    """The hot spots of a community with reports of every kind at a dozen buildings."""
    buildings = [str(n) for n in range(1, 13)]
    cells = [
        {"building": b, "category": c, "count": 3 + (i * 7 + j * 5) % 17, "recurring": (i + j) % 4 == 0}
        for i, b in enumerate(buildings)
        for j, c in enumerate(CATEGORIES)
    ]
    data = {"days": 30, "minimum": 3, "buildings": buildings, "categories": list(CATEGORIES), "max": 19}
    await route.fulfill(json={**data, "cells": cells, "units": []})


async def _nothing_sideways(page: Any, said: str) -> None:
    """The trends and the hot spots, each drawn: no box reaches past its width."""
    for route, ready in (("#/trends", "table.data td"), ("#/spots", "#spots td button")):
        await page.evaluate(f"location.hash = '{route}'")
        await page.wait_for_selector(ready)
        widths = await page.evaluate(SIDEWAYS)
        assert all(w <= 0 for w in widths), (said, route, widths)


async def test_the_tables_fit_a_small_phone_in_every_language(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: at 360 px the English trends table ran past the screen's edge ("Half closed within", "Satisfied"
    off to the right), a hot-spot grid of every category did in every language, and "Exports" hid past the edge of
    the pages' menu. Now each row is stacked on a phone, its figures named, the menu wraps, and nothing scrolls
    sideways; nor on a small tablet (620 px): the rows stack below the console's phone width (760 px), the width
    at which the English grid of every category fits (stacked only below 600 px, it ran 67 px past at 620)."""
    bot = await console_bot()
    await fixed_by_wang(bot, RESIDENT, "3号楼2单元楼道灯坏了")
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.set_viewport_size({"width": 360, "height": 780})
        await page.route("**/console/api/trends*", _a_busy_quarter)
        await page.route("**/console/api/hotspots*", _every_category_at_many_buildings)
        for lang in LANGUAGES:
            await page.select_option("#me select", lang)
            await page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
            await _nothing_sideways(page, lang)
            # a figure still says what it is: its column's name is beside it on the stacked row
            await page.evaluate("location.hash = '#/trends'")
            await page.wait_for_selector("table.data td")
            label = await page.evaluate(
                "getComputedStyle(document.querySelector('table.data tbody td:nth-child(2)'), '::before').content"
            )
            assert label not in ("", "none", "normal"), (lang, label)
        await page.set_viewport_size({"width": 620, "height": 780})
        await _nothing_sideways(page, "en at 620 px")


@pytest.mark.parametrize(
    ("report", "names"),
    [
        ("3号楼2单元楼道灯坏了", ("3号楼", "3號樓", "Bldg 3")),
        ("A座2单元楼道灯坏了", ("A座", "A座", "Block A")),  # places58: it read "A号楼", "Bldg A"
    ],
    ids=["numbered", "lettered"],
)
async def test_a_hot_spot_row_names_its_building_as_the_bot_does(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path, report: str, names: tuple[str, ...]
) -> None:
    """Before: the row read a bare "3". Now "3号楼", "3號樓", "Bldg 3", as the group's acknowledgement says it; a
    building named by a letter "A座", "Block A", as ``bot/render/places`` writes it."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, report)
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        from playwright.async_api import TimeoutError as PlaywrightTimeout  # here: ``console`` skips without it

        page = ui.page
        for lang, building in zip(LANGUAGES, names, strict=True):
            assert places.label(lang, names[0][0]) == building  # the bot's own words for it
            await page.select_option("#me select", lang)
            await page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
            await page.evaluate("location.hash = '#/spots'")
            # drawn again in the new language: its row, not the last language's
            shown = "(b) => [...document.querySelectorAll('#spots tbody th')].some((th) => th.innerText.trim() === b)"
            with contextlib.suppress(PlaywrightTimeout):
                await page.wait_for_function(shown, arg=building, timeout=20_000)
            row = await page.eval_on_selector_all("#spots tbody th", "(ths) => ths.map((th) => th.innerText.trim())")
            assert building in row, (lang, row, page.url, (await page.inner_text("main"))[:300])


async def test_a_page_asked_for_is_not_overdrawn_by_a_slower_one_asked_before(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: with the board still loading when the hot spots were asked for, the board's late answer drew the board
    under the hot spots' address (it failed the hot-spot test above on a loaded machine: "待办" at #/spots). Now a page
    asked for before draws into its own view, out of the page."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        page = ui.page

        async def slow_board(route: Any) -> None:
            await asyncio.sleep(1.5)
            await route.continue_()

        await page.route("**/console/api/board*", slow_board)
        await page.evaluate("location.hash = '#/board?urgency=yellow'")  # the board asked again, answered late
        await page.evaluate("location.hash = '#/spots'")
        await page.wait_for_selector("#spots tbody th")
        await asyncio.sleep(2.5)  # the board's answer has come by now
        assert await page.locator("#spots tbody th").count(), (await page.inner_text("main"))[:200]
        assert not await page.locator("main a.event").count()


async def test_an_events_pin_is_a_map_link_not_two_numbers(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: the event's page read "位置 31.23040, 121.47370", which no committee member can place. Now it says a
    location was sent, and "在地图上查看" opens the map."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    ack = await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    pin = {"location": {"latitude": 31.2304, "longitude": 121.4737}}
    fake_tg.send_message(GROUP_A, RESIDENT, reply_to_message_id=ack["message_id"], extra=pin)
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已把位置加到 #1"))
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.evaluate("location.hash = '#/event/1'")
        await page.wait_for_selector("a[href*='openstreetmap']")
        text = await page.inner_text("main")
        assert "31.23" not in text and "121.47" not in text, text
        link = page.locator("a[href*='openstreetmap']")
        assert "mlat=31.23040" in (await link.get_attribute("href") or "")
        assert "地图" in await link.inner_text()


async def test_an_export_is_an_excel_file_unless_csv_is_chosen(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: the export page offered CSV first, which Excel on a committee member's computer opens as one column
    of text unless told how. Now the workbook is what a tap on Export gives."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.evaluate("location.hash = '#/exports'")
        await page.wait_for_selector("#export-form")
        assert await page.input_value("#export-form select[name=format]") == "xlsx"
        async with page.expect_download() as download:
            await page.click("#export-form button[type=submit]")
        file = await download.value
        assert file.suggested_filename.endswith(".xlsx"), file.suggested_filename
        saved = tmp_path / file.suggested_filename
        await file.save_as(saved)
        from openpyxl import load_workbook

        sheet = load_workbook(saved).active
        assert any("楼道灯坏了" in str(v) for row in sheet.iter_rows(values_only=True) for v in row)
