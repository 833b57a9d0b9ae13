"""Commands of workers and the committee: /help /status /my /duty /onduty /offduty /invite /lang /whoami /shift."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import permissions
from bot.core.commands import roles_of
from bot.core.lifecycle import parse_event_number
from bot.render.help import help_text
from bot.render.i18n import t
from bot.services import duty, inbox_admin, membership, queries, shifts
from handlers.common import app_ctx, chat_lang, display, is_human, reply


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: the commands the caller's roles may use, from the one command table."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    uid = update.effective_user.id
    roles = roles_of(ctx.community.is_admin(uid), ctx.community.worker(uid) is not None)
    await reply(ctx, update, help_text(lang, roles, console=bool(ctx.console_url)))


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
    await reply(ctx, update, await duty.duty_now(ctx, update.effective_user.id, lang))


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
    private = update.effective_chat.type == "private"
    await reply(
        ctx, update, await duty.create_invite(ctx, update.effective_user.id, private, list(context.args or []), lang)
    )


async def on_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lang zh-Hans|zh-Hant|en: an admin sets a group's language."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    wanted = (context.args or [""])[0]
    await reply(
        ctx,
        update,
        await membership.set_group_language(ctx, update.effective_user.id, update.effective_chat.id, wanted, lang),
    )


async def on_whoami(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/whoami: the caller's Telegram id and role (for the community file)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    user = update.effective_user
    await reply(
        ctx,
        update,
        t(
            lang,
            "whoami.text",
            name=display(user),
            id=user.id,
            role=t(lang, f"role.{permissions.role(ctx.community, user.id).value}"),
        ),
    )


async def on_shift(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/shift <worker> <grid|team> [days] [HH:MM-HH:MM] [backup]: put a worker on a rota."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await shifts.add(ctx, update.effective_user.id, list(context.args or []), lang))


async def on_inbox(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/inbox [retry]: updates the bot could not handle (admins, private chat)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await inbox_admin.report(ctx, update.effective_user.id, list(context.args or []), lang))
