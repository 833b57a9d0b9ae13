"""The committee chat out of reach: what was meant for it goes to the admins in private until it is back.

Found in the set-up review: a committee chat that removed the bot (or a `committee_chat_id` mistyped in the file)
lost every alert meant for it, a fire nobody on duty could take included, and no admin was told. Now each message
Telegram refuses there is sent to every admin in private under a short heading, the first refusal of a streak
explains why and what to do, and the chat hears when the bot is back in it.
"""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.render.i18n import Html, join, t
from bot.services import notify
from storage import outbox, people
from storage.outbox import Meta, OutboxRow

log = logging.getLogger(__name__)

RELAY = "relay:"  # + the committee row's id, ":", the admin: the dedup key of its copy relayed to him
# the calls that carry words for the committee (edits of what it already has, menus and the like are not relayed)
_CARRIES_WORDS = {"sendMessage": "text", "sendPhoto": "caption", "sendDocument": "caption"}


def no_rights(error: str) -> bool:
    """Telegram refused the bot writing in a group it is in (a 400 for want of rights), not this message alone.
    A 403 there means the bot is out of the group (removed, or the group deleted)."""
    low = error.lower()
    return low.startswith("400") and any(
        w in low for w in ("not enough rights", "have no rights", "chat_write_forbidden")
    )


def chat_refused(error: str) -> bool:
    """Telegram refused the chat itself, not this one message: the bot is out of it (403), the id names no chat
    the bot knows (400 "chat not found"), or the bot may not write there (``no_rights``)."""
    low = error.lower()
    return low.startswith("403") or (low.startswith("400") and "chat not found" in low) or no_rights(error)


def _reason(error: str) -> str:
    """Which of the refusals ``chat_refused`` accepts this is, as the last part of its catalogue key."""
    low = error.lower()
    return "removed" if low.startswith("403") else "not_found" if "chat not found" in low else "no_rights"


async def relay(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, error: str) -> None:
    """A message to the committee chat was refused for the chat's sake: every admin gets it in private (its
    buttons too: what they do is for admins), and the first refusal since a message last got through there
    tells them why and what to do."""
    chat_id = ctx.committee_chat_id
    if _reason(error) != "no_rights":  # muted is still in it: a delivery later says it is back (``reached``)
        await people.set_chat_active(c, chat_id, False)
    streak = await outbox.last_sent_to(c, chat_id)
    explain = not await outbox.keyed_after(c, "committee_out:", streak)
    field = _CARRIES_WORDS.get(row.method)
    words = str(row.payload.get(field) or "") if field else ""  # built by the bot's own renderers: HTML already
    admins = ctx.community.community.admins
    log.warning("committee chat refused a message (%s): relayed to %d admin(s)", error[:80], len(admins))
    for admin in admins:
        lang = await notify.user_language(ctx, c, admin)
        if explain:
            reason = t(lang, f"committee_out.reason.{_reason(error)}")
            await notify.send(
                ctx,
                c,
                admin,
                t(lang, "committee_out.explain", chat=chat_id, reason=reason),
                purpose=Purpose.COMMITTEE_RELAY,
                dedup_key=f"committee_out:{streak}:{admin}",
                urgent=True,
            )
        if words:
            await notify.send(
                ctx,
                c,
                admin,
                join((t(lang, "committee_out.relayed"), Html(words)), "\n\n"),
                purpose=Purpose.COMMITTEE_RELAY,
                event_id=row.event_id,
                markup=row.payload.get("reply_markup"),
                meta=Meta(events=row.meta.events, shown=row.meta.shown, taken=row.meta.taken),  # no file, no ref
                dedup_key=f"{RELAY}{row.id}:{admin}",
                urgent=row.priority > 0,
            )


async def reached(ctx: AppContext, c: aiosqlite.Connection) -> None:
    """A message reached the committee chat: it is a chat the bot can reach (not a mistyped id); if it was marked
    out of reach (a send refused; its own update may never come, as when a muted chat lets the bot write again), it
    is in reach again and hears so."""
    chat = await people.chat(c, ctx.committee_chat_id)
    if chat is None or not chat.active:  # seen now (not a mistyped id), whatever its own updates said
        await people.set_chat_active(c, ctx.committee_chat_id, True)
    if chat is not None and not chat.active:
        await back_in(ctx, c)


async def back_in(ctx: AppContext, c: aiosqlite.Connection) -> None:
    """The bot is back in the committee chat after a refusal there: the chat hears that what it missed went to
    the admins in private."""
    await notify.committee(ctx, c, "committee_out.back")


async def key_of(
    ctx: AppContext, c: aiosqlite.Connection, chat_id: int, message_id: int, purpose: Purpose
) -> str | None:
    """The dedup key of the bot's message of this purpose that a reply is under: in the committee chat, or its copy
    relayed to an admin's private chat (the chat out of reach), where a reply counts as one in the chat. None when
    it is no such message."""
    if chat_id == ctx.committee_chat_id:
        return await outbox.key_of_sent(c, chat_id, message_id, purpose)
    relay = await outbox.key_of_sent(c, chat_id, message_id, Purpose.COMMITTEE_RELAY) if chat_id > 0 else None
    row_id = relay.removeprefix(RELAY).split(":")[0] if relay and relay.startswith(RELAY) else ""
    return await outbox.key_of_row(c, int(row_id), purpose) if row_id.isdigit() else None


async def is_committee_note(ctx: AppContext, chat_id: int, message_id: int) -> bool:
    """A message in the committee chat, or a committee message relayed to an admin's private chat: where the
    committee's buttons ("send to …", "Reopen") may be pressed."""
    if chat_id == ctx.committee_chat_id:
        return True
    if chat_id < 0:
        return False
    async with ctx.db.read() as c:
        return await outbox.relayed_to(c, chat_id, message_id)
