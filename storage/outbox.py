"""The outbox: every message to Telegram is a row before it is sent.

Over 300 lines: every statement about the outbox table (the one queue, its bookkeeping and its clean-up) is here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core import purpose as purpose_rules
from bot.core.purpose import Purpose
from bot.core.timeutil import to_epoch
from storage.database import wrote
from storage.rows import one, prefix_end


@dataclass(frozen=True, slots=True)
class Meta:
    """A row's bookkeeping: never sent to Telegram."""

    ref: str | None = None  # ack | dm | group_post | row:<id>: an edit queued before the message it edits was sent
    survey: int | None = None  # the survey this question belongs to
    file: str | None = None  # the payload field an uploaded file fills (the file is in outbox_files)
    events: list[int] | None = None  # the events a list is about (one that cannot be delivered: each one's fallback)
    shown: int | None = None  # whom a committee note with "send to …" buttons saw the event with (0: nobody)
    # a reminder that its event (or a list's events) still waits: a later one to the chat says it all (``chased_later``)
    chaser: bool | None = None
    taken: bool | None = None  # that note saw it accepted by them (unreachable): its buttons move accepted work
    said: int | None = None  # the event_log line of the resident's words it passes on (refused: told elsewhere)
    answers: int | None = (
        None  # the committee chat's message whose words a note to a worker passes on (his reply: under it)
    )
    # a list's kind and language: what it is made again with (its head, its buttons) when some of its events moved on
    # before it could be sent, from its own lines (``nudges.again``)
    kind: str | None = None
    lang: str | None = None

    def dumps(self) -> str | None:
        """The column's JSON (None when there is nothing to keep)."""
        kept = {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}
        return json.dumps(kept) if kept else None

    @classmethod
    def read(cls, column: str | None, payload: dict) -> Meta:
        """From the column; rows queued before it existed kept "_ref", "_survey", "_file" in the payload."""
        if column:  # a field a newer release wrote is left out, not a failure of every read of the queue
            return cls(**{k: v for k, v in json.loads(column).items() if k in cls.__slots__})
        old = {k[1:]: payload.pop(k) for k in ("_ref", "_survey", "_file") if k in payload}
        return cls(**old)


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One queued Bot API call."""

    id: int
    method: str
    chat_id: int
    payload: dict
    purpose: Purpose | None
    event_id: int | None
    attempts: int
    not_before: int
    meta: Meta = Meta()
    created_at: int = 0  # epoch seconds the row was queued
    priority: int = 0  # 1: urgent, sent before its chat's routine rows (decided when queued: enqueue)


MARK_CHUNK = 400  # sent-marks per statement (two values each, well under SQLite's limit)


_ROW = "id, method, chat_id, payload, purpose, event_id, attempts, not_before, meta, created_at, priority"


def _row(r: tuple) -> OutboxRow:
    payload = json.loads(r[3])
    meta = Meta.read(r[8], payload)  # before the payload is used: old rows kept the bookkeeping in it
    return OutboxRow(r[0], r[1], r[2], payload, _purpose(r[4]), r[5], r[6], r[7], meta, r[9], r[10])


def _purpose(value: str | None) -> Purpose | None:
    """A row's purpose; one this code no longer knows (queued by another version) is none: the row is still sent,
    and one unknown name never stops the sender's reading of every chat's rows."""
    try:
        return Purpose(value) if value else None
    except ValueError:
        return None


async def enqueue(
    c: aiosqlite.Connection,
    *,
    method: str,
    chat_id: int,
    payload: dict,
    now: datetime,
    purpose: Purpose | None = None,
    event_id: int | None = None,
    dedup_key: str | None = None,
    meta: Meta | None = None,
    urgent: bool = False,
) -> int | None:
    """Queue a call, due at once; with a dedup_key a second identical queueing is ignored (returns None).

    Its priority is decided now and kept (`purpose.urgent`: by its purpose and its event's colour, or ``urgent``
    for a danger about no event yet). An urgent row about an event makes the rows about that event queued before it
    to the same chat urgent too, so they still go before it: a red edit of an acknowledgement queued as yellow
    never goes before the acknowledgement it edits."""
    wrote("outbox")
    always = urgent or purpose_rules.urgent(purpose, red_event=False)
    if_red = event_id is not None and purpose_rules.urgent(purpose, red_event=True)
    rows = await c.execute_fetchall(
        "INSERT INTO outbox"
        " (created_at, not_before, method, chat_id, payload, purpose, event_id, dedup_key, meta, priority)"
        " VALUES (?,?,?,?,?,?,?,?,?, CASE WHEN ? THEN 1"
        " WHEN ? THEN COALESCE((SELECT urgency = 'red' FROM events WHERE id = ?), 0) ELSE 0 END)"
        " ON CONFLICT (dedup_key) DO NOTHING RETURNING id, priority",
        (
            to_epoch(now),
            0,
            method,
            chat_id,
            json.dumps(payload, ensure_ascii=False),
            purpose,
            event_id,
            dedup_key,
            meta.dumps() if meta else None,
            always,
            if_red,
            event_id,
        ),
    )
    if not rows:
        return None
    row_id, priority = rows[0]
    if priority and event_id is not None:
        await c.execute(
            "UPDATE outbox SET priority = ? WHERE status = 'pending' AND chat_id = ? AND event_id = ? AND id < ?"
            " AND priority < ?",
            (priority, chat_id, event_id, row_id, priority),
        )
    return row_id


async def superseded(c: aiosqlite.Connection, row: OutboxRow) -> bool:
    """Whether a later pending edit replaces this edit: the same message (or the same message still to be looked
    up), the same purpose. An edit carries the whole text and buttons, so only the last one need go out."""
    if row.method != "editMessageText":
        return False
    found = await one(
        c,
        "SELECT 1 FROM outbox WHERE status = 'pending' AND id > ? AND chat_id = ? AND method = 'editMessageText'"
        " AND purpose IS ? AND event_id IS ? AND json_extract(payload, '$.message_id') IS ? AND meta IS ? LIMIT 1",
        (row.id, row.chat_id, row.purpose, row.event_id, row.payload.get("message_id"), row.meta.dumps()),
    )
    return found is not None


SUPERSEDED = "superseded"  # the status of a chaser never sent: a later one to its chat said it (``chased_later``)


async def chased_later(c: aiosqlite.Connection, row: OutboxRow) -> int | None:
    """Whether the chasers queued after this one to its chat, still to be sent, tell of every event it tells of (with
    buttons, when it has them): the id of the one by which they do, or None. Reminders that piled up while Telegram
    could not be reached go as the last of them (a red's six re-pings queued through an outage reached each worker
    at once); the message that brought the event (a red's page) is no chaser, and goes."""
    about = set(row.meta.events or ([row.event_id] if row.event_id is not None else []))
    if not row.meta.chaser or not about:
        return None
    buttons = " AND json_extract(payload, '$.reply_markup') IS NOT NULL" if row.payload.get("reply_markup") else ""
    later = await c.execute_fetchall(
        "SELECT id, event_id, meta FROM outbox WHERE status = 'pending' AND chat_id = ? AND id > ?"
        f" AND json_extract(meta, '$.chaser'){buttons} ORDER BY id",
        (row.chat_id, row.id),
    )
    told: set[int] = set()
    for row_id, event_id, meta in later:  # a chaser's bookkeeping is in its column (never in an old payload)
        told.update(Meta.read(meta, {}).events or ([event_id] if event_id is not None else []))
        if about <= told:
            return int(row_id)
    return None


async def mark_superseded(c: aiosqlite.Connection, row_id: int, by: int | None) -> None:
    """A chaser not sent: the row ``by``, queued after it, says what it said (``chased_later``); ``by`` None: a
    notice whose events moved on before it could go (``late_cards.moot``)."""
    why = f"superseded by row {by}" if by is not None else "moot: its events moved on"
    await c.execute(
        "UPDATE outbox SET status = ?, last_error = ? WHERE id = ? AND status = 'pending'", (SUPERSEDED, why, row_id)
    )


async def drop_pending(c: aiosqlite.Connection, event_ids: list[int], purpose: Purpose) -> int:
    """/forget_me: the queued rows of a purpose about these events are never sent and keep no copy; how many."""
    if not event_ids:
        return 0
    marks = ",".join("?" * len(event_ids))
    cur = await c.execute(
        f"UPDATE outbox SET status = ?, payload = '{{}}', last_error = 'forgotten' WHERE status = 'pending'"
        f" AND purpose = ? AND event_id IN ({marks})",
        (SUPERSEDED, purpose.value, *event_ids),
    )
    return cur.rowcount


async def forget_keyed(c: aiosqlite.Connection, keys: list[str]) -> None:
    """/forget_me: the messages keyed so, and those keyed so and ":" and more (the messages that followed a keyed
    one): once sent, their stored copies keep none of their words; those that followed, still queued, are never sent
    and keep no copy (one keyed so exactly and still queued is left for the caller to scrub of her words)."""
    for key in keys:
        after = (f"{key}:", prefix_end(f"{key}:"))  # a key range an index answers (LIKE would not use it)
        await c.execute(
            "UPDATE outbox SET payload = '{}' WHERE status != 'pending'"
            " AND (dedup_key = ? OR (dedup_key >= ? AND dedup_key < ?))",
            (key, *after),
        )
        await c.execute(
            "UPDATE outbox SET status = ?, payload = '{}', last_error = 'forgotten' WHERE status = 'pending'"
            " AND dedup_key >= ? AND dedup_key < ?",
            (SUPERSEDED, *after),
        )


async def clamp_waits(c: aiosqlite.Connection, latest: int) -> int:
    """Make every pending row whose retry time lies beyond ``latest`` (epoch seconds: now and the longest backoff)
    due now; how many. At a start: a clock set back while the bot was down must not hold a chat's messages for
    the size of the step (a Telegram retry_after longer than that is met again by one more 429)."""
    wrote("outbox")
    cur = await c.execute("UPDATE outbox SET not_before = 0 WHERE status = 'pending' AND not_before > ?", (latest,))
    return cur.rowcount


async def shift_waits(c: aiosqlite.Connection, back: int, now: int) -> int:
    """Bring every pending row's retry time that lies after ``now`` (epoch seconds) ``back`` seconds earlier; how
    many. While the bot runs: the clock was set back that much, and a wait written by the old clock would hold a
    chat's messages for the size of the step (a red's too)."""
    wrote("outbox")
    cur = await c.execute(
        "UPDATE outbox SET not_before = MAX(0, not_before - ?) WHERE status = 'pending' AND not_before > ?", (back, now)
    )
    return cur.rowcount


async def blank_after(c: aiosqlite.Connection, after_id: int, before: datetime, most: int) -> tuple[int, int]:
    """Blank the words and files of up to ``most`` rows after ``after_id``, in id order, that were sent, failed or
    superseded and queued before ``before``; stop at the first row that is still pending or newer (ids rise with time).
    The row stays: its dedup key, event, purpose and message id still answer the look-ups. Returns the id the
    housekeeping's mark may move to, and how many rows were blanked."""
    wrote("outbox")
    rows = await c.execute_fetchall(
        "SELECT id, status, created_at FROM outbox WHERE id > ? ORDER BY id LIMIT ?", (after_id, most)
    )
    edge, done, last = to_epoch(before), [], after_id
    for row_id, status, created_at in rows:
        if status not in ("sent", "failed", SUPERSEDED) or created_at >= edge:
            break
        done.append(row_id)
        last = row_id
    if done:
        marks = ",".join("?" * len(done))
        await c.execute(f"DELETE FROM outbox_files WHERE outbox_id IN ({marks})", done)
        await c.execute(f"UPDATE outbox SET payload = '{{}}' WHERE id IN ({marks})", done)
    return last, len(done)


async def keyed_since(c: aiosqlite.Connection, key_prefix: str, since: datetime) -> bool:
    """Whether a call whose dedup key starts with the prefix was queued since a time (a once-per-while
    alert keys each sending with its time, and asks this first)."""
    row = await one(
        c,
        "SELECT 1 FROM outbox WHERE dedup_key >= ? AND dedup_key < ? AND created_at >= ? LIMIT 1",
        (key_prefix, prefix_end(key_prefix), to_epoch(since)),
    )
    return row is not None


async def keyed_count(c: aiosqlite.Connection, keys: list[str]) -> int:
    """How many of these dedup keys a row was queued with (sent, failed or pending)."""
    total = 0
    for start in range(0, len(keys), MARK_CHUNK):
        part = keys[start : start + MARK_CHUNK]
        marks = ",".join("?" * len(part))
        total += (await one(c, f"SELECT COUNT(*) FROM outbox WHERE dedup_key IN ({marks})", part))[0]
    return total


@dataclass(frozen=True, slots=True)
class Keyed:
    """The latest row queued with a dedup key: its id, status, payload and, once sent, its message id."""

    id: int
    status: str
    payload: dict
    message_id: int | None

    @property
    def live(self) -> bool:
        """Waiting to be sent, or sent as a message that can be edited."""
        return self.status == "pending" or (self.status == "sent" and self.message_id is not None)


async def lists_offering(
    c: aiosqlite.Connection, chat_id: int, data: str, since: datetime, message_id: int | None = None
) -> list[Keyed]:
    """The bot's messages about no one event (lists) to a chat, queued since then and sent or waiting to be, whose
    buttons hold this callback data, oldest first; with ``message_id``, the one sent as that message."""
    needle = json.dumps(data)  # the whole value, quotes and all: "v1:asg:1" is not "v1:asg:12" nor "v1:asg:1:1jl"
    of = "chat_id = ? AND method = 'sendMessage' AND event_id IS NULL AND created_at >= ? AND instr(payload, ?) > 0"
    args = (chat_id, to_epoch(since), needle)
    if message_id is not None:
        rows = await c.execute_fetchall(
            f"SELECT id, status, payload, result_message_id FROM outbox WHERE result_message_id = ? AND status = 'sent'"
            f" AND {of}",
            (message_id, *args),
        )
        return [k for r in rows if (k := _keyed(r)) is not None]
    rows = await c.execute_fetchall(
        "SELECT id, status, payload, result_message_id FROM outbox"
        f" WHERE status = 'sent' AND {of} UNION ALL SELECT id, status, payload, result_message_id FROM outbox"
        f" WHERE status = 'pending' AND {of} ORDER BY id",
        (*args, *args),
    )
    return [Keyed(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]


async def cards_to(c: aiosqlite.Connection, chat_id: int, event_ids: list[int], since: datetime) -> int:
    """About how many of these events, none of them red now, a worker's card (``Purpose.WORKER_DM``) was queued
    for the chat since a time (sent, failed or pending): a worker's cards lately."""
    return len(await carded(c, chat_id, event_ids, since, red=False))


async def carded(
    c: aiosqlite.Connection,
    chat_id: int,
    event_ids: list[int],
    since: datetime,
    red: bool = True,
    steps: tuple[str, ...] = (),
) -> set[int]:
    """Which of these events a worker's card (``Purpose.WORKER_DM``) was queued for the chat since a time (sent,
    failed or pending); ``red`` False: none red now; ``steps``: only cards sent at a step starting so (their dedup
    key ``dm:<event>:<worker>:<step>``: ``notify.dm_key``)."""
    found: set[int] = set()
    of_steps = " AND (" + " OR ".join(["o.dedup_key LIKE ?"] * len(steps)) + ")" if steps else ""
    for start in range(0, len(event_ids), MARK_CHUNK):
        part = event_ids[start : start + MARK_CHUNK]
        marks = ",".join("?" * len(part))
        rows = await c.execute_fetchall(
            "SELECT DISTINCT o.event_id FROM outbox o JOIN events e ON e.id = o.event_id"
            f" WHERE o.event_id IN ({marks}) AND o.purpose = ? AND o.chat_id = ? AND o.created_at >= ?"
            + ("" if red else " AND e.urgency <> 'red'")
            + of_steps,
            (*part, Purpose.WORKER_DM.value, chat_id, to_epoch(since), *(f"dm:%:%:{step}%" for step in steps)),
        )
        found.update(int(r[0]) for r in rows)
    return found


def _keyed(row: aiosqlite.Row | None) -> Keyed | None:
    """A row read as (id, status, payload, result_message_id), or None."""
    return Keyed(row[0], row[1], json.loads(row[2]), row[3]) if row else None


async def keyed(c: aiosqlite.Connection, dedup_key: str) -> Keyed | None:
    """The row queued with exactly this dedup key, or None."""
    row = await one(
        c, "SELECT id, status, payload, result_message_id FROM outbox WHERE dedup_key = ? LIMIT 1", (dedup_key,)
    )
    return _keyed(row)


async def meta_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int) -> Meta | None:
    """The bookkeeping of the message the bot sent as ``message_id`` in a chat, or None (not known, or pruned)."""
    row = await one(
        c,
        "SELECT meta, payload FROM outbox WHERE chat_id = ? AND result_message_id = ? AND status = 'sent'"
        " AND method = 'sendMessage' ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    )
    return Meta.read(row[0], json.loads(row[1])) if row else None


async def sent_here(c: aiosqlite.Connection, chat_id: int, message_id: int) -> bool:
    """Whether this database sent the message ``message_id`` of a chat (a press on it is on one of its own)."""
    row = await one(
        c,
        "SELECT 1 FROM outbox WHERE chat_id = ? AND result_message_id = ? AND status = 'sent' LIMIT 1",
        (chat_id, message_id),
    )
    return row is not None


async def relayed_to(c: aiosqlite.Connection, chat_id: int, message_id: int) -> bool:
    """Whether the bot's message ``message_id`` in a private chat is a committee message relayed there (the committee
    chat out of reach): its buttons are the committee's."""
    row = await one(
        c,
        "SELECT 1 FROM outbox WHERE chat_id = ? AND result_message_id = ? AND status = 'sent' AND purpose = ? LIMIT 1",
        (chat_id, message_id, str(Purpose.COMMITTEE_RELAY)),
    )
    return row is not None


async def key_of_row(c: aiosqlite.Connection, row_id: int, purpose: Purpose) -> str | None:
    """The dedup key of the row ``row_id`` when it is of this purpose (what a relayed copy's key names), or None."""
    row = await one(c, "SELECT dedup_key FROM outbox WHERE id = ? AND purpose = ?", (row_id, purpose.value))
    return str(row[0]) if row and row[0] else None


async def last_keyed(c: aiosqlite.Connection, key_prefix: str) -> Keyed | None:
    """The latest row whose dedup key starts with the prefix, or None."""
    row = await one(
        c,
        "SELECT id, status, payload, result_message_id FROM outbox WHERE dedup_key >= ? AND dedup_key < ?"
        " ORDER BY id DESC LIMIT 1",
        (key_prefix, prefix_end(key_prefix)),
    )
    return _keyed(row)


async def last_key(c: aiosqlite.Connection, key_prefix: str) -> str | None:
    """The dedup key of the latest row whose key starts with the prefix, or None."""
    row = await one(
        c,
        "SELECT dedup_key FROM outbox WHERE dedup_key >= ? AND dedup_key < ? ORDER BY id DESC LIMIT 1",
        (key_prefix, prefix_end(key_prefix)),
    )
    return str(row[0]) if row else None


async def rekey(c: aiosqlite.Connection, row_id: int, dedup_key: str) -> None:
    """Give a row another dedup key: the message it sends is done with, and a row queued under its old key is a new
    message (a note of the day closed by what it says at its foot)."""
    await c.execute("UPDATE outbox SET dedup_key = ? WHERE id = ?", (dedup_key, row_id))


async def keyed_count_since(c: aiosqlite.Connection, key_prefix: str, since: datetime) -> int:
    """How many calls whose dedup key starts with the prefix were queued since a time (a budget per while)."""
    row = await one(
        c,
        "SELECT COUNT(*) AS n FROM outbox WHERE dedup_key >= ? AND dedup_key < ? AND created_at >= ?",
        (key_prefix, prefix_end(key_prefix), to_epoch(since)),
    )
    return int(row["n"]) if row is not None else 0


ROW_REF = "row:"  # + an outbox row's id: an edit of the message that row sends (Meta.ref)


async def sent_as(c: aiosqlite.Connection, row_id: int) -> tuple[str, int | None] | None:
    """A row's status and, once sent, its message id; None when there is no such row."""
    row = await one(c, "SELECT status, result_message_id FROM outbox WHERE id = ?", (row_id,))
    return (row[0], row[1]) if row else None


async def pending(c: aiosqlite.Connection, limit: int = 200) -> list[OutboxRow]:
    """Pending rows in queue order (due or not: the sender keeps per-chat order)."""
    return [
        _row(r)
        for r in await c.execute_fetchall(
            f"SELECT {_ROW} FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?",
            (limit,),
        )
    ]


async def pending_chats(c: aiosqlite.Connection) -> list[tuple[int, int, int | None]]:
    """(chat_id, latest not_before, latest urgent row id or None) of every chat with a pending row: what the sender
    needs to choose the chats to serve, whatever the queue's length (a throttled chat's backlog is not read, only
    its latest retry time), and to see an urgent row come for a chat whose lane is at work.

    One row per chat, found by index seeks (the next chat after the last, that chat's latest not_before and its
    latest urgent row), so a pass costs the number of chats, not the number of rows queued."""
    # INDEXED BY: left to choose, SQLite read every pending row per chat (by outbox_pending, status first, before
    # migration 024; by outbox_pending_chat for the urgent row since)
    wait = "outbox AS o INDEXED BY outbox_pending_wait WHERE o.status = 'pending'"
    lane = "outbox AS o INDEXED BY outbox_pending_lane WHERE o.status = 'pending'"
    return await c.execute_fetchall(
        f"WITH RECURSIVE chats(chat) AS (SELECT (SELECT MIN(o.chat_id) FROM {wait})"
        f" UNION ALL SELECT (SELECT MIN(o.chat_id) FROM {wait} AND o.chat_id > chats.chat)"
        " FROM chats WHERE chats.chat IS NOT NULL)"
        f" SELECT chat, (SELECT MAX(o.not_before) FROM {wait} AND o.chat_id = chat),"
        f" (SELECT MAX(o.id) FROM {lane} AND o.chat_id = chat AND o.priority > 0)"
        " FROM chats WHERE chat IS NOT NULL"
    )


LANES_PER_STATEMENT = 200  # chats whose first rows one statement reads (SQLite allows 500 terms of a compound)


async def lane_rows(c: aiosqlite.Connection, wanted: list[tuple[int, int]]) -> list[OutboxRow]:
    """The first ``n`` pending rows of each chat of (chat_id, n), in the order a chat's rows are sent: its urgent
    rows, then its routine ones, each in queue order."""
    out: list[OutboxRow] = []
    lane = "outbox INDEXED BY outbox_pending_lane WHERE status = 'pending'"
    one_chat = f"SELECT * FROM (SELECT {_ROW} FROM {lane} AND chat_id = ? ORDER BY priority DESC, id LIMIT ?)"
    for i in range(0, len(wanted), LANES_PER_STATEMENT):
        chunk = wanted[i : i + LANES_PER_STATEMENT]
        rows = await c.execute_fetchall(
            " UNION ALL ".join([one_chat] * len(chunk)), [x for pair in chunk for x in pair]
        )
        out.extend(_row(r) for r in rows)
    return out


async def due_count(c: aiosqlite.Connection, now_epoch: float) -> int:
    """Pending rows whose time has come (a row waiting for a retry later is not counted)."""
    return (await one(c, "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND not_before <= ?", (now_epoch,)))[0]


async def next_due(c: aiosqlite.Connection) -> int | None:
    """The earliest not_before among pending rows."""
    row = await one(c, "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'")
    return row[0]


async def mark_sent_many(c: aiosqlite.Connection, sent: list[tuple[int, int | None]], now: datetime) -> None:
    """Calls that succeeded, (row id, message id) each: one statement for a delivered batch."""
    for start in range(0, len(sent), MARK_CHUNK):
        chunk = sent[start : start + MARK_CHUNK]
        values = ",".join("(?,?)" for _ in chunk)
        await c.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, result_message_id = v.column2, attempts = attempts + 1"
            f" FROM (VALUES {values}) AS v WHERE outbox.id = v.column1",
            (to_epoch(now), *[x for pair in chunk for x in pair]),
        )


async def event_of_sent(
    c: aiosqlite.Connection, chat_id: int, message_id: int, purpose: Purpose | None = None
) -> int | None:
    """The event a delivered message (of this purpose, or of any) was about (a reply to it points at the event),
    or None."""
    of_purpose = " AND purpose = ?" if purpose is not None else ""
    row = await one(
        c,
        f"SELECT event_id FROM outbox WHERE chat_id = ? AND result_message_id = ?{of_purpose} AND status = 'sent'"
        " AND event_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (chat_id, message_id, *([purpose.value] if purpose is not None else [])),
    )
    return int(row[0]) if row else None


async def note_events_since(
    c: aiosqlite.Connection, chat_id: int, purpose: Purpose, since: datetime
) -> list[tuple[int, int | None]]:
    """The events the bot's messages of this purpose delivered to a chat since then were about, the latest first,
    each once, with whom the latest of them with "send to …" buttons saw it with (``Meta.shown``; None: none had)."""
    rows = await c.execute_fetchall(
        "SELECT event_id, meta FROM outbox WHERE chat_id = ? AND purpose = ? AND method = 'sendMessage'"
        " AND status = 'sent' AND event_id IS NOT NULL AND sent_at >= ? ORDER BY id DESC",
        (chat_id, purpose.value, to_epoch(since)),
    )
    shown: dict[int, int | None] = {}
    for event_id, meta in rows:
        seen = Meta.read(meta, {}).shown
        if shown.get(int(event_id)) is None:  # the latest note, or the latest that says whom it saw it with
            shown[int(event_id)] = seen
    return list(shown.items())


async def text_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int) -> str | None:
    """The words a delivered message was sent with (HTML, as the bot rendered them: a reply to it may name what it
    listed, a note pressed keeps them), or None (not known, or kept no longer)."""
    text = (await _payload_of_sent(c, chat_id, message_id)).get("text")
    return str(text) if text else None


async def reply_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int) -> int | None:
    """The message a delivered message of the bot's was sent in reply to (a question under a resident's words: a press
    on it is about them), or None."""
    replied = (await _payload_of_sent(c, chat_id, message_id)).get("reply_parameters") or {}
    return int(replied["message_id"]) if replied.get("message_id") else None


async def _payload_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int) -> dict:
    """The payload a delivered message was sent with ({} when not known, or kept no longer)."""
    row = await one(
        c,
        "SELECT payload FROM outbox WHERE chat_id = ? AND result_message_id = ? AND method = 'sendMessage'"
        " AND status = 'sent' ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    )
    return json.loads(row[0]) if row else {}


async def purpose_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int) -> Purpose | None:
    """Why a delivered message was sent (a reply to it may answer a list of events), or None when not known."""
    row = await one(
        c,
        "SELECT purpose FROM outbox WHERE chat_id = ? AND result_message_id = ? AND status = 'sent'"
        " ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    )
    return _purpose(row[0]) if row else None


async def key_of_sent(c: aiosqlite.Connection, chat_id: int, message_id: int, purpose: Purpose) -> str | None:
    """The dedup key of a delivered message of this purpose (a reply to it points at what it was about), or None."""
    row = await one(
        c,
        "SELECT dedup_key FROM outbox WHERE chat_id = ? AND result_message_id = ? AND purpose = ? AND status = 'sent'"
        " ORDER BY id DESC LIMIT 1",
        (chat_id, message_id, purpose.value),
    )
    return str(row[0]) if row and row[0] else None


async def last_sent_to(c: aiosqlite.Connection, chat_id: int) -> int:
    """The id of the last row delivered to a chat, whatever it was about (0 when none was): what marks a streak
    of failures (a notice keyed with it is given once until a message gets through again)."""
    row = await one(c, "SELECT MAX(id) FROM outbox WHERE chat_id = ? AND status = 'sent'", (chat_id,))
    return (row[0] if row else None) or 0


async def keyed_after(c: aiosqlite.Connection, key_prefix: str, after_id: int) -> bool:
    """Whether a call whose dedup key starts with the prefix was queued after the row ``after_id``."""
    row = await one(
        c,
        "SELECT 1 FROM outbox WHERE dedup_key >= ? AND dedup_key < ? AND id > ? LIMIT 1",
        (key_prefix, prefix_end(key_prefix), after_id),
    )
    return row is not None


async def mark_failed(c: aiosqlite.Connection, row_id: int, error: str) -> None:
    """The call failed for good (403, 400)."""
    await c.execute(
        "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1 WHERE id = ?",
        (error[:500], row_id),
    )


async def retry_later(c: aiosqlite.Connection, row_id: int, not_before: int, error: str) -> None:
    """The call failed for now (429, 5xx, timeout): try again at not_before."""
    await c.execute(
        "UPDATE outbox SET not_before = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
        (not_before, error[:500], row_id),
    )


async def retarget(c: aiosqlite.Connection, old_chat_id: int, new_chat_id: int, left_behind: str) -> list[OutboxRow]:
    """Pending sends to a migrated group go to its supergroup, without the message they replied to (its id is of
    the old group's history: in the supergroup it would be another message or none). A pending row that names a
    message of the old group (an edit, a deletion) cannot follow it, where that id is another message: it fails
    with ``left_behind``; the rows failed so, for the caller to settle."""
    wrote("outbox")
    stuck = [
        _row(r)
        for r in await c.execute_fetchall(
            f"SELECT {_ROW} FROM outbox WHERE chat_id = ? AND status = 'pending'"
            " AND json_extract(payload, '$.message_id') IS NOT NULL ORDER BY id",
            (old_chat_id,),
        )
    ]
    for row in stuck:
        await mark_failed(c, row.id, left_behind)
    await c.execute(
        "UPDATE outbox SET chat_id = ?, payload = json_remove(json_set(payload, '$.chat_id', ?), '$.reply_parameters')"
        " WHERE chat_id = ? AND status = 'pending'",
        (new_chat_id, new_chat_id, old_chat_id),
    )
    return stuck


async def counts(c: aiosqlite.Connection) -> dict[str, int]:
    """Rows by status (for health and tests)."""
    return {r[0]: r[1] for r in await c.execute_fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status")}


@dataclass(frozen=True, slots=True)
class Failure:
    """A call that failed for good."""

    purpose: str | None
    chat_id: int
    error: str


async def failures(c: aiosqlite.Connection) -> list[Failure]:
    """Rows that failed for good, oldest first (for health checks and tests)."""
    return [
        Failure(r[0], r[1], r[2])
        for r in await c.execute_fetchall(
            "SELECT purpose, chat_id, COALESCE(last_error, '') FROM outbox WHERE status = 'failed' ORDER BY id"
        )
    ]


async def pending_recipients(c: aiosqlite.Connection, event_id: int, purpose: str) -> list[int]:
    """Chats that still wait for a queued message of this purpose about an event."""
    return [
        r[0]
        for r in await c.execute_fetchall(
            "SELECT chat_id FROM outbox WHERE event_id = ? AND purpose = ? AND status = 'pending' ORDER BY id",
            (event_id, purpose),
        )
    ]


async def row_status(
    c: aiosqlite.Connection, event_id: int, purpose: str, chat_id: int | None = None, before: int | None = None
) -> str | None:
    """Status of the latest row of this purpose about an event ('pending', 'sent', 'failed') or None; ``before``:
    of the rows queued before that row id."""
    row = await _latest(c, "status", event_id, purpose, chat_id, before)
    return row[0] if row else None


async def _latest(
    c: aiosqlite.Connection, columns: str, event_id: int, purpose: str, chat_id: int | None, before: int | None
) -> aiosqlite.Row | None:
    """The chosen columns of the latest row of this purpose about an event (in a chat, before a row id)."""
    sql = f"SELECT {columns} FROM outbox WHERE event_id = ? AND purpose = ?"
    args: list[object] = [event_id, purpose]
    if chat_id is not None:
        sql += " AND chat_id = ?"
        args.append(chat_id)
    if before is not None:
        sql += " AND id < ?"
        args.append(before)
    return await one(c, sql + " ORDER BY id DESC LIMIT 1", args)


async def last_live_payload(
    c: aiosqlite.Connection, event_id: int, purposes: tuple[Purpose, ...], chat_id: int
) -> dict | None:
    """The payload of the latest message of these purposes about an event in a chat that was sent or waits to be
    (a failed one left nothing to compare with), or None."""
    marks = ",".join("?" * len(purposes))
    row = await one(
        c,
        f"SELECT payload FROM outbox WHERE event_id = ? AND chat_id = ? AND purpose IN ({marks})"
        " AND status IN ('sent', 'pending') ORDER BY id DESC LIMIT 1",
        (event_id, chat_id, *(p.value for p in purposes)),
    )
    return json.loads(row[0]) if row else None


@dataclass(frozen=True, slots=True)
class CardChange:
    """The latest row that sends a person a worker's card about an event or changes a message of theirs about it."""

    method: str
    message_id: int | None  # the message an edit is of (None: a card sent, or an edit whose ``ref`` names it)
    ref: str | None
    markup: dict | None  # the buttons it leaves (None: none, or a deletion)


async def last_card_change(c: aiosqlite.Connection, chat_id: int, event_id: int) -> CardChange | None:
    """The latest row about an event in a person's chat that sent a worker's card or edits or deletes a message
    there, sent or waiting to be (a failed one changed nothing): what their card shows once it is sent. None: none."""
    row = await one(
        c,
        "SELECT method, payload, meta FROM outbox WHERE event_id = ? AND chat_id = ? AND status IN ('sent', 'pending')"
        " AND (method LIKE 'edit%' OR method = 'deleteMessage' OR purpose = ?) ORDER BY id DESC LIMIT 1",
        (event_id, chat_id, Purpose.WORKER_DM.value),
    )
    if row is None:
        return None
    payload = json.loads(row[1])
    meta = Meta.read(row[2], payload)
    return CardChange(row[0], payload.get("message_id"), meta.ref, payload.get("reply_markup"))


async def requeue_failed(c: aiosqlite.Connection, dedup_key: str, now: datetime) -> bool:
    """A message that failed for good (the bot was out of its group) is sent again: True when one was."""
    wrote("outbox")
    cur = await c.execute(
        "UPDATE outbox SET status = 'pending', not_before = ? WHERE dedup_key = ? AND status = 'failed'",
        (int(to_epoch(now)), dedup_key),
    )
    return cur.rowcount > 0


async def refused_edits(c: aiosqlite.Connection, chat_id: int) -> list[tuple[int, int | None]]:
    """The edits of messages in a person's chat refused because they had blocked the bot (403), with no edit of the
    same message made since: of each message, its refused edits after the last that was not, from the latest
    whole one (text and buttons) on; (row id, event id), oldest first."""
    rows = await c.execute_fetchall(
        "SELECT id, method, status, COALESCE(last_error, ''), json_extract(payload, '$.message_id'), event_id"
        " FROM outbox WHERE chat_id = ? AND method LIKE 'editMessage%'"
        " AND json_extract(payload, '$.message_id') IS NOT NULL ORDER BY id",
        (chat_id,),
    )
    by_message: dict[int, list[tuple]] = {}
    for r in rows:
        by_message.setdefault(r[4], []).append(tuple(r))
    again: list[tuple[int, int | None]] = []
    for edits in by_message.values():
        tail: list[tuple] = []
        for r in reversed(edits):
            if r[2] != "failed" or not r[3].startswith("403"):
                break
            tail.append(r)
            if r[1] == "editMessageText":  # a whole edit: those before it say nothing it does not
                break
        again += [(r[0], r[5]) for r in tail]
    return sorted(again)


async def requeue(c: aiosqlite.Connection, row_ids: list[int], now: datetime) -> None:
    """Failed rows are tried again from now, as new (their attempts start over)."""
    wrote("outbox")
    for i in range(0, len(row_ids), MARK_CHUNK):
        chunk = row_ids[i : i + MARK_CHUNK]
        await c.execute(
            f"UPDATE outbox SET status = 'pending', not_before = ?, attempts = 0"
            f" WHERE status = 'failed' AND id IN ({','.join('?' * len(chunk))})",
            (int(to_epoch(now)), *chunk),
        )


async def latest_keyed_of(c: aiosqlite.Connection, event_id: int, purpose: Purpose) -> Keyed | None:
    """The latest row of this purpose about an event, as ``keyed`` gives it, or None."""
    row = await _latest(c, "id, status, payload, result_message_id", event_id, purpose.value, None, None)
    return _keyed(row)


async def latest_of_chat(
    c: aiosqlite.Connection, event_id: int, purpose: Purpose, chat_id: int
) -> tuple[Keyed, str | None] | None:
    """The latest row of this purpose about an event in a chat, as ``keyed`` gives it, and its dedup key; or None."""
    row = await _latest(c, "id, status, payload, result_message_id, dedup_key", event_id, purpose.value, chat_id, None)
    keyed_row = _keyed(row)
    return (keyed_row, row[4]) if keyed_row is not None and row is not None else None


async def latest_of(c: aiosqlite.Connection, event_id: int, purpose: Purpose) -> tuple[int, str, int | None] | None:
    """The latest message of this purpose about an event (a private report's group post): its chat, status and
    message id once sent; None when there is none (or housekeeping pruned it)."""
    row = await _latest(c, "chat_id, status, result_message_id", event_id, purpose.value, None, None)
    return (row[0], row[1], row[2]) if row else None


async def delivered_in(c: aiosqlite.Connection, event_id: int, purpose: Purpose, chat_id: int) -> int | None:
    """The message id of the latest message of this purpose about an event in a chat, once delivered (else None)."""
    row = await _latest(c, "status, result_message_id", event_id, purpose.value, chat_id, None)
    return row[1] if row and row[0] == "sent" else None


async def blank_delivered(c: aiosqlite.Connection, user_id: int, event_ids: list[int]) -> None:
    """/forget_me: messages already delivered to the person or about their events keep no copy."""
    marks = ",".join("?" * len(event_ids)) or "NULL"
    await c.execute(
        f"UPDATE outbox SET payload = '{{}}' WHERE status != 'pending' AND (chat_id = ? OR event_id IN ({marks}))",
        (user_id, *event_ids),
    )


@dataclass(frozen=True, slots=True)
class StoredPayload:
    """An outbox row's Bot API payload."""

    id: int
    payload: dict


async def payloads_containing(
    c: aiosqlite.Connection, keys: list[str], user_id: int, event_ids: list[int]
) -> list[StoredPayload]:
    """Rows, queued or delivered, whose payload holds any of the keys (a forgotten person's name or words),
    among those that can: sent to the person, about their events, or about no event (points, set-up). Other
    residents' messages about other events are neither read nor changed (they quote other people)."""
    forms = list(dict.fromkeys(f for k in keys if k for f in (k, json.dumps(k, ensure_ascii=False)[1:-1])))
    if not forms:
        return []
    where = " OR ".join("instr(payload, ?) > 0" for _ in forms)
    ids = ",".join("?" * len(event_ids)) or "NULL"
    scope = f"(chat_id = ? OR event_id IS NULL OR event_id IN ({ids}))"
    rows = await c.execute_fetchall(
        f"SELECT id, payload FROM outbox WHERE {scope} AND ({where})", (user_id, *event_ids, *forms)
    )
    return [StoredPayload(r[0], json.loads(r[1])) for r in rows]


async def set_list(c: aiosqlite.Connection, row_id: int, payload: dict, meta: Meta) -> None:
    """A queued list made again (fewer events): its payload and its bookkeeping."""
    await c.execute(
        "UPDATE outbox SET payload = ?, meta = ? WHERE id = ?",
        (json.dumps(payload, ensure_ascii=False), meta.dumps(), row_id),
    )


async def set_payloads(c: aiosqlite.Connection, changed: list[tuple[int, dict]]) -> None:
    """Replace rows' payloads (a queued row is then sent with its new one), in one statement."""
    await c.executemany(
        "UPDATE outbox SET payload = ? WHERE id = ?",
        [(json.dumps(payload, ensure_ascii=False), row_id) for row_id, payload in changed],
    )
