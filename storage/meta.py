"""Facts about this database's bot: when it first started, the fingerprint of each command menu it last set and
the chats it set one of their own for, where polling goes on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one, prefix_end

FIRST_STARTED = "first_started_at"
MENUS = "menus_fingerprint"  # of every menu at once, as releases before the per-menu ones kept it
MENU = "menu:"  # + a menu's scope and language ("chat:<id>|en", "all_group_chats:|"): the fingerprint last set there
POLL_OFFSET = "poll_offset"  # the next getUpdates offset (storage/inbox.py)
OUTBOX_BLANKED = "outbox_blanked_to"  # the housekeeping's mark: outbox rows up to this id are done with
COMMITTEE_MOVED = "committee_moved:"  # + a committee chat's old id: the supergroup it became
WEBHOOK_TOLD = "webhook_told"  # what the committee last heard of Telegram's webhook deliveries (core.webhook_watch)
TELEGRAM_SKEW = "telegram_skew_s"  # how far this server's clock runs ahead of Telegram's, learned (core.lateness)
BUTTON_TAG = "button_tag"  # this database's tag in its buttons' callback data (core.callbacks; a number < 2**31)
HELLO_PRIVACY = "hello_privacy:"  # + a group's id: its greeting was written for privacy mode on (reply or /report)


async def record_start(c: aiosqlite.Connection, now: datetime) -> None:
    """Remember the first start (later starts change nothing)."""
    await c.execute(
        "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (FIRST_STARTED, to_epoch(now))
    )


async def button_tag(c: aiosqlite.Connection) -> int:
    """This database's tag for its buttons; a new random one when it has none (a backup copy, a restored database)."""
    await c.execute(
        "INSERT INTO bot_meta (key, value) VALUES (?, random() & 2147483647) ON CONFLICT (key) DO NOTHING",
        (BUTTON_TAG,),
    )
    return await value(c, BUTTON_TAG) or 0


async def first_started(c: aiosqlite.Connection) -> datetime | None:
    """When the bot first started on this database, or None before it ever did."""
    row = await one(c, "SELECT value FROM bot_meta WHERE key = ?", (FIRST_STARTED,))
    return from_epoch(row[0]) if row else None


async def legacy_menus_fingerprint(c: aiosqlite.Connection) -> int | None:
    """The fingerprint of all the menus at once an older release kept, or None."""
    return await value(c, MENUS)


async def menu_fingerprints(c: aiosqlite.Connection) -> dict[str, int]:
    """Menu key (scope and language) → the fingerprint of the menu last set there successfully."""
    rows = await c.execute_fetchall(
        "SELECT key, value FROM bot_meta WHERE key >= ? AND key < ?", (MENU, prefix_end(MENU))
    )
    return {key[len(MENU) :]: value for key, value in rows}


async def set_menu_fingerprints(c: aiosqlite.Connection, fingerprints: dict[str, int]) -> None:
    """Remember menus just set on Telegram (and forget the older release's fingerprint of them all)."""
    await c.executemany(
        "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(MENU + key, value) for key, value in fingerprints.items()],
    )
    await c.execute("DELETE FROM bot_meta WHERE key = ?", (MENUS,))


async def forget_chat_menus(c: aiosqlite.Connection, chat_id: int) -> None:
    """A chat's own menus were deleted, or set another way (the outbox): the next start sets them again."""
    prefix = f"{MENU}chat:{chat_id}|"
    await c.execute("DELETE FROM bot_meta WHERE key >= ? AND key < ?", (prefix, prefix_end(prefix)))


async def menu_chats(c: aiosqlite.Connection) -> set[int]:
    """The chats the bot set a menu of their own for (a chat scope), as remembered."""
    return {r[0] for r in await c.execute_fetchall("SELECT chat_id FROM menu_chats")}


async def add_menu_chats(c: aiosqlite.Connection, chat_ids: Iterable[int]) -> None:
    """Remember chats given a menu of their own."""
    await c.executemany("INSERT INTO menu_chats (chat_id) VALUES (?) ON CONFLICT DO NOTHING", [(i,) for i in chat_ids])


async def forget_menu_chats(c: aiosqlite.Connection, chat_ids: Iterable[int]) -> None:
    """Chats whose own menu was deleted."""
    await c.executemany("DELETE FROM menu_chats WHERE chat_id = ?", [(i,) for i in chat_ids])


async def committee_moves(c: aiosqlite.Connection) -> dict[int, int]:
    """Committee chats that became supergroups: old id -> new id."""
    rows = await c.execute_fetchall(
        "SELECT key, value FROM bot_meta WHERE key >= ? AND key < ?", (COMMITTEE_MOVED, prefix_end(COMMITTEE_MOVED))
    )
    return {int(key[len(COMMITTEE_MOVED) :]): value for key, value in rows}


async def set_committee_moved(c: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """The committee chat ``old_id`` became the supergroup ``new_id``."""
    await set_value(c, f"{COMMITTEE_MOVED}{old_id}", new_id)


async def poll_offset(c: aiosqlite.Connection) -> int | None:
    """The offset the next getUpdates asks for, as the last stored batch left it, or None (never kept)."""
    return await value(c, POLL_OFFSET)


async def set_poll_offset(c: aiosqlite.Connection, offset: int) -> None:
    """Remember the offset past a batch of updates just stored."""
    await set_value(c, POLL_OFFSET, offset)


async def outbox_blanked_to(c: aiosqlite.Connection) -> int:
    """The id up to which old outbox rows have been blanked by the housekeeping (0 before it ran)."""
    return await value(c, OUTBOX_BLANKED) or 0


async def set_outbox_blanked_to(c: aiosqlite.Connection, row_id: int) -> None:
    """Move the housekeeping's mark."""
    await set_value(c, OUTBOX_BLANKED, row_id)


async def webhook_told(c: aiosqlite.Connection) -> int:
    """What the committee last heard of the webhook's deliveries (0: nothing, or that all is well)."""
    return await value(c, WEBHOOK_TOLD) or 0


async def set_webhook_told(c: aiosqlite.Connection, told: int) -> None:
    """Remember what the committee was just told of the webhook's deliveries."""
    await set_value(c, WEBHOOK_TOLD, told)


async def value(c: aiosqlite.Connection, key: str) -> int | None:
    """The number kept under a key (one of the constants above), or None."""
    row = await one(c, "SELECT value FROM bot_meta WHERE key = ?", (key,))
    return row[0] if row else None


async def set_value(c: aiosqlite.Connection, key: str, value: int) -> None:
    """Keep a number under a key (one of the constants above)."""
    await c.execute(
        "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def privacy_hello(c: aiosqlite.Connection, chat_id: int) -> bool:
    """Whether a group's greeting was written for privacy mode on (its one key looked up)."""
    return await value(c, f"{HELLO_PRIVACY}{chat_id}") is not None


async def set_privacy_hello(c: aiosqlite.Connection, chat_id: int, written: bool) -> None:
    """Remember (or forget, once it is edited) that a group's greeting was written for privacy mode on."""
    if written:
        await set_value(c, f"{HELLO_PRIVACY}{chat_id}", 1)
    else:
        await c.execute("DELETE FROM bot_meta WHERE key = ?", (f"{HELLO_PRIVACY}{chat_id}",))
