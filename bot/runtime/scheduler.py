"""Scheduler glue: one PTB JobQueue job per pending timer row; the database stays the source of truth."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from datetime import datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from telegram.ext import Application, CallbackContext, Job

from bot.context import AppContext
from bot.core import escalation
from bot.core.timeutil import SetBack
from bot.runtime.sender import SET_BACK_S
from bot.services import recurring
from bot.services import timers as timer_service
from storage import timers

log = logging.getLogger(__name__)


class TimerScheduler:
    """Keeps the JobQueue in step with the `timers` table."""

    def __init__(self, app: Application, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self._jobs: dict[int, Job] = {}  # a row keeps its entry until its firing is over (no second job)
        self.held: dict[int, datetime] = {}  # rows due that wait for others due just after them (one list), till when
        self._sync_task: asyncio.Task | None = None
        self._sync_again = False
        self.syncs = 0
        self._set_back = SetBack()
        self._read: tuple[int, datetime] | None = None  # at the clock's last reading: the newest row, the time read

    async def start(self) -> None:
        """Seed the recurring rows, schedule pending rows (overdue ones at once), sync periodically."""
        await recurring.ensure_recurring(self.ctx)
        self.ctx.timers_hook = self.wake
        await self.resync()
        interval = self.ctx.settings.timer_sync_s
        self.app.job_queue.run_repeating(self._periodic, interval=interval, first=interval, name="timers:sync")

    def stop(self) -> None:
        """Forget the jobs (the JobQueue itself stops with the Application)."""
        self.ctx.timers_hook = None
        if self._sync_task is not None:
            self._sync_task.cancel()
        self._jobs.clear()
        self.held.clear()

    def wake(self) -> None:
        """New rows were committed: schedule them soon (called from services, never blocks).

        Wake-ups are merged: while a sync runs, any number of wakes lead to one more sync after it.
        """
        if self._sync_task is not None and not self._sync_task.done():
            self._sync_again = True
            return
        self._sync_task = asyncio.get_running_loop().create_task(self._sync_while_asked())

    async def _sync_while_asked(self) -> None:
        while True:
            self._sync_again = False
            try:
                await self.sync()
            except Exception:  # noqa: BLE001 - the periodic sync tries again
                log.exception("timer sync failed")
            if not self._sync_again:
                return

    @property
    def horizon(self) -> timedelta:
        """Rows due within this window get a job now; later ones at a later periodic sync.

        Keeps start-up fast and memory flat with very many pending timers (one job per near row).
        """
        return timedelta(seconds=max(2 * self.ctx.settings.timer_sync_s, 300))

    async def sync(self) -> int:
        """Schedule every pending row due within the horizon that has no job yet; returns how many were added."""
        self.syncs += 1
        async with self.ctx.db.read() as c:  # one look: the newest row, the clock read just after it, the rows due
            newest = await timers.newest_id(c)  # a row after it was written after the reading
            reading = (self.ctx.now(), time.monotonic())
            rows = await timers.due_before(c, reading[0] + self.horizon)
        if await self._follow_clock(newest, *reading):
            return await self.resync()
        added = 0
        now = self.ctx.now().timestamp()
        for due in rows:
            if due.id not in self._jobs:
                self._schedule(due.id, due.due_at - now)
                added += 1
        return added

    async def _follow_clock(self, newest: int, now: datetime, mono: float) -> bool:
        """The clock set back while the bot runs (an NTP step): the rows due a span after something (a reminder, a
        red's re-ping, a survey) come as much earlier, or they chase the size of the step late; True when moved
        (their jobs, written by the old clock, are scheduled again). Rows due at a time of day (the brief, a
        hand-off) stay. The rows written since the last reading by the new clock (a job accepted just after the
        step, its wake-up this look) are right already and stay too. ``newest``: the newest row just before the clock
        was read (``now``, beside the monotonic ``mono``)."""
        back = self._set_back.seen(now.timestamp(), mono)
        before, self._read = self._read, (newest, now)
        if back < SET_BACK_S or before is None:
            return False
        try:
            async with self.ctx.db.tx() as c:
                moved = await timers.shift_pending(c, escalation.SPAN_KINDS, math.ceil(back), now, before)
        except Exception:
            self._set_back = SetBack(now.timestamp() + back, mono)  # not moved: the next sync sees the step again
            self._read = before
            raise
        log.warning("the clock was set back %.0f s; %d pending timers moved as much earlier", back, moved)
        return True

    async def resync(self) -> int:
        """Drop every timer job and schedule again from the rows (on start, or after the clock moved)."""
        for job in self._jobs.values():
            with contextlib.suppress(JobLookupError):  # it ran meanwhile
                job.schedule_removal()
        self._jobs.clear()
        return await self.sync()

    def _schedule(self, timer_id: int, delay: float) -> None:
        # Delays come from the app's clock, so a test clock moved forward makes rows due at once.
        self._jobs[timer_id] = self.app.job_queue.run_once(
            self._run,
            when=max(0.0, delay),
            data=timer_id,
            name=f"timer:{timer_id}",
            job_kwargs={"misfire_grace_time": None},  # a late job still runs (APScheduler drops it otherwise)
        )

    async def _run(self, context: CallbackContext) -> None:
        timer_id = int(context.job.data)  # type: ignore[union-attr, arg-type]
        try:
            if (until := await timer_service.held_until(self.ctx, timer_id)) is not None:
                self.held[timer_id] = until  # it fires then, with the others due by then
                self._schedule(timer_id, (until - self.ctx.now()).total_seconds())
                return
            self.held.pop(timer_id, None)
            await timer_service.fire(self.ctx, timer_id)
        except Exception:  # the row stays pending: the next sync schedules it again
            log.exception("timer %s failed", timer_id)
        finally:
            # only now: a sync while the row was being claimed must not give it a second job (a held row keeps
            # the job of its later run)
            if self._jobs.get(timer_id) is context.job:
                del self._jobs[timer_id]

    async def _periodic(self, _context: CallbackContext) -> None:
        await self.sync()
