"""A problem told to have lasted a week or more is yellow: the labelling guide's problem long unresolved
(data/corpus/LABELING.md), as the reader reads a report that says so itself. Told later, by her words of since when
("其实上周就这样了") or a neighbour's joining it ("同上，已经坏了一周了"), the event's colour rises the same way."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle
from bot.core.types import Event, Urgency
from bot.services import chase, notify
from storage import events


async def lasted(ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, words: str) -> Event:
    """A green open event told to have lasted a week or more (``next_words.lasted_long``) turns yellow: its timers,
    its acknowledgement and its workers' cards by the new colour, a line in its timeline, and the worker holding it
    told in a message of its own, with the ``words`` that said so. The event as it stands."""
    if ev.urgency is not Urgency.GREEN or not lifecycle.is_open(ev.status):
        return ev
    if not await events.correct(c, ev.id, "urgency", Urgency.GREEN.value, Urgency.YELLOW.value):
        return ev
    await events.log(c, ev.id, ctx.now(), "lasted", user_id, None)
    fresh = await events.get(c, ev.id) or ev
    await chase.on_urgency_raised(ctx, c, fresh, words)
    await notify.refresh_ack(ctx, c, fresh)
    await notify.edit_worker_dms(ctx, c, fresh, None, keep_accept=True)
    return fresh
