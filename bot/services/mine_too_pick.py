"""A neighbour's press on the "which one?" question his words after several reports just made brought
(``mine_too.ask_which``: "我家也是" after a hall light and a water cut by two residents): he joins the one he pressed,
as his words under it would have; only he may press, and the question loses its buttons."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core import lifecycle, permissions
from bot.core.callbacks import arg_id
from bot.core.types import Incoming
from bot.services import merging, notify
from bot.services.result import Answer
from storage import events, outbox, reporters

log = logging.getLogger(__name__)


async def pressed(
    ctx: AppContext, event_id: int, arg: str | None, user_id: int, name: str, pressed_on: tuple[int, int]
) -> Answer:
    """He pressed "#N …" (``arg``: whom it was asked; ``pressed_on``: the question's chat and id): his words, the
    message the question answers, join that report (``merging.join``: he is told under them). Anyone else's press is
    refused; a report closed since, or one he is already on, is answered so."""
    if arg_id(arg) != user_id:
        log.warning("refused a 'which one' press on #%s by user %s", event_id, user_id)
        return Answer("cb.not_yours_which", True)
    chat_id, message_id = pressed_on
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        reps = await reporters.for_event(c, event_id)
        if ev is None or not lifecycle.is_open(ev.status) or permissions.reported(user_id, ev, reps):
            return Answer("cb.already_done", True)
        his = await outbox.reply_of_sent(c, chat_id, message_id) or message_id
        await merging.join(ctx, c, ev, Incoming(chat_id, his, user_id, name, None, None, ""))
        await notify.edit_markup(ctx, c, chat_id, message_id, {"inline_keyboard": []}, event_id)  # answered
    return Answer.of("cb.mine_too_picked", id=event_id)
