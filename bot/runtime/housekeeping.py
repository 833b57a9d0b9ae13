"""Nightly housekeeping: messages the bot sent long ago keep no words (OUTBOX_KEEP_DAYS), handled updates
beyond the newest few thousand are forgotten. The rows that answer look-ups stay."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from telegram.ext import Application, CallbackContext

from bot.context import AppContext
from storage import inbox, outbox

log = logging.getLogger(__name__)
AT = time(4, 10)  # community time: after the nightly backup (BACKUP_TIME, 03:30 by default)


def schedule(app: Application, ctx: AppContext) -> None:
    """Run the housekeeping every night."""
    app.job_queue.run_daily(_run, time=AT.replace(tzinfo=ctx.community.tz), name="housekeeping:nightly")


async def _run(context: CallbackContext) -> None:
    await run_housekeeping(context.application.bot_data["ctx"])


async def run_housekeeping(ctx: AppContext) -> int:
    """One pass now; how many sent messages lost their words (logged)."""
    keep = ctx.settings.outbox_keep_days
    async with ctx.db.tx() as c:
        blanked = await outbox.blank_older(c, ctx.now() - timedelta(days=keep)) if keep else 0
        await inbox.prune(c)
    if blanked:
        log.info("housekeeping: %s sent messages older than %s days keep no words", blanked, keep)
    return blanked
