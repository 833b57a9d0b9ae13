"""Whose button was pressed: a press on a card another database sent is refused before it changes anything.

A second copy of the bot polling the same token for the half minute or more before it stops, or a copy started on a
backup, numbers its events as this database does: a worker's Accept on its card of #7 named this database's #7, a
different problem. Every button this database sends carries its tag (``core.callbacks.stamp``, by the sender). A
press carrying it is this database's. One carrying another tag is taken only when the message pressed is one this
database sent (a card it sent before a restore gave it a new tag): message ids are Telegram's, one series per chat, so
no other copy sent that message. One carrying none was sent before buttons carried a tag, and is taken as it was
then: refusing those would break every card in the chats at the upgrade.
"""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core.callbacks import Callback
from bot.services.result import Answer
from storage import outbox

log = logging.getLogger(__name__)

REFUSED = Answer("cb.other_copy", True)


async def refusal(ctx: AppContext, cb: Callback, chat_id: int, message_id: int, user_id: int) -> Answer | None:
    """None when the press is on a button of this database's; otherwise the refusal to show (nothing changed)."""
    if cb.tag is None or cb.tag == ctx.button_tag:
        return None
    async with ctx.db.read() as c:
        if await outbox.sent_here(c, chat_id, message_id):
            return None
    tag = cb.tag
    if tag not in ctx.refused_tags:  # a copy's cards are pressed again and again: one line says it
        ctx.refused_tags.add(tag)
        log.warning(
            "refused a button press on a message this database never sent (tag %s, this database's %s; user %s):"
            " a card from another copy of the bot or a restored database; later presses of it are refused unlogged",
            tag,
            ctx.button_tag or "none",
            user_id,
        )
    return REFUSED
