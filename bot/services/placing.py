"""Use case: a report of no known place takes the place its reporter gave afterwards ("3号楼2单元")."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core.parser_location import Location
from bot.core.types import Event, Incoming
from bot.services import notify, rerouting
from storage import events


async def fill(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, place: Location) -> bool:
    """The event (open, no building) is now there: in its log, its acknowledgement (no longer asking where), its
    workers' messages, and the grid a report of that building goes to (while nobody accepted it). False when it
    already had a place or is no longer open."""
    if place.building is None or not await events.set_place(c, ev.id, place.building, place.unit, place.room):
        return False
    await events.log(c, ev.id, ctx.now(), "placed", msg.user_id, msg.text[:300])
    ev = await events.get(c, ev.id) or ev
    moved = await rerouting.to_its_grid(ctx, c, ev, msg.chat_id)
    ev = moved or ev
    await notify.refresh_ack(ctx, c, ev)
    if moved is None:  # a move edited them already, saying where it went
        await notify.edit_worker_dms(ctx, c, ev, "dm.state.placed", keep_accept=True)
    return True
