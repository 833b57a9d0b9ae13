"""The "after" photo question: asked in the closer's DM by the closing edit (``notify.edit_worker_dms``), in a
message of its own when the closer has no DM about the event, and taken out of the DM once answered."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Event, Status
from bot.render import reports
from bot.render.i18n import t
from bot.services import notify
from storage import events, notifications

AFTER_INPUT = "after_photo"  # pending_inputs.kind while the bot waits for a worker's "after" photo
# a question left unanswered this long lapses: a worker's words days later are not a close's reason
ANSWER_WITHIN = timedelta(hours=2)


async def take_pending(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> notifications.PendingInput | None:
    """The question the bot is waiting for this worker to answer (a close's words or an "after" photo), taken
    off the list; None when there is none or it has lapsed (``ANSWER_WITHIN``)."""
    return await notifications.pop_input(c, user_id, ctx.now() - ANSWER_WITHIN)


async def ask(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int) -> None:
    """Ask for the "after" photo in a message of its own: the closer had no DM about the event to carry it."""
    lang = await notify.user_language(ctx, c, worker_id)
    await notify.send(
        ctx,
        c,
        worker_id,
        t(lang, "after.ask", id=ev.id),
        purpose=Purpose.AFTER_ASK,
        event_id=ev.id,
        markup=reports.skip_photo_keyboard(lang, ev.id),
        dedup_key=f"after_ask:{ev.id}:{ev.reopened_count}",
    )


async def done(ctx: AppContext, c: aiosqlite.Connection, event_id: int, worker_id: int) -> None:
    """The "after" photo came, or was skipped: the closer's DM stops asking for it (and loses its Skip)."""
    ev = await events.get(c, event_id)
    if ev is not None and ev.status is Status.CLOSED:  # reopened since: that edit already dropped the question
        await notify.edit_worker_dms(ctx, c, ev, "dm.state.closed", only=worker_id)
