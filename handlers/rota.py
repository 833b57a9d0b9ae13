"""Rota commands: /cover, /swap, /rota (workers and admins; the service checks who may change what)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.context import AppContext
from bot.services import rota
from handlers.common import app_ctx, chat_lang, is_human, reply

_Service = Callable[[AppContext, int, list[str], str], Awaitable[str]]


async def _run(update: Update, context: ContextTypes.DEFAULT_TYPE, service: _Service) -> None:
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    await reply(ctx, update, await service(ctx, update.effective_user.id, list(context.args or []), lang))


async def on_cover(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cover <worker> <day> [<coverer>]: take a colleague's shifts that day."""
    await _run(update, context, rota.cover)


async def on_swap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/swap [<worker>] <worker> <day> [<day2>]: exchange shifts."""
    await _run(update, context, rota.swap)


async def on_rota(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/rota [grid|team]: the coming week (in pages with buttons when it is long)."""
    if not is_human(update):
        return
    ctx = app_ctx(context)
    lang = await chat_lang(ctx, update)
    text, markup = await rota.week(ctx, update.effective_user.id, list(context.args or []), lang)
    await reply(ctx, update, text, markup)
