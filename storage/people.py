"""Residents, workers, chats, duty overrides and invites: the SQL about people and places.

Over 300 lines: every table about a person (and /forget_me, which must reach all of them) is written here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.roster import Adjustment, DutyOverride
from bot.core.timeutil import from_epoch, to_epoch
from storage import memo, rota
from storage.rows import one


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the bot has seen: their name, @username, language, and whether a DM can reach them."""

    user_id: int
    name: str | None
    username: str | None
    language: str | None
    started: bool  # opened a private chat with the bot
    blocked: bool  # a DM was refused (403)
    no_chat: bool = False  # Telegram said at start it has no private chat with them (``set_no_chat``)

    @property
    def reachable(self) -> bool:
        """Whether a private message can reach them."""
        return self.started and not self.blocked

    @property
    def blocked_bot(self) -> bool:
        """Whether they blocked the bot, as far as it knows: refused after they had started it (Telegram's
        "blocked by the user", or their blocking it told by Telegram), not merely never started."""
        return self.started and self.blocked


@dataclass(frozen=True, slots=True)
class Chat:
    """A chat the bot is in (or was): its grid, title, language, and where it moved if it became a supergroup."""

    chat_id: int
    grid_id: str | None
    title: str | None
    language: str | None
    active: bool
    migrated_to: int | None


@dataclass(frozen=True, slots=True)
class WorkerRow:
    """An active worker as the database knows them (from the community file or an invite link)."""

    user_id: int
    name: str
    phone: str | None
    source: str  # file | invite
    grid_id: str | None


async def upsert_person(
    c: aiosqlite.Connection,
    user_id: int,
    name: str,
    username: str | None,
    language: str | None,
    now: datetime,
    in_group: bool = False,
) -> None:
    """Remember a user's display name and language (in_group: they wrote in a bound residents' group)."""
    at = to_epoch(now)
    memo.changed("people")
    await c.execute(
        "INSERT INTO people (user_id, name, username, language, updated_at, group_seen_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, username = excluded.username,"
        " language = COALESCE(excluded.language, people.language), updated_at = excluded.updated_at,"
        " group_seen_at = COALESCE(excluded.group_seen_at, people.group_seen_at)",
        (user_id, name, username, language, at, at if in_group else None),
    )


async def seen_in_group(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the person ever wrote in a bound residents' group."""
    row = await one(c, "SELECT group_seen_at FROM people WHERE user_id = ?", (user_id,))
    return bool(row and row[0])


async def mark_seen_in_group(c: aiosqlite.Connection, user_id: int, at: int, chat_id: int) -> None:
    """Telegram says the person is a member of the bound residents' group ``chat_id`` (they never wrote there)."""
    memo.changed("people")
    await c.execute(
        "INSERT INTO people (user_id, updated_at, group_seen_at, member_of) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET group_seen_at = COALESCE(people.group_seen_at, excluded.group_seen_at),"
        " member_of = excluded.member_of",
        (user_id, at, at, chat_id),
    )


async def member_of(c: aiosqlite.Connection, user_id: int) -> int | None:
    """The residents' group Telegram said the person is a member of (``mark_seen_in_group``), or None."""
    row = await one(c, "SELECT member_of FROM people WHERE user_id = ?", (user_id,))
    return row[0] if row else None


async def mark_started(c: aiosqlite.Connection, user_id: int) -> None:
    """The user opened a private chat with the bot, so it may DM them (a block is ``mark_unreachable``'s)."""
    memo.changed("people")
    await c.execute(
        "INSERT INTO people (user_id, started, blocked) VALUES (?, 1, 0)"
        " ON CONFLICT (user_id) DO UPDATE SET started = excluded.started, blocked = excluded.blocked, no_chat = 0",
        (user_id,),
    )


async def reached(c: aiosqlite.Connection, user_ids: Collection[int]) -> None:
    """Private messages were delivered to these people: they opened a chat with the bot, though it never saw their
    /start (pressed before this database, or on another install). One not known to have blocked it is marked
    started, one never seen before too (a worker of the file whose cards went through was still "never pressed
    Start" on /duty, a sweep); one known to have blocked it is left to the unblock that Telegram tells of (it sends
    what waits)."""
    if not user_ids:
        return
    before = c.total_changes
    await c.executemany(
        "INSERT INTO people (user_id, started) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET started = 1,"
        " no_chat = 0 WHERE (people.started = 0 OR people.no_chat = 1) AND people.blocked = 0",
        [(user_id,) for user_id in user_ids],
    )
    if c.total_changes != before:
        memo.changed("people")


async def set_no_chat(c: aiosqlite.Connection, none: Collection[int], met: Collection[int]) -> None:
    """Telegram's word at the bot's start: it has no private chat with those in ``none`` (never met, so never
    started: one known to have started keeps that), and has one with those in ``met``."""
    memo.changed("people")
    await c.executemany(
        "INSERT INTO people (user_id, no_chat) VALUES (?, 1)"
        " ON CONFLICT (user_id) DO UPDATE SET no_chat = 1 WHERE people.started = 0",
        [(i,) for i in none],
    )
    await c.executemany("UPDATE people SET no_chat = 0 WHERE user_id = ?", [(i,) for i in met])


async def mark_unreachable(c: aiosqlite.Connection, user_id: int, blocked: bool = False) -> None:
    """A DM failed with 403: the user never started the bot or blocked it (``blocked``: Telegram said which, or the
    user's blocking it was told: kept as started and refused, ``Person.blocked_bot``)."""
    memo.changed("people")
    await c.execute(
        "INSERT INTO people (user_id, started, blocked) VALUES (?, ?, 1)"
        " ON CONFLICT (user_id) DO UPDATE SET blocked = 1, started = MAX(people.started, excluded.started)",
        (user_id, int(blocked)),
    )


async def person(c: aiosqlite.Connection, user_id: int) -> Person | None:
    """A person, or None."""
    r = await memo.remembered(
        c,
        "SELECT user_id, name, username, language, started, blocked, no_chat FROM people WHERE user_id = ?",
        "people",
        user_id,
    )
    return Person(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), bool(r[6])) if r else None


async def language_of(c: aiosqlite.Connection, user_id: int) -> str | None:
    """A user's language if known."""
    row = await person(c, user_id)
    return row.language if row else None


async def sync_workers(c: aiosqlite.Connection, workers: list[tuple[int, str, str | None]]) -> None:
    """Make the file's workers active (invited workers are kept as they are)."""
    await c.execute("UPDATE workers SET active = 0 WHERE source = 'file'")
    await c.executemany(
        "INSERT INTO workers (user_id, name, phone, source, active) VALUES (?,?,?,'file',1)"
        " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, phone = excluded.phone,"
        " source = 'file', active = 1",
        workers,
    )


async def add_worker(c: aiosqlite.Connection, user_id: int, name: str, grid_id: str | None) -> None:
    """Register a worker who opened an invite link."""
    await c.execute(
        "INSERT INTO workers (user_id, name, source, grid_id, active) VALUES (?,?,'invite',?,1)"
        " ON CONFLICT (user_id) DO UPDATE SET active = 1, grid_id = COALESCE(workers.grid_id, excluded.grid_id)",
        (user_id, name, grid_id),
    )


_WORKER = "SELECT user_id, name, phone, source, grid_id FROM workers WHERE active = 1"


async def workers(c: aiosqlite.Connection) -> list[WorkerRow]:
    """All active workers."""
    return [WorkerRow(*r) for r in await c.execute_fetchall(_WORKER + " ORDER BY user_id")]


async def sync_chats(c: aiosqlite.Connection, bindings: list[tuple[int, str]]) -> None:
    """Bind the file's group chats to their grids."""
    memo.changed("chats")
    await c.executemany(
        "INSERT INTO chats (chat_id, grid_id) VALUES (?, ?)"
        " ON CONFLICT (chat_id) DO UPDATE SET grid_id = excluded.grid_id",
        bindings,
    )


async def chat(c: aiosqlite.Connection, chat_id: int) -> Chat | None:
    """A chat, or None."""
    r = await memo.remembered(
        c,
        "SELECT chat_id, grid_id, title, language, active, migrated_to FROM chats WHERE chat_id = ?",
        "chats",
        chat_id,
    )
    return Chat(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) if r else None


async def chat_title(c: aiosqlite.Connection, chat_id: int) -> str | None:
    """A chat's title, or None (no such chat, or no title: a private chat)."""
    row = await chat(c, chat_id)
    return row.title if row and row.title else None


async def migrate_chat(c: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """A group became a supergroup: the new id inherits the binding and settings."""
    memo.changed("chats")
    await c.execute(
        "INSERT INTO chats (chat_id, grid_id, title, language, active)"
        " SELECT ?, grid_id, title, language, active FROM chats WHERE chat_id = ?"
        " ON CONFLICT (chat_id) DO UPDATE SET grid_id = COALESCE(chats.grid_id, excluded.grid_id)",
        (new_id, old_id),
    )
    await c.execute("UPDATE chats SET migrated_to = ?, active = 0 WHERE chat_id = ?", (new_id, old_id))


async def set_chat_active(c: aiosqlite.Connection, chat_id: int, active: bool, title: str | None = None) -> None:
    """The bot was added to or removed from a chat."""
    memo.changed("chats")
    await c.execute(
        "INSERT INTO chats (chat_id, title, active) VALUES (?,?,?)"
        " ON CONFLICT (chat_id) DO UPDATE SET active = excluded.active, title = COALESCE(excluded.title, chats.title)",
        (chat_id, title, int(active)),
    )


async def set_chat_language(c: aiosqlite.Connection, chat_id: int, language: str) -> None:
    """An admin chose a group's language."""
    memo.changed("chats")
    await c.execute(
        "INSERT INTO chats (chat_id, language) VALUES (?, ?)"
        " ON CONFLICT (chat_id) DO UPDATE SET language = excluded.language",
        (chat_id, language),
    )


async def add_override(
    c: aiosqlite.Connection,
    worker_id: int,
    grid_id: str | None,
    on_duty: bool,
    until: datetime | None,
    now: datetime,
) -> None:
    """A worker marked themself on or off duty in a grid (None: all), replacing their earlier marks."""
    await set_marks(c, worker_id, [grid_id], on_duty, until, now)


async def set_marks(
    c: aiosqlite.Connection,
    worker_id: int,
    grid_ids: Sequence[str | None],
    on_duty: bool,
    until: datetime | None,
    now: datetime,
) -> None:
    """A worker marked themself on or off duty in each of these grids (None: all), replacing their earlier marks."""
    await c.execute("DELETE FROM duty_overrides WHERE worker_id = ?", (worker_id,))
    await c.executemany(
        "INSERT INTO duty_overrides (worker_id, grid_id, on_duty, until, created_at) VALUES (?,?,?,?,?)",
        [(worker_id, g, int(on_duty), to_epoch(until) if until else None, to_epoch(now)) for g in grid_ids],
    )


async def adjustments(c: aiosqlite.Connection, now: datetime) -> list[Adjustment]:
    """Duty marks still in force, then rota changes (/cover, /swap) not yet past (one statement: every
    report's routing reads them)."""
    rows = await c.execute_fetchall(
        "SELECT 0, NULL, worker_id, grid_id, on_duty, until, NULL FROM duty_overrides"
        " WHERE until IS NULL OR until > :now"
        f" UNION ALL SELECT 1, * FROM ({rota.IN_FORCE}) ORDER BY 1, 2",
        {"now": to_epoch(now), "since": rota.since(now)},
    )
    return [rota.change_of(r[1:]) if r[0] else DutyOverride(r[2], r[3], bool(r[4]), from_epoch(r[5])) for r in rows]


async def create_invite(
    c: aiosqlite.Connection, code: str, created_by: int, grid_id: str | None, now: datetime
) -> None:
    """Store a one-time worker invite code."""
    await c.execute(
        "INSERT INTO invites (code, created_by, grid_id, created_at) VALUES (?,?,?,?)",
        (code, created_by, grid_id, to_epoch(now)),
    )


async def use_invite(c: aiosqlite.Connection, code: str, user_id: int, now: datetime, max_age_s: int) -> str | None:
    """Redeem an invite once; returns its grid id ('' for none) or None when invalid, used or expired."""
    cur = await c.execute(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL AND created_at >= ?",
        (user_id, to_epoch(now), code, to_epoch(now) - max_age_s),
    )
    if cur.rowcount != 1:
        return None
    row = await one(c, "SELECT grid_id FROM invites WHERE code = ?", (code,))
    return row[0] or ""


async def worker(c: aiosqlite.Connection, user_id: int) -> WorkerRow | None:
    """An active worker, or None."""
    r = await one(c, _WORKER + " AND user_id = ?", (user_id,))
    return WorkerRow(*r) if r else None


async def deactivate_worker(c: aiosqlite.Connection, user_id: int) -> None:
    """A worker who joined by invite link is no longer one: not loaded at start, no duty marks."""
    await c.execute("UPDATE workers SET active = 0 WHERE user_id = ? AND source = 'invite'", (user_id,))
    await c.execute("DELETE FROM duty_overrides WHERE worker_id = ?", (user_id,))


async def ever_workers(c: aiosqlite.Connection) -> set[int]:
    """Everyone who is or was a worker (one who left keeps his row, inactive)."""
    return {int(r[0]) for r in await c.execute_fetchall("SELECT user_id FROM workers")}


async def worker_name(c: aiosqlite.Connection, user_id: int) -> str | None:
    """The name a worker had, active or not (one who left the community is still named in their events)."""
    r = await one(c, "SELECT name FROM workers WHERE user_id = ?", (user_id,))
    return r[0] if r else None


async def by_username(c: aiosqlite.Connection, username: str) -> int | None:
    """The user id of a @username the bot has seen (case-insensitive), or None."""
    row = await one(
        c,
        "SELECT user_id FROM people WHERE username = ? COLLATE NOCASE ORDER BY updated_at DESC LIMIT 1",
        (username.removeprefix("@"),),
    )
    return int(row[0]) if row else None


@dataclass(frozen=True, slots=True)
class FormerNames:
    """What a forgotten person was called."""

    name: str | None
    username: str | None


async def forget(c: aiosqlite.Connection, user_id: int) -> FormerNames:
    """Remove a person's name and username; returns what they were (to scrub queued messages)."""
    row = await one(c, "SELECT name, username FROM people WHERE user_id = ?", (user_id,))
    memo.changed("people")
    await c.execute("UPDATE people SET name = NULL, username = NULL WHERE user_id = ?", (user_id,))
    return FormerNames(row[0], row[1]) if row else FormerNames(None, None)
