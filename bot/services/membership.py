"""Use cases of chat membership: the bot added or removed, groups migrated, users blocking the bot."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.purpose import Purpose
from bot.core.types import Status
from bot.render.i18n import LANGUAGES, Html, chosen_language, t
from bot.services import comeback, committee_out, delivery, notify, unreachable, waiting
from storage import events, meta, outbox, people, setup, surveys

log = logging.getLogger(__name__)


async def known_resident(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> bool:
    """A resident seen in (or known to be a member of) a residents' group: one whose voice message or question sent
    to the bot in private may be passed to staff; not a stranger typing into the bot from anywhere, as for a private
    report."""
    resident = permissions.role(ctx.community, user_id) is permissions.Role.RESIDENT
    return resident and await people.seen_in_group(c, user_id)


class Me(Protocol):
    """What Telegram's getMe says of the bot that matters here."""

    can_read_all_group_messages: bool | None


async def group_presence(
    ctx: AppContext,
    chat_id: int,
    title: str | None,
    present: bool,
    may_write: bool = True,
    update_id: int | None = None,
    admin: bool = False,
    get_me: Callable[[], Awaitable[Me]] | None = None,
) -> None:
    """Record that the bot is in a group or not; the committee hears when a bound group loses the bot, or keeps it
    without letting it write (restricted: its reports are still taken, but residents get no answer there; told
    once for each update restricting it, ``update_id``). ``admin``: the bot is an administrator there, so it reads
    every message whatever privacy mode says. Privacy mode on at start is asked of Telegram again (``get_me``) when
    the bot is added to a group: turned off in BotFather since, the bot is removed and added again (README step 2),
    so this is when it changes."""
    if present and not ctx.sees_group_messages and get_me is not None:
        ctx.sees_group_messages = bool((await get_me()).can_read_all_group_messages)
    async with ctx.db.tx() as c:
        if present:
            before = await people.chat(c, chat_id)
            await people.set_chat_active(c, chat_id, True, title)
            bound = ctx.community.grid_for_chat(chat_id) or (before and before.grid_id)
            if not bound and waiting.is_waiting(ctx, chat_id):
                await waiting.ensure(ctx, c, chat_id, title, again=before is not None and not before.active)
            if bound and not may_write:
                await delivery.cannot_write(ctx, c, chat_id, update_id)
            if bound and before is not None and not before.active:
                await _back_in(ctx, c, chat_id)
            if chat_id == ctx.committee_chat_id and before is not None and not before.active:
                await committee_out.back_in(ctx, c)
            if may_write and (bound or chat_id == ctx.committee_chat_id):
                await _hello(ctx, c, chat_id, bool(bound), ctx.sees_group_messages or admin)
        else:  # told once, whether this update or a send refused there (403) came first
            await delivery.left_group(ctx, c, chat_id, title)
    log.info("bot %s chat %s", "in" if present else "out of", chat_id)


async def _hello(ctx: AppContext, c: aiosqlite.Connection, chat_id: int, residents: bool, sees: bool) -> None:
    """The bot's first word in a chat the file lists, once for ever: residents learn they report by just writing,
    the committee that its chat is the committee chat (set-up review: both heard nothing, so nobody could tell
    the set-up worked; a group the file does not list was the only one greeted). With privacy mode on (``sees``
    false) the bot reads only replies to it and commands there: residents learn to reply to it or use /report, the
    admins how to turn it off (first-day review: "just write here" was untrue); greeted so, it is edited to the
    plain greeting once the bot reads the group: added to it again with privacy mode off (a group the bot joined
    before keeps the old mode until then), or made its administrator."""
    if residents and not sees:
        await meta.set_privacy_hello(c, chat_id, True)
    elif residents and await outbox.keyed(c, f"hello:{chat_id}") is not None:  # greeted before: edited, if stale
        await _unstale_hello(ctx, c, chat_id)
        return
    lang = await notify.group_language(ctx, c, chat_id)
    key = "hello.committee" if not residents else "hello.residents" if sees else "hello.residents_privacy"
    text = t(lang, key, community=ctx.community.community.name)
    await notify.send(ctx, c, chat_id, text, purpose=Purpose.SETUP, dedup_key=f"hello:{chat_id}")


async def _unstale_hello(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> None:
    """A group's greeting written for privacy mode on, edited to the plain greeting (nothing when it was not)."""
    if not await meta.privacy_hello(c, chat_id):
        return
    await meta.set_privacy_hello(c, chat_id, False)
    row = await outbox.keyed(c, f"hello:{chat_id}")
    if row is not None and row.live:
        lang = await notify.group_language(ctx, c, chat_id)
        await notify.edit_live(ctx, c, chat_id, row, t(lang, "hello.residents", community=ctx.community.community.name))


BACK_IN_LOOKS_BACK = timedelta(days=7)  # how far back a group's acknowledgements are brought up to date


async def _back_in(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> None:
    """The bot is back in a residents' group it was removed from: what failed there meanwhile is made good (found in
    the robustness review: the outcomes and the "is it fixed?" questions were lost). Each acknowledgement is edited
    to its event as it is now, and the questions never delivered there are sent."""
    for ev in await events.of_chat_since(c, chat_id, ctx.now() - BACK_IN_LOOKS_BACK):
        await notify.refresh_ack(ctx, c, ev)
    for survey in await surveys.unsent_in(c, chat_id):
        await outbox.requeue_failed(c, f"survey:{survey.id}:g", ctx.now())


async def private_status(ctx: AppContext, user_id: int, reachable: bool) -> None:
    """A user blocked or unblocked the bot; a worker unblocking it is sent what waits for him. A worker blocking it
    while holding accepted work: the committee hears of each such event now, with buttons to move it (outage review:
    nobody was told until a resident wrote under it, or its fix-by reminder bounced hours later)."""
    async with ctx.db.tx() as c:
        back = reachable and await comeback.was_unreachable(c, user_id)
        if reachable:
            await people.mark_started(c, user_id)
        else:  # known to have blocked it, not merely never started it (the committee is told in those words)
            await people.mark_unreachable(c, user_id, blocked=True)
        if back:
            await comeback.welcome_back(ctx, c, user_id)
        if not reachable:
            for ev in await events.open_for(c, user_id):
                if ev.status is Status.ACCEPTED:
                    await unreachable.assignee_unreachable(ctx, c, ev)


async def migrated(ctx: AppContext, old_id: int, new_id: int) -> None:
    """Carry a group's binding, settings and queued messages over to its supergroup id."""
    async with ctx.db.tx() as c:
        await carry_over(ctx, c, old_id, new_id)
    log.info("chat %s migrated to %s", old_id, new_id)


async def carry_over(ctx: AppContext, c: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """The group ``old_id`` is the supergroup ``new_id`` now (its service message, or Telegram refusing a send
    to the old id): its binding, settings, events and queued messages follow; the committee chat's new id is
    kept (the admins are asked to put it in the file). A queued edit of a message left in
    the old group's history fails, and its failure is settled as any other (a fresh acknowledgement is posted)."""
    if old_id == ctx.committee_chat_id:  # the committee chat: kept until the file names the new id
        await meta.set_committee_moved(c, old_id, new_id)
        ctx.committee_moves = {**ctx.committee_moves, old_id: new_id}
        await notify.committee(
            ctx, c, "committee.chat_moved", dedup_key=f"committee_moved:{old_id}", old=old_id, new=new_id
        )
    await people.migrate_chat(c, old_id, new_id)
    await setup.migrate(c, old_id, new_id)
    await events.move_chat(c, old_id, new_id)  # before the failures are settled: a fresh one goes to the new id
    for row in await outbox.retarget(c, old_id, new_id, delivery.LEFT_BEHIND):
        await delivery.on_failed(ctx, c, row, delivery.LEFT_BEHIND, False)


async def user_started(ctx: AppContext, user_id: int, name: str, username: str | None, language: str | None) -> None:
    """A user wrote to the bot privately: remember them, and that the bot may now message them (a worker it could
    not reach is sent what waits for him)."""
    async with ctx.db.tx() as c:
        back = await comeback.was_unreachable(c, user_id)
        await people.upsert_person(c, user_id, name, username, language, ctx.now())
        await people.mark_started(c, user_id)
        if back:
            await comeback.welcome_back(ctx, c, user_id)


async def set_group_language(ctx: AppContext, user_id: int, chat_id: int, wanted: str, lang: str) -> Html:
    """/lang: an admin chooses the language a group reads; the answer, in the new language when it is set."""
    if chat_id > 0:  # a private chat follows the person's own Telegram language
        return t(lang, "lang.private")
    if permissions.role(ctx.community, user_id) is not permissions.Role.ADMIN:
        return t(lang, "only.admin")
    language = chosen_language(wanted)
    if language is None:
        return t(lang, "lang.usage", langs=" / ".join(LANGUAGES))
    async with ctx.db.tx() as c:
        await people.set_chat_language(c, chat_id, language)
    return t(language, "lang.ok")
