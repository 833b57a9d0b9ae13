"""Nightly housekeeping: messages the bot sent long ago, and the residents' messages it asked "Report it?" about,
keep no words (OUTBOX_KEEP_DAYS); handled updates beyond the newest few thousand and timers fired or cancelled,
written over TIMERS_KEPT ago, are forgotten. The rows that answer look-ups stay (every outbox row: see
docs/benchmarks.md, "A year of use")."""

from __future__ import annotations

import asyncio
import logging
from datetime import time, timedelta

from telegram.ext import Application, CallbackContext

from bot.context import AppContext
from storage import held_places, inbox, media, meta, notifications, office_questions, outbox, timers, voice_notes

log = logging.getLogger(__name__)
CHUNK = 2000  # rows a transaction
TIMERS_KEPT = timedelta(days=30)  # fired and cancelled timers are forgotten this long after they were written
HELD_KEPT = timedelta(days=1)  # a photo or pin no words took (photos.take_held) is forgotten after this
# a voice message its sender did not have passed on (voice_notes) is forgotten after this
VOICE_KEPT = timedelta(days=2)  # so is a question its asker did not have passed to the committee
QUESTION_KEPT = timedelta(days=30)  # a question passed on: the committee's answer under it after this is not sent on
AT = time(4, 10)  # community time: after the nightly backup (BACKUP_TIME, 03:30 by default)
CATCH_UP_S = 300  # after a start: a night the bot was down at AT is not skipped (the updates that waited go first)


def schedule(app: Application, ctx: AppContext) -> None:
    """Run the housekeeping every night, and once a little after each start (a pass does only what is due, so a
    second one in a day is cheap)."""
    # a process paused or late at AT still does it that night (APScheduler's default grace is 1 s)
    late_ok = {"misfire_grace_time": None, "coalesce": True}
    app.job_queue.run_daily(
        _run, time=AT.replace(tzinfo=ctx.community.tz), name="housekeeping:nightly", job_kwargs=late_ok
    )
    app.job_queue.run_once(_run, when=CATCH_UP_S, name="housekeeping:after-start", job_kwargs=late_ok)


async def _run(context: CallbackContext) -> None:
    await run_housekeeping(context.application.bot_data["ctx"])


async def run_housekeeping(ctx: AppContext) -> int:
    """One pass now, in short transactions of CHUNK rows from where the last pass stopped (so the write lock is
    never held long, even on a first pass over a year of messages); how many sent messages lost their words."""
    keep = ctx.settings.outbox_keep_days
    blanked = 0
    while keep:
        async with ctx.db.tx() as c:
            start = await meta.outbox_blanked_to(c)
            last, n = await outbox.blank_after(c, start, ctx.now() - timedelta(days=keep), CHUNK)
            if last > start:
                await meta.set_outbox_blanked_to(c, last)
        blanked += n
        if last == start:
            break
        await asyncio.sleep(0)  # let the bot's own work in between
    asked = await _blank_confirmations(ctx, keep) if keep else 0
    async with ctx.db.tx() as c:
        await inbox.prune(c)
        await media.prune_held(c, ctx.now() - HELD_KEPT)
        await held_places.prune(c, ctx.now() - HELD_KEPT)
        await voice_notes.prune(c, ctx.now() - VOICE_KEPT)
        await office_questions.prune(c, ctx.now() - VOICE_KEPT, ctx.now() - QUESTION_KEPT)
    forgotten = await _prune_timers(ctx)
    if forgotten:
        log.info(
            "housekeeping: %s fired or cancelled timers written over %s days ago forgotten", forgotten, TIMERS_KEPT.days
        )
    if blanked:
        log.info("housekeeping: %s sent messages older than %s days keep no words", blanked, keep)
    if asked:
        log.info("housekeeping: %s messages asked about over %s days ago keep no words", asked, keep)
    return blanked


async def _blank_confirmations(ctx: AppContext, keep: int) -> int:
    """The messages the bot asked "Report it?" about over ``keep`` days ago lose their words (reported or not: a
    report's words are its event's), CHUNK a transaction; how many."""
    blanked = 0
    while True:
        async with ctx.db.tx() as c:
            n = await notifications.blank_confirmations(c, ctx.now() - timedelta(days=keep), CHUNK)
        blanked += n
        if n < CHUNK:
            return blanked
        await asyncio.sleep(0)


async def _prune_timers(ctx: AppContext) -> int:
    """Forget the fired and cancelled timers written over TIMERS_KEPT ago, CHUNK a transaction; how many."""
    forgotten = 0
    while True:
        async with ctx.db.tx() as c:
            n = await timers.prune(c, ctx.now() - TIMERS_KEPT, CHUNK)
        forgotten += n
        if n < CHUNK:
            return forgotten
        await asyncio.sleep(0)
