"""Residents' voice messages the bot cannot listen to, kept so that their senders may have them passed to the worker
on duty (table voice_notes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one


@dataclass(frozen=True, slots=True)
class VoiceNote:
    """One voice message: where and by whom it was sent, its file, and whether it was passed on."""

    id: int
    chat_id: int
    message_id: int
    user_id: int
    user_name: str
    file_id: str
    at: datetime
    passed_at: datetime | None = None

    @property
    def private(self) -> bool:
        """Sent to the bot in private (the private chat's id is its person's), not in a group."""
        return self.chat_id == self.user_id


async def add(
    c: aiosqlite.Connection, chat_id: int, message_id: int, user_id: int, user_name: str, file_id: str, now: datetime
) -> int:
    """Keep a voice message (a redelivered update keeps the one row); its id."""
    await c.execute(
        "INSERT OR IGNORE INTO voice_notes (chat_id, message_id, user_id, user_name, file_id, at) VALUES (?,?,?,?,?,?)",
        (chat_id, message_id, user_id, user_name, file_id, to_epoch(now)),
    )
    row = await one(c, "SELECT id FROM voice_notes WHERE chat_id = ? AND message_id = ?", (chat_id, message_id))
    assert row is not None
    return int(row[0])


async def get(c: aiosqlite.Connection, note_id: int) -> VoiceNote | None:
    """One kept voice message, or None (never kept, forgotten)."""
    r = await one(
        c,
        "SELECT id, chat_id, message_id, user_id, user_name, file_id, at, passed_at FROM voice_notes WHERE id = ?",
        (note_id,),
    )
    if r is None:
        return None
    passed = from_epoch(r[7]) if r[7] is not None else None
    return VoiceNote(r[0], r[1], r[2], r[3], r[4], r[5], from_epoch(r[6]), passed)


async def mark_passed(c: aiosqlite.Connection, note_id: int, to: int | None, now: datetime) -> bool:
    """Mark it passed on (to a worker, or None: the committee chat); False when it was already (of two presses at
    once, one wins)."""
    cur = await c.execute(
        "UPDATE voice_notes SET passed_to = ?, passed_at = ? WHERE id = ? AND passed_at IS NULL",
        (to, to_epoch(now), note_id),
    )
    return cur.rowcount == 1


async def passed_since(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> bool:
    """Whether a voice message of the person's in a chat was passed on since a time (she pressed the button)."""
    row = await one(
        c,
        "SELECT 1 FROM voice_notes WHERE chat_id = ? AND user_id = ? AND passed_at >= ? LIMIT 1",
        (chat_id, user_id, to_epoch(since)),
    )
    return row is not None


async def forget(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: a person's kept voice messages are dropped."""
    await c.execute("DELETE FROM voice_notes WHERE user_id = ?", (user_id,))


async def prune(c: aiosqlite.Connection, before: datetime) -> int:
    """Forget voice messages kept since before a time; how many."""
    cur = await c.execute("DELETE FROM voice_notes WHERE at < ?", (to_epoch(before),))
    return cur.rowcount
