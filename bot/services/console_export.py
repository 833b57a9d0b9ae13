"""Exports from the console: the reader's events of a period as CSV, XLSX or Open311 (bot/render/export.py).

One at a time for each person: a tap again on Export while the file is made shares that file, and another export
asked meanwhile is refused (``Busy``). The file is made in a process of its own, so the bot answers residents.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.context import AppContext
from bot.core import console_query
from bot.core.errors import Refusal
from bot.core.timeutil import plausible
from bot.render import export
from bot.services.console_auth import Reader
from storage import export as export_store

MAX_DAYS = 366
TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "open311": ("application/json; charset=utf-8", "json"),
}


class PeriodError(Refusal):
    """The period cannot be exported; ``reason`` is the console message's key."""


class Busy(Refusal):
    """Another export of this person's is being made; ``reason`` is the console message's key."""


@dataclass(frozen=True, slots=True)
class File:
    """A download."""

    data: bytes
    filename: str
    content_type: str
    rows: int


def period(ctx: AppContext, since: str | None, until: str | None) -> tuple[date, date]:
    """The first and last local day asked for (default: the last 30 days), at most MAX_DAYS long."""
    today = ctx.now().astimezone(ctx.community.tz).date()
    try:
        last = date.fromisoformat(until) if until else today
        first = date.fromisoformat(since) if since else last - timedelta(days=29)
    except ValueError:
        raise PeriodError("console.err.bad_date") from None
    if not (plausible(first) and plausible(last)):
        raise PeriodError("console.err.bad_date")
    if first > last:
        raise PeriodError("console.err.bad_period")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError("console.err.long_period")
    return first, last


async def download(ctx: AppContext, who: Reader, fmt: str, first: date, last: date) -> File:
    """The events reported from ``first`` to ``last`` (inclusive) that the reader may see, in ``fmt``: the file
    being made for them already when they asked the same again (three taps: one export), ``Busy`` when they asked
    another while one is made."""
    asked = (fmt, first, last)
    running = ctx.console_exports.get(who.user_id)
    if running is not None:
        if running[0] != asked:
            raise Busy("console.err.export_busy")
        return await asyncio.shield(running[1])
    made = asyncio.ensure_future(_make(ctx, who, fmt, first, last))
    ctx.console_exports[who.user_id] = (asked, made)
    made.add_done_callback(lambda _: _done(ctx, who.user_id, made))
    return await asyncio.shield(made)  # a tab closed meanwhile: the file is still made for the taps that wait


async def stop_all(ctx: AppContext) -> None:
    """The bot stops: the exports being made are ended, their processes with them (no one waits for the files)."""
    making = [made for _, made in ctx.console_exports.values()]
    for made in making:
        made.cancel()
    await asyncio.gather(*making, return_exceptions=True)


def _done(ctx: AppContext, user_id: int, made: asyncio.Future) -> None:
    if ctx.console_exports.get(user_id, (None, None))[1] is made:
        del ctx.console_exports[user_id]
    if not made.cancelled():
        made.exception()  # seen by whoever waits; not "never retrieved" when no one does any more


async def _make(ctx: AppContext, who: Reader, fmt: str, first: date, last: date) -> File:
    tz = ctx.community.tz
    since = int(datetime.combine(first, time(0), tzinfo=tz).timestamp())
    until = int(datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).timestamp())
    async with ctx.db.side_readers(1) as (c,):  # months of events: the bot's own connection stays free for reports
        rows = [
            r
            for r in await export_store.events(c, since, until)
            if console_query.visible(who.visibility, r["grid_id"], r["category"], r["assignee_id"])
        ]
        names = await export_store.names(c)
    data = await _render(fmt, rows, ctx, who.language, names)
    content_type, ext = TYPES[fmt]
    return File(data, f"linli-{first.isoformat()}-{last.isoformat()}.{ext}", content_type, len(rows))


async def _render(fmt: str, rows: list[dict], ctx: AppContext, lang: str, names: dict[int, str]) -> bytes:
    """The file's bytes, made in a process started for it: a year's workbook is seconds of pure Python, which in
    a thread of the bot's process held the interpreter's lock against the bot (console review: acknowledgements
    took 0.7 s during one export, 1.4 s during three)."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        loop = asyncio.get_running_loop()
        columns = export_store.COLUMNS
        return await loop.run_in_executor(pool, export.render, fmt, rows, columns, ctx.community, lang, names)
    except asyncio.CancelledError:  # the bot stops: the file is no one's now, and its process must not outlive it
        for process in list((pool._processes or {}).values()):  # no public way before Python 3.14's terminate_workers
            process.terminate()
        raise
    finally:
        await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)
