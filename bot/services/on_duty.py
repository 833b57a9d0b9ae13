"""Who is on duty for an event's grid now: a module of its own because the chasing (``chase``), the lists' buttons
(``nudges``) and the surveys read it, and ``chase`` reads whom the bot can reach (``unreachable``), which ``nudges``
is below."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.context import AppContext
from bot.core import roster, routing
from bot.core.roster import Adjustment
from bot.core.types import Category
from storage import people


async def on_duty_ids(
    ctx: AppContext,
    c: aiosqlite.Connection,
    grid_id: str | None,
    category: Category | None = None,
    overrides: Sequence[Adjustment] | None = None,
) -> list[int]:
    """Everyone on duty for a grid now, primaries first; with a category, its teams' people first. ``overrides``:
    the duty marks and rota changes in force (``people.adjustments``), when the caller read them already."""
    if grid_id is None:
        return []
    now = ctx.now()
    overrides = await people.adjustments(c, now) if overrides is None else overrides
    duty = (
        routing.on_duty(ctx.community, category, grid_id, now, overrides)
        if category
        else roster.on_duty(ctx.community, grid_id, now, overrides)
    )
    return [w.telegram_id for w in duty.everyone]
