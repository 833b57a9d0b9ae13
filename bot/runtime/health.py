"""GET /healthz on the bot's web server: 200 and a few figures while the bot works, 503 when its database cannot
be read or one of its own tasks (inbox, sender, poller) stopped. Counts and ages only: no names, words, ids or
settings, so it needs no sign-in (a monitor or a container's HEALTHCHECK calls it). One read a second at most,
whatever the number of requests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiohttp import web

from bot.context import AppContext
from storage import health

log = logging.getLogger(__name__)
READ_WAIT_S = 5.0  # the database held longer than this by a transaction (or another program's lock): 503
OVERDUE_AFTER = timedelta(minutes=5)  # a timer still pending this long after its time is overdue (held: 2 min)
FRESH = timedelta(seconds=1)  # an answer read this recently is given again (a monitor's flood costs one read)


def handler(
    ctx: AppContext, mode: str, stopped: Callable[[], list[str]]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The /healthz handler for a bot receiving by ``mode`` ("webhook" or "polling"); ``stopped`` names its
    tasks that are no longer at work. Its reading of the database is shared (``Reading``)."""
    reading = Reading(ctx)

    async def healthz(request: web.Request) -> web.Response:
        body = snapshot(ctx.now(), mode, stopped(), await reading.get())
        return web.json_response(body, status=200 if body["ok"] else 503, headers={"Cache-Control": "no-store"})

    return healthz


class Reading:
    """The figures last read, or why they could not be: a read under way is shared by every request that comes
    meanwhile, and its answer (a 503's too) by those within FRESH of its end, on the context's clock. A flood of
    requests costs one read a second, not one each beside the bot's writes."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._task: asyncio.Task[health.Figures | str] | None = None
        self._ended: datetime | None = None

    async def get(self) -> health.Figures | str:
        """The figures (or the error) of a read under way or ended less than FRESH ago, else of a new one."""
        now = self.ctx.now()
        ended = self._ended
        if self._task is None or (ended is not None and not ended <= now < ended + FRESH):
            self._ended = None
            self._task = asyncio.ensure_future(_read(self.ctx))
            self._task.add_done_callback(self._end)
        return await asyncio.shield(self._task)  # a request given up does not end the read the others wait for

    def _end(self, task: asyncio.Task[health.Figures | str]) -> None:
        if task is self._task:
            self._ended = self.ctx.now()


def snapshot(now: datetime, mode: str, stopped: list[str], figures: health.Figures | str) -> dict[str, object]:
    """The body: ok, mode and the figures, or ok false and what is wrong."""
    if isinstance(figures, str):
        return {"ok": False, "mode": mode, "error": figures}
    body: dict[str, object] = {
        "ok": not stopped,
        "mode": mode,
        "outbox_waiting": figures.outbox_waiting,
        "oldest_waiting_s": _age(now, figures.oldest_waiting),
        "timers_overdue": figures.timers_overdue,
        "last_update_s": _age(now, figures.last_update),
    }
    if stopped:
        body["error"] = "stopped: " + ", ".join(stopped)
    return body


async def _read(ctx: AppContext) -> health.Figures | str:
    """The figures now, or why the database could not be read."""
    try:
        return await asyncio.wait_for(_figures(ctx, ctx.now() - OVERDUE_AFTER), READ_WAIT_S)
    except TimeoutError:
        return f"the database was not free for {READ_WAIT_S:g} s"
    except Exception as exc:  # noqa: BLE001 - whatever it is, the answer is "not healthy"; the log says what
        log.warning("/healthz: the database cannot be read: %s", exc)
        return "the database cannot be read"


async def _figures(ctx: AppContext, overdue_before: datetime) -> health.Figures:
    async with ctx.db.read() as c:
        return await health.figures(c, overdue_before)


def _age(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(int((now - then).total_seconds()), 0)
