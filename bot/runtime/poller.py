"""Long polling into the inbox: fetch, store, and only then ask for the next offset.

Telegram forgets an update only when a later getUpdates asks for an offset past it, so the offset
moves past a batch only after the batch is committed to the inbox: a crash at any moment loses
nothing, and Telegram delivers again what was not stored.

Another copy of the bot polling with the same token (409s that last: core.poll_conflict) stops this one: one
ERROR, the committee told through the outbox (delivered within TELL_WAIT_S if Telegram lets it), then
``on_fatal`` (exit code 2: a person must switch one copy off). The copy that came second stops first (the one that
was running needs a longer run of 409s) and leaves the other alone.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from telegram import Bot
from telegram.error import Conflict, EndPointNotFound, Forbidden, InvalidToken, NetworkError, TelegramError

from bot.context import AppContext
from bot.core.poll_conflict import ConflictRun
from bot.runtime.errors import Streak, brief
from bot.services import second_copy
from storage import inbox, outbox

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 25
MAX_BACKOFF_S = 30
TELL_WAIT_S = 20  # how long a copy that stops waits for the committee's note to be delivered


class Poller:
    """One background task calling getUpdates until stopped."""

    def __init__(
        self,
        bot: Bot,
        ctx: AppContext,
        on_stored: Callable[[], None],
        allowed: Sequence[str],
        timeout: float = POLL_TIMEOUT_S,
        on_fatal: Callable[[str], None] | None = None,
    ) -> None:
        self.bot = bot
        self.ctx = ctx
        self.on_stored = on_stored
        self.allowed = list(allowed)
        self.timeout = timeout
        self.on_fatal = on_fatal
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._db_failures = Streak(log, "storing updates")
        self._conflicts = ConflictRun.for_polls(timeout, MAX_BACKOFF_S)
        self.offset: int | None = None

    async def start(self) -> None:
        """Leave webhook mode if Telegram still has a webhook for this bot, then poll in the background."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        async with self.ctx.db.read() as c:
            self.offset = await inbox.next_offset(c)
        self._task = asyncio.create_task(self._run(), name="linli-poller")

    def running(self) -> bool:
        """Whether its task is still at work (False once it stopped, or died: /healthz)."""
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        """Stop polling (an update fetched but not stored is delivered again at the next start)."""
        self._stopping = True
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                updates = await self._fetch()
            except (InvalidToken, Forbidden, EndPointNotFound) as exc:
                # Once the bot is initialised, PTB's do_api_request reports a 401 (a token revoked while
                # running) as EndPointNotFound; getUpdates always exists, so it is the token either way.
                reason = exc.__cause__ if isinstance(exc, EndPointNotFound) and exc.__cause__ else exc
                message = reason.message if isinstance(reason, TelegramError) else str(reason)
                self._fatal(f"Telegram rejected the bot token ({message}); check TELEGRAM_BOT_TOKEN.")
                return
            except Conflict as exc:
                failures += 1
                if self._conflicts.refused(asyncio.get_running_loop().time()):
                    await self._second_copy(exc.message)
                    return
                log.log(
                    logging.WARNING if self._conflicts.count == 1 else logging.DEBUG,
                    "getUpdates refused: %s (another copy of this bot polling, or the last poll of one that just"
                    " stopped; this copy stops if it lasts)",
                    exc.message,
                )
                await asyncio.sleep(_backoff(failures))
                continue
            except (NetworkError, TelegramError) as exc:
                failures += 1
                if self.ctx.deaf_since is None:
                    self.ctx.deaf_since = time.monotonic()
                log.log(logging.WARNING if failures == 1 else logging.DEBUG, "getUpdates failed: %s", brief(exc))
                await asyncio.sleep(_backoff(failures))
                continue
            self._conflicts.polled(asyncio.get_running_loop().time())
            if failures:
                log.warning("getUpdates works again after %s failed attempts", failures)
                failures = 0
            if updates:
                await self._store(updates)
            if self.ctx.deaf_since is not None:  # heard again, what Telegram kept stored: reminders may go
                self.ctx.deaf_since = None
                self.ctx.wake_outbox()

    async def _fetch(self) -> list[dict]:
        kwargs: dict = {"timeout": self.timeout, "allowed_updates": self.allowed}
        if self.offset is not None:
            kwargs["offset"] = self.offset
        result = await self.bot.do_api_request(
            "getUpdates", api_kwargs=kwargs, read_timeout=self.timeout + 10, return_type=None
        )
        if not isinstance(result, list):  # an odd answer (a broken proxy): retried with backoff like a failure
            raise NetworkError(f"getUpdates answered {type(result).__name__}, not a list")
        return [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]

    async def _store(self, updates: list[dict]) -> None:
        """Commit the batch, retrying until the database takes it; only then move the offset."""
        attempt = 0
        while not self._stopping:
            try:
                async with self.ctx.db.tx() as c:
                    await inbox.add_many(c, updates, self.ctx.now())
                break
            except Exception as exc:  # noqa: BLE001 - locked or full: Telegram keeps the batch meanwhile
                attempt += 1
                self._db_failures.failed("could not store %s updates (%s); retrying", len(updates), exc)
                await asyncio.sleep(_backoff(attempt))
        else:
            return
        self._db_failures.succeeded()
        self.offset = max(u["update_id"] for u in updates) + 1
        self.on_stored()

    def _fatal(self, message: str) -> None:
        log.error(message)
        if self.on_fatal:
            self.on_fatal(message)

    async def _second_copy(self, said: str) -> None:
        """Another copy polls with this token: say so once, tell the committee, wait a little for it, stop."""
        message = (
            f"another copy of this bot is running with the same token (getUpdates refused for "
            f"{self._conflicts.lasted():.0f} s: {said}); this copy stops. Switch the other copy off, then start "
            "this one again."
        )
        log.error(message)
        try:
            row_id = await second_copy.tell_stopped(self.ctx)
            if row_id is not None and not await self._delivered(row_id):
                log.warning("the committee's note did not go out within %s s; it goes at the next start", TELL_WAIT_S)
        except Exception as exc:  # noqa: BLE001 - the database locked or full: stop all the same
            log.warning("could not tell the committee that this copy stops: %s", exc)
        if self.on_fatal:
            self.on_fatal(message)

    async def _delivered(self, row_id: int) -> bool:
        """Wait up to TELL_WAIT_S for the sender to settle an outbox row; whether it was sent."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TELL_WAIT_S
        self.ctx.wake_outbox()
        while loop.time() < deadline:
            async with self.ctx.db.read() as c:
                state = await outbox.sent_as(c, row_id)
            if state is None or state[0] != "pending":
                return state is not None and state[0] == "sent"
            await asyncio.sleep(0.1)
        return False


def _backoff(failures: int) -> float:
    return float(min(MAX_BACKOFF_S, 2 ** min(failures - 1, 5)))
