"""The one sender: delivers outbox rows to Telegram, in order per chat, retrying what can be retried."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import OrderedDict
from datetime import timedelta

from telegram import Bot, InputFile, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.context import AppContext
from bot.services import delivery
from storage import outbox, outbox_files, people
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)

# Rows are stored as raw Bot API payloads, so do_api_request is used on purpose for every method.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)
# PTB 22 warns when RetryAfter.retry_after is read as an int; we accept both int and timedelta.
warnings.filterwarnings("ignore", message=r".*retry_after.*", category=PTBDeprecationWarning)

SEND_METHODS = {
    "sendMessage", "sendPhoto", "sendPoll", "sendDocument", "editMessageText", "editMessageCaption",
    "editMessageReplyMarkup",
}
MAX_BACKOFF_S = 300
CHAT_CONCURRENCY = 8


class OutboxSender:
    """Runs as one background task for the bot's lifetime."""

    def __init__(self, ctx: AppContext, bot: Bot) -> None:
        self.ctx = ctx
        self.bot = bot
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._sem = asyncio.Semaphore(CHAT_CONCURRENCY)

    def start(self) -> None:
        """Start delivering in the background."""
        self._task = asyncio.create_task(self.run(), name="linli-outbox")

    async def stop(self) -> None:
        """Stop after the current row."""
        self._stopping = True
        self.ctx.wake_outbox()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()

    async def run(self) -> None:
        """Deliver until stopped; sleep until woken or the next row is due."""
        while not self._stopping:
            self.ctx.outbox_wakeup.clear()
            try:
                await self.flush()
                async with self.ctx.db.read() as c:
                    due = await outbox.next_due(c)
            except Exception:  # the loop must survive anything, or nothing is ever sent again
                log.exception("outbox pass failed")
                due = time.time() + 5
            wait = 30.0 if due is None else max(0.0, min(30.0, due - time.time()))
            if wait > 0:
                try:
                    await asyncio.wait_for(self.ctx.outbox_wakeup.wait(), timeout=wait)
                except TimeoutError:
                    pass

    async def flush(self) -> int:
        """One pass over the pending rows; returns how many were delivered or settled."""
        async with self.ctx.db.read() as c:
            rows = await outbox.pending(c, limit=500)
        by_chat: OrderedDict[int, list[OutboxRow]] = OrderedDict()
        for row in rows:
            by_chat.setdefault(row.chat_id, []).append(row)
        results = await asyncio.gather(*(self._chat(chat_rows) for chat_rows in by_chat.values()))
        return sum(results)

    async def _chat(self, rows: list[OutboxRow]) -> int:
        done = 0
        async with self._sem:
            for row in rows:
                if self._stopping or row.not_before > time.time():
                    break  # keep this chat's order: later rows wait for the earlier one
                if not await self.deliver(row):
                    break
                done += 1
        return done

    async def deliver(self, row: OutboxRow) -> bool:
        """Try one row; True when it is settled (sent or failed for good), False to keep it waiting."""
        if "_ref" in row.payload:  # an edit queued before its target was sent: look the target up now
            async with self.ctx.db.read() as c:
                state, message_id = await delivery.resolve_ref(c, row)
        else:
            state, message_id = "ok", row.payload.get("message_id")
        if state == "wait":
            return False
        payload = {k: v for k, v in row.payload.items() if not k.startswith("_")}
        if state == "gone":
            await self._failed(row, "the message to edit was never sent", forbidden=False)
            return True
        if message_id is not None:
            payload["message_id"] = message_id
        if row.payload.get("_file"):
            if not await self._attach_file(row, payload):
                return True
        try:
            result = await self.bot.do_api_request(
                row.method, api_kwargs=payload, return_type=Message if row.method in SEND_METHODS else None
            )
        except RetryAfter as exc:
            await self._retry(row, _seconds(exc.retry_after), f"429 retry after {exc.retry_after}")
            return False
        except ChatMigrated as exc:
            await self._migrated(row, exc.new_chat_id)
            return False
        except Forbidden as exc:
            await self._failed(row, f"403 {exc.message}", forbidden=True)
            return True
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                await self._sent(row, message_id)
                return True
            await self._failed(row, f"400 {exc.message}", forbidden=False)
            return True
        except (TimedOut, NetworkError) as exc:
            await self._retry(row, _backoff(row.attempts), f"network: {exc.message}")
            return False
        except TelegramError as exc:
            await self._retry(row, _backoff(row.attempts), f"telegram: {exc.message}")
            return False
        except Exception as exc:  # a bug or an odd answer must not stop every later message
            log.exception("outbox row %s: unexpected error", row.id)
            await self._retry(row, _backoff(row.attempts), f"unexpected: {exc!r}"[:300])
            return False
        sent_id = result.message_id if isinstance(result, Message) else message_id
        await self._sent(row, sent_id)
        return True

    async def _attach_file(self, row: OutboxRow, payload: dict) -> bool:
        """Put the row's stored file (a chart) into the payload as an upload; False when it is missing."""
        async with self.ctx.db.read() as c:
            stored = await outbox_files.get(c, row.id)
        if stored is None:
            await self._failed(row, "the file to upload is missing", forbidden=False)
            return False
        field, filename, data = stored
        payload[field] = InputFile(data, filename=filename)
        return True

    async def _sent(self, row: OutboxRow, message_id: int | None) -> None:
        async with self.ctx.db.tx() as c:
            await outbox.mark_sent(c, row.id, self.ctx.now(), message_id)
            await delivery.on_sent(self.ctx, c, row, message_id)

    async def _failed(self, row: OutboxRow, error: str, forbidden: bool) -> None:
        async with self.ctx.db.tx() as c:
            await outbox.mark_failed(c, row.id, error)
            await delivery.on_failed(self.ctx, c, row, error, forbidden)
        self.ctx.wake_outbox()

    async def _retry(self, row: OutboxRow, delay: float, error: str) -> None:
        if row.attempts + 1 >= self.ctx.settings.outbox_max_attempts:
            await self._failed(row, f"gave up after {row.attempts + 1} attempts: {error}", forbidden=False)
            return
        log.info("outbox row %s to %s: %s; retrying in %.0fs", row.id, row.chat_id, error, delay)
        async with self.ctx.db.tx() as c:
            await outbox.retry_later(c, row.id, int(time.time() + delay + 0.999), error)

    async def _migrated(self, row: OutboxRow, new_chat_id: int) -> None:
        log.info("chat %s became supergroup %s", row.chat_id, new_chat_id)
        async with self.ctx.db.tx() as c:
            await people.migrate_chat(c, row.chat_id, new_chat_id)
            await outbox.retarget(c, row.chat_id, new_chat_id)
        self.ctx.wake_outbox()


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _backoff(attempts: int) -> float:
    return float(min(MAX_BACKOFF_S, 2 ** min(attempts, 9)))
