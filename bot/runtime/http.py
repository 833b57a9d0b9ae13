"""PTB's HTTP layer over aiohttp: a ``telegram.request.BaseRequest`` for the Bot and its long poll.

Measured cheaper per call than PTB's default HTTPXRequest (docs/benchmarks.md, "HTTP"): aiohttp parses
HTTP in C and has no anyio layer between the socket and the event loop. PTB turns the status code and
body into its errors (``BaseRequest._request_wrapper``); this class only moves bytes and maps transport
failures: a timeout to ``TimedOut``, anything else on the wire to ``NetworkError``. Parameters go as
one JSON object (multipart only with an upload): a form would cost aiohttp a multipart writer and a
percent-encoding of every value per call.
"""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

from bot.runtime.logging_setup import redact

log = logging.getLogger(__name__)

_JSON_HEADERS = {"Content-Type": "application/json"}
DEFAULT_POOL_SIZE = 32  # the sender keeps 8 calls in flight and the inbox 8 handlers; room for jobs besides


class AiohttpRequest(BaseRequest):
    """One aiohttp session with at most ``connection_pool_size`` connections, opened in ``initialize``.

    Timeouts mean what they mean in PTB's HTTPXRequest: ``connect`` to open a connection, ``read`` to wait
    for the answer, ``pool`` to wait for a free connection (then ``TimedOut``, the request not sent), and
    ``write`` (``media_write_timeout`` for uploads) to send the request; aiohttp has no separate write
    timeout, so a call as a whole is cut off after connect + write + read.
    """

    __slots__ = ("_connect", "_media_write", "_pool", "_pool_size", "_proxies", "_read", "_session", "_slots", "_write")

    def __init__(
        self,
        connection_pool_size: int = DEFAULT_POOL_SIZE,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None
        self._proxies: dict[str, tuple[URL | None, aiohttp.BasicAuth | None]] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (seconds)."""
        return self._read

    @property
    def connection_pool_size(self) -> int:
        """At most this many connections (and calls in flight) at once."""
        return self._pool_size

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is not None and not self._session.closed:
            return
        connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=self._pool_size, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": self.USER_AGENT},
            timeout=aiohttp.ClientTimeout(total=None),
            # Not trust_env: aiohttp would then read ~/.netrc on every request. The proxy variables that
            # httpx honours (HTTPS_PROXY, NO_PROXY...) are read once per host instead (_proxy).
            trust_env=False,
            raise_for_status=False,
        )
        self._slots = asyncio.Semaphore(self._pool_size)
        self._proxies.clear()

    async def shutdown(self) -> None:
        """Close every connection; calls still waiting fail with NetworkError."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP call: (status, body)."""
        session, slots = self._session, self._slots
        if session is None or session.closed or slots is None:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None and request_data.contains_files else None
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write = self._media_write if files else self._write
        else:
            write = write_timeout
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            body = _form(request_data, files)  # type: ignore[arg-type]
        elif request_data is not None:
            body, headers = _json(request_data), _JSON_HEADERS
        await _acquire(slots, pool)
        try:
            phases = (connect, write, read)
            timeout = aiohttp.ClientTimeout(
                total=None if None in phases else sum(phases),  # type: ignore[arg-type]
                sock_connect=connect,
                sock_read=read,
            )
            proxy, proxy_auth = self._proxy(url)
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=proxy, proxy_auth=proxy_auth
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's ServerTimeoutError is one too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:  # some (ClientResponseError) name the URL, and so the token
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {redact(str(exc))}") from exc
        finally:
            slots.release()

    def _proxy(self, url: str) -> tuple[URL | None, aiohttp.BasicAuth | None]:
        """The proxy the environment names for this URL's host (looked up once per host)."""
        key = url.split("/", 3)[:3]  # scheme and host, without parsing the whole URL on every call
        found = self._proxies.get(key[0] + "//" + key[-1])
        if found is None:
            try:
                found = get_env_proxy_for_url(URL(url))
            except LookupError:
                found = (None, None)
            self._proxies[key[0] + "//" + key[-1]] = found
        return found


async def _acquire(slots: asyncio.Semaphore, timeout: float | None) -> None:
    if not slots.locked():
        await slots.acquire()  # a free slot: no timer needed
        return
    try:
        await asyncio.wait_for(slots.acquire(), timeout)
    except TimeoutError:
        raise TimedOut("Pool timeout: all connections are busy; the request was not sent to Telegram.") from None


def _json(request_data: RequestData) -> bytes:
    """The parameters as one JSON object (Telegram takes application/json): cheaper than a form, whose
    every value aiohttp would percent-encode after PTB had JSON-encoded it on its own."""
    return json.dumps(request_data.parameters, separators=(",", ":")).encode()


def _form(request_data: RequestData, files: dict) -> aiohttp.FormData:
    """multipart/form-data: the parameters as fields, then each file with its name and type."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
