"""Split a wrong merge back out: the merged report becomes an event of its own."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.permissions import Act
from bot.core.types import Category, Event, Incoming, ParsedReport, Urgency
from bot.render.i18n import normalize
from bot.services import duplicates, notify, reports, surveys
from bot.services.result import Answer
from storage import events, notifications, reporters

log = logging.getLogger(__name__)


async def split(ctx: AppContext, row_id: int, user_id: int) -> Answer:
    """A worker or admin splits a merged report into its own event."""
    async with ctx.db.tx() as c:
        row = await reporters.get(c, row_id)
        if row is None or not row.merged:
            return Answer("cb.split_gone", True)
        ev = await events.get(c, row.event_id)
        if ev is None:
            return Answer("cb.unknown", True)
        asked = {dm.user_id for dm in await notifications.for_event(c, ev.id)}
        if not permissions.may_act(permissions.role(ctx.community, user_id), user_id, ev, Act.SPLIT, asked):
            return Answer("cb.not_yours", True)
        if not await reporters.remove(c, row_id):
            return Answer("cb.split_gone", True)
        lang = normalize(None, ctx.language)
        msg = Incoming(
            row.chat_id, row.message_id, row.user_id, row.user_name, None, lang, row.text, private=row.chat_id > 0
        )
        parsed = reports.forced(row.text)
        if parsed.category is None:
            parsed = ParsedReport(True, Category.OTHER, Urgency.GREEN, confidence=1.0)
        chat_grid = None if row.chat_id > 0 else ev.grid_id
        new_id = await reports.open_event(ctx, c, msg, parsed, chat_grid)
        if new_id is None:  # that message is an event of its own already (say, edited into another problem)
            own = await events.by_message(c, row.chat_id, row.message_id)
            if own is None:
                return Answer("cb.split_gone", True)
            new_id = own.id
            if duplicates.is_duplicate(own):  # splitting it back out says it was not one
                await _undo_duplicate(ctx, c, own, ev, user_id, row)
        await events.log(c, ev.id, ctx.now(), "split", user_id, f"#{new_id}")
        await events.log(c, new_id, ctx.now(), "split_from", user_id, f"#{ev.id}")
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    log.info("report %s split out of #%s as #%s", row_id, row.event_id, new_id)
    return Answer.of("cb.split", id=new_id, old=row.event_id)


async def _undo_duplicate(
    ctx: AppContext, c: aiosqlite.Connection, own: Event, original: Event, user_id: int, row: reporters.Reporter
) -> None:
    """A wrong "duplicate" undone: the report is its event's own again, and every other report that came with it
    goes back too (neighbours who had joined it, and duplicates of it: #3 closed as one of #2 once #2 was in #1);
    the event opens again and goes to a worker on duty as a reopened one does (else the committee), and its
    reporter is told it is handled apart."""
    await reporters.add(c, own.id, row.user_id, row.user_name, row.chat_id, row.message_id, row.text, row.at)
    came = await duplicates.leading_to(c, await reporters.moved_from(c, original.id), own.id)
    await reporters.move_back(c, original.id, own.id, came)
    if await surveys.reopen_event(ctx, c, own, user_id, f"split from #{original.id}", why=None):
        await notify.tell_reporter(ctx, c, own, "reporter.split_reopened", old=original.id)
