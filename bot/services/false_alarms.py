"""A reporter whose alarms keep being false ("nothing found" closes), made visible: the warning a new report of
theirs carries, and the committee told once when they reach FALSE_ALARMS_NOTICE. Nothing here holds or lowers a
report: a red is paged as ever (the rule: `core.false_alarms`)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import false_alarms as rule
from bot.core.types import Event, Outcome
from bot.render.i18n import join
from bot.services import notify
from storage import events


async def _counted(c: aiosqlite.Connection, reporter_id: int, at: datetime) -> list[int]:
    return rule.counted(await events.nothing_found_by(c, reporter_id, rule.since(at)), at)


async def at_report(ctx: AppContext, c: aiosqlite.Connection, reporter_id: int, now: datetime) -> int:
    """The count a report made now carries on its card and alert (0: none, or the setting is off)."""
    notice = ctx.settings.false_alarms_notice
    if notice <= 0:
        return 0
    return rule.warning(len(await _counted(c, reporter_id, now)), notice)


async def on_closed(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """An event just closed: when "nothing found" brings its reporter to the number, the committee is told, with
    the events, once per reporter and those events (a reopened and re-closed one tells nothing again)."""
    notice = ctx.settings.false_alarms_notice
    if notice <= 0 or ev.outcome is not Outcome.NOTHING_FOUND:
        return
    ids = await _counted(c, ev.reporter_id, ctx.now())
    if not rule.reached(len(ids), notice):
        return
    await notify.committee(
        ctx,
        c,
        "committee.false_alarms",
        ev.id,
        dedup_key=f"false_alarms:{ev.reporter_id}:{len(ids)}:" + ",".join(map(str, ids)),
        name=ev.reporter_name or str(ev.reporter_id),
        user_id=ev.reporter_id,
        n=len(ids),
        events=join((f"#{i}" for i in ids), " "),
    )
