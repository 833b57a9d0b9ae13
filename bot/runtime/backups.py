"""Nightly backups, built in: a JobQueue job at BACKUP_TIME copies the database into BACKUP_DIR
(SQLite's online backup, in a worker thread) and keeps the newest BACKUP_KEEP copies; one whose time passed while the
bot was down is made a little after it starts, unless the nightly one comes about then anyway. Two never run at once
(``AppContext.backup_lock``): both would write the same day's file through the same ``.part``."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timedelta
from pathlib import Path

from telegram.ext import Application, CallbackContext

from bot.context import AppContext
from bot.core import retention
from bot.core.retention import backup_name, to_delete
from bot.services import onboarding
from storage.backup import backup

log = logging.getLogger(__name__)
CATCH_UP_S = 120  # after a start, as the digest's catch-up: the updates that waited meanwhile are handled first
NIGHTLY_NEAR_S = 600  # a nightly backup due this soon after the catch-up's time makes the catch-up's copy itself


def schedule(app: Application, ctx: AppContext) -> None:
    """Run the nightly backup at BACKUP_TIME community time, when BACKUP_DIR is set."""
    settings = ctx.settings
    if not settings.nightly_backup():
        return
    h, m = (int(x) for x in settings.backup_time.split(":"))
    at = time(h, m, tzinfo=ctx.community.tz)
    # a process paused or late at BACKUP_TIME still backs up that night (APScheduler's default grace is 1 s)
    late_ok = {"misfire_grace_time": None, "coalesce": True}
    app.job_queue.run_daily(_run, time=at, name="backup:nightly", job_kwargs=late_ok)
    now = ctx.now().astimezone(ctx.community.tz)
    last_due = now.date() if now.time() >= at.replace(tzinfo=None) else now.date() - timedelta(days=1)
    if not retention.missed(_names(Path(settings.backup_dir)), last_due):
        return
    nightly = datetime.combine(last_due + timedelta(days=1), at)
    if nightly - now <= timedelta(seconds=CATCH_UP_S + NIGHTLY_NEAR_S):
        log.info(
            "nightly backup: none made since %s %s (the bot was down then); tonight's, due soon, makes it", last_due, at
        )
        return
    log.info("nightly backup: none made since %s %s (the bot was down then); one follows the start", last_due, at)
    app.job_queue.run_once(_run, when=CATCH_UP_S, name="backup:catch-up", job_kwargs=late_ok)


def _names(folder: Path) -> list[str]:
    """The files in the backup folder; none when it is not there or cannot be read (the backup will say why)."""
    try:
        return [p.name for p in folder.iterdir()]
    except OSError:
        return []


async def _run(context: CallbackContext) -> None:
    ctx: AppContext = context.application.bot_data["ctx"]
    await run_backup(ctx)


async def run_backup(ctx: AppContext) -> Path | None:
    """One backup now, then the old ones beyond BACKUP_KEEP removed; None (logged) when it failed."""
    folder = Path(ctx.settings.backup_dir)
    async with ctx.backup_lock:  # the catch-up and the nightly one, or a nightly one run late, one after the other
        day = ctx.now().astimezone(ctx.community.tz).strftime("%Y%m%d")
        target = folder / backup_name(day)
        try:
            events = await asyncio.to_thread(backup, Path(ctx.settings.database_path), target)
        except Exception as exc:  # noqa: BLE001 - a failed backup must not stop the bot; it is logged loudly
            log.error("nightly backup to %s failed: %s", target, exc)
            await onboarding.backup_failed(ctx, folder, getattr(exc, "strerror", None) or str(exc))
            return None
        for name in to_delete((p.name for p in folder.iterdir()), ctx.settings.backup_keep):
            (folder / name).unlink(missing_ok=True)
    log.info("nightly backup written to %s (%s events)", target, events)
    return target
