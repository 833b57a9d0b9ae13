"""Private chats: /start (and worker invite links), notes workers type, residents reporting privately."""

from __future__ import annotations

from telegram import Bot, Update
from telegram.ext import ContextTypes

from bot.context import AppContext
from bot.core.commands import COMMANDS
from bot.render.i18n import answer_language, t
from bot.services import (
    about,
    card_replies,
    edits,
    handover,
    hints,
    membership,
    photos,
    privacy,
    reports,
    voices,
    worker_replies,
    workflow,
)
from handlers.common import (
    Asked,
    answer_markup,
    app_ctx,
    chat_lang,
    command,
    display,
    incoming,
    is_human,
    is_member,
    private_lang,
    reply,
)


@command
async def on_start(a: Asked) -> str:
    """/start [w_<invite>]: remember the user can be messaged; register invited workers."""
    arg = (a.args or [""])[0]
    if not arg:  # a neighbour who only reads the group is greeted as one, not told to go to the group
        await _ask_membership(a.update.get_bot(), a.ctx, a.user_id)
    return await about.start(a.ctx, a.user_id, display(a.user), a.user.username, a.user.language_code, arg, a.lang)


@command
async def on_start_in_group(a: Asked) -> str | None:
    """/start typed in a group: where to press Start. Not "/start@bot", which Telegram sends itself when the bot joins
    a group by link (a person types /start bare: no menu offers it in a group)."""
    msg = a.update.effective_message
    if msg is None or "@" in (msg.text or "").split(maxsplit=1)[0]:
        return None
    return await about.start_in_group(a.ctx, a.user_id, display(a.user), a.lang)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message: a note a worker was asked for, his words under his card for a private reporter, else a
    resident's report."""
    msg = update.effective_message
    user = update.effective_user
    if msg is None or user is None or not is_human(update):
        return
    ctx = app_ctx(context)
    text = (msg.text or msg.caption or "").strip()
    if not text:
        return
    # Chinese words from a phone whose Telegram is in English are answered in Chinese (as notify.answer_language_for)
    lang = answer_language(private_lang(ctx, user), user.language_code, text, ctx.language)
    reply_to = msg.reply_to_message.message_id if msg.reply_to_message else None  # "是的" under "Report it?"
    if await handover.answered(ctx, incoming(msg, text), reply_to):  # an admin's answer under a question relayed
        return
    answer = await workflow.note_received(ctx, user.id, text, reply_to)  # under the question about #1: #1's
    if answer is None:  # "收到" under his card (or just after it): as Accept; "修好了": Close's choices
        his, answer = await worker_replies.in_private_words(ctx, incoming(msg, text), reply_to)
        if his and answer is None:
            return  # a report beside his answer: its own acknowledgement answered him
    if answer is None and reply_to is not None:  # under his card of a private report: his words for her
        answer = await card_replies.worker_replied(ctx, incoming(msg, text), reply_to)
    if answer is None and reply_to is not None:  # under a resident's voice message passed to him: her report
        answer = await voices.logged_under_copy(ctx, user.id, user.id, text, reply_to)
    if answer is not None:  # a worker's note: in the language of their cards
        said_lang = private_lang(ctx, user)
        await reply(ctx, update, t(said_lang, answer.key, **dict(answer.values)), answer_markup(said_lang, answer))
        return
    if await handover.followed_up(ctx, incoming(msg, text), reply_to):  # under the committee's answer to her
        return
    await membership.user_started(ctx, user.id, display(user), user.username, user.language_code)
    await _ask_membership(context.bot, ctx, user.id)
    if (said := await about.asked(ctx, user.id, display(user), text, lang, private=True)) is not None:
        await reply(ctx, update, said)  # "帮助", "怎么用": their /help; "我是网格员王强": how a worker registers
        return
    result = await reports.report_received(ctx, incoming(msg, text), reply_to=reply_to)
    if result.fate is reports.Fate.IGNORED:
        if not await handover.offered(ctx, incoming(msg, text), result.parsed, lang):  # "物业费怎么交？"
            await hints.not_a_report(ctx, incoming(msg, text), result.parsed, lang)  # the same answer once a while
    elif result.fate is reports.Fate.FLOOD:
        await reply(ctx, update, t(lang, "report.flood"))
    elif result.fate in (reports.Fate.STRANGER, reports.Fate.STRANGER_PASSED):
        await reply(ctx, update, t(lang, f"report.{result.fate.value}"))


async def _ask_membership(bot: Bot, ctx: AppContext, user_id: int) -> None:
    """Telegram asked whether a resident never seen writing in a residents' group is a member of one
    (``reports.groups_to_ask``), and the answer kept (``reports.member_of``)."""
    if groups := await reports.groups_to_ask(ctx, user_id):
        await reports.member_of(ctx, user_id, await _member_of_one(bot, groups, user_id))


async def _member_of_one(bot: Bot, groups: list[int], user_id: int) -> int | None:
    """The first of these groups Telegram says the person is a member of, or None."""
    for chat_id in groups:
        if await is_member(bot, chat_id, user_id):
            return chat_id
    return None


async def on_private_unreadable(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A voice message (a round video), a sticker, a photo with no words in private: how to report in words; a
    resident's voice message may be passed to the worker on duty (``hints.unreadable``), so whether she is in a
    residents' group is asked first, as for a private report."""
    msg = update.effective_message
    user = update.effective_user
    if msg is None or user is None or not is_human(update) or msg.media_group_id:
        return
    ctx = app_ctx(context)
    voice = bool(msg.voice or msg.video_note)
    if msg.voice:
        await membership.user_started(ctx, user.id, display(user), user.username, user.language_code)
        await _ask_membership(context.bot, ctx, user.id)
    await hints.unreadable(ctx, incoming(msg, ""), voice, msg.voice.file_id if msg.voice else None)


async def on_private_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message edited: a report not yet accepted takes the new words, as in a group."""
    msg = update.edited_message
    if msg is None or not is_human(update):
        return
    text = (msg.text or msg.caption or "").strip()
    if text:
        await edits.message_edited(app_ctx(context), incoming(msg, text))


async def only_in_private(update: Update, context: ContextTypes.DEFAULT_TYPE, committee: bool = False) -> None:
    """A command that works only in a private chat (/whoami, /forget_me), or there and in the committee chat
    (``committee``), sent in a residents' group: where to send it."""
    msg = update.effective_message
    if msg is None or not is_human(update):
        return
    word = (msg.text or "").split(maxsplit=1)[0].split("@")[0][:32]
    ctx = app_ctx(context)
    key = "private.only_here_or_committee" if committee else "private.only_here"
    await reply(ctx, update, t(await chat_lang(ctx, update), key, command=word, bot=ctx.bot_username))


KNOWN = frozenset(c.name for c in COMMANDS)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in private ("/reprot …") or in the committee chat ("/list"): said so,
    never silence (the writer would think it was done). In residents' groups other bots' commands pass by."""
    msg = update.effective_message
    user = update.effective_user
    if msg is None or user is None or not is_human(update):
        return
    ctx = app_ctx(context)
    word = (msg.text or msg.caption or "").split(maxsplit=1)[0][:32]
    if msg.chat.type != "private":
        name, _, addressed = word.partition("@")
        if (
            msg.chat_id != ctx.committee_chat_id
            or (addressed and addressed.lower() != ctx.bot_username.lower())
            or name[1:].lower() in KNOWN  # one of ours that works elsewhere (/start, sent by Telegram on joining)
        ):
            return
        await reply(ctx, update, t(await chat_lang(ctx, update), "committee.unknown_command", command=word))
        return
    await reply(ctx, update, t(private_lang(ctx, user), "private.unknown_command", command=word))


async def on_private_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo (an image file, a video) or a pin in private: a worker's "after" photo when one was asked for, else
    a report with a caption; with no words one of an album that went to an event, or the sender's report of a
    moment ago, gets it; else how to report (once an album)."""
    msg = update.effective_message
    user = update.effective_user
    if msg is None or user is None or not is_human(update):
        return
    ctx = app_ctx(context)
    sent = incoming(msg, msg.caption or "")
    if sent.photo is not None:
        reply_to = msg.reply_to_message.message_id if msg.reply_to_message else None  # under #1's DM: #1's photo
        answer = await photos.after_photo(ctx, sent, reply_to)
        if answer is None:  # none asked for: a worker's photo of the job is kept with it, "修好了" on it: Close
            answer = await worker_replies.photo(ctx, sent, reply_to)
        if answer is not None:
            await reply(ctx, update, t(private_lang(ctx, user), answer.key, **dict(answer.values)))
            return
    if msg.caption:
        await on_private_text(update, context)
        return
    loc = msg.location  # no caption: ``sent`` has no words
    lat, lon = (loc.latitude, loc.longitude) if loc else (None, None)
    placed = await photos.loose(ctx, sent, lat=lat, lon=lon)
    if placed.event_id is None and not placed.awaited:
        await hints.unreadable(ctx, sent, False, pinned=loc is not None)


@command
async def on_skip(a: Asked) -> str:
    """/skip: a worker sends no "after" photo."""
    answer = await photos.skip_after(a.ctx, None, a.user_id)
    return t(a.lang, answer.key, **dict(answer.values))


@command
async def on_forget_me(a: Asked) -> str:
    """/forget_me: explain; /forget_me confirm: erase the user's name and texts."""
    if [x.lower() for x in a.args] != ["confirm"]:
        return privacy.explained(a.lang, a.user_id)
    return await privacy.forget_me_answered(a.ctx, a.user_id, a.lang)
