"""Which private messages about an event went to which worker, and confirmations and inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage import memo, outbox
from storage.rows import insert_new, one


@dataclass(frozen=True, slots=True)
class WorkerDm:
    """A private message about an event that reached a worker (its buttons are edited later)."""

    user_id: int
    chat_id: int
    message_id: int
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A message the bot asked its writer about ("Report it?"), and the answer so far."""

    id: int
    chat_id: int
    message_id: int
    user_id: int
    user_name: str | None
    text: str
    status: str  # open | reported | dismissed
    created_at: datetime | None = None  # when the writer was asked
    photo: str | None = None  # the picture the message came with (its file id), and how and in which album
    sent_as: str | None = None
    album: str | None = None
    language: str | None = None  # the writer's Telegram language when asked (None: asked before it was kept)


@dataclass(frozen=True, slots=True)
class PendingInput:
    """What the bot asked a worker to type (or send) about an event: a close's note, or an "after" photo."""

    event_id: int
    kind: str  # an outcome's value, or after_photo
    asked_at: datetime
    user_id: int | None = None  # whom it asked, where the caller does not know


async def add(
    c: aiosqlite.Connection, event_id: int, user_id: int, chat_id: int, message_id: int, now: datetime
) -> None:
    """Remember a worker's DM about an event (its buttons are edited later)."""
    await c.execute(
        "INSERT INTO notifications (event_id, user_id, chat_id, message_id, created_at) VALUES (?,?,?,?,?)",
        (event_id, user_id, chat_id, message_id, to_epoch(now)),
    )
    memo.changed("notifications")


async def add_many(c: aiosqlite.Connection, dms: list[tuple[int, int, int, int]], now: datetime) -> None:
    """Remember workers' DMs, (event id, user id, chat id, message id) each (their buttons are edited later)."""
    for start in range(0, len(dms), 400):
        part = dms[start : start + 400]
        await c.execute(
            "INSERT INTO notifications (event_id, user_id, chat_id, message_id, created_at) VALUES "
            + ",".join("(?,?,?,?,?)" for _ in part),
            [v for dm in part for v in (*dm, to_epoch(now))],
        )
    memo.changed("notifications")


async def for_event(c: aiosqlite.Connection, event_id: int) -> tuple[WorkerDm, ...]:
    """Every DM about an event, oldest first (read once per transaction: storage.memo)."""

    async def read() -> tuple[WorkerDm, ...]:
        sql = "SELECT user_id, chat_id, message_id, created_at FROM notifications WHERE event_id = ? ORDER BY id"
        rows = await c.execute_fetchall(sql, (event_id,))
        return tuple(WorkerDm(user, chat, mid, datetime.fromtimestamp(at, UTC)) for user, chat, mid, at in rows)

    return await memo.kept("notifications", event_id, read)


async def add_confirmation(
    c: aiosqlite.Connection,
    chat_id: int,
    message_id: int,
    user_id: int,
    user_name: str,
    text: str,
    now: datetime,
    picture: tuple[str | None, str | None, str | None] = (None, None, None),
    language: str | None = None,
) -> int | None:
    """Store a message the bot is asking its writer about, with the picture it came with (file id, how it came,
    album) and the writer's Telegram language; None if already asked."""
    return await insert_new(
        c,
        "INSERT INTO confirmations (chat_id, message_id, user_id, user_name, text, created_at, photo, sent_as, album,"
        " language) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (chat_id, message_id) DO NOTHING",
        (chat_id, message_id, user_id, user_name, text, to_epoch(now), *picture, language),
    )


async def asked_since(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> list[str]:
    """The words the writer was asked "Report it?" about in the chat since a time, but for those they said were a
    report."""
    rows = await c.execute_fetchall(
        "SELECT text FROM confirmations WHERE chat_id = ? AND user_id = ? AND created_at >= ? AND status != 'reported'",
        (chat_id, user_id, to_epoch(since)),
    )
    return [r[0] or "" for r in rows]


async def waiting_for(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> int | None:
    """The newest "Report it?" question asked of the person in the chat since a time that still waits for her
    answer (its confirmation id), or None."""
    row = await one(
        c,
        "SELECT id FROM confirmations WHERE chat_id = ? AND user_id = ? AND status = 'open' AND created_at >= ?"
        " ORDER BY id DESC LIMIT 1",
        (chat_id, user_id, to_epoch(since)),
    )
    return int(row[0]) if row else None


async def said_yes_since(c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime) -> bool:
    """A "Report it?" question asked of the person in the chat since a time was answered "report it"."""
    row = await one(
        c,
        "SELECT 1 FROM confirmations WHERE chat_id = ? AND user_id = ? AND status = 'reported' AND created_at >= ?"
        " LIMIT 1",
        (chat_id, user_id, to_epoch(since)),
    )
    return row is not None


async def confirmation(c: aiosqlite.Connection, conf_id: int) -> Confirmation | None:
    """One confirmation, or None."""
    r = await one(
        c,
        "SELECT id, chat_id, message_id, user_id, user_name, text, status, created_at, photo, sent_as, album,"
        " language FROM confirmations WHERE id = ?",
        (conf_id,),
    )
    return Confirmation(*r[:7], from_epoch(r[7]) if r[7] is not None else None, *r[8:]) if r else None


async def asked_under(
    c: aiosqlite.Connection, chat_id: int, user_id: int, ask_message_id: int, key_prefix: str
) -> int | None:
    """The open confirmation of ``user_id`` in ``chat_id`` whose question ("Report it?") is message
    ``ask_message_id`` there (the question's outbox row is keyed ``key_prefix`` + the confirmation's id), or None."""
    r = await one(
        c,
        "SELECT f.id FROM confirmations f JOIN outbox o ON o.dedup_key = ? || f.id"
        " WHERE f.chat_id = ? AND f.user_id = ? AND f.status = 'open' AND o.chat_id = ? AND o.result_message_id = ?",
        (key_prefix, chat_id, user_id, chat_id, ask_message_id),
    )
    return int(r[0]) if r else None


async def open_confirmation_at(c: aiosqlite.Connection, chat_id: int, message_id: int) -> int | None:
    """The open "Report it?" question about a message, by the message, or None."""
    row = await one(
        c,
        "SELECT id FROM confirmations WHERE chat_id = ? AND message_id = ? AND status = 'open'",
        (chat_id, message_id),
    )
    return row[0] if row else None


async def set_confirmation_text(c: aiosqlite.Connection, conf_id: int, text: str) -> None:
    """The message asked about was edited: a yes registers what it says now."""
    await c.execute("UPDATE confirmations SET text = ? WHERE id = ?", (text, conf_id))


async def resolve_confirmation(c: aiosqlite.Connection, conf_id: int, status: str) -> bool:
    """Close an open confirmation as 'reported' or 'dismissed'; True only for the first answer."""
    cur = await c.execute("UPDATE confirmations SET status = ? WHERE id = ? AND status = 'open'", (status, conf_id))
    return cur.rowcount == 1


async def set_input(c: aiosqlite.Connection, user_id: int, event_id: int, kind: str, now: datetime) -> None:
    """The bot asked a worker to type (or send) something about an event: one question per worker and event, the
    newest last (a question asked again is written anew, so it is the newest)."""
    await c.execute("DELETE FROM pending_inputs WHERE user_id = ? AND event_id = ?", (user_id, event_id))
    await c.execute(
        "INSERT INTO pending_inputs (user_id, event_id, kind, created_at) VALUES (?,?,?,?)",
        (user_id, event_id, kind, to_epoch(now)),
    )


async def inputs(c: aiosqlite.Connection, user_id: int) -> list[PendingInput]:
    """Every question waiting for a worker's answer, the newest first (lapsed ones too: the caller says so)."""
    rows = await c.execute_fetchall(
        "SELECT event_id, kind, created_at FROM pending_inputs WHERE user_id = ? ORDER BY rowid DESC", (user_id,)
    )
    return [PendingInput(r[0], r[1], from_epoch(r[2])) for r in rows]


async def drop_input(c: aiosqlite.Connection, user_id: int, event_id: int) -> bool:
    """The question to this worker about this event no longer waits (answered, turned away from by Back or a hand
    back); True when there was one."""
    cur = await c.execute("DELETE FROM pending_inputs WHERE user_id = ? AND event_id = ?", (user_id, event_id))
    return cur.rowcount > 0


async def drop_inputs_of_event(c: aiosqlite.Connection, event_id: int) -> list[PendingInput]:
    """Every question about an event no longer waits (it opened again): the ones there were, with whom they asked
    (``user_id``)."""
    rows = await c.execute_fetchall(
        "SELECT user_id, kind, created_at FROM pending_inputs WHERE event_id = ? ORDER BY rowid", (event_id,)
    )
    await c.execute("DELETE FROM pending_inputs WHERE event_id = ?", (event_id,))
    return [PendingInput(event_id, r[1], from_epoch(r[2]), r[0]) for r in rows]


async def event_of_message(c: aiosqlite.Connection, chat_id: int, message_id: int) -> int | None:
    """The event a message of the bot's in a private chat is about (a worker's DM about it, a question about it,
    its photos), or None: a reply to it names that event."""
    row = await one(
        c,
        "SELECT event_id FROM notifications WHERE chat_id = ? AND message_id = ? ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    )
    return int(row[0]) if row else await outbox.event_of_sent(c, chat_id, message_id)


async def dismiss_open_confirmations(c: aiosqlite.Connection, user_id: int) -> list[tuple[int, int]]:
    """/forget_me: the person's open "Report it?" questions are closed (a yes would register empty words); their
    ids and the chats they were asked in."""
    rows = await c.execute_fetchall(
        "SELECT id, chat_id FROM confirmations WHERE user_id = ? AND status = 'open'", (user_id,)
    )
    await c.execute("UPDATE confirmations SET status = 'dismissed' WHERE user_id = ? AND status = 'open'", (user_id,))
    return [(r[0], r[1]) for r in rows]


async def blank_confirmations(c: aiosqlite.Connection, before: datetime, limit: int) -> int:
    """Housekeeping: up to ``limit`` "Report it?" questions asked before a time keep no words, name or picture (the
    row stays, with its answer, for the counts); how many lost them. A yes so late opens nothing anyway."""
    cur = await c.execute(
        "UPDATE confirmations SET text = '', user_name = NULL, photo = NULL, album = NULL WHERE id IN"
        " (SELECT id FROM confirmations WHERE created_at < ?"
        " AND (text != '' OR user_name IS NOT NULL OR photo IS NOT NULL OR album IS NOT NULL) LIMIT ?)",
        (to_epoch(before), limit),
    )
    return cur.rowcount


async def forget(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: "Report it?" questions keep no words, name or picture."""
    await c.execute(
        "UPDATE confirmations SET text = '', user_name = NULL, photo = NULL, album = NULL WHERE user_id = ?", (user_id,)
    )
