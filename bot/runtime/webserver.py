"""The bot's own HTTP server (aiohttp): the webhook receiver and the committee's console.

A webhook request is answered 200 only after its update is committed to the inbox; a database that
cannot take it (locked, full, or busy beyond STORE_WAIT_S) gets 503, and Telegram sends the update again later.
"""

from __future__ import annotations

import errno
import hmac
import json
import logging
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.context import AppContext
from storage import inbox

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How long an update waits for the database's connection (another transaction, itself maybe waiting out
# BUSY_TIMEOUT_MS for another program's lock) before the answer is 503: Telegram sends it again, instead
# of every POST queueing behind the last and Telegram giving up on the answer.
STORE_WAIT_S = 2.0


class ListenError(Exception):
    """The web server could not listen on its address; the sentence names the settings to change."""


class WebServer:
    """One aiohttp application on one address; routes are added before start()."""

    def __init__(self, listen: str, port: int, settings: tuple[str, str] = ("the listen address", "port")) -> None:
        self.listen = listen
        self.port = port
        self.settings = settings  # the names of the settings the address and port come from
        self.app = web.Application(client_max_size=2**20)
        self._runner: web.AppRunner | None = None

    def add_webhook(self, path: str, secret: str, ctx: AppContext, on_stored: Callable[[], None]) -> None:
        """POST /<path>: Telegram's updates, refused with 403 without the secret header."""

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")  # bytes: any text
            if not hmac.compare_digest(given, secret.encode()):
                log.warning("webhook request without the right secret from %s refused", request.remote)
                return web.Response(status=403)
            try:
                update = json.loads(await request.read())
            except ValueError:
                return web.Response(status=400)
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                return web.Response(status=400)
            try:
                async with ctx.db.tx(wait=STORE_WAIT_S) as c:
                    await inbox.add_delivered(c, update, ctx.now())
            except TimeoutError:
                log.warning("update %s not stored: the database is busy; Telegram will retry", update["update_id"])
                return web.Response(status=503)
            except Exception as exc:  # noqa: BLE001 - locked or full: Telegram will send it again
                log.warning("could not store update %s (%s); Telegram will retry", update["update_id"], exc)
                return web.Response(status=503)
            on_stored()
            return web.Response(status=200)

        self.app.router.add_post("/" + path.strip("/"), receive)

    def add_health(self, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> None:
        """GET /healthz (bot/runtime/health.py)."""
        self.app.router.add_get("/healthz", handler)

    def add_console(self, console: web.Application) -> None:
        """/console/…: the committee's console (bot/runtime/console), on the same address as the webhook if any."""
        self.app.add_subapp("/console", console)

    async def start(self) -> None:
        """Listen; ListenError when the address cannot be listened on, naming the settings to fix (the start said
        only "Name or service not known." after "Linli ready": set-up review)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.listen, self.port).start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise ListenError(self._why(exc)) from None

    def _why(self, exc: OSError) -> str:
        address, port = self.settings
        said = f"cannot listen on {self.listen}:{self.port} ({exc.strerror or exc})"
        if isinstance(exc, socket.gaierror):  # "0.0.0.0:8080", "localhost:8443", a misspelt host name
            return f"{said}: {address} is an address alone, such as 127.0.0.1 or 0.0.0.0 (the port is {port})"
        if exc.errno == errno.EADDRINUSE:
            return f"{said}: another program listens there; set {port} to a free port, or stop that program"
        return f"{said}: check {address} and {port}"

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
