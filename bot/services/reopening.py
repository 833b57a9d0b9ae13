"""The committee opens again a closed event: residents still say it is not solved once their "not solved" is no
longer enough (surveys.hold), a neighbour says so, or its worker could not fix it. The one button under the
committee's note, for admins."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core import permissions
from bot.core.purpose import Purpose
from bot.core.types import Status
from bot.render.i18n import Html, join, t
from bot.services import committee_out, notify, surveys
from bot.services.result import Answer
from storage import events, outbox

log = logging.getLogger(__name__)


async def by_committee(
    ctx: AppContext, event_id: int, user_id: int, chat_id: int, message_id: int, name: str = ""
) -> Answer:
    """An admin pressed "Reopen #N": back to its worker if on duty, else the next on duty, else the committee (as a
    resident's "not solved" would); the note says who opened it (`name`: their Telegram name, for an admin the bot
    knows only by id) and loses its button."""
    if not permissions.may_steer(permissions.role(ctx.community, user_id)):
        log.warning("refused a reopen press on #%s by user %s (not an admin)", event_id, user_id)
        return Answer("cb.only_admin", True)
    if not await committee_out.is_committee_note(ctx, chat_id, message_id):  # else a forged press
        log.warning("refused a reopen press on #%s outside the committee chat (%s)", event_id, chat_id)
        return Answer("cb.unknown", True)
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None:
            return Answer("cb.unknown", True)
        reopened = ev.status is Status.CLOSED and await surveys.reopen_event(
            ctx, c, ev, user_id, "committee", intro="dm.step.reopened_committee", why=None
        )
        if not reopened:
            return Answer("cb.reopen_open", True)
        lang = await notify.language_in(ctx, c, chat_id, user_id)
        admin = await notify.actor_name(ctx, c, user_id, name)
        # the note keeps its own words (a neighbour's "still not fixed", a "cannot fix"), the line below says who
        kept = await outbox.text_of_sent(c, chat_id, message_id)  # the bot's own HTML, as it was sent
        note = (
            Html(kept) if kept is not None else t(lang, "committee.not_solved_again", **surveys.held_values(lang, ev))
        )
        text = join([note, t(lang, "committee.reopened_by", id=event_id, admin=admin)])
        await notify.edit(ctx, c, chat_id, message_id, text, None, Purpose.EDIT, event_id)
    return Answer("cb.reopened")
