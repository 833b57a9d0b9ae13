"""Console sign-in links and sessions (tables console_links, console_sessions)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.rows import one


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A live console session."""

    user_id: int
    csrf: str
    via: str
    language: str | None
    expires_at: int


async def add_link(c: aiosqlite.Connection, nonce: str, user_id: int, now: int, expires_at: int) -> None:
    """Remember a sign-in link sent to a person (and forget long-expired ones)."""
    await c.execute("DELETE FROM console_links WHERE expires_at < ?", (now - 86400,))
    await c.execute(
        "INSERT INTO console_links (nonce, user_id, created_at, expires_at) VALUES (?,?,?,?)",
        (nonce, user_id, now, expires_at),
    )


async def link_usable(c: aiosqlite.Connection, nonce: str, user_id: int, now: int) -> bool:
    """Whether the link exists for this person, is unused and unexpired (nothing changes)."""
    return (
        await one(
            c,
            "SELECT 1 FROM console_links WHERE nonce = ? AND user_id = ? AND used_at IS NULL AND expires_at > ?",
            (nonce, user_id, now),
        )
        is not None
    )


async def use_link(c: aiosqlite.Connection, nonce: str, user_id: int, now: int) -> bool:
    """Spend the link: one conditional UPDATE, True only for its first use before it expires."""
    cur = await c.execute(
        "UPDATE console_links SET used_at = ? WHERE nonce = ? AND user_id = ? AND used_at IS NULL AND expires_at > ?",
        (now, nonce, user_id, now),
    )
    return cur.rowcount == 1


async def add_session(
    c: aiosqlite.Connection,
    id_hash: str,
    user_id: int,
    csrf: str,
    via: str,
    language: str | None,
    now: int,
    expires_at: int,
) -> None:
    """Store a new session (and drop expired ones)."""
    await c.execute("DELETE FROM console_sessions WHERE expires_at < ?", (now,))
    await c.execute(
        "INSERT INTO console_sessions (id_hash, user_id, csrf, via, language, created_at, expires_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (id_hash, user_id, csrf, via, language, now, expires_at),
    )


async def session(c: aiosqlite.Connection, id_hash: str, now: int) -> SessionRow | None:
    """The live session with this id hash, or None (unknown or expired)."""
    row = await one(
        c,
        "SELECT user_id, csrf, via, language, expires_at FROM console_sessions WHERE id_hash = ? AND expires_at > ?",
        (id_hash, now),
    )
    return SessionRow(row[0], row[1], row[2], row[3], row[4]) if row else None


async def set_language(c: aiosqlite.Connection, id_hash: str, language: str) -> None:
    """The session's reader chose a language."""
    await c.execute("UPDATE console_sessions SET language = ? WHERE id_hash = ?", (language, id_hash))


async def end_session(c: aiosqlite.Connection, id_hash: str) -> None:
    """Sign out."""
    await c.execute("DELETE FROM console_sessions WHERE id_hash = ?", (id_hash,))


async def end_sessions_of(c: aiosqlite.Connection, user_id: int) -> int:
    """Every session of a person ends (they left the staff)."""
    cur = await c.execute("DELETE FROM console_sessions WHERE user_id = ?", (user_id,))
    return cur.rowcount
