"""The console on a phone (390×844, Debian's Chromium) read as the committee's chair reads it (console review):
the trends' tables keep a figure and its unit on one line and say how many answered, the charts speak the
digest's words, and a card on the board says what its hours are.

Skipped, with the reason, when Chromium or Playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from harness import MakeBot, fixed_by_wang
from ids import GROUP_A, RESIDENT
from test_console_browser import console

from bot.fakeapi import FakeTelegram

# a text that breaks onto a second line inside a table's cell: "12.7 小" over "时"
WRAPPED_CELLS = """() => {
  const out = [];
  for (const td of document.querySelectorAll("table.data td")) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(node.textContent);
    }
  }
  return out;
}"""


@asynccontextmanager
async def one_report_on(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path, route: str, ready: str
) -> AsyncIterator[Any]:
    """A resident's report in grid A, and the admin's phone on the console's `route` once `ready` shows."""
    bot = await console_bot()
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    async with console(bot, tmp_path) as ui:
        await ui.page.evaluate(f"location.hash = '{route}'")
        await ui.page.wait_for_selector(ready)
        yield ui.page


async def _realistic_trends(route: Any) -> None:
    """The server's own answer, its hours made those of a real quarter (12.7 hours to close, 72 answers)."""
    response = await route.fetch()
    data = await response.json()
    for row in data["grids"] + data["workers"]:
        row.update(accept_p50=2880, close_p50=45720, answered=72, satisfied=50)
    await route.fulfill(response=response, json=data)


async def test_the_trends_tables_keep_figures_whole_and_say_who_answered(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: on a phone the per-grid table read "12.7 小" over "时", "69%" over "(72)" with nothing saying what
    72 is, and the chart's lines were "接单 p50" and "结案 p90". Now each figure stays whole, the share says
    "72 人回答", the tables fit the phone's width, and the page says "一半在多久内结案" as the digest
    says "一半在…内"."""
    bot = await console_bot()
    await fixed_by_wang(bot, RESIDENT, "3号楼2单元楼道灯坏了")
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.route("**/console/api/trends*", _realistic_trends)
        await page.evaluate("location.hash = '#/trends'")
        await page.wait_for_selector("table.data td")
        await page.wait_for_selector("#chart-times .u-legend")
        text = await page.inner_text("main")
        assert "p50" not in text and "p90" not in text, text
        assert "一半在多久内结案" in text and "九成在多久内结案" in text, text
        assert "72 人回答" in text, text
        assert "12.7 小时" in text, text
        assert await page.evaluate(WRAPPED_CELLS) == []
        # and the tables fit the phone: the satisfaction column is not left past the screen's edge
        widths = await page.evaluate(
            "[...document.querySelectorAll('.scroll')].map((b) => b.scrollWidth - b.clientWidth)"
        )
        assert widths and all(w <= 0 for w in widths), widths


async def test_a_board_card_says_its_hours_are_since_the_report(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: a card's last line ended in a bare "36 小时" (waited? left? due in?). Now "…前反映"."""
    async with one_report_on(fake_tg, console_bot, tmp_path, "#/board", "a.event") as page:
        card = page.locator("a.event").first
        assert "前反映" in await card.inner_text(), await card.inner_text()


# how much of an input's hint shows: its box's inner width less the hint's width in the box's own font
HINT_ROOM = """(sel) => {
  const input = document.querySelector(sel);
  const style = getComputedStyle(input);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = style.font;
  const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return inner - ctx.measureText(input.placeholder).width;
}"""


async def test_the_close_notes_hint_is_read_whole_on_a_phone(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: the box for the closing note was a narrow field whose hint read "说明（原因、转交对象或原事" and stopped,
    so the chair did not learn that a duplicate wants the other report's number. Now the box spans the card."""
    async with one_report_on(fake_tg, console_bot, tmp_path, "#/event/1", "form#close input[name=note]") as page:
        assert "原事件编号" in await page.get_attribute("form#close input[name=note]", "placeholder")
        assert await page.evaluate(HINT_ROOM, "form#close input[name=note]") >= 0


# the shifts' hours that break onto a second line ("08:00–" over "20:00")
WRAPPED_HOURS = """() => [...document.querySelectorAll(".day li")].flatMap((li) => {
  const span = [...li.querySelectorAll("span")].find((s) => /\\d\\d:\\d\\d–\\d\\d:\\d\\d/.test(s.textContent));
  if (!span) return [];
  const range = document.createRange();
  range.selectNodeContents(span);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return lines.size > 1 ? [span.textContent] : [];
})"""


async def test_the_rota_on_a_phone_labels_every_choice_and_keeps_hours_whole(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: the form's first menu (代班 / 换班) had no words above it, the duty list read "第一网格: 王师傅" with
    an English colon, and a backup's hours broke as "08:00–" over "20:00". Now each menu is named, the colon is
    Chinese, and hours stay whole."""
    bot = await console_bot()
    async with console(bot, tmp_path) as ui:
        page = ui.page
        await page.set_viewport_size({"width": 360, "height": 780})  # a smaller phone still
        await page.evaluate("location.hash = '#/rota'")
        await page.wait_for_selector("#rota-form")
        labels = await page.evaluate(
            "[...document.querySelectorAll('#rota-form select')].map((s) => s.closest('label').innerText.trim()"
            ".replace(s.innerText.trim(), '').trim())"
        )
        assert labels and all(labels), labels
        assert "代班还是换班" in await page.inner_text("#rota-form")
        duty = await page.inner_text("ul.duty")
        assert "：" in duty and ": " not in duty, duty
        assert await page.locator(".day .hours").count() > 0
        assert await page.evaluate(WRAPPED_HOURS) == []


async def test_the_hot_spots_say_what_the_red_frame_means_and_that_a_number_opens_its_reports(
    fake_tg: FakeTelegram, console_bot: MakeBot, tmp_path: Path
) -> None:
    """Before: "高亮：90 天内同一楼栋同类问题出现 9 次及以上" over a table of bare numbers: the mark is a red
    frame, not a highlight, and nothing said a number can be tapped. Now the line says "红框" and
    "点数字可查看这些事件", and a tap lists the report."""
    async with one_report_on(fake_tg, console_bot, tmp_path, "#/spots", "#spots td button") as page:
        legend = await page.inner_text("main p.muted")
        assert "红框" in legend and "点数字可查看这些事件" in legend, legend
        await page.click("#spots td button")
        await page.wait_for_selector("main a.event, main a[href*='event/1']")
