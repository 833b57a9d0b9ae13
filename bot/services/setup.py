"""Start-up use cases: the community file into the database, the command menus."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError

from bot.context import AppContext
from bot.i18n import LANGUAGES, t
from storage import people

log = logging.getLogger(__name__)

PRIVATE_COMMANDS = ("start", "help", "my", "status", "points", "duty", "onduty", "offduty", "invite", "forget_me")
GROUP_COMMANDS = ("report", "status", "points", "help")


async def sync_community(ctx: AppContext) -> None:
    """Store the file's workers and group bindings."""
    async with ctx.db.tx() as c:
        await people.sync_workers(
            c, [(w.telegram_id, w.name, getattr(w, "phone", None)) for w in ctx.community.workers]
        )
        await people.sync_chats(c, [(chat, g.id) for g in ctx.community.grids for chat in g.chats])


async def set_commands(bot: Bot, ctx: AppContext) -> None:
    """Telegram's command menu per scope and language (a failure here is not fatal)."""
    try:
        for lang in LANGUAGES:
            code = {"zh-Hans": "zh", "zh-Hant": None, "en": "en"}[lang]
            if lang == ctx.language:
                code_list = [None, code] if code else [None]
            else:
                code_list = [code] if code else []
            for code_ in code_list:
                kw = {"language_code": code_} if code_ else {}
                await bot.set_my_commands(
                    [BotCommand(c, t(lang, f"cmd.{c}")) for c in PRIVATE_COMMANDS],
                    scope=BotCommandScopeAllPrivateChats(),
                    **kw,
                )
                await bot.set_my_commands(
                    [BotCommand(c, t(lang, f"cmd.{c}")) for c in GROUP_COMMANDS],
                    scope=BotCommandScopeAllGroupChats(),
                    **kw,
                )
    except TelegramError as exc:
        log.warning("could not set the command menus: %s", exc)
