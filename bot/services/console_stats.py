"""The console's figures: hot spots (buildings × categories) and weekly trends, from the digest's maths."""

from __future__ import annotations

import asyncio
import math
import time
from bisect import bisect_left
from weakref import WeakKeyDictionary

from bot.context import AppContext
from bot.core import console_query, hotspots, weeks
from bot.core import digest as maths
from bot.core.digest_types import Durations, EventRow, WeekFigures
from bot.core.timeutil import to_epoch
from bot.core.types import Outcome, Status
from bot.services import chase
from bot.services.console_auth import Reader
from bot.services.console_board import names_of
from storage import console_board
from storage import digest as store

PERIODS = (30, 90)
WEEKS_DEFAULT = 12
WEEKS_MAX = 52
CACHE_S = 60
_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # per database: {(share, grid, weeks, this week): (until, figures)}


async def hot_spots(ctx: AppContext, who: Reader, days: int) -> dict:
    """Counts of the last ``days`` days by building and category; recurring cells and units marked (as often
    as the digest's hot spots: 3 times in 30 days, 9 in 90)."""
    days = days if days in PERIODS else PERIODS[0]
    since = to_epoch(ctx.now()) - days * 86400
    async with ctx.db.read() as c:
        counts = await console_board.place_counts(c, who.visibility, since)
    minimum = math.ceil(maths.HOT_SPOT_MIN * days / maths.HOT_SPOT_DAYS)  # the digest's rate: 3 in 30 days
    grid = hotspots.place_grid(((p.building, p.unit, p.category, p.count) for p in counts), minimum)
    return {
        "days": days,
        "minimum": minimum,
        "buildings": grid.buildings,
        "categories": grid.categories,
        "max": grid.max_count,
        "cells": [
            {"building": b, "category": c, "count": n, "recurring": (b, c) in grid.recurring}
            for (b, c), n in sorted(grid.counts.items(), key=lambda kv: hotspots.building_order(kv[0][0]))
        ],
        "units": [{"building": b, "unit": u, "category": c, "count": n} for b, u, c, n in grid.units],
    }


def _d(d: Durations) -> tuple[float | None, float | None]:
    return d.median, d.p90


def _row(f: WeekFigures) -> dict:
    a50, a90 = _d(f.accept)
    c50, c90 = _d(f.close)
    s = f.satisfaction
    return {
        "new": f.new.total,
        "closed": f.closed.total,
        "nothing_found": f.closed.by_outcome.get(Outcome.NOTHING_FOUND.value, 0),  # its own count, never "fixed"
        "open": f.open.total,
        "overdue": f.overdue_open,
        "closed_late": f.closed_late,
        "accept_p50": a50,
        "accept_p90": a90,
        "close_p50": c50,
        "close_p90": c90,
        "satisfied": s.satisfied,
        "answered": s.answered,
        "satisfied_share": s.share_satisfied,
    }


def _for_week(evs: list[EventRow], created: list[int], start: int, end: int) -> list[EventRow]:
    """The events a week's figures can count: reported before its end and not closed before its start
    (anything else is neither new, accepted, closed, reopened nor open in that week)."""
    return [
        ev
        for ev in evs[: bisect_left(created, end)]
        if ev.status != Status.CLOSED or ev.closed_at is None or ev.closed_at >= start
    ]


def _figures(
    mine: list[EventRow],
    logs: list,
    surveys: list,
    span: list[weeks.Week],
    grid: str | None,
    grids: list[tuple[str, str]],
    waiting: dict[str, int] | None = None,
    now: int | None = None,
) -> tuple[list[dict], WeekFigures, list[dict]]:
    """The maths (pure, run in a worker thread): each week, the whole period, and each grid's period (``waiting``:
    how long each colour may wait to be accepted, as the board counts overdue; ``now``: the week under way is
    told as it stands then, what is past due now, not by its Sunday night, as the digest does)."""

    def upto(end: int) -> int:
        return end if now is None else min(end, now + 1)

    chosen = sorted((ev for ev in mine if grid is None or ev.grid_id == grid), key=lambda ev: ev.created_at)
    created = [ev.created_at for ev in chosen]
    ids = {ev.id for ev in chosen}
    chosen_surveys = [s for s in surveys if s.event_id in ids]
    series = [
        {
            "week": w.label,
            "start": w.start,
            **_row(
                maths.week_figures(
                    _for_week(chosen, created, w.start, w.end), logs, chosen_surveys, w.start, upto(w.end), waiting
                )
            ),
        }
        for w in span
    ]
    start, end = span[0].start, upto(span[-1].end)
    whole = maths.week_figures(chosen, logs, chosen_surveys, start, end, waiting)
    per_grid = []
    for grid_id, name in grids:
        evs = [ev for ev in mine if ev.grid_id == grid_id]
        if evs:
            g_ids = {ev.id for ev in evs}
            per_grid.append(
                {
                    "id": grid_id,
                    "name": name,
                    **_row(
                        maths.week_figures(evs, logs, [s for s in surveys if s.event_id in g_ids], start, end, waiting)
                    ),
                }
            )
    return series, whole, per_grid


async def trends(ctx: AppContext, who: Reader, n_weeks: int = WEEKS_DEFAULT, grid: str | None = None) -> dict:
    """Week by week (this week included): new, closed, overdue, times to accept and close, satisfaction;
    the whole period per grid and per worker. Only events in the reader's share count. Kept for
    CACHE_S per reader's share and choice: reading a quarter of a busy community takes a second, on
    connections of their own (`Database.side_readers`), so reports do not wait for it."""
    tz = ctx.community.tz
    n_weeks = max(2, min(n_weeks, WEEKS_MAX))
    last = weeks.week_of(ctx.now(), tz)
    key = (who.visibility, grid, n_weeks, last.label)
    cache = _CACHE.setdefault(ctx.db, {})
    hit = cache.get(key)
    if hit and hit[0] > time.monotonic():
        return hit[1]
    span = [weeks.shift(last, i, tz) for i in range(1 - n_weeks, 1)]
    start, end = span[0].start, span[-1].end
    async with ctx.db.side_readers(2) as (one, two):  # the bot's own connection stays free for reports
        rows, logs, surveys = await asyncio.gather(
            store.events_between(one, start, end),
            store.reopenings(two, start, end),
            store.surveys_between(two, start, end),
        )
    mine = [ev for ev in rows if console_query.visible(who.visibility, ev.grid_id, ev.category, ev.assignee_id)]
    grids = [(g.id, g.name) for g in ctx.community.grids]
    waiting = console_query.waiting_limit_s(chase.policy(ctx.settings))
    now = to_epoch(ctx.now())
    series, whole, per_grid = await asyncio.to_thread(_figures, mine, logs, surveys, span, grid, grids, waiting, now)
    names = await names_of(ctx, {f.worker_id for f in whole.workers})
    per_worker = [
        {
            "id": f.worker_id,
            "name": names[f.worker_id],
            "accepted": f.accepted,
            "closed": f.closed,
            "accept_p50": f.accept.median,
            "close_p50": f.close.median,
            "close_p90": f.close.p90,
            "satisfied": f.rating.satisfied,
            "answered": f.rating.answered,
        }
        for f in whole.workers
    ]
    result = {
        "grid": grid,
        "weeks": series,
        "grids": per_grid,
        "workers": per_worker,
        "computed_at": to_epoch(ctx.now()),
    }
    if len(cache) > 64:
        cache.clear()
    cache[key] = (time.monotonic() + CACHE_S, result)
    return result
