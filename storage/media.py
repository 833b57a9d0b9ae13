"""Photos, voice messages and location pins of events (table event_media), and the albums whose photos went to an
event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.timeutil import from_epoch, to_epoch
from storage.rows import one

PHOTO = "photo"
LOCATION = "location"
AFTER_PHOTO = "after_photo"
VOICE = "voice"  # a resident's voice message about her report, for its worker to listen to (the bot cannot)
# how a picture came, when not as a photo: each is sent again by its own Bot API method
DOCUMENT = "document"  # an image sent as a file ("send without compression")
VIDEO = "video"


@dataclass(frozen=True, slots=True)
class Media:
    """One photo or pin."""

    id: int
    event_id: int
    kind: str
    file_id: str | None
    lat: float | None
    lon: float | None
    at: datetime
    by: int | None
    caption: str | None = None  # what the worker wrote with an "after" photo, or a resident with a photo of an event
    sent_as: str | None = None  # None: a photo; DOCUMENT or VIDEO


@dataclass(frozen=True, slots=True)
class Item:
    """What came, to be kept: a photo (file_id; sent_as DOCUMENT or VIDEO when it came so) or a pin (lat, lon),
    with the words written on it (caption)."""

    file_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    caption: str | None = None
    sent_as: str | None = None


async def add(c: aiosqlite.Connection, event_id: int, kind: str, now: datetime, by: int | None, item: Item) -> int:
    """Keep a photo or a pin with an event."""
    cur = await c.execute(
        "INSERT INTO event_media (event_id, kind, file_id, lat, lon, at, by, caption, sent_as)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (event_id, kind, item.file_id, item.lat, item.lon, to_epoch(now), by, item.caption, item.sent_as),
    )
    return int(cur.lastrowid or 0)


async def for_event(c: aiosqlite.Connection, event_id: int, kind: str | None = None) -> list[Media]:
    """An event's media, oldest first (optionally of one kind)."""
    sql = "SELECT * FROM event_media WHERE event_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY id"
    rows = await c.execute_fetchall(sql, (event_id, kind) if kind else (event_id,))
    return [_media(r) for r in rows]


async def by_id(c: aiosqlite.Connection, media_id: int) -> Media | None:
    """One photo or pin by its row id."""
    r = await one(c, "SELECT * FROM event_media WHERE id = ?", (media_id,))
    return _media(r) if r is not None else None


async def forget_captions(c: aiosqlite.Connection, user_id: int) -> list[str]:
    """/forget_me: the words a person wrote on the photos and pins she added go (the photos stay, for the work);
    returns them, to be scrubbed from the messages that quoted them."""
    rows = await c.execute_fetchall("SELECT caption FROM event_media WHERE by = ? AND caption IS NOT NULL", (user_id,))
    await c.execute("UPDATE event_media SET caption = NULL WHERE by = ? AND caption IS NOT NULL", (user_id,))
    return [r[0] for r in rows if r[0]]


async def set_caption(c: aiosqlite.Connection, event_id: int, file_id: str, caption: str | None) -> None:
    """A resident's photo of an event: its words as they now are (the caption edited)."""
    await c.execute(
        "UPDATE event_media SET caption = ? WHERE event_id = ? AND file_id = ? AND kind = ?",
        (caption, event_id, file_id, PHOTO),
    )


async def remove_photo(c: aiosqlite.Connection, event_id: int, file_id: str) -> None:
    """A resident's photo no longer of an event (its caption now reports a problem of its own)."""
    sql = "DELETE FROM event_media WHERE event_id = ? AND file_id = ? AND kind = ?"
    await c.execute(sql, (event_id, file_id, PHOTO))


def _media(r: aiosqlite.Row) -> Media:
    at = from_epoch(r["at"])
    assert at is not None
    return Media(
        r["id"], r["event_id"], r["kind"], r["file_id"], r["lat"], r["lon"], at, r["by"], r["caption"], r["sent_as"]
    )


async def remember_album(c: aiosqlite.Connection, chat_id: int, album: str, event_id: int, now: datetime) -> None:
    """An album's photo went to an event: its other photos go there too (the first event it went to stays)."""
    await c.execute(
        "INSERT OR IGNORE INTO albums (chat_id, media_group_id, event_id, at) VALUES (?,?,?,?)",
        (chat_id, album, event_id, to_epoch(now)),
    )


async def album_event(c: aiosqlite.Connection, chat_id: int, album: str) -> int | None:
    """The event an album's photos went to, if one did."""
    r = await one(c, "SELECT event_id FROM albums WHERE chat_id = ? AND media_group_id = ?", (chat_id, album))
    return int(r["event_id"]) if r is not None else None


async def hold(
    c: aiosqlite.Connection, chat_id: int, message_id: int, user_id: int, item: Item, album: str | None, now: datetime
) -> None:
    """Keep a photo or pin that joined no event yet, for its sender's words a moment later (once per message)."""
    await c.execute(
        "INSERT INTO held_media (chat_id, message_id, user_id, file_id, lat, lon, sent_as, album, at)"
        " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (chat_id, message_id) DO NOTHING",
        (chat_id, message_id, user_id, item.file_id, item.lat, item.lon, item.sent_as, album, to_epoch(now)),
    )


async def take_held(
    c: aiosqlite.Connection, chat_id: int, user_id: int, since: datetime
) -> list[tuple[Item, str | None]]:
    """The photos and pins a person sent in a chat since a time that joined no event, oldest first, each with its
    album; they are no longer held (the caller keeps them with an event)."""
    rows = await c.execute_fetchall(
        "SELECT id, file_id, lat, lon, sent_as, album FROM held_media WHERE chat_id = ? AND user_id = ? AND at >= ?"
        " ORDER BY message_id",
        (chat_id, user_id, to_epoch(since)),
    )
    await c.executemany("DELETE FROM held_media WHERE id = ?", [(r[0],) for r in rows])
    return [(Item(file_id=r[1], lat=r[2], lon=r[3], sent_as=r[4]), r[5]) for r in rows]


async def forget_held(c: aiosqlite.Connection, user_id: int) -> None:
    """/forget_me: the photos and pins held for a person's words are dropped."""
    await c.execute("DELETE FROM held_media WHERE user_id = ?", (user_id,))


async def prune_held(c: aiosqlite.Connection, before: datetime) -> int:
    """Forget held photos and pins no words took by a time; how many."""
    cur = await c.execute("DELETE FROM held_media WHERE at < ?", (to_epoch(before),))
    return cur.rowcount
