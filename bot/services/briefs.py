"""The daily brief of open events for every worker on duty, and the shift hand-off notice."""

from __future__ import annotations

from datetime import datetime
from html import escape

import aiosqlite

from bot import render
from bot.context import AppContext
from bot.core import handoff, roster
from bot.core.types import Event, Status
from bot.i18n import t
from bot.services import notify
from storage import events, people

BRIEF_MAX = 40


def event_line(ctx: AppContext, lang: str, ev: Event) -> str:
    """'🟢 #12 Repairs · Bldg 3 · In progress · 11-23 14:05' (overdue marked)."""
    line = (f"{render.URGENCY_ICON[ev.urgency]} #{ev.id} {t(lang, f'category.{ev.category.value}')} · "
            f"{render.location_label(lang, ev)} · {t(lang, f'state.{ev.status.value}')} · "
            f"{render.local_time(ev.created_at, ctx.community.tz)}")
    if ev.status is Status.ACCEPTED and ev.due_at is not None and ev.due_at <= ctx.now():
        line += " " + t(lang, "brief.overdue")
    return line


def _lines(ctx: AppContext, lang: str, evs: list[Event]) -> list[str]:
    lines = [event_line(ctx, lang, ev) for ev in evs[:BRIEF_MAX]]
    if len(evs) > BRIEF_MAX:
        lines.append(t(lang, "brief.more", n=len(evs) - BRIEF_MAX))
    return lines


async def daily(ctx: AppContext, c: aiosqlite.Connection, timer_id: int) -> int:
    """Every worker on duty now gets their open events, oldest first; returns how many were sent."""
    now = ctx.now()
    overrides = await people.overrides(c, now)
    on_duty: dict[int, None] = {}
    for unit in ctx.community.unit_ids:
        for w in roster.on_duty(ctx.community, unit, now, overrides).everyone:
            on_duty[w.telegram_id] = None
    for worker_id in on_duty:
        lang = await notify.user_language(ctx, c, worker_id)
        evs = await events.open_for(c, worker_id)
        head = t(lang, "brief.head", n=len(evs)) if evs else t(lang, "brief.none")
        await notify.send(ctx, c, worker_id, "\n".join([head, *_lines(ctx, lang, evs)]), purpose="brief",
                          dedup_key=f"brief:{timer_id}:{worker_id}")
    return len(on_duty)


async def handoff_at(ctx: AppContext, c: aiosqlite.Connection, at: datetime, timer_id: int) -> int:
    """At a shift boundary: unaccepted events move to the worker coming on duty, who gets a notice."""
    now = ctx.now()
    plans = handoff.plan(ctx.community, at, await events.open_all(c), await people.overrides(c, at))
    for h in plans:
        off_name = escape(await notify.display_name(ctx, c, h.from_worker) or "")
        if h.to_worker is None:
            await notify.committee(ctx, c, "committee.handoff_nobody", None, dedup_key=f"ho:{timer_id}:{h.from_worker}",
                                   worker=off_name, ids=", ".join(f"#{i}" for i in h.events))
            continue
        for event_id in h.move:
            if await events.transition(c, event_id, from_status=(Status.DISPATCHED,), to_status=Status.DISPATCHED,
                                       assignee_id=h.to_worker, expect_assignee=h.from_worker):
                await events.log(c, event_id, now, "handed_off", None, f"{h.from_worker}>{h.to_worker}")
                ev = await events.get(c, event_id)
                assert ev is not None
                await notify.edit_worker_dms(ctx, c, ev, "dm.state.handed_off")  # before the new DM exists
                await notify.worker_dm(ctx, c, ev, h.to_worker, f"handoff:{timer_id}", "dm.step.handoff")
                await notify.refresh_ack(ctx, c, ev)
        lang = await notify.user_language(ctx, c, h.to_worker)
        evs = [ev for i in h.events if (ev := await events.get(c, i)) is not None]
        text = "\n".join([t(lang, "handoff.notice", worker=off_name, n=len(evs), moved=len(h.move)),
                          *_lines(ctx, lang, evs)])
        await notify.send(ctx, c, h.to_worker, text, purpose="handoff",
                          dedup_key=f"ho:{timer_id}:{h.from_worker}:{h.to_worker}")
    return len(plans)
