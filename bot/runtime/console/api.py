"""The console's JSON reads: who I am, the board, an event, a photo, hot spots, trends, the rota, exports.

Each route reads the request, calls one service with the signed-in reader, and answers JSON; an event
outside the reader's share is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

import hashlib
import json
import logging

from aiohttp import web

from bot.core.console_query import BoardCursor, Desk, EventFilter
from bot.core.permissions import Role
from bot.core.types import Category, Urgency
from bot.render.i18n import LANGUAGES
from bot.runtime.console import guard
from bot.runtime.console.strings import strings
from bot.services import console_board, console_event, console_export, console_rota, console_stats
from bot.services.console_auth import Reader

log = logging.getLogger(__name__)
REFRESH_S = 3  # how often the board asks whether anything changed (answered 304 when nothing did)
CATEGORIES = tuple(c.value for c in Category)
COLOURS = tuple(u.value for u in Urgency)


def _json(data: object, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _bad(key: str = "console.err.bad_value", status: int = 400) -> web.Response:
    return _json({"error": key}, status)


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None or value == "":
        return default
    if not value.lstrip("-").isdigit() or len(value) > 18:
        raise ValueError(value)
    return int(value)


def _filter(request: web.Request) -> EventFilter:
    """The board's filter from the query string; ValueError for a value that names nothing."""
    ctx = guard.ctx_of(request)
    q = request.query
    grid = q.get("grid") or None
    if grid is not None and ctx.community.grid(grid) is None:
        raise ValueError(grid)
    desk = None
    if q.get("team"):
        team = ctx.community.team(q["team"])
        if team is None:
            raise ValueError(q["team"])
        desk = Desk(tuple(c.value for c in team.categories), tuple(team.grids))
    category, urgency = q.get("category") or None, q.get("urgency") or None
    if category not in (None, *CATEGORIES) or urgency not in (None, *COLOURS):
        raise ValueError(category or urgency)
    return EventFilter(grid=grid, desk=desk, category=category, urgency=urgency, assignee=_int(q.get("worker")))


async def me(request: web.Request) -> web.Response:
    """The reader, their language's texts, their CSRF token, and the filters' choices."""
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    name = (await console_board.names_of(ctx, {who.user_id}))[who.user_id]
    desks = set(console_rota.desks_of(ctx, who))
    return _json(
        {
            "user": {"id": who.user_id, "name": name},
            "role": who.role.value,
            "lang": who.language,
            "languages": list(LANGUAGES),
            "csrf": who.csrf,
            "strings": strings(who.language),
            "refresh_s": REFRESH_S,
            "tz": ctx.community.community.timezone,
            "grids": [{"id": g.id, "name": g.name} for g in ctx.community.grids if g.id in desks],
            "teams": [{"id": t.id, "name": t.name} for t in ctx.community.teams if t.id in desks and t.categories],
            "workers": [{"id": w.telegram_id, "name": w.name} for w in ctx.community.workers],
            "categories": list(CATEGORIES),
            "colours": list(COLOURS),
        }
    )


async def board(request: web.Request) -> web.Response:
    """Open events and counts, a page at a time (``after``: the previous page's "next"); answered 304 when nothing
    changed since the reader's last look."""
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    try:
        f = _filter(request)
        limit = _int(request.query.get("limit"), console_board.LIMIT_DEFAULT) or console_board.LIMIT_DEFAULT
        after = BoardCursor.parse(request.query["after"]) if request.query.get("after") else None
    except ValueError:
        return _bad()
    version = await console_board.version(ctx)
    tag = 'W/"' + hashlib.sha256(f"{version}|{who.user_id}|{request.query_string}".encode()).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == tag:
        return web.Response(status=304, headers={"ETag": tag})
    response = _json(await console_board.board(ctx, who, f, limit, after))
    response.headers["ETag"] = tag
    return response


async def events_list(request: web.Request) -> web.Response:
    """Events of a building and category in the last days (the hot spots' click-through)."""
    q = request.query
    try:
        days = _int(q.get("days"), 30) or 30
    except ValueError:
        return _bad()
    category = q.get("category") or None
    if category not in (None, *CATEGORIES) or not 1 <= days <= 366:
        return _bad()
    return _json(
        await console_board.events_at(
            guard.ctx_of(request), guard.reader_of(request), category, q.get("building") or None, days
        )
    )


def _event_id(request: web.Request) -> int | None:
    value = request.match_info.get("id", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


async def event(request: web.Request) -> web.Response:
    """One event's page data."""
    event_id = _event_id(request)
    data = (
        None
        if event_id is None
        else await console_event.detail(guard.ctx_of(request), guard.reader_of(request), event_id)
    )
    return _json(data) if data is not None else _bad("console.not_found", 404)


async def photo(request: web.Request) -> web.StreamResponse:
    """A photo (an image file, a video) of an event in the reader's share, fetched from Telegram through the bot,
    served as what it is."""
    media_id = _event_id(request)
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    found = None if media_id is None else await console_event.media_file_id(ctx, who, media_id)
    if found is None:
        return _bad("console.not_found", 404)
    file_id, sent_as = found
    try:
        data = await request.config_dict[guard.FETCH](file_id)
    except Exception as exc:  # noqa: BLE001 - Telegram unreachable or the file expired: the page shows no image
        log.info("console: photo %s could not be fetched (%s)", media_id, type(exc).__name__)
        return _bad("console.error", 502)
    kind = content_type(data, sent_as)
    return web.Response(body=data, content_type=kind, headers={"Cache-Control": "no-store"})  # not after sign-out


def content_type(data: bytes, sent_as: str | None) -> str:
    """What a fetched file is: a photo is a JPEG (Telegram recompresses every one), a voice message Ogg Opus, an
    image sent as a file or a video is read from its first bytes (PNG, GIF, WebP; WebM, QuickTime), else a JPEG or
    an MP4."""
    if sent_as == "voice":
        return "audio/ogg"
    if sent_as == "video":
        if data.startswith(b"\x1a\x45\xdf\xa3"):
            return "video/webm"
        return "video/quicktime" if data[4:12] == b"ftypqt  " else "video/mp4"
    if sent_as == "document":
        if data.startswith(b"\x89PNG"):
            return "image/png"
        if data.startswith(b"GIF8"):
            return "image/gif"
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return "image/webp"
    return "image/jpeg"


async def spots(request: web.Request) -> web.Response:
    """Buildings × categories of the last 30 or 90 days."""
    try:
        days = _int(request.query.get("days"), 30) or 30
    except ValueError:
        return _bad()
    return _json(await console_stats.hot_spots(guard.ctx_of(request), guard.reader_of(request), days))


def _grid_allowed(request: web.Request, who: Reader, grid: str | None) -> bool:
    ctx = guard.ctx_of(request)
    if grid is None:
        return True
    return ctx.community.grid(grid) is not None and (who.role is Role.ADMIN or grid in who.visibility.grids)


async def trends(request: web.Request) -> web.Response:
    """Weekly figures, per grid and per worker."""
    who = guard.reader_of(request)
    grid = request.query.get("grid") or None
    try:
        n = _int(request.query.get("weeks"), console_stats.WEEKS_DEFAULT) or console_stats.WEEKS_DEFAULT
    except ValueError:
        return _bad()
    if not _grid_allowed(request, who, grid):
        return _bad("console.not_found", 404)
    return _json(await console_stats.trends(guard.ctx_of(request), who, n, grid))


async def rota(request: web.Request) -> web.Response:
    """On duty now, the coming week, covers and swaps."""
    return _json(await console_rota.week(guard.ctx_of(request), guard.reader_of(request)))


async def download(request: web.Request) -> web.StreamResponse:
    """CSV, XLSX or Open311 of a period."""
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    fmt = request.query.get("format", "xlsx")  # what Excel and WPS open as they are
    if fmt not in console_export.TYPES:
        return _bad()
    try:
        first, last = console_export.period(ctx, request.query.get("since"), request.query.get("until"))
    except console_export.PeriodError as exc:
        return _bad(exc.reason)
    try:
        file = await console_export.download(ctx, who, fmt, first, last)
    except console_export.Busy as exc:
        return _bad(exc.reason, 409)
    log.info("console: user %s exported %s events (%s)", who.user_id, file.rows, fmt)
    return web.Response(
        body=file.data,
        headers={"Content-Type": file.content_type, "Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
