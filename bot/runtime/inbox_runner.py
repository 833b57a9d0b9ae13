"""Handles the inbox: each stored update through the PTB handlers, in order per chat, retried when
handling fails for a transient reason, kept (and shown to admins) when it fails for good."""

from __future__ import annotations

import asyncio
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application

from bot.context import AppContext
from bot.runtime.errors import Streak, is_transient
from bot.services import inbox_admin
from storage import inbox
from storage.inbox import InboxRow

log = logging.getLogger(__name__)

CONCURRENCY = 8  # updates of different chats handled at once
MAX_BACKOFF_S = 60


@dataclass
class Handling:
    """The update being handled in this task, and the error its handler raised (set by the error handler)."""

    update_id: int
    error: BaseException | None = None


handling: ContextVar[Handling | None] = ContextVar("handling", default=None)


class InboxRunner:
    """Runs as one background task; a task per chat with work, at most CONCURRENCY handling at once."""

    def __init__(self, app: Application, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self.wakeup = asyncio.Event()
        self._sem = asyncio.Semaphore(CONCURRENCY)
        self._lanes: dict[int, asyncio.Task] = {}
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._db_failures = Streak(log, "handling updates")
        self.handled = 0

    def start(self) -> None:
        """Start handling in the background."""
        self._task = asyncio.create_task(self._run(), name="linli-inbox")

    def running(self) -> bool:
        """Whether its task is still at work (False once it stopped, or died: /healthz)."""
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """New rows were stored."""
        self.wakeup.set()

    async def stop(self) -> None:
        """Finish the updates being handled, then stop (the rest stay in the inbox for the next start)."""
        self._stopping = True
        self.wake()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=15)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()
        lanes = list(self._lanes.values())
        if lanes:
            await asyncio.wait(lanes, timeout=15)

    async def _run(self) -> None:
        while not self._stopping:
            self.wakeup.clear()
            try:
                wait = await self._dispatch()
            except Exception:  # the loop must survive anything, or no update is ever handled again
                log.exception("inbox pass failed")
                wait = 5.0
            if wait > 0:
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=wait)
                except TimeoutError:
                    pass

    async def _dispatch(self) -> float:
        """Start a task for every chat with due rows; return how long to sleep before the next pass."""
        async with self.ctx.db.read() as c:
            rows = await inbox.pending(c, skip_lanes=self._lanes.keys())
        now = time.time()
        if any(r.not_before > now + MAX_BACKOFF_S + 1 for r in rows):
            # no retry waits longer than the backoff: this one was written by a clock since set back (an NTP step),
            # and would hold its chat's updates for the size of the step
            async with self.ctx.db.tx() as c:
                moved = await inbox.clamp_waits(c, int(now + MAX_BACKOFF_S))
            log.warning("the clock was set back; %d updates waiting to be tried again are due now", moved)
            return 0.0
        lanes: dict[int, list[InboxRow]] = {}
        for row in rows:
            lanes.setdefault(row.lane, []).append(row)
        next_due = 30.0
        for lane, lane_rows in lanes.items():
            if lane in self._lanes:
                continue  # its task is still at work; it looks again when done
            if lane_rows[0].not_before > now:
                next_due = min(next_due, lane_rows[0].not_before - now)
                continue
            task = asyncio.create_task(self._lane(lane, lane_rows), name=f"linli-inbox-{lane}")
            self._lanes[lane] = task
        return max(0.05, next_due) if rows else 30.0

    async def _lane(self, lane: int, rows: list[InboxRow]) -> None:
        try:
            for row in rows:
                if self._stopping or row.not_before > time.time():
                    break  # keep this chat's order: later updates wait for the earlier one
                async with self._sem:
                    if not await self._handle(row):
                        break
        finally:
            self._lanes.pop(lane, None)
            self.wake()

    async def _handle(self, row: InboxRow) -> bool:
        """Handle one update; True when it is settled (done or failed for good), False to retry later."""
        if _replies_to_the_bot(row.payload, self.app.bot.id):
            # a reply to one of our messages: the sender must have written down what that message became
            sender = self.app.bot_data.get("sender")
            if sender is not None:
                await sender.flush()
        state = Handling(row.update_id)
        token = handling.set(state)
        current = inbox.CurrentUpdate(row.update_id)
        marker = inbox.current_update.set(current)
        try:
            await self.app.process_update(Update.de_json(row.payload, self.app.bot))
        except Exception as exc:  # noqa: BLE001 - de_json of an odd payload, or PTB itself
            state.error = exc
        finally:
            inbox.current_update.reset(marker)
            handling.reset(token)
        error = state.error
        try:
            if error is None:
                if not current.marked:  # its handler wrote nothing (a write would have marked it done)
                    async with self.ctx.db.tx() as c:
                        await inbox.mark_done(c, row.update_id, self.ctx.now())
                self.handled += 1
                self._db_failures.succeeded()
                return True
            if is_transient(error):
                delay = min(MAX_BACKOFF_S, 2 ** min(row.attempts, 6))
                self._db_failures.failed("update %s: %s; will try again in %ss", row.update_id, _one_line(error), delay)
                async with self.ctx.db.tx() as c:
                    await inbox.retry_later(c, row.update_id, int(time.time() + delay), _one_line(error))
                return False
            log.error(
                "update %s could not be handled: kept for the admins (/inbox), the committee told",
                row.update_id,
                exc_info=error,
            )
            async with self.ctx.db.tx() as c:
                await inbox.mark_failed(c, row.update_id, _one_line(error))
                await inbox_admin.tell_failed(self.ctx, c, row.payload, self.ctx.now())
            return True
        except Exception as exc:  # noqa: BLE001 - the database itself is failing: leave the row pending
            self._db_failures.failed(
                "update %s: could not record its outcome (%s); it stays in the inbox", row.update_id, _one_line(exc)
            )
            await asyncio.sleep(1)
            return False


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


def _replies_to_the_bot(update: dict, bot_id: int) -> bool:
    message = update.get("message") or update.get("edited_message") or {}
    replied = message.get("reply_to_message") or {}
    return (replied.get("from") or {}).get("id") == bot_id
