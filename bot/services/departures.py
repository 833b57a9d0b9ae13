"""At start, after the community file was read: open work held by people and grids no longer in it.

A worker taken out of the file (or an invited one removed) keeps no event: waiting or accepted, it goes to whoever
is on duty for it (accepted work waits again), the committee is told. An event of a grid removed or merged in the
file, or whose building or group the file moved to another grid, moves to the grid that now has its building or
group. Then, as at any shift boundary, a waiting event held
by no one on duty goes to whoever is (``briefs.handoff_at``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

import aiosqlite

from bot.context import AppContext
from bot.core.timeutil import to_epoch
from bot.core.types import Event, Status
from bot.render.fit import names
from bot.render.i18n import t
from bot.services import briefs, chase, notify, workflow
from storage import events

log = logging.getLogger(__name__)
IDS_SHOWN = 50


async def at_start(ctx: AppContext) -> None:
    """Open work of people and grids no longer in the community goes where the community now says."""
    now = ctx.now()
    key = f"start:{to_epoch(now)}"
    async with ctx.db.tx() as c:
        open_events = [await _regrid(ctx, c, ev) if _moved(ctx, ev) else ev for ev in await events.open_all(c)]
        left: dict[int, list[Event]] = {}
        for ev in open_events:
            if ev.assignee_id is not None and ctx.community.worker(ev.assignee_id) is None:
                left.setdefault(ev.assignee_id, []).append(ev)
        for leaver, theirs in left.items():
            await hand_over(ctx, c, leaver, theirs, key)
        await briefs.handoff_at(ctx, c, now, key)


def _moved(ctx: AppContext, ev: Event) -> bool:
    """Whether the file no longer has the event in its grid: the grid is gone, or another grid lists its building
    (or, with no building listed, its group) now, where a new report of it would go."""
    if ev.grid_id is None:
        return False
    if ctx.community.grid(ev.grid_id) is None:
        return True
    grid = ctx.community.route(ev.building, ev.chat_id)
    return grid is not None and grid.id != ev.grid_id


async def _regrid(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> Event:
    """The event in the grid that now lists its building or group (as it is now)."""
    grid = ctx.community.route(ev.building, ev.chat_id)
    if grid is None:  # no grid lists its building or group: the committee assigns it (told once)
        log.warning("event %s: its grid %s is gone and no grid has its building or group", ev.id, ev.grid_id)
        await notify.committee(ctx, c, "committee.grid_gone", ev.id, dedup_key=f"grid_gone:{ev.id}", id=ev.id)
        return ev
    await events.set_grid(c, ev.id, grid.id)
    await events.log(c, ev.id, ctx.now(), "regrid", None, f"{ev.grid_id}>{grid.id}")
    return replace(ev, grid_id=grid.id)


async def hand_over(ctx: AppContext, c: aiosqlite.Connection, leaver: int, theirs: list[Event], key: str) -> list[int]:
    """One person no longer a worker: each of their open events to whoever is on duty for it, or to nobody; the
    committee is told. The events that went to nobody."""
    now = ctx.now()
    name = await notify.display_name(ctx, c, leaver) or str(leaver)
    moved: list[int] = []
    unassigned: list[int] = []
    for ev in theirs:
        was_accepted = ev.status is Status.ACCEPTED
        after, nxt = await workflow.pass_on(ctx, c, ev, await events.handed_back_by(c, ev.id), fallback=True)
        if after is None:
            continue
        await events.log(c, ev.id, now, "left", None, f"{leaver}>{nxt.telegram_id}" if nxt else str(leaver))
        await chase.on_handed_back(ctx, c, after, was_accepted)
        await notify.edit_worker_dms(ctx, c, after, "dm.state.left_to" if nxt else "dm.state.left")  # no shift ended
        if nxt is not None:
            lang = await notify.user_language(ctx, c, nxt.telegram_id)
            intro = t(lang, "dm.step.worker_left", worker=name)
            await notify.worker_dm(ctx, c, after, nxt.telegram_id, f"left:{key}", intro_text=intro, anew=True)
            moved.append(ev.id)
        else:
            unassigned.append(ev.id)
        await notify.refresh_ack(ctx, c, after)
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    for ids, message in ((moved, "committee.worker_left"), (unassigned, "committee.worker_left_nobody")):
        if ids:
            shown = names(lang, [f"#{i}" for i in ids], IDS_SHOWN)
            await notify.committee(ctx, c, message, None, dedup_key=f"{message}:{leaver}:{key}", worker=name, ids=shown)
    return unassigned
