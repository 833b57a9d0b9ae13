"""Resident messages in bound group chats, and /report."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.context import AppContext
from bot.core import asked
from bot.core.types import Incoming
from bot.render.i18n import t
from bot.services import (
    about,
    committee_notes,
    edits,
    followups,
    handover,
    hints,
    instructions,
    photos,
    reports,
    voices,
    worker_replies,
)
from handlers.common import app_ctx, chat_lang, incoming, is_anonymous_admin, is_human, replied, reply

log = logging.getLogger(__name__)


async def _read(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    msg: Message | None,
    what: str,
    use_case: Callable[[AppContext, Incoming], Awaitable[object]],
) -> None:
    """A human's message with text (or a caption) handed to use_case, without a mention of the bot before or after
    its words (``asked.without_mention``); what came of it is logged."""
    if msg is not None and is_anonymous_admin(msg) and what == "message" and (msg.text or msg.caption):
        await hints.anonymous(app_ctx(context), msg.chat_id, msg.message_id, msg.text or msg.caption or "")
        return
    if msg is None or not is_human(update):
        return
    text = msg.text or msg.caption
    if not text or not text.strip():
        return
    ctx = app_ctx(context)
    outcome = await use_case(ctx, incoming(msg, asked.without_mention(text, ctx.bot_username)))
    log.debug("%s %s/%s: %s", what, msg.chat_id, msg.message_id, outcome)


async def on_group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message in a group: a reply about an event joins it, else maybe a report."""
    msg = update.effective_message
    target = replied(msg) if msg is not None else None
    reply_to = target.message_id if target is not None else None
    if msg and target and target.voice and target.from_user and target.from_user.is_bot and is_human(update):
        if await _logged_under_copy(update, context, msg, target.message_id):  # in the committee chat
            return
    if msg and target is None and await _asked_help(update, context, msg):
        return

    async def read(ctx: AppContext, incoming_msg: Incoming) -> reports.Fate:
        if await handover.answered(ctx, incoming_msg, reply_to):
            return reports.Fate.FOLLOW_UP  # the committee's answer under a resident's question: sent on to her
        if await instructions.instructed(ctx, incoming_msg, reply_to):
            return reports.Fate.FOLLOW_UP  # "明早让王师傅去看看" under (or below) the committee's note about #1
        if reply_to is not None and await committee_notes.noted(ctx, incoming_msg, reply_to):
            return reports.Fate.FOLLOW_UP  # staff's "我来处理" under the committee chat's note about #1: on its record
        if reply_to is not None and (fate := await worker_replies.in_group_words(ctx, incoming_msg, reply_to)):
            return fate  # a worker's "收到，马上过去" under the acknowledgement (and what he adds)
        if reply_to is None and (fate := await worker_replies.loose_in_group(ctx, incoming_msg)):
            return fate  # his "3号楼的灯修好了" typed below: about his one event from this group
        fate = (await reports.report_received(ctx, incoming_msg, reply_to=reply_to)).fate
        if fate is reports.Fate.IGNORED and msg is not None:  # "@bot how do I …": what it does, not silence
            await hints.mentioned(ctx, replace(incoming_msg, text=msg.text or msg.caption or ""))
        return fate

    await _read(update, context, msg, "message", read)


async def _asked_help(update: Update, context: ContextTypes.DEFAULT_TYPE, msg: Message) -> bool:
    """Words asking how the bot works ("帮助", "怎么用"), in the committee chat, or in a residents' group after a
    mention of the bot ("@bot 帮助"): the writer's /help, as in a group (set-up review: the chair got silence)."""
    ctx = app_ctx(context)
    if msg.from_user is None or not is_human(update) or not about.help_asked(ctx, msg.chat_id, msg.text or "", False):
        return False
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await about.help_for(ctx, msg.from_user.id, lang, private=False))
    return True


async def _logged_under_copy(update: Update, context: ContextTypes.DEFAULT_TYPE, msg: Message, copy_id: int) -> bool:
    """Staff's words under a resident's voice message the bot passed to this chat: her report (``voices``)."""
    words = (msg.text or msg.caption or "").strip()
    if not words or msg.from_user is None:
        return False
    ctx = app_ctx(context)
    answer = await voices.logged_under_copy(ctx, msg.chat_id, msg.from_user.id, words, copy_id)
    if answer is not None:
        await reply(ctx, update, t(await chat_lang(ctx, update), answer.key, **dict(answer.values)))
    return answer is not None


async def on_report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report <text>, or /report as a reply to the message to report."""
    msg = update.effective_message
    if msg is None or not is_human(update):
        return
    ctx = app_ctx(context)
    target = msg
    text = " ".join(context.args or [])
    if msg.reply_to_message and not text:
        target = msg.reply_to_message
        text = target.text or target.caption or ""
        if target.from_user is None or target.from_user.is_bot:
            await reply(ctx, update, t(await chat_lang(ctx, update), "report.reply_to_human"))
            return
    if not text.strip():
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.usage"))
        return
    heard = msg.reply_to_message
    result = None
    if heard and heard.voice and heard.from_user and not heard.from_user.is_bot and msg.from_user:
        # staff logging her voice message: hers, their words (anyone else's: their own report)
        result = await voices.reported_for_her(ctx, msg.from_user.id, incoming(heard, text), heard.voice.file_id)
    if result is None:
        result = await reports.report_received(ctx, incoming(target, text), explicit=True)
    if result.fate is reports.Fate.UNBOUND and msg.chat_id == ctx.committee_chat_id:
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.committee_chat"))
    elif result.fate is reports.Fate.UNBOUND:
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.unbound"))
    elif result.fate is reports.Fate.STRANGER:
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.stranger"))
    elif result.fate is reports.Fate.DUPLICATE and result.event_id:
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.already", id=result.event_id))
    elif result.fate is reports.Fate.FLOOD and msg.chat_id > 0:  # in a group the use case told them, once a run
        await reply(ctx, update, t(await chat_lang(ctx, update), "report.flood"))


async def on_group_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A resident edited a message: the event follows the edit until someone accepted it; a reply stays a reply."""
    msg = update.edited_message
    target = replied(msg) if msg is not None else None  # in a forum topic: no reply to its opening message
    reply_to = target.message_id if target is not None else None

    async def edited(ctx: AppContext, incoming_msg: Incoming) -> str:
        return await edits.message_edited(ctx, incoming_msg, reply_to=reply_to)

    await _read(update, context, msg, "edit", edited)


async def on_media_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo (an image file, a video) or a location pin sent as a reply to the bot's acknowledgement: added to
    that event, its caption with it; a caption reporting another problem is a report of its own. A photo of an
    album goes where the album's first went (each carries the same reply). Replying to a message that is no event's,
    one with words is read as a message, one without as one replying to nothing (``on_loose_media``)."""
    msg = update.effective_message
    target = replied(msg) if msg is not None else None
    if msg is None or target is None or not is_human(update):
        return
    ctx = app_ctx(context)
    said = incoming(msg, msg.caption or "")
    if await photos.of_album(ctx, said) is not None:  # its album's first photo decided where it goes
        return
    if msg.caption and await followups.another_problem(ctx, said, target.message_id):
        await on_group_message(update, context)  # its own report, with its photo
        return
    loc = msg.location
    lat, lon = (loc.latitude, loc.longitude) if loc else (None, None)
    event_id = await photos.attach(ctx, said, target.message_id, lat=lat, lon=lon)
    if event_id is None and msg.caption:  # a captioned photo replying to something else: maybe a report
        await on_group_message(update, context)
    elif event_id is None and not msg.venue:  # no words, under a neighbour's message: as one replying to nothing
        await on_loose_media(update, context)


async def on_loose_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or pin with no words, replying to nothing: one of an album that went to an event, or its sender's
    report of a moment ago, joins it; else it is held for her words and a photo gets the hint (an album's photos, a
    pin, and one sent while her "Report it?" question waits do not)."""
    msg = update.effective_message
    if msg is None or not is_human(update):
        return
    ctx = app_ctx(context)
    said = incoming(msg, "")
    loc = msg.location
    lat, lon = (loc.latitude, loc.longitude) if loc else (None, None)
    placed = await photos.loose(ctx, said, lat=lat, lon=lon)
    if placed.event_id is None and not placed.awaited and msg.photo and not msg.media_group_id:
        await hints.unreadable(ctx, said, False)


async def on_unreadable(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice message (a round video) in a group: how to report in words, or where it went (``hints``)."""
    msg = update.effective_message
    if msg is None or not is_human(update) or msg.media_group_id:
        return
    voice = bool(msg.voice or msg.video_note)
    await hints.unreadable(app_ctx(context), incoming(msg, ""), voice, msg.voice.file_id if msg.voice else None)
