"""Residents' questions the bot cannot answer, kept so that their askers may have them passed to the committee chat
and its answers sent on to them (table office_questions); and a follow-up under an answer, passed on in the
committee's quiet hours, kept until they end (its row dropped once sent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one


@dataclass(frozen=True, slots=True)
class Question:
    """One question: who asked it, her words, and whether it was passed on."""

    id: int
    user_id: int
    user_name: str
    message_id: int
    text: str
    at: datetime
    passed_at: datetime | None = None


_COLUMNS = "id, user_id, user_name, message_id, text, at, passed_at"  # a Question's, in its order


async def add(c: aiosqlite.Connection, user_id: int, user_name: str, message_id: int, text: str, now: datetime) -> int:
    """Keep a question (a redelivered update keeps the one row); its id."""
    await c.execute(
        "INSERT OR IGNORE INTO office_questions (user_id, user_name, message_id, text, at) VALUES (?,?,?,?,?)",
        (user_id, user_name, message_id, text, to_epoch(now)),
    )
    row = await one(c, "SELECT id FROM office_questions WHERE user_id = ? AND message_id = ?", (user_id, message_id))
    assert row is not None
    return int(row[0])


async def get(c: aiosqlite.Connection, question_id: int) -> Question | None:
    """One kept question, or None (never kept, forgotten)."""
    r = await one(c, f"SELECT {_COLUMNS} FROM office_questions WHERE id = ?", (question_id,))
    passed = from_epoch(r[6]) if r is not None and r[6] is not None else None
    return None if r is None else Question(r[0], r[1], r[2], r[3], r[4], from_epoch(r[5]), passed)


async def mark_passed(c: aiosqlite.Connection, question_id: int, now: datetime) -> bool:
    """Mark it passed to the committee; False when it was already (of two presses at once, one wins)."""
    cur = await c.execute(
        "UPDATE office_questions SET passed_at = ? WHERE id = ? AND passed_at IS NULL", (to_epoch(now), question_id)
    )
    return cur.rowcount == 1


async def drop(c: aiosqlite.Connection, question_id: int) -> None:
    """Forget one kept row (a follow-up held for the committee's morning, sent now)."""
    await c.execute("DELETE FROM office_questions WHERE id = ?", (question_id,))


async def forget(c: aiosqlite.Connection, user_id: int) -> list[tuple[int, str]]:
    """/forget_me: a person's questions are dropped; each one's id and words (to find the committee's copies by)."""
    async with c.execute("SELECT id, text FROM office_questions WHERE user_id = ?", (user_id,)) as cur:
        asked = [(int(r[0]), str(r[1])) for r in await cur.fetchall()]
    await c.execute("DELETE FROM office_questions WHERE user_id = ?", (user_id,))
    return asked


async def prune(c: aiosqlite.Connection, unpassed_before: datetime, passed_before: datetime) -> int:
    """Forget questions never passed on, kept since before one time, and those passed on since before another (an
    answer under the committee's copy after that is read as any words there); how many."""
    cur = await c.execute(
        "DELETE FROM office_questions WHERE (passed_at IS NULL AND at < ?) OR (passed_at IS NOT NULL AND at < ?)",
        (to_epoch(unpassed_before), to_epoch(passed_before)),
    )
    return cur.rowcount
