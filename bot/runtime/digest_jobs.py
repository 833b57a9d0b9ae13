"""The weekly digest on PTB's JobQueue: a daily job at the digest time, and a catch-up run at start."""

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
        await digest.send_due(ctx)
    except Exception:  # a failed digest must not kill the job: the next run (or restart) tries again
        log.exception("weekly digest failed")


def schedule(app: Application, ctx: AppContext) -> None:
    """Fire on the digest weekday at the digest time (community zone); also check once now.

    The database row in digests_sent is what makes it once a week: after a restart the catch-up run
    sends a digest whose time passed while the bot was down, and never one that was already queued.
    """
    if not ctx.settings.digest_enabled:
        log.info("weekly digest: off (DIGEST_ENABLED=false); /digest still works")
        return
    weekday, at = ctx.settings.digest_schedule()
    tz = ctx.community.tz
    # PTB counts days from Sunday = 0 (cron style); ours count from Monday = 0.
    app.job_queue.run_daily(_run, time=at.replace(tzinfo=tz), days=((weekday + 1) % 7,), name="weekly-digest")
    app.job_queue.run_once(_run, when=0, name="weekly-digest-catch-up")
    log.info("weekly digest: %s %s (%s); now %s", ctx.settings.digest_weekday, at, tz,
             datetime.now(tz).strftime("%a %H:%M"))
