"""The console's changes (POST, JSON, CSRF-checked by guard.py): language, sign-out, an admin's
reassign / correct / close of an event, and rota covers and swaps. Each calls one service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.context import AppContext
from bot.render.i18n import plain
from bot.runtime.console import guard
from bot.runtime.console.api import _event_id, _json
from bot.runtime.console.strings import strings
from bot.services import console_auth, console_rota, steering
from bot.services.steering import Done


async def _body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else None


def _str(value: object, limit: int = 64) -> str | None:
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _answer(request: web.Request, done: Done) -> web.Response:
    who = guard.reader_of(request)
    status = (
        200
        if done.ok
        else (403 if done.key.endswith(".forbidden") else 404 if done.key.endswith(".not_found") else 409)
    )
    values = {k: str(v) for k, v in done.values.items()}
    return _json({"ok": done.ok, "key": done.key, "message": plain(who.language, done.key, **values)}, status)


async def language(request: web.Request) -> web.Response:
    """The reader's language for the console."""
    body = await _body(request)
    lang = await console_auth.set_language(guard.ctx_of(request), guard.reader_of(request), str(body.get("lang")))
    return _json({"lang": lang, "strings": strings(lang)})


async def logout(request: web.Request) -> web.Response:
    """End the session."""
    await console_auth.sign_out(guard.ctx_of(request), guard.reader_of(request))
    response = _json({"ok": True})
    guard.clear_session_cookie(response)
    return response


EventChange = Callable[[AppContext, int, int, dict], Awaitable[Done]]
BAD_VALUE = Done(False, "console.err.bad_value")


async def _on_event(request: web.Request, change: EventChange) -> web.Response:
    """change(ctx, the reader's user id, the event id in the path, the JSON body), answered."""
    event_id, body = _event_id(request), await _body(request)
    if event_id is None:
        return _answer(request, BAD_VALUE)
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    return _answer(request, await change(ctx, who.user_id, event_id, body))


def _shown(body: dict) -> dict | None:
    """What the page showed when the change was asked ({"shown": {…}}), to refuse a change over a newer one."""
    shown = body.get("shown")
    return shown if isinstance(shown, dict) else None


async def _reassign(ctx: AppContext, user_id: int, event_id: int, body: dict) -> Done:
    worker, shown = _int(body.get("worker")), _shown(body)
    if worker is None:
        return BAD_VALUE
    if shown is None or "assignee" not in shown:
        return await steering.reassign(ctx, user_id, event_id, worker)
    return await steering.reassign(ctx, user_id, event_id, worker, _int(shown["assignee"]))


async def _correct(ctx: AppContext, user_id: int, event_id: int, body: dict) -> Done:
    category, urgency, shown = _str(body.get("category")), _str(body.get("urgency")), _shown(body)
    note = _str(body.get("note"), 500)  # for the worker told of a raised colour
    if shown is None:
        return await steering.correct(ctx, user_id, event_id, category, urgency, note=note)
    was_category, was_urgency = _str(shown.get("category")), _str(shown.get("urgency"))
    if was_category is None or was_urgency is None:
        return BAD_VALUE
    return await steering.correct(ctx, user_id, event_id, category, urgency, (was_category, was_urgency), note)


async def _close(ctx: AppContext, user_id: int, event_id: int, body: dict) -> Done:
    outcome, note, shown = str(body.get("outcome", "")), _str(body.get("note"), 500), _shown(body)
    if shown is None or "status" not in shown or "assignee" not in shown:
        # a close cannot be undone: one from a page that does not say what it showed (a script older than this
        # server, still open) is refused as from a page that no longer shows the event: "reload the page"
        return await steering.close(ctx, user_id, event_id, outcome, note, None)
    status = _str(shown["status"])
    if status is None:
        return BAD_VALUE
    return await steering.close(ctx, user_id, event_id, outcome, note, (status, _int(shown["assignee"])))


async def reassign(request: web.Request) -> web.Response:
    """{"worker": id, "shown": {"assignee": id or null}}: an admin gives the event to another worker."""
    return await _on_event(request, _reassign)


async def correct(request: web.Request) -> web.Response:
    """{"category": …, "urgency": …, "shown": {"category": …, "urgency": …}}: an admin corrects the reader
    (only the fields changed on the page, and what the page showed)."""
    return await _on_event(request, _correct)


async def close(request: web.Request) -> web.Response:
    """{"outcome": …, "note": …, "shown": {"status": …, "assignee": id or null}}: an admin closes an open event."""
    return await _on_event(request, _close)


async def rota_change(request: web.Request) -> web.Response:
    """{"kind": "cover"|"swap", "a": id, "b": id, "day": "YYYY-MM-DD", "day_b": …}: an admin's rota change."""
    body = await _body(request)
    ctx, who = guard.ctx_of(request), guard.reader_of(request)
    a, b, day, kind = _int(body.get("a")), _int(body.get("b")), _str(body.get("day"), 10), body.get("kind")
    if a is None or b is None or day is None or kind not in ("cover", "swap"):
        return _answer(request, BAD_VALUE)
    changed = await console_rota.change(ctx, who, str(kind), a, b, day, _str(body.get("day_b"), 10))
    if not changed.message:
        return _answer(request, Done(False, "console.err.forbidden"))
    return _json({"ok": changed.ok, "message": changed.message}, 200 if changed.ok else 409)
