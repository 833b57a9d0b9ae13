"""Scheduler glue: one PTB JobQueue job per pending timer row; the database stays the source of truth."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from apscheduler.jobstores.base import JobLookupError
from telegram.ext import Application, CallbackContext, Job

from bot.context import AppContext
from bot.services import timers as timer_service
from storage import timers
from storage.timers import Timer

log = logging.getLogger(__name__)


class TimerScheduler:
    """Keeps the JobQueue in step with the `timers` table."""

    def __init__(self, app: Application, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self._jobs: dict[int, Job] = {}
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Seed the recurring rows, schedule pending rows (overdue ones at once), sync periodically."""
        await timer_service.ensure_recurring(self.ctx)
        self.ctx.timers_hook = self.wake
        await self.resync()
        interval = self.ctx.settings.timer_sync_s
        self.app.job_queue.run_repeating(self._periodic, interval=interval, first=interval, name="timers:sync")

    def stop(self) -> None:
        """Forget the jobs (the JobQueue itself stops with the Application)."""
        self.ctx.timers_hook = None
        self._jobs.clear()

    def wake(self) -> None:
        """New rows were committed: schedule them soon (called from services, never blocks)."""
        task = asyncio.get_running_loop().create_task(self.sync())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def horizon(self) -> timedelta:
        """Rows due within this window get a job now; later ones at a later periodic sync.

        Keeps start-up fast and memory flat with very many pending timers (one job per near row).
        """
        return timedelta(seconds=max(2 * self.ctx.settings.timer_sync_s, 300))

    async def sync(self) -> int:
        """Schedule every pending row due within the horizon that has no job yet; returns how many were added."""
        async with self.ctx.db.read() as c:
            rows = await timers.pending(c, due_before=self.ctx.now() + self.horizon)
        added = 0
        for timer in rows:
            if timer.id not in self._jobs:
                self._schedule(timer)
                added += 1
        return added

    async def resync(self) -> int:
        """Drop every timer job and schedule again from the rows (on start, or after the clock moved)."""
        for job in self._jobs.values():
            with contextlib.suppress(JobLookupError):  # it ran meanwhile
                job.schedule_removal()
        self._jobs.clear()
        return await self.sync()

    def _schedule(self, timer: Timer) -> None:
        # Delays come from the app's clock, so a test clock moved forward makes rows due at once.
        delay = max(0.0, (timer.due_at - self.ctx.now()).total_seconds())
        self._jobs[timer.id] = self.app.job_queue.run_once(
            self._run, when=delay, data=timer.id, name=f"timer:{timer.id}",
            job_kwargs={"misfire_grace_time": None},  # a late job still runs (APScheduler drops it otherwise)
        )

    async def _run(self, context: CallbackContext) -> None:
        timer_id = int(context.job.data)  # type: ignore[union-attr, arg-type]
        self._jobs.pop(timer_id, None)
        try:
            await timer_service.fire(self.ctx, timer_id)
        except Exception:  # the row stays pending: the next sync schedules it again
            log.exception("timer %s failed", timer_id)

    async def _periodic(self, _context: CallbackContext) -> None:
        await self.sync()
