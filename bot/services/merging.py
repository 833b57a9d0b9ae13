"""Same problem, one event: join a report to an open event, or split a wrong merge back out."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import aiosqlite

from bot.context import AppContext
from bot.core import merge, permissions
from bot.core.permissions import Act
from bot.core.types import Category, Event, ParsedReport, Urgency
from bot.render.i18n import normalize, t
from bot.services import notify
from storage import events, notifications, reporters

if TYPE_CHECKING:
    from bot.services.reports import Incoming

log = logging.getLogger(__name__)


async def find_match(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Event | None:
    """The open event this report is the same problem as, if any."""
    window = timedelta(seconds=ctx.settings.merge_window_s)
    if not window or parsed.category is None:
        return None
    now = ctx.now()
    found = await events.open_since(c, parsed.category.value, now - window, parsed.building, msg.chat_id)
    if not found:
        return None
    reps = await reporters.for_events(c, [e.id for e in found])
    candidates = [
        merge.Candidate(e.id, e.chat_id, e.category, e.urgency, e.building, e.unit, e.created_at,
                        [e.text] + [r.text for r in reps[e.id] if r.merged and r.text])
        for e in found
    ]
    report = merge.Report(msg.chat_id, parsed.category, parsed.urgency or Urgency.GREEN, parsed.building,
                          parsed.unit, msg.text)
    chosen = merge.decide(report, candidates, now, window, ctx.settings.merge_threshold)
    return next((e for e in found if e.id == chosen), None)


async def join(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, repeat: bool = False) -> bool:
    """Add the report to the event: the resident is told, the workers' DMs show the count. False if repeated.

    ``repeat``: the same person raising the same alarm again. They are told once per event, the
    workers' messages stay as they are, and the committee gets one note instead of an alert each time.
    """
    now = ctx.now()
    before = {r.user_id for r in await reporters.for_event(c, ev.id)} | {ev.reporter_id}
    row_id = await reporters.add(c, ev.id, msg.user_id, msg.user_name, msg.chat_id, msg.message_id, msg.text, now,
                                 merged=True)
    if row_id is None:
        return False
    if all(r.merged for r in await reporters.for_event(c, ev.id)):
        # An event older than event_reporters: remember its first reporter too (for surveys and counts).
        await reporters.add(c, ev.id, ev.reporter_id, ev.reporter_name, ev.chat_id, ev.message_id, ev.text,
                            ev.created_at)
    await events.log(c, ev.id, now, "merged", msg.user_id, str(row_id))
    n = len({r.user_id for r in await reporters.for_event(c, ev.id)})
    lang = normalize(msg.language_code, ctx.language) if msg.private else await notify.group_language(
        ctx, c, msg.chat_id)
    once = f"merged:{ev.id}:{msg.user_id}" if msg.user_id in before else f"merged:{row_id}"
    await notify.send(ctx, c, msg.chat_id, t(lang, "merge.added", id=ev.id, n=n), purpose="merged",
                      event_id=ev.id, reply_to=msg.message_id, dedup_key=once)
    if repeat:
        await notify.committee(ctx, c, "committee.repeated_alarm", ev.id, dedup_key=f"repeat:{ev.id}", id=ev.id)
    if msg.user_id not in before:  # one more resident affected: the workers' messages show the count
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    return True


async def split(ctx: AppContext, row_id: int, user_id: int) -> tuple[str, dict]:
    """A worker or admin splits a merged report into its own event. Returns a locale key and its values."""
    from bot.services import reports  # reports imports this module

    async with ctx.db.tx() as c:
        row = await reporters.get(c, row_id)
        if row is None or not row.merged:
            return "cb.split_gone", {}
        ev = await events.get(c, row.event_id)
        if ev is None:
            return "cb.unknown", {}
        asked = {u for u, _, _ in await notifications.for_event(c, ev.id)}
        if not permissions.may_act(permissions.role(ctx.community, user_id), user_id, ev, Act.SPLIT, asked):
            return "cb.not_yours", {}
        if not await reporters.remove(c, row_id):
            return "cb.split_gone", {}
        lang = normalize(None, ctx.language)
        msg = reports.Incoming(row.chat_id, row.message_id, row.user_id, row.user_name, None, lang, row.text,
                               private=row.chat_id > 0)
        parsed = reports.forced(row.text)
        if parsed.category is None:
            parsed = ParsedReport(True, Category.OTHER, Urgency.GREEN, confidence=1.0)
        chat_grid = None if row.chat_id > 0 else ev.grid_id
        new_id = await reports.open_event(ctx, c, msg, parsed, chat_grid)
        await events.log(c, ev.id, ctx.now(), "split", user_id, f"#{new_id}")
        if new_id is not None:
            await events.log(c, new_id, ctx.now(), "split_from", user_id, f"#{ev.id}")
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    ctx.wake_outbox()
    ctx.wake_timers()
    log.info("report %s split out of #%s as #%s", row_id, row.event_id, new_id)
    return "cb.split", {"id": new_id, "old": row.event_id}
