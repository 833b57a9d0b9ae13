"""Button presses. Identity comes from the update's user, never from callback_data."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.callbacks import Action, decode
from bot.core.types import Outcome
from bot.i18n import plain
from bot.services import anonymity, merging, photos, reports, rota, surveys, workflow
from handlers.common import app_ctx, private_lang

log = logging.getLogger(__name__)

NOTE_OUTCOMES = {
    Action.CLOSE_CANNOT: Outcome.CANNOT_FIX,
    Action.CLOSE_REFERRED: Outcome.REFERRED,
    Action.CLOSE_DUPLICATE: Outcome.DUPLICATE,
}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Decode the press, call the use case, answer the query (always)."""
    query = update.callback_query
    if query is None:
        return
    ctx = app_ctx(context)
    user = query.from_user
    lang = private_lang(ctx, user)
    cb = decode(query.data)
    msg = query.message
    if cb is None or msg is None:
        log.warning("refused malformed button data %r from user %s", (query.data or "")[:80], user.id)
        answer = workflow.Answer("cb.unknown", True)
    elif cb.action is Action.ACCEPT:
        answer = await workflow.accept(ctx, cb.id, user.id)
    elif cb.action is Action.HAND_BACK:
        answer = await workflow.hand_back(ctx, cb.id, user.id)
    elif cb.action in (Action.CLOSE, Action.CLOSE_BACK):
        answer = await workflow.ask_outcome(ctx, cb.id, user.id, msg.chat.id, msg.message_id,
                                            back=cb.action is Action.CLOSE_BACK)
    elif cb.action is Action.CLOSE_FIXED:
        answer = await photos.close_fixed(ctx, cb.id, user.id)
    elif cb.action in NOTE_OUTCOMES:
        answer = await workflow.request_note(ctx, cb.id, user.id, NOTE_OUTCOMES[cb.action])
    elif cb.action in (Action.CONFIRM_YES, Action.CONFIRM_NO):
        key = await reports.confirm(ctx, cb.id, user.id, cb.action is Action.CONFIRM_YES, msg.message_id)
        answer = workflow.Answer(key, alert=key.startswith("cb.not_yours"))
    elif cb.action is Action.RATE:
        answer = await surveys.answer(ctx, cb.id, user.id, cb.arg, msg.chat.id, msg.message_id)
    elif cb.action is Action.SPLIT:
        key, values = await merging.split(ctx, cb.id, user.id)
        answer = workflow.Answer(key, key != "cb.split", tuple(values.items()))
    elif cb.action is Action.POST:
        answer = await anonymity.choose(ctx, cb.id, user.id, cb.arg, msg.chat.id, msg.message_id)
    elif cb.action is Action.SKIP_PHOTO:
        answer = await photos.skip_after(ctx, cb.id, user.id)
    elif cb.action is Action.NOT_URGENT:
        key = await reports.not_urgent(ctx, cb.id, user.id, msg.chat.id, msg.message_id)
        answer = workflow.Answer(key, alert=key != "cb.not_urgent")
    elif cb.action is Action.ROTA_PAGE:
        answer = await rota.turn_page(ctx, user.id, cb.id, cb.arg, msg.chat.id, msg.message_id)
    else:
        answer = workflow.Answer("cb.unknown", True)
    try:
        await query.answer(plain(lang, answer.key, **dict(answer.values)), show_alert=answer.alert)
    except TelegramError as exc:  # the query may be too old to answer; the action itself is done
        log.info("could not answer callback query: %s", exc)
