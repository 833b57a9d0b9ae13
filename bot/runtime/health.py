"""GET /healthz on the bot's web server: 200 and a few figures while the bot works, 503 when its database cannot
be read or one of its own tasks (inbox, sender, poller) stopped. Counts and ages only: no names, words, ids or
settings, so it needs no sign-in (a monitor or a container's HEALTHCHECK calls it)."""

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


def handler(
    ctx: AppContext, mode: str, stopped: Callable[[], list[str]]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The /healthz handler for a bot receiving by ``mode`` ("webhook" or "polling"); ``stopped`` names its
    tasks that are no longer at work."""

    async def healthz(request: web.Request) -> web.Response:
        body = await snapshot(ctx, mode, stopped())
        return web.json_response(body, status=200 if body["ok"] else 503, headers={"Cache-Control": "no-store"})

    return healthz


async def snapshot(ctx: AppContext, mode: str, stopped: list[str]) -> dict[str, object]:
    """The body: ok, mode and the figures, or ok false and what is wrong."""
    now = ctx.now()
    try:
        figures = await asyncio.wait_for(_read(ctx, now - OVERDUE_AFTER), READ_WAIT_S)
    except TimeoutError:
        return {"ok": False, "mode": mode, "error": f"the database was not free for {READ_WAIT_S:g} s"}
    except Exception as exc:  # noqa: BLE001 - whatever it is, the answer is "not healthy"; the log says what
        log.warning("/healthz: the database cannot be read: %s", exc)
        return {"ok": False, "mode": mode, "error": "the database cannot be read"}
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


async def _read(ctx: AppContext, overdue_before: datetime) -> health.Figures:
    async with ctx.db.read() as c:
        return await health.figures(c, overdue_before)


def _age(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(int((now - then).total_seconds()), 0)
