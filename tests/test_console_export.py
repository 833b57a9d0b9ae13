"""The console's export: it reads on a connection of its own (a year of events never holds the bot's up), and a
resident's odd character never breaks it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from io import BytesIO

from harness import MakeCtx, store_report
from ids import ADMIN, START
from openpyxl import load_workbook

from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.services import console_export
from bot.services.console_auth import Reader


async def test_an_export_does_not_wait_for_the_bots_transaction(make_ctx: MakeCtx) -> None:
    """Exporting months of events read them on the bot's one connection, under its lock: every report waited
    until the last row was read (0.3 s a report at a year's 15,000 events, bench/bench_year.py). Here the
    export is asked while a transaction of the bot is open; it is made meanwhile, from what was committed."""
    ctx = await make_ctx(lambda: START)
    for i in range(3):
        async with ctx.db.tx() as c:
            await store_report(c, i, START)
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf", "h")
    day = START.astimezone(ctx.community.tz).date()
    async with ctx.db.tx():  # the bot is handling an update
        made = await asyncio.wait_for(
            console_export.download(ctx, admin, "csv", day - timedelta(days=1), day), timeout=10
        )
    assert made.rows == 3


async def test_a_control_character_a_resident_typed_does_not_break_the_xlsx(make_ctx: MakeCtx) -> None:
    """Committee review: one report holding "\\x0b" (a phone's line break) made openpyxl refuse the whole XLSX
    export (CSV worked); the character is dropped from the cell, the rest kept."""
    ctx = await make_ctx(lambda: START)
    async with ctx.db.tx() as c:
        await store_report(c, 1, START, text="3号楼楼道灯坏了\x0b晚上看不见")
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf", "h")
    day = START.astimezone(ctx.community.tz).date()
    made = await console_export.download(ctx, admin, "xlsx", day - timedelta(days=1), day)
    assert made.rows == 1
    values = [v for row in load_workbook(BytesIO(made.data)).active.iter_rows(values_only=True) for v in row]
    assert "3号楼楼道灯坏了晚上看不见" in values


async def test_xlsx_times_are_date_cells_in_local_time(make_ctx: MakeCtx) -> None:
    """Committee review: every time was a text cell ("2026-11-18T10:00:00+08:00"), which a spreadsheet cannot filter
    by date nor subtract; they are dates now, in the community's time as the column says."""
    ctx = await make_ctx(lambda: START)
    async with ctx.db.tx() as c:
        await store_report(c, 1, START)
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf", "h")
    day = START.astimezone(ctx.community.tz).date()
    made = await console_export.download(ctx, admin, "xlsx", day - timedelta(days=1), day)
    cells = [c for row in load_workbook(BytesIO(made.data)).active.iter_rows(min_row=2) for c in row]
    dates = [c for c in cells if c.is_date]
    assert dates and dates[0].value == START.astimezone(ctx.community.tz).replace(tzinfo=None)
