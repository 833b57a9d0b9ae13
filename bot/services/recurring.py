"""The recurring timers (the morning brief, the next shift hand-off): planned at start from the file and the
settings as they are, planned again when the roster changes, and each next one after one fires."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import escalation
from bot.core.escalation import TimerKind, TimerSpec
from bot.core.roster import Adjustment, shift_boundaries
from bot.services import briefs, chase
from storage import people, timers

HANDOFF_LOOKAHEAD = timedelta(days=8)


async def ensure_recurring(ctx: AppContext) -> None:
    """At start: the daily brief and the next shift hand-off planned from the file and the settings as they are
    now. A pending row of the old plan still ahead is replaced (new shift times, a new DAILY_BRIEF_TIME or time
    zone apply from their next occurrence, not after one more at the old time); one due already (the bot was down
    over it) is left to fire, once, and plans the next itself."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        briefs_planned = await timers.recurring(c, TimerKind.BRIEF)
        at = await _brief_at_start(ctx, c, now, briefs_planned)
        await _replan(c, TimerKind.BRIEF, at, now, briefs_planned)
        await _replan(c, TimerKind.HANDOFF, await handoff_due(ctx, c, now), now)


async def _brief_at_start(ctx: AppContext, c: aiosqlite.Connection, now: datetime, planned: list[datetime]) -> datetime:
    """The brief planned at start: the next at the set time, or now when today's was still ahead at the old time
    and the new one has passed (moved from 08:00 to 07:00 at 07:30: today's brief now, not none today)."""
    at = await brief_due(ctx, c, now)
    today = now.astimezone(ctx.community.tz).date()
    old_today = any(due > now and due.astimezone(ctx.community.tz).date() == today for due in planned)
    return now if old_today and at.astimezone(ctx.community.tz).date() > today else at


async def _replan(
    c: aiosqlite.Connection, kind: TimerKind, at: datetime | None, now: datetime, planned: list[datetime] | None = None
) -> None:
    """The recurring row of ``kind`` due at ``at`` (None: none): pending rows still ahead that say otherwise are
    cancelled; one due already stays (it fires, then plans the next). ``planned``: its pending rows, when read."""
    planned = planned if planned is not None else await timers.recurring(c, kind)
    if planned == ([at] if at is not None else []):
        return  # planned as it would be now (an ordinary restart): the row stays as it is
    await timers.cancel_recurring(c, kind, due_after=now)
    if at is not None and not any(due <= now for due in planned):
        await timers.add(c, None, TimerSpec(kind, at), now)


async def brief_due(ctx: AppContext, c: aiosqlite.Connection, after: datetime) -> datetime:
    """The next morning brief after ``after``, but never a second one on a day that had its brief (the time moved
    later the same morning)."""
    tz, brief_time = ctx.community.tz, chase.policy(ctx.settings).brief_time
    at = escalation.next_brief(after, tz, brief_time)
    last = await timers.last_done(c, TimerKind.BRIEF)
    if last is not None and last.astimezone(tz).date() == at.astimezone(tz).date():
        at = escalation.next_brief(at, tz, brief_time)
    return at


async def handoff_due(ctx: AppContext, c: aiosqlite.Connection, after: datetime) -> datetime | None:
    """The first shift boundary after ``after`` (None: no shift changes in the coming days)."""
    bounds = shift_boundaries(ctx.community, after, after + HANDOFF_LOOKAHEAD, await people.adjustments(c, after))
    return escalation.next_handoff(bounds, after)


async def next_brief(ctx: AppContext, c: aiosqlite.Connection, after: datetime, today_had_one: bool = True) -> None:
    """The brief after the one just fired: never a second the same day (one sent late at 08:10, the time moved to
    09:00 meanwhile, waits for tomorrow); one skipped as too late leaves today its brief at the time set now."""
    if await timers.has_pending(c, TimerKind.BRIEF):
        return
    if today_had_one:
        at = await brief_due(ctx, c, after)
    else:
        at = escalation.next_brief(after, ctx.community.tz, chase.policy(ctx.settings).brief_time)
    await timers.add(c, None, TimerSpec(TimerKind.BRIEF, at), ctx.now())


async def next_handoff(ctx: AppContext, c: aiosqlite.Connection, after: datetime) -> None:
    if await timers.has_pending(c, TimerKind.HANDOFF):
        return
    at = await handoff_due(ctx, c, after)
    if at is not None:
        await timers.add(c, None, TimerSpec(TimerKind.HANDOFF, at), ctx.now())


async def roster_changed(ctx: AppContext, c: aiosqlite.Connection, before: list[Adjustment], key: str) -> None:
    """A roster change written just now in this transaction (``before``: the adjustments before it): the
    unaccepted events of whoever it took off duty move to whoever is on now, at once (a /cover of a shift
    already running, an /offduty), and the next hand-off is planned again."""
    now = ctx.now()
    await briefs.handoff_at(ctx, c, now, key, (now, before))
    await replan_handoff(ctx, c)


async def replan_handoff(ctx: AppContext, c: aiosqlite.Connection) -> None:
    """The roster changed (/cover, /swap, /onduty, /offduty, /shift): the next hand-off is planned again, as
    the change may add a boundary (a duty mark running out, a shift added) before the one planned."""
    now = ctx.now()
    await _replan(c, TimerKind.HANDOFF, await handoff_due(ctx, c, now), now)  # one due already still fires
