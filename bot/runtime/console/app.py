"""The console's aiohttp application: one routing table; bot/runtime mounts it under /console."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path

from aiohttp import web

from bot.context import AppContext
from bot.runtime.console import actions, api, guard, pages

FileFetcher = Callable[[str], Awaitable[bytes]]


def static_dir() -> Path:
    """The checked-in HTML, CSS, JavaScript and vendored chart library."""
    return Path(str(resources.files("bot.runtime.console") / "static"))


def build(ctx: AppContext, fetch_file: FileFetcher) -> web.Application:
    """The console for this bot; ``fetch_file`` downloads a Telegram file by its id (photos)."""
    app = web.Application(middlewares=[guard.headers, guard.sessions], client_max_size=64 * 1024)
    app[guard.CTX] = ctx
    app[guard.FETCH] = fetch_file
    r = app.router
    # Pages and sign-in (the shell holds no data; /tg is the Mini App's entry, see pages.webapp).
    r.add_get("", pages.root)
    r.add_get("/", pages.shell)
    r.add_get("/tg", pages.webapp)
    r.add_get("/signin", pages.signin)
    r.add_get("/login", pages.login_page)
    r.add_post("/login", pages.login)
    r.add_post("/api/session", pages.webapp_session)
    # Reads.
    r.add_get("/api/me", api.me)
    r.add_get("/api/board", api.board)
    r.add_get("/api/events", api.events_list)
    r.add_get("/api/events/{id}", api.event)
    r.add_get("/api/media/{id}", api.photo)
    r.add_get("/api/hotspots", api.spots)
    r.add_get("/api/trends", api.trends)
    r.add_get("/api/rota", api.rota)
    r.add_get("/api/export", api.download)
    # Changes (CSRF token and JSON body required by guard.sessions).
    r.add_post("/api/lang", actions.language)
    r.add_post("/api/logout", actions.logout)
    r.add_post("/api/events/{id}/reassign", actions.reassign)
    r.add_post("/api/events/{id}/correct", actions.correct)
    r.add_post("/api/events/{id}/close", actions.close)
    r.add_post("/api/rota", actions.rota_change)
    r.add_static("/static/", static_dir(), append_version=False)
    return app
