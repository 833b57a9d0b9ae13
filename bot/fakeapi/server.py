"""aiohttp server speaking the Telegram Bot API over the in-memory simulation.

Over 300 lines: the HTTP front, long polling and the test-facing helpers of the fake Telegram.

Use with PTB: ``ApplicationBuilder().token(fake.token).base_url(f"{fake.url}/bot")
.base_file_url(f"{fake.url}/file/bot")`` (PTB appends the token to both).
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from . import errors as E
from .errors import ApiError
from .faults import Fault, Faults
from .methods import METHODS
from .params import Params, Request, read_request
from .simulate import Simulator
from .state import DEFAULT_ALLOWED, JSON
from .webhook import Delivery, post_update

T = TypeVar("T")
_METHODS_CI = {name.lower(): (name, fn) for name, fn in METHODS.items()}  # Telegram ignores case


@dataclass
class Call:
    """One Bot API request as the fake saw it."""

    method: str
    params: dict[str, Any]
    time: float
    result: Any = None
    error: dict[str, Any] | None = None  # Telegram error body when the call failed
    files: dict[str, bytes] = field(default_factory=dict)
    status: int = 200
    fault: str | None = None  # "429", "502", "timeout"... when injected
    abandoned: bool = False  # client was gone before the answer
    done_at: float = 0.0  # when the answer was sent
    encoding: str = "query"  # "json", "form" or "query": how the parameters came

    @property
    def ok(self) -> bool:
        """Whether Telegram would have answered ``ok: true``."""
        return self.error is None


class FakeTelegram(Simulator):
    """A local fake of the Telegram Bot API for tests and the demo."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "linli_test_bot",
        bot_id: int | None = None,
        *,
        bot_first_name: str = "Linli Test",
        can_read_all_group_messages: bool = True,
        timeout_delay: float = 6.0,
        max_delay: float = 30.0,
    ) -> None:
        super().__init__(token, bot_username, bot_id, bot_first_name, can_read_all_group_messages)
        self.calls: list[Call] = []
        self.in_flight: list[Call] = []  # received and not answered yet (a held "timeout" answer, a long poll)
        self.port = 0
        self.timeout_delay = timeout_delay  # how long a "timeout" fault holds the answer
        self.max_delay = max_delay  # cap on every server-side wait, so nothing hangs forever
        self._faults = Faults()
        # The fault controls are the Faults' own (bot/fakeapi/faults.py): fail_next(method, code, …),
        # set_fault_rate(share, kinds, …), clear_faults().
        self.fail_next = self._faults.fail_next
        self.set_fault_rate = self._faults.set_rate
        self.clear_faults = self._faults.clear
        self._sent_counts: dict[Any, int] = {}
        self.listeners: list[Callable[[Call], None]] = []  # called with every answered call
        self._runner: web.AppRunner | None = None
        self._server: asyncio.AbstractServer | None = None
        self._stopping = asyncio.Event()
        self._poll_generation = 0
        self._reopen_task: asyncio.Task[None] | None = None
        self.deliveries: list[Delivery] = []  # every webhook POST and its answer (deliver_webhook_to)
        self._delivery_task: asyncio.Task[None] | None = None
        self._delivery_url = ""

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        if not self.port:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url`` (the token is appended by PTB)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for PTB's ``base_file_url``."""
        return f"{self.url}/file/bot"

    async def start(self) -> FakeTelegram:
        """Bind 127.0.0.1 on a free port and serve."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        self._stopping.clear()
        await self.accept_connections()
        return self

    async def stop(self) -> None:
        """Wake pending long polls / delays, close every connection and the listener."""
        self._stopping.set()
        self.notify()
        if self._reopen_task is not None:
            self._reopen_task.cancel()
            self._reopen_task = None
        if self._delivery_task is not None:
            self._delivery_task.cancel()
            self._delivery_task = None
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def refuse_connections(self, seconds: float | None = None) -> None:
        """Close the listening socket and live connections (clients get "connection refused").

        With ``seconds``, listening resumes on the same port after that delay.
        """
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._runner is not None and self._runner.server is not None:
            for conn in self._runner.server.connections:
                conn.force_close()
        if seconds is not None:
            self._reopen_task = asyncio.create_task(self._reopen_after(seconds))

    async def _reopen_after(self, seconds: float) -> None:
        await asyncio.sleep(min(seconds, self.max_delay))
        self._reopen_task = None
        await self.accept_connections()

    async def accept_connections(self) -> None:
        """(Re)open the listening socket on the same port."""
        if self._server is not None or self._runner is None or self._runner.server is None:
            return
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._runner.server, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _sleep(self, seconds: float) -> None:
        """Sleep, capped by ``max_delay`` and cut short by :meth:`stop`."""
        try:
            await asyncio.wait_for(self._stopping.wait(), min(seconds, self.max_delay))
        except TimeoutError:
            pass

    # -- webhook mode --------------------------------------------------------------------
    def deliver_webhook_to(self, url: str, retry_s: float = 0.05, answer_timeout: float = 10.0) -> None:
        """Play Telegram in webhook mode: while a webhook is set, POST every pending update to ``url`` (where
        the reverse proxy forwards the webhook URL), up to ``max_connections`` at once, with the secret token;
        forget it on a 2xx, send it again ``retry_s`` later on any other answer or none within ``answer_timeout``
        (and getWebhookInfo reports the failure). Called again: from now on to the new ``url`` (the proxy mended).
        """
        self._delivery_url = url
        if self._delivery_task is None:
            self._delivery_task = asyncio.create_task(self._deliver(retry_s, answer_timeout))
        self.notify()

    async def _deliver(self, retry_s: float, answer_timeout: float) -> None:
        loop = asyncio.get_running_loop()
        retry_at: dict[int, float] = {}
        async with aiohttp.ClientSession() as http:

            async def one(update: JSON) -> None:
                status, error = await post_update(http, self._delivery_url, self.webhook_secret, update, answer_timeout)
                self.deliveries.append(Delivery(update["update_id"], status, error))
                if 200 <= status < 300:
                    self.forget_update(update["update_id"])
                else:
                    self.webhook_error = (self.now(), error)
                    retry_at[update["update_id"]] = loop.time() + retry_s
                self.notify()

            while not self._stopping.is_set():
                now = loop.time()
                due = [u for u in self.pending() if retry_at.get(u["update_id"], 0) <= now] if self.webhook_url else []
                if not due:
                    await self.wait_changed(retry_s)
                    continue
                await asyncio.gather(*(one(u) for u in due[: self.webhook_max_connections]))

    # -- HTTP ----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, E.UNAUTHORIZED).body(), status=401)
        name = request.match_info["method"]
        try:
            req = await read_request(request)
        except ApiError as exc:
            return web.json_response(exc.body(), status=exc.code)
        entry = _METHODS_CI.get(name.lower())
        method = entry[0] if entry else ("getUpdates" if name.lower() == "getupdates" else name)
        call = Call(
            method, req.params, time.time(), files={k: u.data for k, u in req.files.items()}, encoding=req.encoding
        )
        fault = self._faults.pick(method, req.params.get("chat_id"))
        if fault is not None and not fault.is_timeout:
            return self._finish(request, call, fault.status(), fault.body(), fault)
        self.in_flight.append(call)
        self.notify()
        try:
            try:
                result = await self._dispatch(method, req)
            except ApiError as exc:
                status, body = exc.code, exc.body()
            else:
                status, body = 200, {"ok": True, "result": result}
            if fault is not None:
                await self._sleep(self.timeout_delay)
        finally:
            self.in_flight.remove(call)
        return self._finish(request, call, status, body, fault)

    def _finish(self, request: web.Request, call: Call, status: int, body: JSON, fault: Fault | None) -> web.Response:
        call.status = status
        call.result = copy.deepcopy(body.get("result")) if body.get("ok") else None
        call.error = None if body.get("ok") else body
        call.fault = str(fault.code) if fault is not None else None
        call.abandoned = request.transport is None or request.transport.is_closing()
        call.done_at = time.time()
        if call.error is None and method_sends(call.method):
            chat = call.params.get("chat_id")
            self._sent_counts[chat] = self._sent_counts.get(chat, 0) + 1
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)
        self.notify()
        return web.json_response(body, status=status)

    async def _dispatch(self, method: str, req: Request) -> Any:
        params = Params(req)
        if method == "getUpdates":
            return await self._get_updates(params)
        entry = _METHODS_CI.get(method.lower())
        if entry is None:
            raise ApiError(404, E.NOT_FOUND)
        return entry[1](self, params)

    async def _get_updates(self, p: Params) -> list[JSON]:
        """Long polling: confirm below ``offset``, wait up to ``timeout`` for updates."""
        if self.webhook_url:
            raise ApiError(409, E.WEBHOOK_CONFLICT)
        allowed = p.obj("allowed_updates") if p.has("allowed_updates") else None
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED
        offset = p.opt_int("offset")
        if offset is not None:
            self.confirm(offset)
        limit = min(max(p.int("limit", 100), 1), 100)
        timeout = float(p.get("timeout") or 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self.notify()  # wakes (and thereby terminates) an older pending long poll
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(timeout, 0.0), self.max_delay)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, E.GET_UPDATES_CONFLICT)
            updates = self.pending()
            remaining = deadline - loop.time()
            if updates or remaining <= 0 or self._stopping.is_set():
                return copy.deepcopy(updates[:limit])
            await self.wait_changed(remaining)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, E.UNAUTHORIZED).body(), status=401)
        file_id = request.match_info["path"].removeprefix("files/")
        if file_id not in self.files:
            return web.json_response(ApiError(404, E.NOT_FOUND).body(), status=404)
        return web.Response(body=self.files[file_id][1])

    # -- records -------------------------------------------------------------------------
    def sent_count(self, chat_id: int) -> int:
        """How many messages the bot sent to a chat successfully (cheap: kept as a counter)."""
        return self._sent_counts.get(chat_id, 0)

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Calls of one method (optionally only succeeded / failed ones)."""
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def mark(self) -> int:
        """Current number of calls; pass as ``since`` to :meth:`wait_for_call`."""
        return len(self.calls)

    def messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages currently in a chat (edits applied, deleted ones gone)."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [copy.deepcopy(m) for m in chat.messages.values() if self.is_bot_message(m)]

    def sent_to(self, chat_id: int) -> list[JSON]:
        """Every message the bot successfully sent to a chat, as returned at send time."""
        return [
            c.result
            for c in self.calls
            if c.ok
            and isinstance(c.result, dict)
            and c.result.get("chat", {}).get("id") == chat_id
            and c.method.startswith(("send", "forward"))
        ]

    def find_message(self, chat_id: int, contains: str) -> JSON | None:
        """Latest bot message in the chat whose text or caption contains ``contains``."""
        for msg in reversed(self.messages(chat_id)):
            if contains in (msg.get("text") or msg.get("caption") or ""):
                return msg
        return None

    # -- waiting -------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 10.0) -> T:
        """Re-evaluate ``predicate`` on every change (and every 0.1 s) until it returns a truthy value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(f"{c.method}:{c.status}" for c in self.calls[-8:])
                raise TimeoutError(f"condition not met within {timeout}s; recent calls: {recent}")
            await self.wait_changed(min(remaining, 0.1))

    async def wait_for_call(
        self,
        method: str,
        match: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> Call:
        """First call of ``method`` (from index ``since``) whose params satisfy ``match``."""

        def find() -> Call | None:
            for call in self.calls[since:]:
                if call.method == method and (match is None or match(call.params)):
                    return call
            return None

        return await self.wait_for(find, timeout)

    def updates_pending(self) -> int:
        """Number of queued updates the bot has not confirmed yet."""
        return len(self.pending())

    async def wait_until_updates_consumed(self, timeout: float = 10.0) -> None:
        """Wait until the bot fetched and confirmed (next getUpdates offset) every queued update."""
        await self.wait_for(lambda: self.updates_pending() == 0, timeout)


def method_sends(method: str) -> bool:
    """Whether a method posts a new message."""
    return method in ("sendMessage", "sendPhoto", "sendPoll")
