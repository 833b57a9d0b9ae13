"""The weekly digest on PTB's JobQueue: a daily job at the digest time, and a catch-up run a little after start."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram.ext import Application, ContextTypes

from bot.context import AppContext
from bot.services import digest

log = logging.getLogger(__name__)


async def _run(context: ContextTypes.DEFAULT_TYPE) -> None:
    ctx: AppContext = context.application.bot_data["ctx"]
    try:
        if not await digest.send_due(ctx):
            log.info("weekly digest: none due (every due week's already sent)")
    except Exception:  # a failed digest must not kill the job: the next day's run (or a restart) tries again
        log.exception("weekly digest failed")


def schedule(app: Application, ctx: AppContext) -> None:
    """Check every day at the digest time (community zone), and once a little after start.

    The database row in digests_sent is what makes it once a week: after a restart the catch-up run
    sends a digest whose time passed while the bot was down, and never one that was already queued.
    The catch-up waits DIGEST_CATCH_UP_S, so the updates that queued up while the bot was down are
    handled first and the start-up path carries no digest (reads of a big database, a chart to draw).
    """
    if not ctx.settings.digest_enabled:
        log.info("weekly digest: off (DIGEST_ENABLED=false); /digest still works")
        return
    weekday, at = ctx.settings.digest_schedule()
    tz = ctx.community.tz
    # PTB counts days from Sunday = 0 (cron style); ours count from Monday = 0.
    # A run that starts late (the event loop busy with a burst) still runs: APScheduler would drop it after 1 s.
    late_ok = {"misfire_grace_time": None}
    # every day at the digest time: the digest weekday sends the week's; the other days send one a failed run missed
    app.job_queue.run_daily(_run, time=at.replace(tzinfo=tz), name="weekly-digest", job_kwargs=late_ok)
    app.job_queue.run_once(_run, when=ctx.settings.digest_catch_up_s, name="weekly-digest-catch-up", job_kwargs=late_ok)
    log.info(
        "weekly digest: %s %s (%s); now %s", ctx.settings.digest_weekday, at, tz, datetime.now(tz).strftime("%a %H:%M")
    )
