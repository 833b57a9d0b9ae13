"""Use cases of chat membership: the bot added or removed, groups migrated, users blocking the bot."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.render.i18n import LANGUAGES, Html, t
from bot.services import notify, waiting
from storage import events, outbox, people, setup

log = logging.getLogger(__name__)


async def group_presence(
    ctx: AppContext, chat_id: int, title: str | None, present: bool, may_write: bool = True
) -> None:
    """Record that the bot is in a group or not; the committee hears when a bound group loses the bot, or keeps it
    without letting it write (restricted: its reports are still taken, but residents get no answer there)."""
    async with ctx.db.tx() as c:
        before = await people.chat(c, chat_id)
        await people.set_chat_active(c, chat_id, present, title)
        bound = ctx.community.grid_for_chat(chat_id) or (before and before.grid_id)
        if present and not bound and waiting.is_waiting(ctx, chat_id):
            await waiting.ensure(ctx, c, chat_id, title, again=before is not None and not before.active)
        was_active = before is None or before.active
        if bound and was_active and not present and chat_id != ctx.community.community.committee_chat_id:
            await notify.committee(ctx, c, "committee.bot_removed", title=title or str(chat_id))
        if bound and present and not may_write:
            await cannot_write(ctx, c, chat_id)
    log.info("bot %s chat %s", "in" if present else "out of", chat_id)


async def cannot_write(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> None:
    """The bot may not write in a residents' group (restricted, or a send refused for want of rights): the
    committee hears it once until the bot next gets a message through to that group."""
    if chat_id > 0 or chat_id == ctx.community.community.committee_chat_id:
        return
    streak = await outbox.last_sent_to(c, chat_id)
    title = await people.chat_title(c, chat_id) or str(chat_id)
    await notify.committee(ctx, c, "committee.cannot_write", dedup_key=f"cannot_write:{chat_id}:{streak}", title=title)


async def private_status(ctx: AppContext, user_id: int, reachable: bool) -> None:
    """A user blocked or unblocked the bot."""
    async with ctx.db.tx() as c:
        await people.mark_started(c, user_id, reachable)


async def migrated(ctx: AppContext, old_id: int, new_id: int) -> None:
    """Carry a group's binding, settings and queued messages over to its supergroup id."""
    async with ctx.db.tx() as c:
        await people.migrate_chat(c, old_id, new_id)
        await outbox.retarget(c, old_id, new_id)
        await setup.migrate(c, old_id, new_id)
        await events.move_chat(c, old_id, new_id)
    log.info("chat %s migrated to %s", old_id, new_id)


async def user_started(ctx: AppContext, user_id: int, name: str, username: str | None, language: str | None) -> None:
    """A user wrote to the bot privately: remember them, and that the bot may now message them."""
    async with ctx.db.tx() as c:
        await people.upsert_person(c, user_id, name, username, language, ctx.now())
        await people.mark_started(c, user_id)


async def set_group_language(ctx: AppContext, user_id: int, chat_id: int, wanted: str, lang: str) -> Html:
    """/lang: an admin chooses the language a group reads; the answer, in the new language when it is set."""
    if chat_id > 0:  # a private chat follows the person's own Telegram language
        return t(lang, "lang.private")
    if permissions.role(ctx.community, user_id) is not permissions.Role.ADMIN:
        return t(lang, "only.admin")
    language = {x.lower(): x for x in LANGUAGES}.get(wanted.lower())
    if language is None:
        return t(lang, "lang.usage", langs=" / ".join(LANGUAGES))
    async with ctx.db.tx() as c:
        await people.set_chat_language(c, chat_id, language)
    return t(language, "lang.ok")
