"""Set-up inside Telegram: groups waiting to be bound, reports kept while they wait, chat-added shifts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import to_epoch
from storage import memo
from storage.rows import insert_new, one


@dataclass(frozen=True, slots=True)
class WaitingChat:
    """A group the bot is in that the community file does not list; bound once grid_id is set."""

    id: int
    chat_id: int
    title: str | None
    grid_id: str | None
    bound_by: int | None


@dataclass(frozen=True, slots=True)
class KeptReport:
    """A report written in a group while it waited to be bound."""

    id: int
    chat_id: int
    message_id: int
    user_id: int
    user_name: str
    username: str | None
    language: str | None
    text: str


@dataclass(frozen=True, slots=True)
class AddedShift:
    """A shift an admin (or the worker) added with /shift."""

    id: int
    worker_id: int
    desk: str  # a grid id or a team id (the column ``unit``)
    days: str
    start: str
    end: str
    role: str


def _chat(row: aiosqlite.Row) -> WaitingChat:
    return WaitingChat(row["id"], row["chat_id"], row["title"], row["grid_id"], row["bound_by"])


@dataclass(frozen=True, slots=True)
class AddedChat:
    """A waiting group as recorded, and whether it is new."""

    chat: WaitingChat
    new: bool


async def add_chat(c: aiosqlite.Connection, chat_id: int, title: str | None, now: datetime) -> AddedChat:
    """Record a waiting group (once)."""
    cur = await c.execute(
        "INSERT INTO waiting_chats (chat_id, title, added_at) VALUES (?,?,?) ON CONFLICT (chat_id) DO NOTHING",
        (chat_id, title, to_epoch(now)),
    )
    new = cur.rowcount == 1
    if not new and title:
        await c.execute("UPDATE waiting_chats SET title = ? WHERE chat_id = ?", (title, chat_id))
    found = await chat_by_id(c, chat_id)
    assert found is not None
    return AddedChat(found, new)


async def chat_by_id(c: aiosqlite.Connection, chat_id: int) -> WaitingChat | None:
    """The waiting (or bound) group with this Telegram chat id."""
    row = await one(c, "SELECT * FROM waiting_chats WHERE chat_id = ?", (chat_id,))
    return _chat(row) if row else None


async def chat(c: aiosqlite.Connection, row_id: int) -> WaitingChat | None:
    """The waiting (or bound) group with this row id (the bind buttons carry it)."""
    row = await one(c, "SELECT * FROM waiting_chats WHERE id = ?", (row_id,))
    return _chat(row) if row else None


async def bind(c: aiosqlite.Connection, row_id: int, grid_id: str, user_id: int, now: datetime) -> bool:
    """Bind a waiting group to a grid; False when it was bound already (the first press wins)."""
    cur = await c.execute(
        "UPDATE waiting_chats SET grid_id = ?, bound_by = ?, bound_at = ? WHERE id = ? AND grid_id IS NULL",
        (grid_id, user_id, to_epoch(now), row_id),
    )
    if cur.rowcount != 1:
        return False
    memo.changed("chats")
    await c.execute(
        "INSERT INTO chats (chat_id, grid_id) SELECT chat_id, grid_id FROM waiting_chats WHERE id = ?"
        " ON CONFLICT (chat_id) DO UPDATE SET grid_id = excluded.grid_id",
        (row_id,),
    )
    return True


async def chats(c: aiosqlite.Connection) -> list[WaitingChat]:
    """Every group recorded here, bound or still waiting, oldest first."""
    return [_chat(r) for r in await c.execute_fetchall("SELECT * FROM waiting_chats ORDER BY id")]


async def migrate(c: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """A waiting or bound group became a supergroup: its row and kept reports follow the new id (the reports'
    message ids negated, as ``events.move_chat`` does: in the supergroup those ids are other messages)."""
    await c.execute("UPDATE OR IGNORE waiting_chats SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
    await c.execute(
        "UPDATE OR IGNORE waiting_reports SET chat_id = ?, message_id = -ABS(message_id) WHERE chat_id = ?",
        (new_id, old_id),
    )


async def keep(
    c: aiosqlite.Connection,
    chat_id: int,
    message_id: int,
    user_id: int,
    user_name: str,
    username: str | None,
    language: str | None,
    text: str,
    now: datetime,
) -> int | None:
    """Keep a report from a waiting group; its row id, or None when this message is kept already."""
    return await insert_new(
        c,
        "INSERT INTO waiting_reports (chat_id, message_id, user_id, user_name, username, language, text,"
        " received_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (chat_id, message_id) DO NOTHING",
        (chat_id, message_id, user_id, user_name, username, language, text, to_epoch(now)),
    )


async def pending(c: aiosqlite.Connection) -> list[KeptReport]:
    """Kept reports of groups that are bound now, not yet handled, in the order they were written."""
    rows = await c.execute_fetchall(
        "SELECT r.* FROM waiting_reports r JOIN waiting_chats w ON w.chat_id = r.chat_id"
        " WHERE r.done_at IS NULL AND w.grid_id IS NOT NULL ORDER BY r.id"
    )
    return [
        KeptReport(
            r["id"],
            r["chat_id"],
            r["message_id"],
            r["user_id"],
            r["user_name"] or "",
            r["username"],
            r["language"],
            r["text"],
        )
        for r in rows
    ]


async def dismiss(c: aiosqlite.Connection, row_id: int) -> WaitingChat | None:
    """An admin said a waiting group is not the community's: its row and its kept reports (strangers' words) are
    dropped; None when it is bound or gone already (the first press wins)."""
    row = await one(c, "SELECT * FROM waiting_chats WHERE id = ? AND grid_id IS NULL", (row_id,))
    if row is None:
        return None
    chat = _chat(row)
    await c.execute("DELETE FROM waiting_reports WHERE chat_id = ?", (chat.chat_id,))
    await c.execute("DELETE FROM waiting_chats WHERE id = ?", (row_id,))
    memo.changed("chats")
    return chat


async def waiting_count(c: aiosqlite.Connection, chat_id: int) -> int:
    """How many reports a group has kept and not yet handled."""
    row = await one(c, "SELECT COUNT(*) FROM waiting_reports WHERE chat_id = ? AND done_at IS NULL", (chat_id,))
    return int(row[0]) if row else 0


async def forget_user(c: aiosqlite.Connection, user_id: int, now: datetime) -> list[str]:
    """/forget_me: the person's reports kept in waiting groups lose their name and words and are dropped (they
    would become events under her name once the group is bound); returns the words they held."""
    texts = [
        r[0]
        for r in await c.execute_fetchall(
            "SELECT text FROM waiting_reports WHERE user_id = ? AND text != ''", (user_id,)
        )
    ]
    await c.execute(
        "UPDATE waiting_reports SET user_name = NULL, username = NULL, text = '', done_at = COALESCE(done_at, ?)"
        " WHERE user_id = ?",
        (to_epoch(now), user_id),
    )
    return texts


async def done(c: aiosqlite.Connection, report_id: int, now: datetime) -> None:
    """A kept report was handled as a report of its (now bound) group."""
    await c.execute("UPDATE waiting_reports SET done_at = ? WHERE id = ?", (to_epoch(now), report_id))


async def add_shift(
    c: aiosqlite.Connection,
    worker_id: int,
    desk: str,
    days: str,
    start: str,
    end: str,
    role: str,
    added_by: int,
    now: datetime,
) -> int:
    """Store a shift added by chat command; its row id."""
    cur = await c.execute(
        "INSERT INTO added_shifts (worker_id, unit, days, start, end, role, added_by, added_at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (worker_id, desk, days, start, end, role, added_by, to_epoch(now)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


async def remove_shifts(c: aiosqlite.Connection, worker_id: int) -> int:
    """Remove a worker's chat-added shifts; how many there were."""
    cur = await c.execute("DELETE FROM added_shifts WHERE worker_id = ?", (worker_id,))
    return cur.rowcount


async def retire_shift(c: aiosqlite.Connection, row_id: int) -> None:
    """Remove one chat-added shift (the file has it now)."""
    await c.execute("DELETE FROM added_shifts WHERE id = ?", (row_id,))


async def shifts(c: aiosqlite.Connection) -> list[AddedShift]:
    """Every chat-added shift, in the order they were added."""
    return [
        AddedShift(r["id"], r["worker_id"], r["unit"], r["days"], r["start"], r["end"], r["role"])
        for r in await c.execute_fetchall("SELECT * FROM added_shifts ORDER BY id")
    ]
