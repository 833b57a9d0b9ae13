"""Every console request passes here: security headers, the session, the role, and CSRF on changes.

- A session comes from the HttpOnly cookie (browsers) or ``Authorization: Bearer`` (the Mini App keeps
  it in memory: Telegram's web client runs Mini Apps in a third-party frame, where cookies are blocked).
- Every ``/api/`` route but the Mini App's sign-in needs a live session of someone who is staff now.
- Every change (POST) must carry the session's CSRF token in ``X-CSRF-Token`` and a JSON body.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from aiohttp import web

from bot.context import AppContext
from bot.core import webauth
from bot.services import console_auth
from bot.services.console_auth import Reader

log = logging.getLogger(__name__)
COOKIE = "linli_console"
COOKIE_PATH = "/console"
OPEN_API = frozenset({"/console/api/session"})  # the Mini App's sign-in: initData is its credential
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:;"
    " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none';"
    " frame-ancestors 'self' https://web.telegram.org https://*.web.telegram.org"
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CTX = web.AppKey("linli_ctx", AppContext)
FETCH = web.AppKey("linli_fetch_file", Callable[[str], Awaitable[bytes]])
# aiohttp >= 3.12 has typed request keys; older versions take the plain string.
READER = web.RequestKey("linli_reader", Reader) if hasattr(web, "RequestKey") else "linli_reader"


def ctx_of(request: web.Request) -> AppContext:
    """The running bot's context."""
    return request.config_dict[CTX]


def reader_of(request: web.Request) -> Reader:
    """The signed-in reader (set by the middleware)."""
    return request[READER]  # type: ignore[index]


def https(request: web.Request) -> bool:
    """Whether people reach the console over https (directly or behind a proxy told by CONSOLE_PUBLIC_URL)."""
    return request.secure or ctx_of(request).console_url.startswith("https://")


def session_id(request: web.Request) -> str | None:
    """The session id presented by cookie or bearer header."""
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[7:].strip() or None
    return request.cookies.get(COOKIE)


def set_session_cookie(request: web.Request, response: web.StreamResponse, value: str, max_age: int) -> None:
    """HttpOnly, SameSite=Lax, Secure over https, only for the console's paths."""
    response.set_cookie(
        COOKIE, value, max_age=max_age, path=COOKIE_PATH, httponly=True, secure=https(request), samesite="Lax"
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Sign-out: the browser forgets the cookie."""
    response.del_cookie(COOKIE, path=COOKIE_PATH)


def same_origin(request: web.Request) -> bool:
    """A browser's form or fetch comes from the console's own pages (no Origin header: not a browser's
    cross-site request, which always sends one on POST)."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    allowed = {request.host}
    if ctx_of(request).console_url:
        allowed.add(urlparse(ctx_of(request).console_url).netloc)
    return urlparse(origin).netloc in allowed


def _refuse(status: int, key: str) -> web.Response:
    return web.json_response({"error": key}, status=status)


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer; nothing the console serves is cached by proxies."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")  # a sign-in link never leaks to another site
    if not request.path.startswith("/console/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    if isinstance(response, web.HTTPException):
        raise response
    return response


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The API needs a staff session; a change also needs the CSRF token and a JSON body."""
    if not request.path.startswith("/console/api/") or request.path in OPEN_API:
        return await handler(request)
    reader = await console_auth.reader(ctx_of(request), session_id(request))
    if reader is None:
        return _refuse(401, "console.err.session")
    if request.method not in SAFE:
        if not webauth.same_token(request.headers.get("X-CSRF-Token"), reader.csrf) or not same_origin(request):
            log.warning("console: change without a valid CSRF token refused (%s %s)", request.method, request.path)
            return _refuse(403, "console.err.csrf")
        if request.content_type != "application/json":
            return _refuse(415, "console.err.csrf")
    request[READER] = reader  # type: ignore[index]
    return await handler(request)
