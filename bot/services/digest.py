"""Weekly digest use cases: compute a week from the database, queue text and chart, send each week once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import digest as core
from bot.core import permissions, weeks
from bot.core import points as points_core
from bot.core.community import Community
from bot.core.console_query import waiting_limit_s
from bot.core.digest_types import Digest
from bot.core.escalation import Policy
from bot.core.purpose import Purpose
from bot.core.timeutil import from_epoch, to_epoch
from bot.core.weeks import Week
from bot.render import digest_text
from bot.render.i18n import Html, plain, t
from bot.services import chase, notify
from storage import digest as store
from storage import meta, outbox, outbox_files, people
from storage import points as ledger
from storage.database import Database

log = logging.getLogger(__name__)
TREND_WEEKS = 8


@dataclass(frozen=True, slots=True)
class Rendered:
    """A digest ready to send or print."""

    digest: Digest
    text: str
    png: bytes


async def compute(
    db: Database, week: Week, community: Community, policy: Policy | None = None, now: datetime | None = None
) -> Digest:
    """Read only the rows the week needs and compute its digest (``policy``: the bot's, for how long each colour
    may wait to be accepted before it is overdue, `chase.policy` of the settings; the defaults without one;
    ``now``: a week not over then is told as it stands then).

    The reads run side by side on connections of their own (`Database.side_readers`): the week's events
    (the longest read) on one, the close-time medians and the points on another, the hot spots' counts and
    the surveys on a third; the bot's own connection is not held while they run.
    """
    tz = community.tz
    prev = weeks.shift(week, -1, tz)
    trend = [weeks.shift(week, i, tz) for i in range(1 - TREND_WEEKS, 1)]
    since_spots = week.end - core.HOT_SPOT_DAYS * 86400

    async def happened(c: aiosqlite.Connection) -> tuple[list, list]:
        return await store.events_between(c, prev.start, week.end), await store.reopenings(c, prev.start, week.end)

    async def points(c: aiosqlite.Connection) -> tuple[list, set[int]]:
        gained = await ledger.totals(c, from_epoch(week.start), from_epoch(week.end))  # type: ignore[arg-type]
        # a worker who left since (taken out of the file, /remove_worker) earned his points as a worker all the same
        return [(g.user_id, g.gained) for g in gained], await people.ever_workers(c)

    async with db.side_readers(3) as (one, two, three):
        (events, logs), medians, spots, surveys, (totals, workers) = await asyncio.gather(
            happened(one),
            store.close_medians(two, [(w.start, w.end) for w in trend]),
            store.spots_between(three, since_spots, week.end),
            store.surveys_between(three, prev.start, week.end),
            points(two),
        )
    d = core.compute(
        week,
        prev,
        events,
        logs,
        surveys,
        weeks.day_starts(week, tz),
        [(w.label, m) for w, m in zip(trend, medians, strict=True)],
        spots,
        waiting_limit_s(policy or Policy()),
        None if now is None else to_epoch(now),
    )
    workers |= {w.telegram_id for w in community.workers}
    d.points_residents, d.points_workers = points_core.leaderboard(totals, workers.__contains__)
    async with db.read() as c:
        first = await meta.first_started(c)
    if first is not None and week.start < to_epoch(first) < week.end:  # its first week: "（上周 0）" was no week
        d.began = to_epoch(first)
    return d


async def _names(c: aiosqlite.Connection, community: Community, d: Digest) -> dict[int, str]:
    names: dict[int, str] = {}
    ids = [f.worker_id for f in d.this.workers] + [u for u, _ in d.points_residents + d.points_workers]
    for uid in ids:
        w = community.worker(uid)
        former = None if w else await people.worker_name(c, uid)  # one who left: named as the file named him
        row = None if w or former else await people.person(c, uid)
        names[uid] = w.name if w else former or (row.name if row and row.name else None) or str(uid)
    return names


async def build(
    db: Database, week: Week, community: Community, lang: str, policy: Policy | None = None, now: datetime | None = None
) -> Rendered:
    """Digest, message text and chart of a week (the chart is drawn in a worker thread)."""
    d = await compute(db, week, community, policy, now)
    async with db.read() as c:
        names = await _names(c, community, d)

    def grid_name(grid_id: str) -> str:
        g = community.grid(grid_id)
        return g.name if g else grid_id

    text = digest_text.render(lang, d, community.tz, lambda w: names.get(w, str(w)), grid_name)
    from bot.render import digest_chart  # matplotlib (~60 MB) is loaded only when a chart is drawn

    png = await asyncio.to_thread(digest_chart.render_png, lang, d)
    return Rendered(d, text, png)


async def on_request(ctx: AppContext, user_id: int, chat_id: int, week_arg: str | None, lang: str) -> Html | None:
    """/digest [week]: queue the week's digest to this chat; None when queued, else the refusal to show."""
    who = permissions.role(ctx.community, user_id)
    if not permissions.may_ask_digest(who, chat_id, ctx.committee_chat_id):
        return t(lang, "digest.refused")
    tz = ctx.community.tz
    try:
        week = weeks.read_week(week_arg, ctx.now(), tz) if week_arg else weeks.last_complete(ctx.now(), tz)
    except weeks.WeekError:
        return t(lang, "digest.bad_week")
    if week.start > to_epoch(ctx.now()):  # not a quiet week: one that has not begun (a year mistyped)
        return t(lang, "digest.not_begun", week=week.label, now=weeks.week_of(ctx.now(), tz).label)
    async with ctx.db.read() as c:
        first = await meta.first_started(c)
    if first is not None and week.end <= to_epoch(first):  # not "a quiet week": the bot was not running
        date = first.astimezone(tz).strftime("%Y-%m-%d")  # and this week's, so far, is one command away
        return t(lang, "digest.before_start", week=week.label, date=date, now=weeks.week_of(ctx.now(), tz).label)
    await send(ctx, week, chat_id, scheduled=False)
    return None


async def send(ctx: AppContext, week: Week, chat_id: int, *, scheduled: bool) -> bool:
    """Queue the week's digest (text, then chart) to a chat; a scheduled week is sent at most once."""
    async with ctx.db.read() as c:
        if scheduled and await store.was_sent(c, week.label):
            return False
        lang = await (notify.user_language if chat_id > 0 else notify.group_language)(ctx, c, chat_id)
    now = ctx.now()
    rendered = await build(ctx.db, week, ctx.community, lang, chase.policy(ctx.settings), now)
    async with ctx.db.tx() as c:
        if scheduled and not await store.mark_sent(c, week.label, chat_id, to_epoch(now)):
            return False  # another run got there first: its rows are queued already
        key = f"digest:{week.label}" if scheduled else None
        await notify.send(ctx, c, chat_id, rendered.text, purpose=Purpose.DIGEST, dedup_key=key and key + ":text")
        row_id = await outbox.enqueue(
            c,
            method="sendPhoto",
            chat_id=chat_id,
            now=now,
            purpose=Purpose.DIGEST,
            dedup_key=key and key + ":chart",
            payload={"chat_id": chat_id, "caption": plain(lang, "digest.caption", week=week.label)},
            meta=outbox.Meta(file="photo"),
        )
        if row_id is not None:
            await outbox_files.attach(c, row_id, "photo", f"digest-{week.label}.png", rendered.png)
    log.info("digest %s queued for chat %s (%s)", week.label, chat_id, "scheduled" if scheduled else "on demand")
    return True


async def send_due(ctx: AppContext, now: datetime | None = None) -> bool:
    """Send the committee each due digest not sent yet: this week's once its time has passed, and last week's
    if it never went (the bot down over its time, or its run failed). True if any was queued."""
    weekday, at = ctx.settings.digest_schedule()
    async with ctx.db.read() as c:
        first = await meta.first_started(c)
    queued = False
    for week in weeks.due_weeks(now or ctx.now(), ctx.community.tz, weekday, at):
        if first is not None and week.end <= to_epoch(first):
            log.info("digest %s: the week ended before the bot first started; none sent", week.label)
            continue
        queued |= await send(ctx, week, ctx.committee_chat_id, scheduled=True)
    return queued
