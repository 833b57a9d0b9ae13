"""Use cases of signing in to the console: /console's link and button, redeeming them, and sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiosqlite

from bot.context import AppContext
from bot.core import permissions, webauth
from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.core.purpose import Purpose
from bot.core.timeutil import to_epoch
from bot.render.i18n import LANGUAGES, normalize, t
from storage import console_auth, outbox, people

log = logging.getLogger(__name__)
LOGIN_PATH = "/console/login"
WEBAPP_PATH = "/console/tg"


@dataclass(frozen=True, slots=True)
class Offer:
    """The answer to /console: text (HTML) and buttons."""

    text: str
    markup: dict | None = None


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just opened: the id goes into the cookie (or the Mini App's memory), never into the log."""

    session_id: str
    csrf: str
    user_id: int
    expires_at: int


@dataclass(frozen=True, slots=True)
class Reader:
    """Who is asking, as of this request: their role and share by the current community file."""

    user_id: int
    role: Role
    visibility: Visibility
    language: str
    csrf: str
    id_hash: str


def _now(ctx: AppContext) -> int:
    return to_epoch(ctx.now())


def webapp_url(ctx: AppContext) -> str | None:
    """The Mini App's address, when the console is reachable over https (Telegram requires it)."""
    return ctx.console_url + WEBAPP_PATH if ctx.console_url.startswith("https://") else None


@dataclass(frozen=True, slots=True)
class Asker:
    """Who sent /console, as Telegram describes them."""

    user_id: int
    name: str
    username: str | None = None
    language_code: str | None = None


async def offer(ctx: AppContext, asker: Asker, private: bool, lang: str) -> Offer:
    """/console: a one-time sign-in link (and the Mini App button; for admins also the menu button)."""
    user_id = asker.user_id
    who = permissions.role(ctx.community, user_id)
    if who is Role.RESIDENT:
        return Offer(t(lang, "only.staff"))
    if not ctx.console_url:  # how to switch it on, to whoever can have it done (first-day review: a setting's name)
        return Offer(t(lang, "console.off" if who is Role.ADMIN else "console.off_worker"))
    if not private:  # a sign-in link posted in a group would let anyone in
        return Offer(t(lang, "console.private_only"))
    now = _now(ctx)
    expires = now + ctx.settings.console_link_s
    token, nonce = webauth.make_link_token(webauth.link_key(ctx.settings.token), user_id, expires)
    link = f"{ctx.console_url}{LOGIN_PATH}?t={token}"
    app = webapp_url(ctx)
    async with ctx.db.tx() as c:
        await people.upsert_person(c, user_id, asker.name, asker.username, asker.language_code, ctx.now())
        await console_auth.add_link(c, nonce, user_id, now, expires)
        if app and who is Role.ADMIN:
            button = {"type": "web_app", "text": t(lang, "console.menu_button"), "web_app": {"url": app}}
            await outbox.enqueue(
                c,
                method="setChatMenuButton",
                chat_id=user_id,
                now=ctx.now(),
                purpose=Purpose.MENU_BUTTON,
                payload={"chat_id": user_id, "menu_button": button},
            )
    lines = [
        t(lang, "console.offer"),
        t(lang, "console.link", link=link, minutes=max(1, ctx.settings.console_link_s // 60)),
    ]
    if not app:
        lines.append(t(lang, "console.no_https"))
    markup = {"inline_keyboard": [[{"text": t(lang, "console.open"), "web_app": {"url": app}}]]} if app else None
    return Offer("\n".join(lines), markup)


async def check_link(ctx: AppContext, token: str) -> bool:
    """Whether a sign-in link would work now (showing the page spends nothing)."""
    try:
        claim = webauth.read_link_token(webauth.link_key(ctx.settings.token), token, _now(ctx))
    except webauth.AuthError:
        return False
    async with ctx.db.read() as c:
        return await console_auth.link_usable(c, claim.nonce, claim.user_id, _now(ctx))


async def redeem_link(ctx: AppContext, token: str) -> NewSession | None:
    """Spend a sign-in link for a session; None when it is forged, expired, used or its person left."""
    now = _now(ctx)
    try:
        claim = webauth.read_link_token(webauth.link_key(ctx.settings.token), token, now)
    except webauth.AuthError as exc:
        log.info("console sign-in link refused: %s", exc.reason)
        return None
    if permissions.role(ctx.community, claim.user_id) is Role.RESIDENT:
        return None
    async with ctx.db.tx() as c:
        if not await console_auth.use_link(c, claim.nonce, claim.user_id, now):
            log.info("console sign-in link refused: used or unknown")
            return None
        return await _open(ctx, c, claim.user_id, "link", None, now)


async def from_init_data(ctx: AppContext, init_data: str) -> NewSession | None:
    """A session for the person Telegram vouches for in the Mini App's initData; None if refused."""
    now = _now(ctx)
    try:
        user = webauth.verify_init_data(init_data, ctx.settings.token, now, ctx.settings.console_init_data_max_age_s)
    except webauth.AuthError as exc:
        log.info("console Mini App sign-in refused: %s", exc.reason)
        return None
    if permissions.role(ctx.community, user.user_id) is Role.RESIDENT:
        return None
    lang = normalize(user.language_code, ctx.language) if user.language_code else None
    async with ctx.db.tx() as c:
        return await _open(ctx, c, user.user_id, "webapp", lang, now)


async def _open(ctx: AppContext, c, user_id: int, via: str, lang: str | None, now: int) -> NewSession:  # noqa: ANN001
    session_id, csrf = webauth.new_session_id(), webauth.new_csrf_token()
    expires = now + ctx.settings.console_session_s
    await console_auth.add_session(c, webauth.session_hash(session_id), user_id, csrf, via, lang, now, expires)
    log.info("console session opened for user %s (%s)", user_id, via)
    return NewSession(session_id, csrf, user_id, expires)


async def reader(ctx: AppContext, session_id: str | None) -> Reader | None:
    """The reader behind a session id, with their role now; None without a live session or a role."""
    if not session_id:
        return None
    id_hash = webauth.session_hash(session_id)
    async with ctx.db.read() as c:
        row = await console_auth.session(c, id_hash, _now(ctx))
        if row is None:
            return None
        vis = await share(ctx, c, row.user_id)
        lang = row.language or normalize(await people.language_of(c, row.user_id), ctx.language)
    if vis is None:  # no longer staff: the session ends
        async with ctx.db.tx() as c:
            await console_auth.end_sessions_of(c, row.user_id)
        return None
    who = permissions.role(ctx.community, row.user_id)
    return Reader(row.user_id, who, vis, lang, row.csrf, id_hash)


async def share(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> Visibility | None:
    """A person's share of the events, on the console and in /status (None: a resident's, nothing)."""
    worker = await people.worker(c, user_id)
    return permissions.console_visibility(ctx.community, user_id, worker.grid_id if worker else None)


async def set_language(ctx: AppContext, who: Reader, lang: str) -> str:
    """The reader picks a language for the console (kept with the session)."""
    lang = lang if lang in LANGUAGES else who.language
    async with ctx.db.tx() as c:
        await console_auth.set_language(c, who.id_hash, lang)
    return lang


async def sign_out(ctx: AppContext, who: Reader) -> None:
    """End this session."""
    async with ctx.db.tx() as c:
        await console_auth.end_session(c, who.id_hash)
