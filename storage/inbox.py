"""The inbox: updates from Telegram, stored before they are acknowledged, handled from here."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.core.timeutil import to_epoch
from storage import meta
from storage.rows import one

MAX_SKIP = 500  # lanes left out in SQL at most (any more are skipped by the caller)
KEEP_DONE = 1000  # handled rows kept (without payload) for look-ups


@dataclass(slots=True)
class CurrentUpdate:
    """The update a task is handling; `marked` once a committed transaction has marked it done."""

    update_id: int
    marked: bool = False
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)


# The update being handled in this task: every write transaction of its handler marks it done, so
# the update and its effects are committed together (storage.database.Database.tx), and the runner
# needs no transaction of its own for an update whose handler wrote something.
current_update: ContextVar[CurrentUpdate | None] = ContextVar("current_update", default=None)


def handled_here() -> CurrentUpdate | None:
    """The update this task is handling, if any. A context variable is copied into every task and timer
    started while it is set (a timer job scheduled by a handler, say): those must not mark the update
    done, or a crash before the handler's own transaction would lose it."""
    current = current_update.get()
    return current if current is not None and current.task is asyncio.current_task() else None


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One stored update waiting to be handled."""

    update_id: int
    lane: int
    payload: dict
    attempts: int
    not_before: int


def lane_of(update: dict) -> tuple[int, int | None]:
    """The chat an update belongs to (its order matters only within it) and the sender's user id."""
    for key in (
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "message_reaction",
    ):
        obj = update.get(key)
        if isinstance(obj, dict):
            chat = obj.get("chat") or {}
            user = obj.get("from") or obj.get("user") or {}
            return int(chat.get("id") or 0), user.get("id")
    cq = update.get("callback_query")
    if isinstance(cq, dict):
        user = cq.get("from") or {}
        chat = (cq.get("message") or {}).get("chat") or {}
        return int(chat.get("id") or user.get("id") or 0), user.get("id")
    for key in ("poll_answer", "inline_query", "chosen_inline_result", "pre_checkout_query", "shipping_query"):
        obj = update.get(key)
        if isinstance(obj, dict):
            user = obj.get("from") or obj.get("user") or {}
            return int(user.get("id") or 0), user.get("id")
    return 0, None


async def add_many(c: aiosqlite.Connection, updates: list[dict], now: datetime) -> int:
    """Store updates (a repeated update_id is ignored), and the offset the next getUpdates asks for (past this
    batch); returns how many were new."""
    if updates:
        await meta.set_poll_offset(c, max(int(u["update_id"]) for u in updates) + 1)
    return sum([await add_delivered(c, u, now) for u in updates])


async def add_delivered(c: aiosqlite.Connection, update: dict, now: datetime) -> int:
    """Store one update (a repeated update_id is ignored; 1 if it was new). The polling offset is left alone:
    a webhook's update is forgotten by Telegram when answered, and the ones it still holds may be older."""
    lane, user_id = lane_of(update)
    cur = await c.execute(
        "INSERT INTO inbox (update_id, received_at, lane, user_id, payload) VALUES (?,?,?,?,?)"
        " ON CONFLICT (update_id) DO NOTHING",
        (int(update["update_id"]), to_epoch(now), lane, user_id, json.dumps(update, ensure_ascii=False)),
    )
    return cur.rowcount


async def forget_offset(c: aiosqlite.Connection) -> None:
    """Webhook mode: Telegram forgets each update once the bot answers it, so whatever it still holds when
    the bot polls again is unread (retried after a 503, or older than the last one stored): the first
    getUpdates asks with offset 0, which confirms nothing."""
    await meta.set_poll_offset(c, 0)


async def next_offset(c: aiosqlite.Connection) -> int | None:
    """The offset for the first getUpdates: past the last batch stored. Not past the highest update_id ever
    stored: after a week without updates Telegram numbers them afresh, maybe lower, and an offset above them
    would confirm (drop) them unread. Databases from before this was kept: past the highest update_id."""
    kept = await meta.poll_offset(c)
    if kept is not None:
        return kept
    row = await one(c, "SELECT MAX(update_id) FROM inbox")
    return None if row[0] is None else row[0] + 1


async def pending(c: aiosqlite.Connection, limit: int = 500, skip_lanes: Collection[int] = ()) -> list[InboxRow]:
    """Rows waiting to be handled, oldest first (due or not: the runner keeps each lane's order).

    Rows of `skip_lanes` (lanes being handled) are left out by SQLite, so they are not decoded again.
    """
    skip = list(skip_lanes)[:MAX_SKIP]
    where = f" AND lane NOT IN ({','.join('?' * len(skip))})" if skip else ""
    rows = await c.execute_fetchall(
        f"SELECT update_id, lane, payload, attempts, not_before FROM inbox WHERE status = 'pending'{where}"
        " ORDER BY update_id LIMIT ?",
        (*skip, limit),
    )
    return [InboxRow(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]


async def due_count(c: aiosqlite.Connection, now_epoch: float) -> int:
    """Pending rows whose time has come (a row waiting for a retry later is not counted)."""
    return (await one(c, "SELECT COUNT(*) FROM inbox WHERE status = 'pending' AND not_before <= ?", (now_epoch,)))[0]


async def mark_done(c: aiosqlite.Connection, update_id: int, now: datetime) -> None:
    """Handled: the payload (names and words) is not kept."""
    await c.execute(
        "UPDATE inbox SET status = 'done', done_at = ?, payload = NULL WHERE update_id = ? AND status != 'done'",
        (to_epoch(now), update_id),
    )


async def clamp_waits(c: aiosqlite.Connection, latest: int) -> int:
    """Make every pending update whose retry time lies beyond ``latest`` (now and the longest backoff) due now;
    how many (at a start, after the clock was set back)."""
    cur = await c.execute("UPDATE inbox SET not_before = 0 WHERE status = 'pending' AND not_before > ?", (latest,))
    return cur.rowcount


async def retry_later(c: aiosqlite.Connection, update_id: int, not_before: int, error: str) -> None:
    """Handling failed for a transient reason (locked, disk full, I/O): try again at not_before."""
    await c.execute(
        "UPDATE inbox SET attempts = attempts + 1, not_before = ?, last_error = ?"
        " WHERE update_id = ? AND status = 'pending'",
        (not_before, error[:500], update_id),
    )


async def mark_failed(c: aiosqlite.Connection, update_id: int, error: str) -> None:
    """Handling failed for a reason retrying cannot cure: kept, for admins to see."""
    await c.execute(
        "UPDATE inbox SET status = 'failed', attempts = attempts + 1, last_error = ?"
        " WHERE update_id = ? AND status = 'pending'",
        (error[:500], update_id),
    )


@dataclass(frozen=True, slots=True)
class FailedUpdate:
    """An update that could not be handled."""

    update_id: int
    received_at: int
    error: str


async def failed(c: aiosqlite.Connection, limit: int = 20) -> list[FailedUpdate]:
    """The newest updates that could not be handled."""
    rows = await c.execute_fetchall(
        "SELECT update_id, received_at, last_error FROM inbox WHERE status = 'failed' ORDER BY update_id DESC LIMIT ?",
        (limit,),
    )
    return [FailedUpdate(r[0], r[1], r[2] or "") for r in rows]


async def counts(c: aiosqlite.Connection) -> dict[str, int]:
    """Rows by status."""
    return {r[0]: r[1] for r in await c.execute_fetchall("SELECT status, COUNT(*) FROM inbox GROUP BY status")}


async def prune(c: aiosqlite.Connection) -> None:
    """Forget handled rows beyond the newest KEEP_DONE, newest by when they were stored (after a week without
    updates Telegram numbers them afresh, maybe lower: the week-old rows of higher ids go first)."""
    await c.execute(
        "DELETE FROM inbox WHERE status = 'done' AND update_id NOT IN"
        " (SELECT update_id FROM inbox ORDER BY received_at DESC, update_id DESC LIMIT ?)",
        (KEEP_DONE,),
    )


async def forget_user(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: a stored update of this person keeps no words (failed rows are kept for counting)."""
    await c.execute("UPDATE inbox SET payload = NULL WHERE user_id = ? AND status != 'pending'", (user_id,))


async def retry_failed(c: aiosqlite.Connection) -> int:
    """Put every update that failed for good back in the queue (after the cause was fixed)."""
    cur = await c.execute(
        "UPDATE inbox SET status = 'pending', not_before = 0 WHERE status = 'failed' AND payload IS NOT NULL"
    )
    return cur.rowcount


async def groups_seen(c: aiosqlite.Connection, user_id: int, most: int = 20) -> list[int]:
    """The group chats a person was seen writing in, the latest first: where they reported (events, kept) and the
    updates still kept in the inbox (its newest handled rows: chit-chat too). `people` keeps only when, not where."""
    rows = await c.execute_fetchall(
        "SELECT chat_id FROM (SELECT chat_id, created_at AS at FROM events WHERE reporter_id = ? AND chat_id < 0"
        " UNION ALL SELECT lane, received_at FROM inbox WHERE user_id = ? AND lane < 0)"
        " GROUP BY chat_id ORDER BY MAX(at) DESC LIMIT ?",
        (user_id, user_id, most),
    )
    return [r[0] for r in rows]
