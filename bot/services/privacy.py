"""Use case: a resident asks the bot to forget them."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.scrub import scrub_payload, search_keys
from bot.render.i18n import t
from bot.services import notify
from storage import corrections, events, inbox, notifications, outbox, people, points, reporters, surveys

log = logging.getLogger(__name__)


async def forget_me(ctx: AppContext, user_id: int) -> int:
    """Erase the person's name, username and words everywhere the bot keeps them; counts stay.

    Reports and merged reports, the event log, "Report it?" questions, the points ledger's notes, the
    inbox, delivered messages' copies, and every stored message that names or quotes them, queued or
    delivered (scrubbed of the name and the words: texts, captions and button labels).
    Open satisfaction questions are withdrawn and a question asked in a group is edited to say so.
    Returns how many of their own reports were anonymised.
    """
    async with ctx.db.tx() as c:
        name, username = await people.forget(c, user_id)
        touched, texts = await events.forget_reporter(c, user_id)
        await corrections.forget_reporter(c, user_id)
        merged_into, merged_texts = await reporters.forget(c, user_id)
        await notifications.forget(c, user_id)
        await points.forget_notes(c, user_id)
        await inbox.forget_user(c, user_id)
        await outbox.blank_delivered(c, user_id, merged_into)
        names = [n for n in (name, username and f"@{username}", username) if n]
        words = texts + merged_texts
        # queued or delivered, about her events or not (an admin's "awarded 刘阿姨 20 points", a split button)
        for row_id, payload in await outbox.payloads_containing(c, search_keys(names, words)):
            changed = scrub_payload(payload, names, words)
            if changed != payload:
                await outbox.set_payload(c, row_id, changed)
        for chat_id, message_id in await surveys.withdraw_open(c, user_id):
            lang = await notify.group_language(ctx, c, chat_id)
            await notify.edit(
                ctx, c, chat_id, message_id, t(lang, "survey.withdrawn"), purpose=Purpose.SURVEY_WITHDRAWN
            )
    log.info("forgot a user (%s reports anonymised)", touched)
    return touched
