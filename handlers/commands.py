"""Commands of workers and the committee: /help /status /my /duty /onduty /offduty /invite /lang."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.lifecycle import parse_event_number
from bot.i18n import LANGUAGES, t
from bot.services import duty, inbox_admin, membership, queries
from handlers.common import app_ctx, chat_lang, is_human, reply


def _role(ctx, user_id: int) -> str:  # noqa: ANN001
    if ctx.community.is_admin(user_id):
        return "admin"
    return "worker" if ctx.community.worker(user_id) else "resident"


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands of the caller's role."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    role = _role(ctx, update.effective_user.id)
    text = t(lang, f"help.{role}")
    if role != "resident" and ctx.console_url:
        text += "\n" + t(lang, "help.console")
    await reply(ctx, update, text)


async def on_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status 42: an event's timeline."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    number = parse_event_number(" ".join(context.args or []))
    if number is None:
        await reply(ctx, update, t(lang, "status.usage"))
        return
    await reply(
        ctx, update, await queries.status(ctx, number, update.effective_user.id, update.effective_chat.id, lang)
    )


async def on_my(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/my: the worker's open events."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await queries.my_events(ctx, update.effective_user.id, lang))


async def on_duty(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/duty: who is on duty now (workers and admins)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    if _role(ctx, update.effective_user.id) == "resident":
        await reply(ctx, update, t(lang, "only.staff"))
        return
    await reply(ctx, update, await duty.duty_now(ctx, lang))


async def on_onduty(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/onduty [grid] [hours]."""
    await _mark(update, context, True)


async def on_offduty(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/offduty [grid] [hours]."""
    await _mark(update, context, False)


async def _mark(update: Update, context: ContextTypes.DEFAULT_TYPE, on: bool) -> None:
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await duty.set_duty(ctx, update.effective_user.id, on, list(context.args or []), lang))


async def on_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite [grid]: admins get a worker invite link."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    if not ctx.community.is_admin(update.effective_user.id):
        await reply(ctx, update, t(lang, "only.admin"))
        return
    if update.effective_chat.type != "private":  # a link posted in a group would let anyone become a worker
        await reply(ctx, update, t(lang, "invite.private_only"))
        return
    await reply(ctx, update, await duty.create_invite(ctx, update.effective_user.id, list(context.args or []), lang))


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lang zh-Hans|zh-Hant|en: an admin sets a group's language."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    if not ctx.community.is_admin(update.effective_user.id):
        await reply(ctx, update, t(lang, "only.admin"))
        return
    wanted = {x.lower(): x for x in LANGUAGES}.get((context.args or [""])[0].lower())
    if wanted is None:
        await reply(ctx, update, t(lang, "lang.usage", langs=" / ".join(LANGUAGES)))
        return
    await membership.set_group_language(ctx, update.effective_chat.id, wanted)
    await reply(ctx, update, t(wanted, "lang.ok"))


async def on_inbox(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/inbox [retry]: updates the bot could not handle (admins, private chat)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await inbox_admin.report(ctx, update.effective_user.id, list(context.args or []), lang))
