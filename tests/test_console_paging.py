"""The console's board and hot-spot lists at scale: a committee with a backlog reaches every open report page by
page in one stable order (reds first), and a hot spot's list says when it lists fewer than its cell counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console_client import client, sign_in
from harness import MakeBot, RunningBot, store_report
from ids import ADMIN, GROUP_A, WANG

from bot.core.types import Category, ParsedReport, Status, Urgency
from bot.fakeapi import FakeTelegram

API = "/console/api/"
GREEN = ParsedReport(True, Category.REPAIR, Urgency.GREEN, "3")
RED = ParsedReport(True, Category.SAFETY, Urgency.RED, "5")


class Clock:
    """The bot's clock, moved on by the test."""

    def __init__(self) -> None:
        self.start = datetime.now(UTC).replace(microsecond=0)
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.start + self.offset


async def _store(bot: RunningBot, n: int, at: datetime, first_msg: int, **fields: object) -> list[int]:
    ids = []
    async with bot.ctx.db.tx() as c:
        for i in range(n):
            ev = await store_report(c, first_msg + i, at + timedelta(seconds=i), chat_id=GROUP_A, **fields)
            assert ev is not None
            ids.append(ev.id)
    return ids


async def _pages(bot: RunningBot, http, query: str = "", between=None) -> list[dict]:  # noqa: ANN001
    """Every page of the board, following each page's "next" as the page's "show more" does."""
    url = bot.console_base + API + "board" + query  # type: ignore[attr-defined]
    pages: list[dict] = []
    while True:
        async with http.get(url) as resp:
            assert resp.status == 200, await resp.text()
            pages.append(await resp.json())
        if not pages[-1]["next"]:
            return pages
        if between is not None:
            between()
        url = bot.console_base + API + "board" + (query + "&" if query else "?") + "after=" + pages[-1]["next"]  # type: ignore[attr-defined]


async def test_a_backlog_is_reached_page_by_page_reds_first(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """150 greens waiting since the day before yesterday and a fire ten minutes ago: the first page holds the fire
    and 99 greens and says 51 more follow; "show more" brings those 51, the last the newest; nothing twice."""
    clock = Clock()
    bot = await console_bot(clock=clock)
    greens = await _store(
        bot, 150, clock() - timedelta(days=2), 1000, parsed=GREEN, status=Status.DISPATCHED, assignee_id=WANG
    )
    [fire] = await _store(
        bot, 1, clock() - timedelta(minutes=10), 5000, parsed=RED, status=Status.DISPATCHED, assignee_id=WANG
    )
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        pages = await _pages(bot, http)
        async with http.get(bot.console_base + API + "board?after=12") as resp:  # type: ignore[attr-defined]
            assert resp.status == 400  # a cursor is what a page gave, not a number
    assert [len(p["items"]) for p in pages] == [100, 51]
    assert [p["more"] for p in pages] == [51, 0]
    shown = [e["id"] for p in pages for e in p["items"]]
    assert shown == [fire, *greens]  # the fire first, then the oldest: every one, once
    assert all(p["counts"]["total"] == 151 for p in pages)


async def test_a_card_turning_late_between_pages_is_neither_skipped_nor_shown_twice(
    fake_tg: FakeTelegram, console_bot: MakeBot
) -> None:
    """Late cards come before the others. #2, accepted, falls due half a minute after the first page was read; the
    second page, read a minute later, still orders by the first page's time: #2 is on it, after #1 (late then, the
    only card of page one), and #3 follows. Judged at the second page's time, #2 would have moved ahead of #1 into
    the page already read, and never been shown."""
    clock = Clock()
    bot = await console_bot(clock=clock)
    now = clock()
    [late] = await _store(
        bot, 1, now - timedelta(days=2), 1000, parsed=GREEN, status=Status.DISPATCHED, assignee_id=WANG
    )
    [due] = await _store(bot, 1, now - timedelta(days=3), 2000, parsed=GREEN, status=Status.ACCEPTED, assignee_id=WANG)
    [fresh] = await _store(
        bot, 1, now - timedelta(minutes=10), 3000, parsed=GREEN, status=Status.DISPATCHED, assignee_id=WANG
    )
    async with bot.ctx.db.tx() as c:
        await c.execute("UPDATE events SET due_at = ? WHERE id = ?", (int(now.timestamp()) + 30, due))

    def a_minute_later() -> None:
        clock.offset += timedelta(minutes=1)

    async with client() as http:
        await sign_in(bot, http, ADMIN)
        pages = await _pages(bot, http, "?limit=1", between=a_minute_later)
    assert [[e["id"] for e in p["items"]] for p in pages] == [[late], [due], [fresh]]
    assert not pages[1]["items"][0]["overdue"]  # as it was when the first page was read


async def test_a_hot_spots_list_says_how_many_it_leaves_out(fake_tg: FakeTelegram, console_bot: MakeBot) -> None:
    """Building 3 had 250 repairs in 30 days; its cell's list sends the newest 200 and says 50 more."""
    clock = Clock()
    bot = await console_bot(clock=clock)
    await _store(bot, 250, clock() - timedelta(days=5), 1000, parsed=GREEN, status=Status.DISPATCHED, assignee_id=WANG)
    async with client() as http:
        await sign_in(bot, http, ADMIN)
        async with http.get(bot.console_base + API + "events?days=30&building=3&category=repair") as resp:  # type: ignore[attr-defined]
            listed = await resp.json()
    assert len(listed["items"]) == 200 and listed["more"] == 50
