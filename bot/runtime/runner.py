"""The running bot as one object: lock, Application, inbox, sender and timers, poller or webhook.

``linli run``, the tests, the benchmarks and the demo all start the bot through ``BotRuntime``.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from telegram.ext import Application

from bot.config import Settings
from bot.context import AppContext
from bot.core.community import Community
from bot.runtime import backups, housekeeping, webhook_watch
from bot.runtime.app import ALLOWED_UPDATES, build_application, stop_sending
from bot.runtime.inbox_runner import InboxRunner
from bot.runtime.poller import POLL_TIMEOUT_S, Poller
from storage import inbox
from storage.instance_lock import InstanceLock

if TYPE_CHECKING:  # aiohttp.web is imported only when a web server is started (webhook or console)
    from bot.runtime.webserver import WebServer

log = logging.getLogger(__name__)


@dataclass(eq=False, repr=False)  # no repr: its settings hold the token
class BotRuntime:
    """Start and stop the whole bot; ``fatal`` holds the sentence when it had to stop by itself."""

    settings: Settings
    community: Community
    clock: Callable[[], datetime] | None = None
    webhook_url: str | None = None
    poll_timeout: float = POLL_TIMEOUT_S
    # what `start` makes
    app: Application | None = field(default=None, init=False)
    inbox: InboxRunner | None = field(default=None, init=False)
    poller: Poller | None = field(default=None, init=False)
    server: WebServer | None = field(default=None, init=False)
    fatal: str | None = field(default=None, init=False)
    stopped: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _lock: InstanceLock | None = field(default=None, init=False)
    _initialized: bool = field(default=False, init=False)

    @property
    def ctx(self) -> AppContext:
        """The running bot's context."""
        assert self.app is not None
        return self.app.bot_data["ctx"]

    async def start(self) -> BotRuntime:
        """Everything up, in order; on any failure what was started is stopped again and the error raised."""
        try:
            if str(self.settings.database_path) != ":memory:":
                self._lock = InstanceLock(self.settings.database_path).acquire()
            self.app = build_application(self.settings, self.community, self.clock)
            await self.app.initialize()
            self._initialized = True
            await self.app.post_init(self.app)  # type: ignore[misc]
            self.inbox = InboxRunner(self.app, self.ctx)
            self.app.bot_data["inbox"] = self.inbox
            self.ctx.inbox_hook = self.inbox.wake
            self.inbox.start()
            await self.app.start()
            backups.schedule(self.app, self.ctx)
            housekeeping.schedule(self.app, self.ctx)
            if self.webhook_url:
                await self._start_webhook()
            else:
                await self._start_console_server()
                self.poller = Poller(
                    self.app.bot,
                    self.ctx,
                    self.inbox.wake,
                    ALLOWED_UPDATES,
                    timeout=self.poll_timeout,
                    on_fatal=self._on_fatal,
                )
                await self.poller.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def _start_webhook(self) -> None:
        from bot.runtime.webhook import path_mismatch, secret_token, webhook_params
        from bot.runtime.webserver import WebServer

        assert self.app is not None and self.inbox is not None
        params = webhook_params(self.settings, self.webhook_url or "")
        if warning := path_mismatch(self.settings, self.webhook_url or ""):
            log.warning(warning)
        self.server = WebServer(params["listen"], params["port"], ("WEBHOOK_LISTEN", "WEBHOOK_PORT"))
        self.server.add_webhook(params["url_path"], secret_token(self.settings), self.ctx, self.inbox.wake)
        self._mount_health(self.server, "webhook")
        self._mount_console(self.server, params["listen"], params["port"])
        await self.server.start()
        async with self.ctx.db.tx() as c:
            await inbox.forget_offset(c)
        await self.app.bot.set_webhook(
            self.webhook_url or "",
            secret_token=params["secret_token"],
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
        webhook_watch.schedule(self.app, self.ctx, self.webhook_url or "")

    async def _start_console_server(self) -> None:
        """Polling mode: the console gets the bot's web server to itself, on CONSOLE_LISTEN:CONSOLE_PORT."""
        if not self.settings.console_enabled:
            return
        from bot.runtime.webserver import WebServer

        self.server = WebServer(
            self.settings.console_listen, self.settings.console_port, ("CONSOLE_LISTEN", "CONSOLE_PORT")
        )
        self._mount_health(self.server, "polling")
        self._mount_console(self.server, self.settings.console_listen, self.settings.console_port)
        await self.server.start()

    def _mount_health(self, server: WebServer, mode: str) -> None:
        from bot.runtime.health import handler

        server.add_health(handler(self.ctx, mode, self._stopped_tasks))

    def _stopped_tasks(self) -> list[str]:
        """The bot's own background tasks that are no longer at work (for /healthz; the poller once started)."""
        if self.app is None:
            return ["bot"]  # stopping
        parts = [("inbox", self.inbox), ("sender", self.app.bot_data.get("sender"))]
        if self.poller is not None:
            parts.append(("poller", self.poller))
        return [name for name, part in parts if part is None or not part.running()]

    def _mount_console(self, server: WebServer, listen: str, port: int) -> None:
        from bot.runtime.console.app import build
        from bot.runtime.console_files import file_fetcher

        if not self.settings.console_enabled:
            return
        assert self.app is not None
        self.ctx.console_url = console_url(self.settings.console_public_url, listen, port)
        server.add_console(build(self.ctx, file_fetcher(self.app.bot)))
        log.info("console at %s/console/", self.ctx.console_url)

    def _on_fatal(self, message: str) -> None:
        self.fatal = message
        self.stopped.set()

    async def stop(self) -> None:
        """Stop receiving, finish what is being handled, stop sending and the timers, release the lock."""
        ctx: AppContext | None = self.app.bot_data.get("ctx") if self.app is not None else None  # none: start failed
        app, self.app = self.app, None
        if self.poller:
            await self.poller.stop()
            self.poller = None
        if self.server:
            await self.server.stop()
            self.server = None
            if ctx is not None:
                from bot.services import console_export

                await console_export.stop_all(ctx)
        if self.inbox:
            await self.inbox.stop()
            self.inbox = None
        if app is not None:
            try:
                await stop_sending(app)
                if app.running:
                    await app.stop()
                if self._initialized:
                    await app.shutdown()
                else:  # initialize failed (a rejected token, say): the bot's HTTP sessions may be open
                    await app.bot.shutdown()
            finally:
                await app.post_shutdown(app)  # type: ignore[misc]
        self._initialized = False
        if self._lock:
            self._lock.release()
            self._lock = None
        self.stopped.set()

    async def run_until_signal(self, on_ready: Callable[[], None] | None = None) -> None:
        """``linli run``: start, then run until SIGINT/SIGTERM or a fatal error, then stop cleanly."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stopped.set)
        await self.start()
        if on_ready is not None:
            on_ready()
        log.info("receiving updates by %s", "webhook" if self.webhook_url else "long polling")
        await self.stopped.wait()
        await self.stop()


def console_url(public_url: str, listen: str, port: int) -> str:
    """Where people open the console: CONSOLE_PUBLIC_URL, else the address the server listens on."""
    if public_url:
        return public_url.rstrip("/")
    host = "127.0.0.1" if listen in ("", "0.0.0.0", "::") else listen
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"
