"""A worker's card the sender delivers late (Telegram failed or was out of reach meanwhile) looked fresh: one that
came ten minutes after the report said nothing of it. Decided when it is sent, from when its row was queued: a card
LATE_AFTER or more late says, under its head, when the report came and how late the card is. A reminder (or fix-by
notice) whose events moved on while it waited is not sent at all (``moot``); a list of several, some of which moved
on, goes with only those that still hold (``trimmed``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import lateness
from bot.core import purpose as purpose_rules
from bot.core.purpose import Purpose
from bot.core.timeutil import from_epoch
from bot.render import messages
from bot.render.fit import clip
from bot.render.i18n import Html, join
from bot.services import notify, nudges, pages
from storage import events, outbox
from storage.outbox import OutboxRow


def late(row: OutboxRow, now: datetime) -> int | None:
    """The minutes an event's card waited since it was queued, when it is late (None: on time, or no card)."""
    if row.purpose is not Purpose.WORKER_DM or row.method != "sendMessage" or row.event_id is None:
        return None
    queued = from_epoch(row.created_at)
    return lateness.delivered_late(queued, now) if queued is not None else None


async def text_when_late(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, minutes: int) -> str | None:
    """The card's words as sent this late: its line saying so under its head (the line naming the event), or None
    when its event is gone."""
    assert row.event_id is not None
    ev = await events.get(c, row.event_id)
    text = row.payload.get("text")
    if ev is None or not isinstance(text, str):
        return None
    lang = await notify.user_language(ctx, c, row.chat_id)
    line = messages.delivered_late(lang, ev.written_at or ev.created_at, minutes, ctx.now(), ctx.community.tz)
    lines = [Html(x) for x in text.split("\n")]
    at = next((i + 1 for i, x in enumerate(lines) if f"#{ev.id}" in x), 0)  # its head: a whole line of markup
    return clip(join([*lines[:at], line, *lines[at:]]))


async def moot(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow) -> bool:
    """Whether a notice still to be sent no longer holds for any of its events (``holding``): "nobody has
    accepted" queued during an outage, the Accept handled before Telegram answered again."""
    if not chases(row):
        return False
    about = row.meta.events or ([row.event_id] if row.event_id is not None else [])
    return bool(about) and not await holding(ctx, c, row, about)


async def holding(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, about: list[int]) -> list[int]:
    """Which of a notice's events it still holds for, as they stand now (``purpose.still_true``); a page of reds
    (its kind ``nudges.PAGED``) holds for those still owed pages (``pages.still_owed``): not one given since to
    someone the bot can reach, though it still waits for his Accept, nor one lowered (first-day review: a page went
    whole after one of its reds was given)."""
    now = await events.status_of(c, about)
    chaser = bool(row.meta.chaser)
    keep = [e for e in about if purpose_rules.still_true(row.purpose, chaser, [now[e]] if e in now else [])]
    if row.meta.kind != nudges.PAGED:
        return keep
    return [e for e in keep if (ev := await events.get(c, e)) is None or await pages.still_owed(ctx, c, ev, note=False)]


async def trimmed(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow) -> OutboxRow | None:
    """A list of several events of which some moved on while it waited (a reminder of three events, one accepted
    since): made again with only those it still holds for, and kept so (first-day review: it went whole); None when
    it holds for all of them (or none: ``moot``), or cannot be made again."""
    about = row.meta.events or []
    if len(about) < 2:
        return None
    keep = await holding(ctx, c, row, about)
    if not keep or len(keep) == len(about) or (made := await nudges.again(ctx, c, row, keep)) is None:
        return None
    payload, meta = made
    await outbox.set_list(c, row.id, payload, meta)
    return replace(row, payload=payload, meta=meta)


def chases(row: OutboxRow) -> bool:
    """Whether the row tells its events still wait for something (a chaser, a fix-by or overdue notice): a press
    may answer it before it goes."""
    return bool(row.meta.chaser) or row.purpose in purpose_rules.FIX_BY
