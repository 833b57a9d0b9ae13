"""A new event's first message to its worker, fair to their phone in a storm.

A red event's card goes at once, on its own, and so do a worker's first ``Policy.first_cards`` cards
(``FIRST_DM_CARDS``) in ``FIRST_WINDOW_S``. A non-red event past them is held (a FIRST_DM timer, due with the one
already held for the worker, else ``gather_s`` on) and told with the others held by then in one list
(``nudges.tell``, a list of its own kind: a '#12' button brings its card, with its buttons). Held, the event is
dispatched and chased as any; only its card waits, and nothing is queued for the worker meanwhile, so a change of
the event edits no message they do not have (``notify.edit_worker_dms`` finds none)."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import escalation
from bot.core.types import Event, Urgency
from bot.render.reports import DmExtras
from bot.services import chase, notify, nudges, unreachable
from storage import events, outbox, timers
from storage.timers import Timer


async def tell(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int, known: DmExtras, intro: str | None = None
) -> None:
    """Queue the card of a just-opened event for its worker, or hold it for a list (their phone had its cards);
    ``intro``: a line above the card (why it came to them)."""
    now = ctx.now()
    policy = chase.policy(ctx.settings)
    if ev.urgency is not Urgency.RED and policy.first_cards > 0:
        since = now - timedelta(seconds=escalation.FIRST_WINDOW_S)
        keys = [notify.dm_key(i, worker_id, notify.DISPATCH) for i in await events.ids_since(c, since) if i != ev.id]
        if escalation.first_dm_held(ev.urgency, await outbox.keyed_count(c, keys), policy):
            batch = await timers.held_for(c, worker_id, now, now + timedelta(seconds=policy.gather_s))
            await timers.add(c, ev.id, escalation.first_dm_timer(now, worker_id, batch, policy), now)
            return
    await notify.worker_dm(ctx, c, ev, worker_id, notify.DISPATCH, intro_text=intro, known=known)


async def owed(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    """A held first message due: a line of its worker's list of new events (or its card, when it is their only
    one), unless the event left them or they have a message about it already (a red raised meanwhile: its card
    went at once)."""
    worker_id = int(timer.payload.get("to", 0))
    if ev is None or ev.assignee_id != worker_id or not await notify.never_sent(c, ev, worker_id):
        return []
    if (passed := await unreachable.passed_over(c, ev.id)) is None:
        return [nudges.new_card(ctx, c, ev, worker_id, notify.DISPATCH)]
    # it came to them because the bot cannot message the one on duty: their list's line says so, as the card does
    intro, name = await unreachable.instead_intro(ctx, c, worker_id, passed)
    return [nudges.new_card(ctx, c, ev, worker_id, notify.DISPATCH, intro_text=intro, why="instead", worker=name)]
