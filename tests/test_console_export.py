"""The console's export: it reads on a connection of its own (a year of events never holds the bot's up), builds
the file in a process of its own, is made once however often it is tapped, and a resident's odd character never
breaks it."""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from datetime import date, timedelta
from io import BytesIO

import pytest
from harness import MakeCtx, store_report
from ids import ADMIN, START
from openpyxl import load_workbook

from bot.context import AppContext
from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.services import console_export
from bot.services.console_auth import Reader
from storage import export as export_store

ADMIN_READER = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf", "h")


async def with_a_report(make_ctx: MakeCtx, **fields: object) -> AppContext:
    """The services' context at START, with 刘阿姨's report stored (`fields` change it, as store_report's)."""
    ctx = await make_ctx(lambda: START)
    async with ctx.db.tx() as c:
        await store_report(c, 1, START, **fields)
    return ctx


def two_days(ctx: AppContext) -> tuple[date, date]:
    """The day before START's and START's, in the community's time: the dates an export is asked for."""
    day = START.astimezone(ctx.community.tz).date()
    return day - timedelta(days=1), day


async def test_an_export_does_not_wait_for_the_bots_transaction(make_ctx: MakeCtx) -> None:
    """Exporting months of events read them on the bot's one connection, under its lock: every report waited
    until the last row was read (0.3 s a report at a year's 15,000 events, bench/bench_year.py). Here the
    export is asked while a transaction of the bot is open; it is made meanwhile, from what was committed."""
    ctx = await make_ctx(lambda: START)
    for i in range(3):
        async with ctx.db.tx() as c:
            await store_report(c, i, START)
    async with ctx.db.tx():  # the bot is handling an update
        made = await asyncio.wait_for(console_export.download(ctx, ADMIN_READER, "csv", *two_days(ctx)), timeout=10)
    assert made.rows == 3


async def test_a_control_character_a_resident_typed_does_not_break_the_xlsx(make_ctx: MakeCtx) -> None:
    """Committee review: one report holding "\\x0b" (a phone's line break) made openpyxl refuse the whole XLSX
    export (CSV worked); the character is dropped from the cell, the rest kept."""
    ctx = await with_a_report(make_ctx, text="3号楼楼道灯坏了\x0b晚上看不见")
    made = await console_export.download(ctx, ADMIN_READER, "xlsx", *two_days(ctx))
    assert made.rows == 1
    values = [v for row in load_workbook(BytesIO(made.data)).active.iter_rows(values_only=True) for v in row]
    assert "3号楼楼道灯坏了晚上看不见" in values


async def test_xlsx_times_are_date_cells_in_local_time(make_ctx: MakeCtx) -> None:
    """Committee review: every time was a text cell ("2026-11-18T10:00:00+08:00"), which a spreadsheet cannot filter
    by date nor subtract; they are dates now, in the community's time as the column says."""
    ctx = await with_a_report(make_ctx)
    made = await console_export.download(ctx, ADMIN_READER, "xlsx", *two_days(ctx))
    cells = [c for row in load_workbook(BytesIO(made.data)).active.iter_rows(min_row=2) for c in row]
    dates = [c for c in cells if c.is_date]
    assert dates and dates[0].value == START.astimezone(ctx.community.tz).replace(tzinfo=None)


async def test_three_taps_on_export_make_one_file_and_another_waits(make_ctx: MakeCtx) -> None:
    """Console review: a committee member tapped Export three times while a year's XLSX was made, and the server
    made it three times over (each taking three times as long). The same export asked again while it is made
    shares that one file; another export of the same person's meanwhile is refused, saying why; once the file is
    made, the next export is made anew. Another person's export is theirs."""
    ctx = await with_a_report(make_ctx)
    other = Reader(ADMIN + 1, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf2", "h2")
    first, day = two_days(ctx)
    taps = [asyncio.create_task(console_export.download(ctx, ADMIN_READER, "xlsx", first, day)) for _ in range(3)]
    theirs = asyncio.create_task(console_export.download(ctx, other, "xlsx", first, day))
    await asyncio.sleep(0)  # all four asked
    with pytest.raises(console_export.Busy) as refused:
        await console_export.download(ctx, ADMIN_READER, "csv", first, day)
    assert refused.value.reason == "console.err.export_busy"
    files = await asyncio.gather(*taps)
    assert files[0] is files[1] is files[2] and files[0].rows == 1  # one file, made once
    assert (await theirs) is not files[0]
    again = await console_export.download(ctx, ADMIN_READER, "csv", first, day)
    assert again.rows == 1 and again.filename.endswith(".csv")


async def test_the_workbook_is_not_built_in_the_bots_own_process(make_ctx: MakeCtx, monkeypatch) -> None:  # noqa: ANN001
    """Console review: the workbook was built in a thread of the bot's process, whose pure-Python work held the
    interpreter's lock: acknowledgements to residents took 0.7 s during one export, 1.4 s during three. It is built
    in a process of its own: made wrong here, in the bot's process, the file still comes out whole."""
    from bot.render import export

    def in_the_bots_process(*args: object) -> bytes:
        raise AssertionError("the workbook was built in the bot's own process")

    monkeypatch.setattr(export, "to_xlsx", in_the_bots_process)
    ctx = await with_a_report(make_ctx)
    made = await console_export.download(ctx, ADMIN_READER, "xlsx", *two_days(ctx))
    assert made.rows == 1 and load_workbook(BytesIO(made.data)).active.max_row == 2


async def test_an_export_being_made_when_the_bot_stops_does_not_outlive_it(
    make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Console review: the bot stopping while a year's workbook was made left its process at work (the stop waited
    for it to finish, or it ran on after a killed bot). The bot's stop (console_export.stop_all, called by the
    runtime once its web server is down) ends it at once."""
    ctx = await with_a_report(make_ctx)
    async with ctx.db.read() as c:
        [row] = await export_store.events(c, None, None)

    async def a_years_events(*_: object) -> list[dict]:
        return [row] * 60_000

    monkeypatch.setattr(export_store, "events", a_years_events)
    making = asyncio.ensure_future(console_export.download(ctx, ADMIN_READER, "xlsx", *two_days(ctx)))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while not (children := multiprocessing.active_children()) and loop.time() < deadline:
        await asyncio.sleep(0.01)
    assert children, "the export's process never started"
    await console_export.stop_all(ctx)
    with pytest.raises(asyncio.CancelledError):
        await making
    assert ctx.console_exports == {}
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGTERM  # ended, not left to finish a file no one will read
