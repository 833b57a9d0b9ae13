"""Community points: awards inside the transaction that earns them, /points, and admins' manual changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiosqlite

from bot.config import Settings
from bot.context import AppContext
from bot.core import permissions
from bot.core import points as rules_core
from bot.core.points import AdminCommand, Reason, Rules
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages
from bot.render.fit import fit
from bot.render.i18n import Html, join, t
from bot.services import notify
from storage import people
from storage import points as ledger

log = logging.getLogger(__name__)


def rules(settings: Settings) -> Rules:
    """The point rules from the settings."""
    return Rules(
        report_confirmed=settings.points_report_confirmed,
        closed_in_time=settings.points_closed_in_time,
        good_rating=settings.points_good_rating,
        confirmed_outcomes=rules_core.parse_outcomes(settings.points_confirmed_outcomes),
    )


async def _write(ctx: AppContext, c: aiosqlite.Connection, awards: list[rules_core.Award]) -> int:
    written = await ledger.add_awards(c, awards, ctx.now())
    for a in written:
        log.info("points %+d to user %s for #%s (%s)", a.delta, a.user_id, a.event_id, a.reason)
    return len(written)


async def on_closed(ctx: AppContext, c: aiosqlite.Connection, ev: Event, closer: int) -> int:
    """An event was just closed by ``closer`` (inside the closing transaction): reporter and worker awards,
    once each."""
    return await _write(ctx, c, rules_core.for_close(ev, rules(ctx.settings), closer))


async def on_reopened(ctx: AppContext, c: aiosqlite.Connection, closed: Event) -> int:
    """A closed event was just opened again (inside the reopening's transaction; ``closed``: the event as it was
    closed): what that close earned its worker is taken back, once; how many rows were written."""
    return await _write(ctx, c, rules_core.for_reopen(await ledger.earned(c, closed.id, closed.reopened_count)))


async def on_rated(
    ctx: AppContext, c: aiosqlite.Connection, event_id: int, worker_id: int | None, choice: str, rater: int
) -> int:
    """A survey was answered by ``rater`` (inside the answer's transaction): a good rating earns the worker
    points, unless the worker rated himself."""
    return await _write(ctx, c, rules_core.for_rating(event_id, worker_id, choice, rules(ctx.settings), rater))


def _line(lang: str, e: ledger.Entry, ctx: AppContext) -> Html:
    what = t(lang, f"points.reason.{e.reason.value}")
    if e.event_id is not None:
        what = join((what, f"#{e.event_id}"), " ")
    if e.note:
        what = join((what, e.note), "：" if lang.startswith("zh") else ": ")
    return join((f"• {messages.local_time(e.at, ctx.community.tz)} {e.delta:+d}", what), " ")


async def show(ctx: AppContext, user_id: int, lang: str, brief: bool) -> Html:
    """The caller's balance; in private also the latest ledger lines."""
    async with ctx.db.read() as c:
        total = await ledger.balance(c, user_id)
        name = await notify.display_name(ctx, c, user_id)
        lines = [] if brief else await ledger.recent(c, user_id, ctx.settings.points_history_lines)
    if brief:
        return t(lang, "points.brief", name=name or "", n=total)
    how = t(
        lang,
        "points.how",
        report=ctx.settings.points_report_confirmed,
        in_time=ctx.settings.points_closed_in_time,
        rating=ctx.settings.points_good_rating,
    )
    if not lines:
        return join((t(lang, "points.head", n=total), t(lang, "points.none"), how))
    return fit(
        lang, [t(lang, "points.head", n=total), t(lang, "points.recent")], [_line(lang, e, ctx) for e in lines], [how]
    )


@dataclass(frozen=True, slots=True)
class Target:
    """The user an admin named by replying to their message (id and display name)."""

    user_id: int
    name: str
    username: str | None = None


async def _resolve(ctx: AppContext, c: aiosqlite.Connection, cmd: AdminCommand, reply: Target | None) -> int | None:
    if cmd.target is None:
        if reply is None:
            return None
        await people.upsert_person(c, reply.user_id, reply.name, reply.username, None, ctx.now())
        return reply.user_id
    if cmd.target.startswith("@"):
        return await people.by_username(c, cmd.target)
    uid = int(cmd.target)
    known = ctx.community.worker(uid) or await people.person(c, uid) or await people.worker(c, uid)
    return uid if known else None


async def admin_change(ctx: AppContext, admin_id: int, args: list[str], reply: Target | None, lang: str) -> str:
    """`/points award|deduct|redeem …` by an admin: one ledger row, or a clear refusal."""
    if permissions.role(ctx.community, admin_id) is not permissions.Role.ADMIN:
        return t(lang, "points.only_admin")
    cmd = rules_core.parse_admin(args, reply is not None)
    if isinstance(cmd, str):
        return t(lang, cmd, max=rules_core.MAX_AMOUNT)
    now = ctx.now()
    async with ctx.db.tx() as c:
        user_id = await _resolve(ctx, c, cmd, reply)
        if user_id is None:
            return t(lang, "points.unknown_user", who=cmd.target or "?")
        before = await ledger.balance(c, user_id)
        delta = rules_core.signed(cmd.action, cmd.amount)
        if cmd.action is Reason.REDEEM and before < cmd.amount:
            return t(
                lang,
                "points.too_low",
                name=await notify.display_name(ctx, c, user_id) or "",
                n=before,
                amount=cmd.amount,
            )
        await ledger.add(c, user_id, delta, cmd.action, now, by_user=admin_id, note=cmd.note or None)
        name = await notify.display_name(ctx, c, user_id) or ""
        await _tell(ctx, c, user_id, cmd, before + delta)
    log.info("admin %s: %s %+d for user %s", admin_id, cmd.action, delta, user_id)
    return t(
        lang, f"points.done.{cmd.action.value}", name=name, amount=cmd.amount, n=before + delta, note=cmd.note or "—"
    )


async def _tell(ctx: AppContext, c: aiosqlite.Connection, user_id: int, cmd: AdminCommand, total: int) -> None:
    """Tell the user privately, if the bot may write to them."""
    person = await people.person(c, user_id)
    if person is None or not person.reachable:
        return
    lang = await notify.user_language(ctx, c, user_id)
    await notify.send(
        ctx,
        c,
        user_id,
        t(lang, f"points.told.{cmd.action.value}", amount=cmd.amount, n=total, note=cmd.note or "—"),
        purpose=Purpose.POINTS,
    )
