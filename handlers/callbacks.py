"""Button presses. Identity comes from the update's user, never from callback_data."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.context import AppContext
from bot.core.callbacks import ANSWERED, Action, Callback, arg_id, decode
from bot.core.types import Outcome
from bot.render.i18n import plain
from bot.services import (
    accept_undo,
    anonymity,
    arranging,
    button_origin,
    card_replies,
    followups,
    handover,
    mine_too_pick,
    nudges,
    onboarding,
    photos,
    privacy,
    red_news,
    red_news_pick,
    reopening,
    reports,
    rota,
    splitting,
    surveys,
    voices,
    withdrawal,
    worker_replies,
    workflow,
)
from bot.services.result import Answer
from handlers.common import app_ctx, display, is_member, private_lang

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Press:
    """One button press, as plain data: the decoded button, who pressed it, and the message it was on."""

    cb: Callback
    user_id: int
    chat_id: int
    message_id: int
    name: str = ""  # the presser's Telegram name (an admin is only an id in the community file)
    member: bool | None = None  # Telegram says the presser is a member of the committee chat (None: not asked)


UseCase = Callable[[AppContext, Press], Awaitable[Answer]]


def _note(outcome: Outcome) -> UseCase:
    return lambda ctx, p: workflow.request_note(ctx, p.cb.id, p.user_id, outcome)


# action → use case: the one place a button meets the service it stands for
ROUTES: dict[Action, UseCase] = {
    Action.ACCEPT: lambda ctx, p: workflow.accept(ctx, p.cb.id, p.user_id),
    Action.UNDO_ACCEPT: lambda ctx, p: accept_undo.undo(ctx, p.cb.id, p.user_id),
    Action.PASS_VOICE: lambda ctx, p: voices.pass_on(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id),
    Action.PASS_QUESTION: lambda ctx, p: handover.pass_on(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id),
    Action.WHICH_PART: lambda ctx, p: followups.part_chosen(ctx, p.cb.id, p.cb.arg, p.user_id, p.chat_id, p.message_id),
    Action.SAY_IN_GROUP: lambda ctx, p: card_replies.say_in_group(
        ctx, p.cb.id, p.cb.arg, p.user_id, p.chat_id, p.message_id
    ),
    Action.HAND_BACK: lambda ctx, p: (
        worker_replies.hand_back_pressed(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id)
        if p.cb.arg == ANSWERED
        else workflow.hand_back(ctx, p.cb.id, p.user_id)
    ),
    Action.CLOSE: lambda ctx, p: workflow.ask_outcome(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id),
    Action.CLOSE_BACK: lambda ctx, p: workflow.ask_outcome(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id, back=True),
    Action.CLOSE_FIXED: lambda ctx, p: photos.close_fixed(ctx, p.cb.id, p.user_id),
    Action.CLOSE_CANNOT: _note(Outcome.CANNOT_FIX),
    Action.CLOSE_REFERRED: _note(Outcome.REFERRED),
    Action.CLOSE_DUPLICATE: _note(Outcome.DUPLICATE),
    Action.CLOSE_NOTHING_FOUND: lambda ctx, p: workflow.close(ctx, p.cb.id, p.user_id, Outcome.NOTHING_FOUND),
    Action.CLOSE_WITHDRAWN: lambda ctx, p: withdrawal.close_withdrawn(ctx, p.cb.id, p.user_id),
    Action.CONFIRM_YES: lambda ctx, p: reports.confirm(ctx, p.cb.id, p.user_id, True, p.message_id),
    Action.CONFIRM_NO: lambda ctx, p: reports.confirm(ctx, p.cb.id, p.user_id, False, p.message_id),
    Action.RATE: lambda ctx, p: surveys.answer(ctx, p.cb.id, p.user_id, p.cb.arg, p.chat_id, p.message_id),
    Action.SPLIT: lambda ctx, p: splitting.split(ctx, p.cb.id, p.user_id),
    Action.POST: lambda ctx, p: anonymity.choose(ctx, p.cb.id, p.user_id, p.cb.arg, p.chat_id, p.message_id),
    Action.SKIP_PHOTO: lambda ctx, p: photos.skip_after(ctx, p.cb.id, p.user_id),
    Action.NOT_URGENT: lambda ctx, p: reports.not_urgent(ctx, p.cb.id, p.user_id),
    Action.LOWER_RED: lambda ctx, p: red_news.lower_pressed(
        ctx, p.cb.id, p.user_id, p.member, (p.chat_id, p.message_id), p.name
    ),
    Action.MINE_TOO: lambda ctx, p: mine_too_pick.pressed(
        ctx, p.cb.id, p.cb.arg, p.user_id, p.name, (p.chat_id, p.message_id)
    ),
    Action.HER_OVER: lambda ctx, p: red_news.her_over_pressed(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id),
    Action.RED_WHICH: lambda ctx, p: red_news_pick.pressed(
        ctx, p.cb.id, p.cb.arg, p.user_id, p.name, (p.chat_id, p.message_id)
    ),
    Action.BIND: lambda ctx, p: onboarding.bind(ctx, p.cb.id, p.cb.arg, p.user_id, p.chat_id, p.message_id, p.name),
    Action.LEAVE: lambda ctx, p: onboarding.dismiss(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id, p.name),
    Action.ROTA_PAGE: lambda ctx, p: rota.turn_page(ctx, p.user_id, p.cb.id, p.cb.arg, p.chat_id, p.message_id),
    Action.SHOW: lambda ctx, p: nudges.show(ctx, p.cb.id, p.user_id, p.message_id),
    Action.REOPEN: lambda ctx, p: reopening.by_committee(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id, p.name),
    Action.FORGET: lambda ctx, p: privacy.forget_pressed(ctx, p.cb.id, p.user_id, p.chat_id, p.message_id),
    Action.ASSIGN: lambda ctx, p: arranging.assign_from_note(
        ctx, p.cb.id, arg_id(p.cb.arg), p.user_id, p.chat_id, p.message_id, p.name, p.member
    ),
}
# presses whose use case needs to know whether the presser is a member of the committee chat (Telegram is asked,
# unless the community file decides: ``arranging.asks_membership``): "send to …", and "🟡 make it yellow" (red_news)
ASKS_MEMBERSHIP = frozenset({Action.ASSIGN, Action.LOWER_RED})
UNKNOWN = Answer("cb.unknown", True)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Decode the press, call the use case, answer the query (always)."""
    query = update.callback_query
    if query is None:
        return
    ctx = app_ctx(context)
    user = query.from_user
    cb = decode(query.data)
    msg = query.message
    if cb is None or msg is None:
        log.warning("refused malformed button data %r from user %s", (query.data or "")[:80], user.id)
        answer = UNKNOWN
    elif refused := await button_origin.refusal(ctx, cb, msg.chat.id, msg.message_id, user.id):
        answer = refused  # another database's card: this one's event of that number is not the one it shows
    else:
        route = ROUTES.get(cb.action)
        member = None
        if cb.action in ASKS_MEMBERSHIP and arranging.asks_membership(ctx, user.id):
            member = await is_member(context.bot, ctx.committee_chat_id, user.id)
        press = Press(cb, user.id, msg.chat.id, msg.message_id, display(user), member)
        answer = await route(ctx, press) if route else UNKNOWN
    try:
        await query.answer(plain(private_lang(ctx, user), answer.key, **dict(answer.values)), show_alert=answer.alert)
    except TelegramError as exc:  # the query may be too old to answer; the action itself is done
        log.info("could not answer callback query: %s", exc)
