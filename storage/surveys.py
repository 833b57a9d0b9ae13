"""Satisfaction surveys: one row per resident asked "is it fixed?" about one closing of an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import insert_new, one, typed


@dataclass(frozen=True, slots=True)
class Survey:
    """One stored survey."""

    id: int
    event_id: int
    user_id: int
    chat_id: int
    message_id: int | None
    worker_id: int | None
    status: str
    choice: str | None
    round: int
    created_at: datetime
    answered_at: datetime | None
    asked_with: int | None  # the survey whose group question this one shares (None: private, or alone)


def _survey(r: aiosqlite.Row) -> Survey:
    return typed(Survey, r, created_at=from_epoch, answered_at=from_epoch)


async def add(
    c: aiosqlite.Connection,
    event_id: int,
    user_id: int,
    chat_id: int,
    worker_id: int | None,
    round_: int,
    now: datetime,
) -> int | None:
    """Store a survey to send; None when this resident was already asked about this round."""
    return await insert_new(
        c,
        "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, round, created_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT (event_id, user_id, round) DO NOTHING",
        (event_id, user_id, chat_id, worker_id, round_, to_epoch(now)),
    )


async def get(c: aiosqlite.Connection, survey_id: int) -> Survey | None:
    """One survey by id."""
    row = await one(c, "SELECT * FROM surveys WHERE id = ?", (survey_id,))
    return _survey(row) if row else None


async def set_message(c: aiosqlite.Connection, survey_id: int, chat_id: int, message_id: int) -> None:
    """The question was delivered as this message (a group question: for every survey sharing it)."""
    await c.execute(
        "UPDATE surveys SET chat_id = ?, message_id = ? WHERE id = ? OR asked_with = ?",
        (chat_id, message_id, survey_id, survey_id),
    )


async def share(c: aiosqlite.Connection, lead_id: int, survey_ids: list[int], chat_id: int) -> None:
    """These surveys are answered by the lead survey's question in the group ``chat_id`` (its message, once sent)."""
    await c.executemany(
        "UPDATE surveys SET asked_with = ?, chat_id = ?,"
        " message_id = (SELECT message_id FROM surveys WHERE id = ?) WHERE id = ?",
        [(lead_id, chat_id, lead_id, survey_id) for survey_id in survey_ids],
    )


async def sharing(c: aiosqlite.Connection, lead_id: int) -> list[Survey]:
    """The surveys a group question asks (the lead's and those sharing it), oldest first."""
    return [
        _survey(r)
        for r in await c.execute_fetchall(
            "SELECT * FROM surveys WHERE id = ? OR asked_with = ? ORDER BY id", (lead_id, lead_id)
        )
    ]


async def group_question(c: aiosqlite.Connection, event_id: int, round_: int, chat_id: int) -> Survey | None:
    """The lead survey of the question a closing's round asks in a group, or None (none asked there yet)."""
    row = await one(
        c,
        "SELECT * FROM surveys WHERE event_id = ? AND round = ? AND chat_id = ? AND asked_with = id",
        (event_id, round_, chat_id),
    )
    return _survey(row) if row else None


async def answer(c: aiosqlite.Connection, survey_id: int, choice: str, now: datetime) -> bool:
    """Record the first answer; True only when this call recorded it."""
    cur = await c.execute(
        "UPDATE surveys SET status = 'answered', choice = ?, answered_at = ? WHERE id = ? AND status = 'open'",
        (choice, to_epoch(now), survey_id),
    )
    return cur.rowcount == 1


async def waiting_in(c: aiosqlite.Connection, chat_id: int, user_id: int) -> list[Survey]:
    """The person's questions still waiting for her answer in a chat (sent there, open), oldest first."""
    return [
        _survey(r)
        for r in await c.execute_fetchall(
            "SELECT * FROM surveys WHERE chat_id = ? AND user_id = ? AND status = 'open' AND message_id IS NOT NULL"
            " ORDER BY id",
            (chat_id, user_id),
        )
    ]


async def displeased_since(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> Survey | None:
    """Her latest question in a chat she answered "solved, not satisfied" since a time, or None."""
    row = await one(
        c,
        "SELECT * FROM surveys WHERE chat_id = ? AND user_id = ? AND status = 'answered' AND choice = 'unsatisfied'"
        " AND answered_at >= ? ORDER BY answered_at DESC, id DESC LIMIT 1",
        (chat_id, user_id, to_epoch(since)),
    )
    return _survey(row) if row else None


async def not_asked(c: aiosqlite.Connection, survey_id: int) -> bool:
    """One open survey whose question could be sent nowhere is recorded 'not_asked' (no question was asked: the
    digest and the console leave it out); True only when this call did."""
    cur = await c.execute("UPDATE surveys SET status = 'not_asked' WHERE id = ? AND status = 'open'", (survey_id,))
    return cur.rowcount == 1


async def expire(c: aiosqlite.Connection, event_id: int, round_: int) -> list[Survey]:
    """Mark a round's unanswered surveys 'unanswered'; returns them."""
    rows = [
        _survey(r)
        for r in await c.execute_fetchall(
            "SELECT * FROM surveys WHERE event_id = ? AND round = ? AND status = 'open'", (event_id, round_)
        )
    ]
    await c.execute(
        "UPDATE surveys SET status = 'unanswered' WHERE event_id = ? AND round = ? AND status = 'open'",
        (event_id, round_),
    )
    return rows


async def for_event(c: aiosqlite.Connection, event_id: int) -> list[Survey]:
    """An event's surveys, oldest first."""
    return [
        _survey(r)
        for r in await c.execute_fetchall("SELECT * FROM surveys WHERE event_id = ? ORDER BY id", (event_id,))
    ]


@dataclass(frozen=True, slots=True)
class AskedInGroup:
    """The message of a survey question asked in a group."""

    chat_id: int
    message_id: int


async def withdraw_open(c: aiosqlite.Connection, user_id: int) -> list[AskedInGroup]:
    """/forget_me: the person's open questions are withdrawn; returns the messages of those asked in groups (not a
    question others who reported it may still answer)."""
    asked = [
        AskedInGroup(r[0], r[1])
        for r in await c.execute_fetchall(
            "SELECT chat_id, message_id FROM surveys s WHERE user_id = ? AND status = 'open' AND chat_id < 0"
            " AND message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM surveys o WHERE o.asked_with = s.asked_with"
            " AND o.id != s.id AND o.status = 'open')",
            (user_id,),
        )
    ]
    await c.execute("UPDATE surveys SET status = 'unanswered' WHERE user_id = ? AND status = 'open'", (user_id,))
    return asked


async def unsent_in(c: aiosqlite.Connection, chat_id: int) -> list[Survey]:
    """Open questions to be asked in a group that never reached it (the bot was out of it): a shared question once,
    by its lead survey."""
    return [
        _survey(r)
        for r in await c.execute_fetchall(
            "SELECT * FROM surveys WHERE id IN (SELECT COALESCE(asked_with, id) FROM surveys"
            " WHERE chat_id = ? AND status = 'open' AND message_id IS NULL) ORDER BY id",
            (chat_id,),
        )
    ]
