"""An open event read anew (a resident's edit before acceptance, an admin's correction on the console): a waiting
one whose new category belongs to other desks goes where a new report of that reading would, and the teams the new
reading alerts are told. Accepted work stays with the worker who took it."""

from __future__ import annotations

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
    fire, sanitation corrected to repair): it goes to whom a new report would (not back to who handed it back while
    anyone else is on duty), its old worker's DM says so, the new one is sent it; nobody on duty: the committee.
    The event as it is now, or None when it did not move."""
    if ev.status is not Status.DISPATCHED:
        return None
    if routing.desks(ctx.community, before.category, before.grid_id) == routing.desks(
        ctx.community, ev.category, ev.grid_id
    ):
        return None
    now = ctx.now()
    overrides = await people.adjustments(c, now)
    gave_up = await events.handed_back_by(c, ev.id)
    worker = routing.next_assignee(ctx.community, ev.category, ev.grid_id, now, overrides, exclude=gave_up)
    if worker is None and ev.assignee_id is not None:  # only who gave it up: one of them, rather than no one
        worker = routing.next_assignee(ctx.community, ev.category, ev.grid_id, now, overrides)
    to = worker.telegram_id if worker else None
    if to == ev.assignee_id:
        return None
    moved = await events.transition(c, ev.id, lifecycle.REASSIGN, assignee_id=to, expect_assignee=ev.assignee_id)
    if moved is None:
        return None
    # logged as a reassignment: the worker it left may no longer accept it from their old message
    await events.log(c, ev.id, now, "reassigned", None, str(to) if to else None)
    await notify.edit_worker_dms(ctx, c, moved, "dm.state.recategorised")  # before the new DM exists
    if to is not None:
        await notify.worker_dm(ctx, c, moved, to, f"recat{to_epoch(now)}", "dm.step.recategorised", anew=True)
        await chase.keep_chasing(ctx, c, moved)
    else:
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        label = messages.urgency_label(lang, moved.urgency)
        await notify.committee(ctx, c, "committee.no_one_on_duty", ev.id, id=ev.id, urgency=label)
    return moved


async def alert_teams(ctx: AppContext, c: aiosqlite.Connection, before: Event, ev: Event) -> None:
    """The teams whose ``notify_on`` the new reading matches and the old did not hear of it (a yellow report
    corrected to a dispute reaches the mediation office), as a new report with that reading would; whatever the
    event's status (an accepted one too: the warning is about the problem, not who works on it)."""
    if lifecycle.is_open(ev.status):
        await teams.alert(ctx, c, ev, {ev.assignee_id} if ev.assignee_id else (), before=before)
