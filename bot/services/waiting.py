"""Groups the bot is in that no grid lists yet: announced to the committee, their reports kept.

A real committee expects a resident's report never to vanish and never to sit unseen: while a group
waits, each report is kept as a row, the resident is told it was passed on, and the committee chat
sees it at once; once an admin binds the group (`services.onboarding`), the kept reports become
ordinary events, dispatched to the worker on duty.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import aiosqlite

from bot.context import AppContext
from bot.core.additions import grid_chat_lines
from bot.core.callbacks import Action, encode
from bot.core.purpose import Purpose
from bot.render import messages
from bot.render.i18n import Html, join, plain, t
from bot.services import notify
from storage import outbox, people, setup

if TYPE_CHECKING:
    from bot.core.types import Incoming

log = logging.getLogger(__name__)

KEPT_SHOWN = 3  # a waiting group's reports shown to the committee one by one (dangers always are)
BIND_BUTTONS = 24  # grids offered as buttons (more are bound by pasting the file lines)


def is_waiting(ctx: AppContext, chat_id: int) -> bool:
    """A group no grid lists (nor a button bound), that is not the committee chat."""
    return chat_id < 0 and chat_id != ctx.committee_chat_id and ctx.community.grid_for_chat(chat_id) is None


async def ensure(
    ctx: AppContext, c: aiosqlite.Connection, chat_id: int, title: str | None, again: bool = False
) -> None:
    """Record a waiting group; the first time (or when the bot is added again) the group hears it waits,
    each admin gets its id, the file lines and bind buttons, and the committee chat a line."""
    added = await setup.add_chat(c, chat_id, title, ctx.now())
    if not (added.new or again) or added.chat.grid_id is not None:
        return
    name = title or str(chat_id)
    lang = await notify.group_language(ctx, c, chat_id)
    await notify.send(
        ctx,
        c,
        chat_id,
        t(lang, "setup.group_waiting", community=ctx.community.community.name),
        purpose=Purpose.SETUP,
        dedup_key=None if again else f"setup:group:{chat_id}",
    )
    for admin in ctx.community.community.admins:
        await _tell_admin(ctx, c, admin, added.chat, None if again else f"setup:admin:{chat_id}:{admin}", name)
    await notify.committee(
        ctx,
        c,
        "setup.committee_new_group",
        title=name,
        chat_id=chat_id,
        dedup_key=None if again else f"setup:committee:{chat_id}",
        also=[await _admins_reached(ctx, c)],
    )
    log.info("bot in chat %s, which no grid lists: waiting for an admin to bind it", chat_id)


async def _admins_reached(ctx: AppContext, c: aiosqlite.Connection) -> tuple[str, dict]:
    """The committee note's line about the bind buttons: sent to the admins, or, while one of them never pressed
    Start (a private message cannot reach them), how to get them (set-up review: the chair who had only added the
    bot to her groups read "管理员已收到私信" while hers failed, and nothing told her to press Start)."""
    for admin in ctx.community.community.admins:
        known = await people.person(c, admin)
        if known is None or not known.reachable:
            return "setup.committee_admins_start", {"bot": ctx.bot_username}
    return "setup.committee_admins_told", {}


async def tell_admin_again(ctx: AppContext, c: aiosqlite.Connection, admin: int) -> int:
    """An admin pressed Start: each group still waiting whose bind buttons never reached them (they had not started
    the bot: 403) is sent again, so the committee chat's "管理员已收到私信" comes true (private-chat review: the
    buttons were lost for good). How many were sent."""
    sent = 0
    listed = {x for g in ctx.community.grids for x in g.chats}
    for chat in await setup.chats(c):
        if chat.grid_id is not None or chat.chat_id in listed:
            continue
        known = await people.chat(c, chat.chat_id)
        if known is not None and not known.active:  # the bot was removed from it since: nothing to bind
            continue
        first = await outbox.keyed(c, f"setup:admin:{chat.chat_id}:{admin}")
        if first is not None and first.status != "failed":
            continue
        await _tell_admin(ctx, c, admin, chat, f"setup:admin:{chat.chat_id}:{admin}:started")
        sent += 1
    return sent


async def _tell_admin(
    ctx: AppContext, c: aiosqlite.Connection, admin: int, chat: setup.WaitingChat, key: str | None, name: str = ""
) -> None:
    """An admin's private message about a waiting group: its id and the file's lines, with the bind buttons."""
    lang = await notify.user_language(ctx, c, admin)
    text = admin_text(ctx, lang, chat.chat_id, name or chat.title or str(chat.chat_id))
    committee = await people.chat(c, ctx.committee_chat_id)
    if committee is None or not committee.active:  # the file's committee chat unseen: maybe its id is mistyped
        text = join([text, t(lang, "setup.maybe_committee", chat_id=chat.chat_id, configured=ctx.committee_chat_id)])
    markup = bind_keyboard(ctx, lang, chat.id)
    await notify.send(ctx, c, admin, text, purpose=Purpose.SETUP, markup=markup, dedup_key=key)


def admin_text(ctx: AppContext, lang: str, chat_id: int, title: str) -> Html:
    """An admin's private message about a waiting group: its id and title, the lines for the file."""
    lines = "\n\n".join(grid_chat_lines(ctx.community, chat_id))
    return t(lang, "setup.admin_new_group", title=title, chat_id=chat_id, lines=lines)


def bind_keyboard(ctx: AppContext, lang: str, row_id: int) -> dict:
    """One button per grid (v1:bnd:<waiting row>:<grid index>), two a row, and "not ours, leave" below."""
    buttons = [
        {"text": plain(lang, "setup.bind_button", grid=g.name), "callback_data": encode(Action.BIND, row_id, str(i))}
        for i, g in enumerate(ctx.community.grids[:BIND_BUTTONS])
    ]
    leave = {"text": plain(lang, "setup.leave_button"), "callback_data": encode(Action.LEAVE, row_id)}
    return {"inline_keyboard": [*messages.in_rows(buttons), [leave]]}


async def keep(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, urgent: bool = False) -> bool:
    """A report in a waiting group: kept, the writer told, the committee shown it (``urgent``, a danger: before the
    committee chat's routine news). False if kept already."""
    await ensure(ctx, c, msg.chat_id, msg.chat_title)
    kept = await setup.keep(
        c, msg.chat_id, msg.message_id, msg.user_id, msg.user_name, msg.username, msg.language_code, msg.text, ctx.now()
    )
    if kept is None:
        return False
    lang = await notify.answer_language_for(ctx, c, msg)
    await notify.reply(ctx, c, msg, t(lang, "setup.kept_group"), purpose=Purpose.REPLY, dedup_key=f"kept:{kept}")
    n = await setup.waiting_count(c, msg.chat_id)
    if urgent or n <= KEPT_SHOWN:  # a group anyone may have added the bot to does not fill the committee chat
        await notify.committee(
            ctx,
            c,
            "setup.kept_committee",
            dedup_key=f"kept:c:{kept}",
            urgent=urgent,
            also=[("setup.kept_more", {})] if n == KEPT_SHOWN and not urgent else (),
            title=msg.chat_title or str(msg.chat_id),
            name=msg.user_name,
            text=messages.preview(msg.text, 300),
        )
    log.info("report %s/%s kept: the group waits to be bound", msg.chat_id, msg.message_id)
    return True
