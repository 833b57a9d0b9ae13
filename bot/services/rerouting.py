"""An open event read anew (a resident's edit before acceptance, an admin's correction on the console): a waiting
one whose new building is another grid's, or whose new category belongs to other desks, goes where a new report of
that reading would, and the teams the new reading alerts are told. Accepted work stays with the worker who took it."""

from __future__ import annotations

from dataclasses import replace

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, routing
from bot.core.timeutil import to_epoch
from bot.core.types import Event, Status
from bot.render import messages
from bot.services import chase, notify, teams
from storage import events, people


async def to_its_desk(ctx: AppContext, c: aiosqlite.Connection, before: Event, ev: Event) -> Event | None:
    """A waiting event's category changed (``before``: as it read) to one other desks take ("灯坏了" edited into a
    fire, sanitation corrected to repair): it goes to whom a new report would (``_move``); nobody on duty: the
    committee. The event as it is now, or None when it did not move (or stays with its worker)."""
    if ev.status is not Status.DISPATCHED:
        return None
    if routing.desks(ctx.community, before.category, before.grid_id) == routing.desks(
        ctx.community, ev.category, ev.grid_id
    ):
        return None
    to = await _whom(ctx, c, ev)
    if to == ev.assignee_id:
        return None
    step = f"recat{to_epoch(ctx.now())}"
    return await _move(ctx, c, ev, to, step, "dm.step.recategorised", "dm.state.recategorised")


async def to_its_grid(ctx: AppContext, c: aiosqlite.Connection, ev: Event, chat_id: int) -> Event | None:
    """An edit named a building of another grid ("3号楼" corrected to "7号楼"): the event moves there, to whom a
    report of that building would go (``_move``; only while nobody accepted it). The event as it is now, or None
    when it did not move."""
    grid = ctx.community.route(ev.building, chat_id)
    if grid is None or grid.id == ev.grid_id or ev.status is not Status.DISPATCHED:
        return None
    await events.set_grid(c, ev.id, grid.id)
    ev = replace(ev, grid_id=grid.id)
    moved = await _move(ctx, c, ev, await _whom(ctx, c, ev), f"regrid:{grid.id}", "dm.step.regrid", "dm.state.regrid")
    return moved or await events.get(c, ev.id)


async def _whom(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> int | None:
    """Whom a new report of the event would go to now, but not back to who handed it back while anyone else is on
    duty (one of them rather than no one when it leaves a worker)."""
    now = ctx.now()
    gave_up = await events.handed_back_by(c, ev.id)
    worker = routing.next_assignee(
        ctx.community,
        ev.category,
        ev.grid_id,
        now,
        await people.adjustments(c, now),
        gave_up,
        fallback=ev.assignee_id is not None,
    )
    return worker.telegram_id if worker else None


async def _move(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, to: int | None, step: str, intro_key: str, state_key: str
) -> Event | None:
    """A waiting event read anew goes to ``to``: its old worker's DM says so (``state_key``), the new one is sent it
    (``step``, ``intro_key``) and chased; nobody: the committee. The event as it is now, or None if it changed."""
    moved = await events.transition(c, ev.id, lifecycle.REASSIGN, assignee_id=to, expect_assignee=ev.assignee_id)
    if moved is None:
        return None
    # logged as a reassignment: the worker it left may no longer accept it from their old message
    await events.log(c, ev.id, ctx.now(), "reassigned", None, str(to) if to else None)
    await notify.edit_worker_dms(ctx, c, moved, state_key)  # before the new DM exists
    if to is not None:
        await notify.worker_dm(ctx, c, moved, to, step, intro_key, anew=True)
        await chase.with_new_worker(ctx, c, moved)
    else:
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        label = messages.urgency_label(lang, moved.urgency)
        await notify.committee(ctx, c, "committee.no_one_on_duty", ev.id, id=ev.id, urgency=label, arrange=moved)
    return moved


async def alert_teams(ctx: AppContext, c: aiosqlite.Connection, before: Event, ev: Event) -> None:
    """The teams whose ``notify_on`` the new reading matches and the old did not hear of it (a yellow report
    corrected to a dispute reaches the mediation office), as a new report with that reading would; whatever the
    event's status (an accepted one too: the warning is about the problem, not who works on it)."""
    if lifecycle.is_open(ev.status):
        await teams.alert(ctx, c, ev, {ev.assignee_id} if ev.assignee_id else (), before=before)
