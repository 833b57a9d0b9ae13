"""Use cases of set-up inside Telegram: an admin binds a waiting group with a button, the group's kept
reports become events, and what admins added in chat is applied at start."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.context import AppContext
from bot.core.additions import in_file, with_additions
from bot.core.purpose import Purpose
from bot.core.types import Incoming
from bot.render.i18n import t
from bot.services import notify, reports
from bot.services.result import Answer
from storage import setup

log = logging.getLogger(__name__)


async def load(ctx: AppContext) -> None:
    """Apply the groups bound by button and the shifts added by /shift to the running community. A shift added by
    /shift that the file now has (its lines pasted in) is retired: the file's entry alone counts from now on, so
    it is not counted twice, and taking it out of the file takes the worker off that rota."""
    async with ctx.db.tx() as c:
        bound = [(w.chat_id, w.grid_id) for w in await setup.chats(c) if w.grid_id]
        added = []
        for s in await setup.shifts(c):
            spec = (s.worker_id, s.desk, s.days, s.start, s.end, s.role)
            if in_file(ctx.community, spec):
                await setup.retire_shift(c, s.id)
                log.info("the shift added by /shift for %s on %s is in the file now: retired", s.worker_id, s.desk)
            else:
                added.append(spec)
    ctx.community = with_additions(ctx.community, bound, added)


async def bind(
    ctx: AppContext, row_id: int, grid_arg: str | None, user_id: int, chat_id: int, message_id: int, name: str = ""
) -> Answer:
    """An admin pressed "bind to grid …" under a waiting group's message."""
    if not ctx.community.is_admin(user_id):
        log.warning("refused a bind press by user %s (not an admin)", user_id)
        return Answer("cb.only_admin", True)
    grids = ctx.community.grids
    index = int(grid_arg) if grid_arg and grid_arg.isdigit() else -1
    if not 0 <= index < len(grids):
        return Answer("cb.unknown", True)
    grid = grids[index]
    async with ctx.db.tx() as c:
        row = await setup.chat(c, row_id)
        if row is None:
            return Answer("cb.unknown", True)
        if ctx.community.grid_for_chat(row.chat_id) or not await setup.bind(c, row_id, grid.id, user_id, ctx.now()):
            return Answer("cb.already_bound", True)
        title = row.title or str(row.chat_id)
        n = await setup.waiting_count(c, row.chat_id)
        lang = await notify.group_language(ctx, c, row.chat_id)
        await notify.send(ctx, c, row.chat_id, t(lang, "setup.bound_group", grid=grid.name), purpose=Purpose.SETUP)
        alang = await notify.user_language(ctx, c, user_id)
        await notify.edit(
            ctx,
            c,
            chat_id,
            message_id,
            t(alang, "setup.bound_admin", title=title, grid=grid.name, chat_id=row.chat_id, grid_id=grid.id),
        )
        admin = await notify.actor_name(ctx, c, user_id, name)
        await notify.committee(ctx, c, "setup.bound_committee", admin=admin, title=title, grid=grid.name, n=n)
    ctx.community = with_additions(ctx.community, [(row.chat_id, grid.id)])
    log.info("chat %s bound to grid %s by %s", row.chat_id, grid.id, user_id)
    await flush(ctx)
    return Answer("cb.bound", values=(("grid", grid.name),))


async def dismiss(ctx: AppContext, row_id: int, user_id: int, chat_id: int, message_id: int, name: str = "") -> Answer:
    """An admin pressed "not ours, leave" under a waiting group's message: the group is told, the bot leaves it,
    and what it kept there is dropped (set-up review: anyone could add the bot to any group and fill the committee
    chat with its messages, with no way to say the group is not the community's)."""
    if not ctx.community.is_admin(user_id):
        log.warning("refused a leave press by user %s (not an admin)", user_id)
        return Answer("cb.only_admin", True)
    async with ctx.db.tx() as c:
        row = await setup.chat(c, row_id)
        if row is not None and ctx.community.grid_for_chat(row.chat_id):
            return Answer("cb.already_bound", True)
        n = await setup.waiting_count(c, row.chat_id) if row is not None else 0
        gone = await setup.dismiss(c, row_id)
        if gone is None:
            return Answer("cb.already_bound" if row is not None else "cb.unknown", True)
        title = gone.title or str(gone.chat_id)
        lang = await notify.group_language(ctx, c, gone.chat_id)
        await notify.send(
            ctx,
            c,
            gone.chat_id,
            t(lang, "setup.left_group", community=ctx.community.community.name),
            purpose=Purpose.SETUP,
        )
        await notify.leave(ctx, c, gone.chat_id)
        alang = await notify.user_language(ctx, c, user_id)
        await notify.edit(ctx, c, chat_id, message_id, t(alang, "setup.left_admin", title=title, n=n))
        admin = await notify.actor_name(ctx, c, user_id, name)
        await notify.committee(ctx, c, "setup.left_committee", admin=admin, title=title, n=n)
    log.info("left chat %s on %s's word: not the community's", gone.chat_id, user_id)
    return Answer("cb.left")


async def flush(ctx: AppContext) -> int:
    """Kept reports of groups bound since: each handled as a report of its group, in order (also at start,
    after a crash between the binding and this). Returns how many were handled."""
    async with ctx.db.read() as c:
        kept = await setup.pending(c)
    for r in kept:
        msg = Incoming(r.chat_id, r.message_id, r.user_id, r.user_name, r.username, r.language, r.text)
        result = await reports.report_received(ctx, msg, explicit=True)
        async with ctx.db.tx() as c:
            await setup.done(c, r.id, ctx.now())
        log.info("kept report %s/%s: %s", r.chat_id, r.message_id, result.fate)
    return len(kept)


async def privacy_on(ctx: AppContext) -> None:
    """Telegram says privacy mode is on (getMe at start): residents' reports in a group the bot is no admin of
    never reach it. The committee hears it, at most once a day while it stays on, not only the log (set-up
    review: a committee that skipped the BotFather step saw nothing in Telegram)."""
    day = ctx.now().astimezone(ctx.community.tz).date().isoformat()
    async with ctx.db.tx() as c:
        await notify.committee(ctx, c, "committee.privacy_on", dedup_key=f"privacy_on:{day}", urgent=True)


async def backup_failed(ctx: AppContext, folder: Path, reason: str) -> None:
    """Tonight's backup could not be written (BACKUP_DIR gone, a full disk, a drive not mounted): the committee
    hears it that night, not only the log (committee secretary review: backups stopped and nobody knew)."""
    day = ctx.now().astimezone(ctx.community.tz).date().isoformat()
    async with ctx.db.tx() as c:
        await notify.committee(
            ctx, c, "committee.backup_failed", dedup_key=f"backup_failed:{day}", day=day, folder=folder, reason=reason
        )
