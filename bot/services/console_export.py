"""Exports from the console: the reader's events of a period as CSV, XLSX or Open311 (bot/render/export.py)."""

from __future__ import annotations

import asyncio
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
    """The events reported from ``first`` to ``last`` (inclusive) that the reader may see, in ``fmt``."""
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
    data = await asyncio.to_thread(export.render, fmt, rows, export_store.COLUMNS, ctx.community, who.language, names)
    content_type, ext = TYPES[fmt]
    return File(data, f"linli-{first.isoformat()}-{last.isoformat()}.{ext}", content_type, len(rows))
