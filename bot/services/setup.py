"""Start-up use cases: the community file into the database, the command menus."""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.context import AppContext
from bot.i18n import plain
from storage import people

log = logging.getLogger(__name__)

# Each role's menu. Telegram picks the narrowest scope that exists for a chat: a chat's own scope
# (the committee chat; an admin's private chat, whose id is the admin's user id), then "all chat
# administrators", then "all group chats" / "all private chats", then the default.
PRIVATE_COMMANDS = ("start", "help", "my", "status", "points", "duty", "rota", "onduty", "offduty",
                    "cover", "swap", "forget_me")
GROUP_COMMANDS = ("report", "status", "points", "help")
GROUP_ADMIN_COMMANDS = (*GROUP_COMMANDS, "lang")
COMMITTEE_COMMANDS = ("digest", "status", "duty", "rota", "cover", "swap", "invite", "lang", "help")
ADMIN_PRIVATE_COMMANDS = (*PRIVATE_COMMANDS[:-1], "digest", "invite", "inbox", "forget_me")


async def sync_community(ctx: AppContext) -> None:
    """Store the file's workers and group bindings."""
    async with ctx.db.tx() as c:
        await people.sync_workers(
            c, [(w.telegram_id, w.name, getattr(w, "phone", None)) for w in ctx.community.workers]
        )
        await people.sync_chats(c, [(chat, g.id) for g in ctx.community.grids for chat in g.chats])


def menu_languages(community_language: str) -> list[tuple[str | None, str]]:
    """(language_code, catalogue) pairs to set: the default (no code) in the community's language,
    "zh" and "en".

    setMyCommands takes 2-letter ISO 639-1 codes only, so Simplified and Traditional Chinese share
    "zh": it gets the community's own variant when that is Chinese, else zh-Hans. Users of the
    other variant see that menu; the bot's answers still follow their full language tag.
    """
    zh = community_language if community_language.startswith("zh") else "zh-Hans"
    return [(None, community_language), ("zh", zh), ("en", "en")]


def menus(ctx: AppContext) -> list[tuple[BotCommandScope, tuple[str, ...]]]:
    """Every (scope, commands) pair this community needs."""
    result: list[tuple[BotCommandScope, tuple[str, ...]]] = [
        (BotCommandScopeAllPrivateChats(), PRIVATE_COMMANDS),
        (BotCommandScopeAllGroupChats(), GROUP_COMMANDS),
        (BotCommandScopeAllChatAdministrators(), GROUP_ADMIN_COMMANDS),
        (BotCommandScopeChat(ctx.community.community.committee_chat_id), COMMITTEE_COMMANDS),
    ]
    admin_commands = ADMIN_PRIVATE_COMMANDS + (("console",) if ctx.settings.console_enabled else ())
    result += [(BotCommandScopeChat(admin), admin_commands) for admin in ctx.community.community.admins]
    return result


async def set_commands(bot: Bot, ctx: AppContext) -> None:
    """Telegram's command menu per scope (role) and language (a failure here is not fatal)."""
    try:
        for scope, commands in menus(ctx):
            for code, lang in menu_languages(ctx.language):
                kw = {"language_code": code} if code else {}
                await bot.set_my_commands([BotCommand(c, plain(lang, f"cmd.{c}")) for c in commands], scope=scope, **kw)
    except TelegramError as exc:
        log.warning("could not set the command menus: %s", exc)
