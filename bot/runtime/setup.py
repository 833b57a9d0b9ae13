"""Start-up use cases: the community file into the database, the command menus (from bot.core.commands)."""

from __future__ import annotations

import hashlib
import json
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
from telegram.error import ChatMigrated, TelegramError

from bot.context import AppContext
from bot.core.callbacks import tag_text
from bot.core.commands import Place, listed, menu_languages, roles_of
from bot.core.permissions import Role
from bot.render.i18n import plain
from bot.runtime.errors import brief
from storage import meta, people

log = logging.getLogger(__name__)


async def sync_community(ctx: AppContext) -> None:
    """Store the file's workers and group bindings (and the first start, once); read the committee chat's
    upgrades to supergroups."""
    async with ctx.db.tx() as c:
        await meta.record_start(c, ctx.now())
        await people.sync_workers(
            c, [(w.telegram_id, w.name, getattr(w, "phone", None)) for w in ctx.community.workers]
        )
        await people.sync_chats(c, [(chat, g.id) for g in ctx.community.grids for chat in g.chats])
        ctx.committee_moves = await meta.committee_moves(c)  # the file may still name the committee's old id
        # for the reports Telegram kept while the bot was down: how far this clock ran ahead of Telegram's
        ctx.telegram_skew_s = await meta.value(c, meta.TELEGRAM_SKEW) or 0
        ctx.button_tag = tag_text(await meta.button_tag(c))  # in every button this copy sends (core.callbacks)


def menus(ctx: AppContext) -> list[tuple[BotCommandScope, tuple[str, ...]]]:
    """Every (scope, commands) pair this community needs, from the one command table.

    Telegram picks the narrowest scope that exists for a chat: a chat's own scope (the committee chat; a
    worker's or an admin's private chat, whose id is their user id), then "all chat administrators", then
    "all group chats" / "all private chats". Residents get the private and group menus.
    """
    console = ctx.settings.console_enabled
    resident = roles_of(admin=False, worker=False)

    def names(roles: frozenset[Role], place: Place) -> tuple[str, ...]:
        return tuple(c.name for c in listed(roles, place, console))

    info = ctx.community.community
    result: list[tuple[BotCommandScope, tuple[str, ...]]] = [
        (BotCommandScopeAllPrivateChats(), names(resident, Place.PRIVATE)),
        (BotCommandScopeAllGroupChats(), names(resident, Place.GROUP)),
        (BotCommandScopeAllChatAdministrators(), names(roles_of(admin=True, worker=False), Place.GROUP)),
        (BotCommandScopeChat(ctx.committee_chat_id), names(frozenset(Role), Place.COMMITTEE)),
    ]
    people = [w.telegram_id for w in ctx.community.workers if not ctx.community.is_admin(w.telegram_id)]
    people += list(info.admins)
    for user_id in people:
        roles = roles_of(ctx.community.is_admin(user_id), ctx.community.worker(user_id) is not None)
        result.append((BotCommandScopeChat(user_id), names(roles, Place.PRIVATE)))
    return result


def _calls(ctx: AppContext) -> list[tuple[BotCommandScope, str, list[BotCommand]]]:
    """One (scope, language code, commands) per setMyCommands call the menus need."""
    return [
        (scope, code, [BotCommand(c, plain(lang, f"cmd.{c}")) for c in commands])
        for scope, commands in menus(ctx)
        for code, lang in menu_languages(ctx.language)
    ]


def fingerprint(bot_id: int, calls: list[tuple[BotCommandScope, str, list[BotCommand]]]) -> int:
    """A 63-bit digest of the bot and every menu, to tell whether Telegram already has them."""
    body = json.dumps(
        [bot_id, [[scope.to_dict(), code, [c.to_dict() for c in cmds]] for scope, code, cmds in calls]],
        sort_keys=True,
        ensure_ascii=False,
    )
    return int.from_bytes(hashlib.sha256(body.encode()).digest()[:8], "big") >> 1


def menu_key(scope: BotCommandScope, code: str | None) -> str:
    """Where one menu is kept: its scope (with its chat) and language code ("chat:<id>|en", "all_group_chats:|")."""
    return f"{scope.type}:{getattr(scope, 'chat_id', '')}|{code or ''}"


async def set_commands(bot: Bot, ctx: AppContext) -> None:
    """Telegram's command menu per scope (role) and language (a failure here is not fatal).

    Telegram keeps menus, so a start sets only the menus that differ from the ones last set successfully there
    (same bot, same roles, words and language: a fingerprint per menu): the first start sets them all, a changed
    role its chat's, a refused one (a person the bot has never seen) is tried again at the next start. It deletes
    the menu of each chat given one before and none now (a worker taken out of the file loses the workers' menu).
    """
    calls = _calls(ctx)
    wanted = {menu_key(scope, code): fingerprint(bot.id, [(scope, code, cmds)]) for scope, code, cmds in calls}
    own = {scope.chat_id for scope, _, _ in calls if isinstance(scope, BotCommandScopeChat)}
    # remembered before they are set (a crash in between leaves none unknown), and when they are set already: a
    # database from before menu_chats had menus set and none of their chats known, so none would be deleted
    async with ctx.db.tx() as c:
        last = await meta.menu_fingerprints(c)
        if not last and await meta.legacy_menus_fingerprint(c) == fingerprint(bot.id, calls):
            last = wanted  # an older release set these very menus (and kept one fingerprint of them all)
            await meta.set_menu_fingerprints(c, wanted)
        before = await meta.menu_chats(c)
        await meta.add_menu_chats(c, own)
    failed: list[str] = []
    done: dict[str, int] = {}
    for scope, code, commands in calls:  # one refused menu (a person the bot has never seen) spoils no other
        key = menu_key(scope, code)
        if last.get(key) == wanted[key]:
            continue
        try:
            await bot.set_my_commands(commands, scope=scope, **({"language_code": code} if code else {}))
            done[key] = wanted[key]
        except TelegramError as exc:
            failed.append(f"{getattr(scope, 'chat_id', scope.type)}: {brief(exc)}")
    deleted = []
    for chat_id in sorted(before - own):
        try:
            for code, _ in menu_languages(ctx.language):
                await bot.delete_my_commands(
                    scope=BotCommandScopeChat(chat_id), **({"language_code": code} if code else {})
                )
            deleted.append(chat_id)
        except ChatMigrated:  # a committee chat that became a supergroup: its old menu went with it
            deleted.append(chat_id)
        except TelegramError as exc:  # tried again at the next start
            failed.append(f"{chat_id} (deleting): {brief(exc)}")
    async with ctx.db.tx() as c:
        await meta.set_menu_fingerprints(c, done)
        await meta.forget_menu_chats(c, deleted)
        for chat_id in deleted:
            await meta.forget_chat_menus(c, chat_id)
    if done or deleted:
        log.info("set %d of %d command menus, deleted %d chats' own", len(done), len(calls), len(deleted))
    if failed:  # tried again at the next start; a worker or admin gets theirs when they /start the bot
        log.warning("could not set %d of %d command menus (%s)", len(failed), len(calls), "; ".join(failed[:5]))
