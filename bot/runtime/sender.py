"""The one sender: delivers outbox rows to Telegram, a lane per chat, so no chat waits for another.

Over 300 lines: lanes, pacing, batching of results and the error mapping share the sender's state.

- Order is kept within a chat: a lane sends its chat's rows one after the other and stops at a row
  that must wait (429, a network error, a group over Telegram's 20 messages a minute). A chat's urgent
  rows (a red event's, the emergency numbers: ``purpose.urgent``, stored with the row) go before its
  routine ones, each kind in queue order; the rows about one event keep theirs (``outbox.enqueue``).
- At most CONCURRENCY calls are in flight over all chats; a lane that waits for its chat's pace or
  retry time holds no slot, so a throttled or hanging chat delays only itself.
- Results are written in batches (one transaction for many rows) by one committer task; rows sent
  but not yet committed are never dispatched again.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import aiosqlite
from telegram import Bot, InputFile
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.context import AppContext
from bot.core import lateness
from bot.core.callbacks import stamp_markup
from bot.core.timeutil import SetBack
from bot.runtime.errors import Streak, brief, is_transient
from bot.runtime.logging_setup import redact
from bot.services import delivery, late_cards, membership
from storage import inbox, meta, outbox, outbox_files
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)

# Rows are stored as raw Bot API payloads, so do_api_request is used on purpose for every method.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)
# PTB 22 warns when RetryAfter.retry_after is read as an int; we accept both int and timedelta.
warnings.filterwarnings("ignore", message=r".*retry_after.*", category=PTBDeprecationWarning)

MAX_BACKOFF_S = 300
# Telegram down or answering 5xx: a chat's queue waits for its first row's retry, so a red written just after
# Telegram is back would wait that long (crash review: 260 s); retried at least as often as the poller's 30 s
OUTAGE_BACKOFF_S = 30
CONCURRENCY = 8  # Bot API calls in flight at once, over all chats
SET_BACK_S = 1.0  # the clock read this much earlier than it should: set back, the waits written by it moved
GROUP_PER_MINUTE = 20  # Telegram: about 20 messages a minute to one group
PACE_WINDOW_S = 60.0  # the minute GROUP_PER_MINUTE counts over
COMMIT_EVERY_S = 0.01  # results gathered this long are written in one transaction
PER_LANE = 100  # rows handed to a chat's lane at once (it is given more when it ends)
# a reminder held while the poller cannot hear Telegram (a press answering it may be kept there) goes anyway once other
# messages have been sent this long meanwhile (getUpdates alone failing must not keep reminders for ever)
DEAF_HOLD_S = 120.0
HOLD_POLL_S = 0.2  # how often a chat whose reminder is held looks again


@dataclass(frozen=True, slots=True)
class Result:
    """How one delivery attempt ended."""

    row: OutboxRow
    kind: str  # sent | failed | retry | migrated | superseded
    message_id: int | None = None
    error: str = ""
    unreachable: bool = False  # the person cannot be written to (403, or a 400 "chat not found" for a person)
    delay: float = 0.0
    new_chat_id: int | None = None
    later: int | None = None  # superseded: the row queued after it that says what it said (None: moot)
    # Telegram unreachable, throttling or answering 5xx: retried for at least OUTBOX_GIVE_UP_S, whatever the attempts
    transient: bool = False
    outage: bool = False  # Telegram unreachable or answering 5xx (a 429 is one chat's): logged once per outage
    skew: float | None = None  # a new message's: how far this clock ran ahead of Telegram's date of it


class OutboxSender:
    """A dispatcher task, a task per chat with work, and a committer task, for the bot's lifetime."""

    def __init__(self, ctx: AppContext, bot: Bot, pace_groups: bool = True) -> None:
        self.ctx = ctx
        self.bot = bot
        self.pace_groups = pace_groups
        self._sem = asyncio.Semaphore(CONCURRENCY)
        self._lanes: dict[int, asyncio.Task] = {}
        self._yield: set[int] = set()  # chats whose lane stops before its next row: an urgent row came
        self._inflight: dict[int, int] = {}  # row id -> chat id: handed to a lane and not yet settled
        self._results: list[Result] = []
        self._have_results = asyncio.Event()
        self._committed = asyncio.Condition()
        self._calls = 0  # calls to Telegram taken: waiting for the semaphore or in flight
        self._committing = 0  # results being written right now
        self._skew_kept: float | None = None  # the skew the database keeps, once known (``_learn_skew``)
        self._recent: dict[int, deque[float]] = {}  # send times per group, for the per-minute pace
        self._tasks: list[asyncio.Task] = []
        self._stopping = False
        self._db_failures = Streak(log, "recording outbox results")
        self._outage = Streak(log, "sending to Telegram")
        self._clock = SetBack()
        self._sent_while_deaf: float | None = None  # when a message went while the poller could not hear Telegram
        self.sent = 0

    def start(self) -> None:
        """Start delivering in the background."""
        self._tasks = [
            asyncio.create_task(self._dispatch_loop(), name="linli-outbox"),
            asyncio.create_task(self._commit_loop(), name="linli-outbox-commit"),
        ]

    def running(self) -> bool:
        """Whether its tasks are still at work (False once it stopped, or one died: /healthz)."""
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    async def stop(self) -> None:
        """Stop after the calls in flight; their results are written before returning. A second call does nothing."""
        if self._stopping:
            return
        self._stopping = True
        self.ctx.wake_outbox()
        async with self._committed:
            self._committed.notify_all()  # lanes holding back for results to be written go on and end
        lanes = list(self._lanes.values())
        if lanes:
            await asyncio.wait(lanes, timeout=10)
        for task in lanes:
            task.cancel()
        self._have_results.set()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)
        for task in self._tasks:
            task.cancel()
        await self._commit()

    async def _dispatch_loop(self) -> None:
        while not self._stopping:
            self.ctx.outbox_wakeup.clear()
            try:
                wait = await self._dispatch()
            except Exception:  # the loop must survive anything, or nothing is ever sent again
                log.exception("outbox pass failed")
                wait = 5.0
            if wait > 0:
                try:
                    await asyncio.wait_for(self.ctx.outbox_wakeup.wait(), timeout=wait)
                except TimeoutError:
                    pass

    async def _dispatch(self) -> float:
        """Start a lane for every chat with due rows and no lane yet; return the time to the next due row.

        Passes are frequent in a burst (every commit wakes the sender), so a pass reads one line per chat with
        pending rows (its latest retry time) and the payloads of just the rows it hands to new lanes: a chat
        waiting for its retry time holds back no other chat, however many rows it has queued. A group is handed
        no more rows than its pace lets go now, so the order of what it sends next is chosen again as its pace
        allows (an urgent row queued meanwhile goes first); a lane at work is told to stop before its next row
        when an urgent row it was not handed comes for its chat.
        """
        now = self.ctx.now().timestamp()
        await self._follow_clock(now)
        busy = set(self._inflight.values())  # results of the chat not written yet: its order waits for them
        wanted: list[tuple[int, int]] = []
        wait = 30.0
        async with self.ctx.db.read() as c:
            for chat_id, waits_until, latest_urgent in await outbox.pending_chats(c):
                if chat_id in self._lanes:
                    if latest_urgent is not None and latest_urgent not in self._inflight:
                        self._yield.add(chat_id)  # it goes before what the lane holds: chosen again
                    continue
                if chat_id in busy:
                    continue  # looked at again when its results are written
                if waits_until > now:  # a row of the chat waits (a 429's retry time): so do the rest (order)
                    wait = min(wait, waits_until - now)
                    continue
                free, until = self._pace_room(chat_id)
                if not free:  # the group's pace: its next rows are chosen when a slot frees
                    wait = min(wait, until)
                    continue
                wanted.append((chat_id, min(free, PER_LANE)))
            rows = await outbox.lane_rows(c, wanted) if wanted else []
        lanes: dict[int, list[OutboxRow]] = {}
        for row in rows:
            lanes.setdefault(row.chat_id, []).append(row)
        for chat_id, chat_rows in lanes.items():
            self._inflight.update((r.id, chat_id) for r in chat_rows)
            self._lanes[chat_id] = asyncio.create_task(self._lane(chat_id, chat_rows), name=f"linli-outbox-{chat_id}")
        return max(0.0, wait)

    async def _follow_clock(self, now: float) -> None:
        """The clock set back while the bot runs (an NTP step): the retry times written by the old clock come as
        much earlier, or a chat with a retry pending (a 429's "retry after 2") waited the size of the step, its red
        messages too (at a start ``app._clamp_waits`` does it)."""
        mono = time.monotonic()
        back = self._clock.seen(now, mono)
        if back < SET_BACK_S:
            return
        try:
            async with self.ctx.db.tx() as c:
                moved = await outbox.shift_waits(c, math.ceil(back), int(now))
        except Exception:
            self._clock = SetBack(now + back, mono)  # not moved: the next pass sees the step again
            raise
        log.warning("the clock was set back %.0f s; %d queued retries moved as much earlier", back, moved)

    async def _lane(self, chat_id: int, rows: list[OutboxRow]) -> None:
        handed = {r.id for r in rows}
        try:
            for row in rows:
                if self._stopping or row.not_before > self.ctx.now().timestamp():
                    break  # keep this chat's order: later rows wait for the earlier one
                if chat_id in self._yield and not row.priority:
                    break  # an urgent row came for this chat: it goes before the routine rows held here
                if await self._superseded(row):  # a later edit of the same message says it all: no call
                    handed.discard(row.id)
                    self._record(Result(row, "sent", message_id=row.payload.get("message_id")))
                    continue
                if await self._held_back(row):  # a press Telegram kept may answer it: looked at again soon
                    await asyncio.sleep(HOLD_POLL_S)
                    break
                if (later := await self._chased_later(row)) is not None:  # reminders piled up: the last says it
                    handed.discard(row.id)
                    self._record(Result(row, "superseded", later=later))
                    continue
                # "nobody accepted" after the Accept came (only a notice that chases is looked up: no read per row)
                if late_cards.chases(row) and await self._read_or(
                    False, lambda c, r: late_cards.moot(self.ctx, c, r), row
                ):
                    handed.discard(row.id)
                    self._record(Result(row, "superseded"))
                    continue
                if late_cards.chases(row) and len(row.meta.events or ()) > 1:  # some of a list's events moved on
                    row = await self._still_holding(row)
                await self._pace(chat_id)
                await self._take_slot()
                try:
                    async with self._sem:
                        result = await self.deliver(row)
                finally:
                    self._calls -= 1
                if result is None:  # its target is not sent yet: look again soon
                    break
                handed.discard(row.id)
                self._record(result)
                if result.kind != "sent" and result.kind != "failed":
                    break
        finally:
            for row_id in handed:  # not tried: free for the next pass
                self._inflight.pop(row_id, None)
            self._lanes.pop(chat_id, None)
            self._yield.discard(chat_id)
            self.ctx.wake_outbox()

    async def _still_holding(self, row: OutboxRow) -> OutboxRow:
        """A list with only the events it still holds for (``late_cards.trimmed``), or as it is."""
        try:
            async with self.ctx.db.tx() as c:
                return await late_cards.trimmed(self.ctx, c, row) or row
        except Exception:  # noqa: BLE001 - cannot tell: sent as it is, as before
            return row

    async def _superseded(self, row: OutboxRow) -> bool:
        return row.method == "editMessageText" and bool(await self._read_or(None, outbox.superseded, row))

    async def _held_back(self, row: OutboxRow) -> bool:
        """Whether a reminder (or a fix-by notice) waits: while the poller cannot reach Telegram, which keeps a
        press made meanwhile (an Accept pressed in an outage), and while updates already stored wait to be handled;
        so "nobody has accepted" is not sent a second before the Accept that answers it is read (``late_cards.moot``
        then drops it). Not past DEAF_HOLD_S of messages going out while the poller alone still fails."""
        if not late_cards.chases(row):
            return False
        deaf = self.ctx.deaf_since
        went = self._sent_while_deaf
        if deaf is not None and (went is None or went < deaf or time.monotonic() - went < DEAF_HOLD_S):
            return True
        now = self.ctx.now().timestamp()
        return bool(await self._read_or(0, lambda c, _row: inbox.due_count(c, now), row))

    async def _chased_later(self, row: OutboxRow) -> int | None:
        return await self._read_or(None, outbox.chased_later, row) if row.meta.chaser else None

    async def _read_or(self, default: Any, read: Callable[..., Awaitable[Any]], row: OutboxRow) -> Any:
        """What a look-up about the row says, or ``default`` when the database cannot tell (send it, as before)."""
        try:
            async with self.ctx.db.read() as c:
                return await read(c, row)
        except Exception:  # noqa: BLE001 - cannot tell
            return default

    def _pace_room(self, chat_id: int) -> tuple[int, float]:
        """How many rows a chat may be sent now under its pace (a private chat, or pacing off: PER_LANE), and
        when none may, the seconds until one may."""
        if not self.pace_groups or chat_id >= 0:
            return PER_LANE, 0.0
        sent = self._recent.setdefault(chat_id, deque())
        now = time.monotonic()
        while sent and now - sent[0] >= PACE_WINDOW_S:
            sent.popleft()
        free = GROUP_PER_MINUTE - len(sent)
        return (free, 0.0) if free > 0 else (0, PACE_WINDOW_S - (now - sent[0]) + 0.01)

    async def _pace(self, chat_id: int) -> None:
        """Keep a group under Telegram's per-minute limit by waiting in this lane only (no slot held); a lane is
        handed no more rows than the pace lets go, so this waits only when a pass misjudged it."""
        if not self.pace_groups or chat_id >= 0:
            return
        while True:
            free, until = self._pace_room(chat_id)
            if free:
                self._recent[chat_id].append(time.monotonic())
                return
            await asyncio.sleep(until)

    async def _take_slot(self) -> None:
        """Wait until fewer than 2 × CONCURRENCY calls are taken (waiting for the semaphore or in flight) or sent
        and not yet written, then take one: the caller gives it back (``_calls -= 1``) when its call is over.

        A kill repeats exactly those messages (their "sent" is not in the database), so this bounds what a
        crash sends twice; while the database cannot be written (locked, full) sending pauses at that bound.
        The check and the taking run with no await between them, so lanes that wait together cannot all pass
        the check and then go over the bound.
        """
        if self._calls + len(self._results) + self._committing >= 2 * CONCURRENCY:
            async with self._committed:
                await self._committed.wait_for(
                    lambda: self._stopping or self._calls + len(self._results) + self._committing < 2 * CONCURRENCY
                )
        self._calls += 1

    def _record(self, result: Result) -> None:
        self._results.append(result)
        self._have_results.set()

    async def _commit_loop(self) -> None:
        while not self._stopping:
            await self._have_results.wait()
            await asyncio.sleep(COMMIT_EVERY_S)  # gather what else finishes meanwhile
            self._have_results.clear()
            try:
                await self._commit()
            except Exception as exc:  # noqa: BLE001 - kept in memory and written at the next pass
                if is_transient(exc):  # locked or full: the rows stay in flight, nothing is sent twice
                    self._db_failures.failed("could not record outbox results (%s); retrying", exc)
                else:
                    log.exception("could not record outbox results; retrying")
                await asyncio.sleep(1)
                self._have_results.set()
            else:
                self._db_failures.succeeded()

    async def _learn_skew(self, c: aiosqlite.Connection, skews: list[float]) -> None:
        """How far this clock runs ahead of Telegram's, from the messages just sent (the least: the one answered
        soonest), so a report is not "late" for a server clock a few minutes fast; kept when it moved."""
        if not skews:
            return
        kept = self.ctx.telegram_skew_s if self._skew_kept is None else self._skew_kept  # read at start
        self.ctx.telegram_skew_s = min(skews)
        if abs(self.ctx.telegram_skew_s - kept) >= lateness.SKEW_STORE_S:
            await meta.set_value(c, meta.TELEGRAM_SKEW, round(self.ctx.telegram_skew_s))
            kept = self.ctx.telegram_skew_s
        self._skew_kept = kept

    async def _commit(self) -> None:
        """Write every gathered result in one transaction (with what each result causes)."""
        batch, self._results = self._results, []
        if not batch:
            return
        self._committing = len(batch)
        try:
            async with self.ctx.db.tx() as c:
                sent = [(r.row, r.message_id) for r in batch if r.kind == "sent"]
                if sent:  # the batch's sent-marks and what they cause: a statement per kind, not per row
                    await outbox.mark_sent_many(c, [(row.id, mid) for row, mid in sent], self.ctx.now())
                    await delivery.on_sent(self.ctx, c, sent)
                    await self._learn_skew(c, [r.skew for r in batch if r.skew is not None])
                for r in batch:
                    await self._apply(c, r)
        except BaseException:
            self._results[:0] = batch
            raise
        finally:
            self._committing = 0
        for r in batch:
            self._inflight.pop(r.row.id, None)
        sent = sum(r.kind == "sent" for r in batch)
        if sent:
            self._outage.succeeded()
            deaf, went = self.ctx.deaf_since, self._sent_while_deaf
            if deaf is not None and (went is None or went < deaf):
                self._sent_while_deaf = time.monotonic()
        self.sent += sent
        async with self._committed:
            self._committed.notify_all()
        self.ctx.wake_outbox()

    async def _apply(self, c, r: Result) -> None:  # noqa: ANN001 - an aiosqlite connection
        row = r.row
        if r.error:  # an error's words are stored and may reach the committee: never the token
            r = replace(r, error=redact(r.error, (self.bot.token,)))
        if r.kind == "failed":  # (a sent row is recorded by _commit, with the rest of its batch)
            await outbox.mark_failed(c, row.id, r.error)
            await delivery.on_failed(self.ctx, c, row, r.error, r.unreachable)
        elif r.kind == "retry":
            settings = self.ctx.settings
            age = self.ctx.now().timestamp() - row.created_at
            lasted = not r.transient or age >= settings.outbox_give_up_s
            if row.attempts + 1 >= settings.outbox_max_attempts and lasted:
                error = f"gave up after {row.attempts + 1} attempts in {age:.0f} s: {r.error}"
                await outbox.mark_failed(c, row.id, error)
                await delivery.on_failed(self.ctx, c, row, error, False)
                return
            if r.outage:
                self._outage.failed("outbox row %s to %s: %s; retrying in %.0fs", row.id, row.chat_id, r.error, r.delay)
            else:
                log.info("outbox row %s to %s: %s; retrying in %.0fs", row.id, row.chat_id, r.error, r.delay)
            await outbox.retry_later(c, row.id, int(self.ctx.now().timestamp() + r.delay + 0.999), r.error)
        elif r.kind == "superseded":  # by a later chaser, or moot (``later`` None)
            await outbox.mark_superseded(c, row.id, r.later)
        elif r.kind == "migrated" and r.new_chat_id is not None:
            log.info("chat %s became supergroup %s", row.chat_id, r.new_chat_id)
            await membership.carry_over(self.ctx, c, row.chat_id, r.new_chat_id)

    async def flush(self) -> None:
        """Write the results gathered so far now (before reading what they record)."""
        if self._results:
            await self._commit()

    async def deliver(self, row: OutboxRow) -> Result | None:
        """Try one row; None when it must wait for the message it edits to be sent first."""
        message_id = row.payload.get("message_id")
        if row.meta.ref:  # an edit queued before its target was sent: look the target up now
            try:
                await self.flush()
            except Exception as exc:  # noqa: BLE001 - locked or full: try this edit again once results are written
                return Result(row, "retry", error=f"database: {exc}", delay=1.0, transient=True)
            async with self.ctx.db.read() as c:
                state, message_id = await delivery.resolve_ref(c, row)
            if state == "wait":
                return None
            if state == "gone":
                return Result(row, "failed", error=delivery.NEVER_SENT)
        payload = dict(row.payload)
        if message_id is not None:
            payload["message_id"] = message_id
        if (minutes := late_cards.late(row, self.ctx.now())) is not None:  # a card Telegram kept from its worker
            async with self.ctx.db.read() as c:
                text = await late_cards.text_when_late(self.ctx, c, row, minutes)
            if text is not None:
                payload["text"] = text
        if self.ctx.button_tag and "reply_markup" in payload:  # whose buttons these are (services.button_origin)
            payload["reply_markup"] = stamp_markup(payload["reply_markup"], self.ctx.button_tag)
        if row.meta.file:
            async with self.ctx.db.read() as c:
                stored = await outbox_files.get(c, row.id)
            if stored is None:
                return Result(row, "failed", error="the file to upload is missing")
            payload[stored.field] = InputFile(stored.data, filename=stored.filename)
        try:
            result = await self.bot.do_api_request(
                # The answer stays raw JSON: only its message_id is kept, so no Message object is built.
                row.method,
                api_kwargs=payload,
                return_type=None,
            )
        except RetryAfter as exc:
            delay = _seconds(exc.retry_after)
            return Result(row, "retry", error=f"429 retry after {exc.retry_after}", delay=delay, transient=True)
        except ChatMigrated as exc:
            return Result(row, "migrated", new_chat_id=exc.new_chat_id)
        except Forbidden as exc:
            return Result(row, "failed", error=f"403 {exc.message}", unreachable=True)
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return Result(row, "sent", message_id=message_id)
            # a person the bot has never seen (no /start, no message in its groups): Telegram does not know the chat
            never_met = row.chat_id > 0 and "chat not found" in exc.message.lower()
            return Result(row, "failed", error=f"400 {exc.message}", unreachable=never_met)
        except (TimedOut, NetworkError) as exc:  # a 502 too, and Telegram's edge answering an HTML page
            delay = _backoff(row.attempts, OUTAGE_BACKOFF_S)
            return Result(row, "retry", error=f"network: {brief(exc)}", delay=delay, transient=True, outage=True)
        except TelegramError as exc:  # 5xx and the like
            delay = _backoff(row.attempts, OUTAGE_BACKOFF_S)
            return Result(row, "retry", error=f"telegram: {brief(exc)}", delay=delay, transient=True, outage=True)
        except Exception as exc:  # a bug or an odd answer must not stop every later message
            log.exception("outbox row %s: unexpected error", row.id)
            return Result(row, "retry", error=f"unexpected: {exc!r}"[:300], delay=_backoff(row.attempts))
        sent_id = result.get("message_id") if isinstance(result, dict) else None
        date = result.get("date") if isinstance(result, dict) and row.method.startswith("send") else None
        skew = lateness.skew(self.ctx.now().timestamp(), date) if isinstance(date, int) else None  # not an edit's
        return Result(row, "sent", message_id=sent_id if isinstance(sent_id, int) else message_id, skew=skew)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _backoff(attempts: int, cap: float = MAX_BACKOFF_S) -> float:
    """Seconds before a row's next try after ``attempts`` failed ones: doubling, at most ``cap``."""
    return float(min(cap, 2 ** min(attempts, 9)))
