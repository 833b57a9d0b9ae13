"""The console's pages and sign-in: the app shell (no data in it), the sign-in page, one-time links,
and the Mini App's exchange of Telegram's initData for a session."""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

from aiohttp import web

from bot.render.i18n import esc, normalize
from bot.runtime.console import guard
from bot.runtime.console.strings import strings
from bot.services import console_auth

APP_HOME = "/console/#/board"
VIEWPORT = "width=device-width, initial-scale=1"


@cache
def _file(name: str) -> str:
    return (resources.files("bot.runtime.console") / "static" / name).read_text(encoding="utf-8")


def _html(name: str, head: str = "", viewport: str = VIEWPORT, **values: str) -> str:
    """static/name (a page's body) in the one frame, page.html, with every value HTML-escaped; lang and
    title fill the frame too, head is trusted markup added to the frame's <head>."""
    escaped = {k: esc(v) for k, v in values.items()}
    body = Template(_file(name)).substitute(escaped)
    return Template(_file("page.html")).substitute(escaped, viewport=viewport, head=head, body=body)


def _page(name: str, **values: str) -> web.Response:
    """A page from its template, every value HTML-escaped."""
    return web.Response(text=_html(name, **values), content_type="text/html", charset="utf-8")


@cache
def _shell() -> str:
    """The app (no data in it: its scripts fetch the data), with the chart library's stylesheet."""
    chart_css = '<link rel="stylesheet" href="/console/static/vendor/uPlot.min.css">\n'
    return _html("index.html", chart_css, VIEWPORT + ", viewport-fit=cover", lang="zh-Hans", title="Linli")


def _lang(request: web.Request) -> str:
    """The browser's language (pages shown before anyone is signed in)."""
    first = request.headers.get("Accept-Language", "").split(",")[0].split(";")[0].strip()
    return normalize(first or None, guard.ctx_of(request).language)


def _notice(request: web.Request, key: str, status: int = 200) -> web.Response:
    s = strings(_lang(request))
    response = _page(
        "notice.html", lang=_lang(request), title=s["console.title"], text=s[key], how=s["console.signin.how"]
    )
    response.set_status(status)
    return response


async def root(request: web.Request) -> web.StreamResponse:
    """/console → /console/."""
    raise web.HTTPFound("/console/")


async def shell(request: web.Request) -> web.StreamResponse:
    """/console/: the app for a signed-in browser; without a session, the sign-in page."""
    ctx = guard.ctx_of(request)
    if await console_auth.reader(ctx, request.cookies.get(guard.COOKIE)) is None:
        raise web.HTTPSeeOther("/console/signin")
    return web.Response(text=_shell(), content_type="text/html", charset="utf-8")


async def webapp(request: web.Request) -> web.StreamResponse:
    """/console/tg: the Mini App's entry. Telegram puts initData in the URL's #fragment, which never
    reaches a server, so this shell holds no data: its script trades initData for a session first."""
    return web.Response(text=_shell(), content_type="text/html", charset="utf-8")


async def signin(request: web.Request) -> web.StreamResponse:
    """How to get in: /console in a private chat with the bot."""
    return _notice(request, "console.signin.title")


async def login_page(request: web.Request) -> web.StreamResponse:
    """A one-time link opened: ask to continue (a link scanner's GET spends nothing)."""
    token = request.query.get("t", "")
    if not await console_auth.check_link(guard.ctx_of(request), token):
        return _notice(request, "console.login.bad", 410)
    s = strings(_lang(request))
    return _page(
        "login.html",
        lang=_lang(request),
        title=s["console.title"],
        text=s["console.login.ready"],
        button=s["console.login.continue"],
        token=token,
    )


async def login(request: web.Request) -> web.StreamResponse:
    """Spend the link for a session cookie, then open the board."""
    if not guard.same_origin(request):
        return _notice(request, "console.login.bad", 403)
    form = await request.post()
    ctx = guard.ctx_of(request)
    opened = await console_auth.redeem_link(ctx, str(form.get("t", "")))
    if opened is None:
        return _notice(request, "console.login.bad", 410)
    response = web.HTTPSeeOther(APP_HOME)
    guard.set_session_cookie(request, response, opened.session_id, ctx.settings.console_session_s)
    return response


async def webapp_session(request: web.Request) -> web.StreamResponse:
    """POST {"init_data": …} from the Mini App: a session when Telegram vouches for a staff member."""
    if request.content_type != "application/json" or not guard.same_origin(request):
        return web.json_response({"error": "console.err.csrf"}, status=403)
    try:
        body = await request.json()
        init_data = str(body.get("init_data", ""))[:4096]
    except (ValueError, AttributeError):
        return web.json_response({"error": "console.tg.failed"}, status=400)
    ctx = guard.ctx_of(request)
    opened = await console_auth.from_init_data(ctx, init_data)
    if opened is None:
        return web.json_response({"error": "console.tg.failed"}, status=401)
    response = web.json_response({"session": opened.session_id, "csrf": opened.csrf})
    guard.set_session_cookie(request, response, opened.session_id, ctx.settings.console_session_s)
    return response
