"""Photos and places (随手拍): pins and photos added to an event, and the worker's "after" photo."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import parser
from bot.core.purpose import Purpose
from bot.core.types import Event, Outcome, Status
from bot.render.i18n import t
from bot.services import extras, notify, photo_question, workflow
from bot.services.result import Answer
from storage import events, media, notifications, outbox, reporters, surveys

log = logging.getLogger(__name__)


async def event_for_reply(c: aiosqlite.Connection, chat_id: int, reply_to: int) -> Event | None:
    """The event a reply points at: its acknowledgement, its report, a report merged into it, or the bot's
    "already reported as #N" answer to that report (a merged resident's acknowledgement)."""
    ev = await events.by_ack(c, chat_id, reply_to) or await events.by_message(c, chat_id, reply_to)
    if ev is None and (row := await reporters.by_message(c, chat_id, reply_to)) is not None:
        ev = await events.get(c, row.event_id)
    if ev is None and (event_id := await outbox.event_of_sent(c, chat_id, reply_to, Purpose.MERGED)) is not None:
        ev = await events.get(c, event_id)
    return ev


async def another_report(ctx: AppContext, chat_id: int, reply_to: int, caption: str) -> bool:
    """A captioned photo replying to an acknowledgement whose caption reports a problem somewhere else
    ("5号楼1单元门口下水道堵了" under the building 3 light's #1): a new report, not a photo of #1."""
    parsed = parser.parse(caption)
    if not parsed.is_report or parsed.building is None:
        return False
    async with ctx.db.read() as c:
        ev = await event_for_reply(c, chat_id, reply_to)
    return ev is not None and ev.building is not None and ev.building != parsed.building


async def attach(
    ctx: AppContext,
    chat_id: int,
    message_id: int,
    reply_to: int,
    user_id: int,
    *,
    file_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> int | None:
    """A photo or pin sent as a reply to the bot's acknowledgement: keep it with the event. Returns the event id."""
    kind = media.PHOTO if file_id else media.LOCATION
    async with ctx.db.tx() as c:
        ev = await event_for_reply(c, chat_id, reply_to)
        if ev is None or ev.status is Status.CANCELLED:
            return None
        await keep(ctx, c, ev, user_id, file_id=file_id, lat=lat, lon=lon)
        lang = await notify.language_in(ctx, c, chat_id, user_id)
        await notify.send(
            ctx,
            c,
            chat_id,
            t(lang, f"media.added.{kind}", id=ev.id),
            purpose=Purpose.MEDIA_ADDED,
            event_id=ev.id,
            reply_to=message_id,
        )
        if ev.status in (Status.DISPATCHED, Status.ACCEPTED):
            await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    return ev.id


async def keep(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    user_id: int,
    *,
    file_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> None:
    """A resident's photo or pin joins the event (logged); a photo of open work goes to its workers too."""
    kind = media.PHOTO if file_id else media.LOCATION
    await media.add(c, ev.id, kind, ctx.now(), user_id, file_id=file_id, lat=lat, lon=lon)
    await events.log(c, ev.id, ctx.now(), f"added_{kind}", user_id)
    if file_id and ev.status in (Status.DISPATCHED, Status.ACCEPTED):
        for worker in dict.fromkeys([dm.user_id for dm in await notifications.for_event(c, ev.id)]):
            wlang = await notify.user_language(ctx, c, worker)
            await extras.send_photos(ctx, c, ev, worker, t(wlang, "photo.caption", id=ev.id))


async def after_photo(ctx: AppContext, user_id: int, file_id: str, caption: str | None = None) -> Answer | None:
    """A worker sent a photo in private: the "after" photo if one was asked for (with what they wrote on it),
    else None."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        pending = await photo_question.take_pending(ctx, c, user_id)
        if pending is None:
            return None
        event_id, kind = pending.event_id, pending.kind
        if kind != photo_question.AFTER_INPUT:
            await notifications.set_input(c, user_id, event_id, kind, now)  # asked for words, not a photo
            return None
        ev = await events.get(c, event_id)
        assert ev is not None
        words = (caption or "").strip()[:300] or None
        media_id = await media.add(c, event_id, media.AFTER_PHOTO, now, user_id, file_id=file_id, caption=words)
        await events.log(c, event_id, now, "after_photo", user_id)
        await photo_question.done(ctx, c, event_id, user_id)
        # Surveys already out (no delay): the residents see the photo now; else it comes with the survey.
        for s in await surveys.for_event(c, event_id):
            if s.status == "open" and s.round == ev.reopened_count + 1:
                lang = await notify.language_in(ctx, c, s.chat_id, s.user_id)
                await extras.send_photos(
                    ctx, c, ev, s.chat_id, t(lang, "after.caption", id=event_id), media.AFTER_PHOTO, key=f"s{s.id}"
                )
    log.info("after photo %s for #%s", media_id, event_id)
    return Answer("after.saved", values=(("id", event_id),))


async def skip_after(ctx: AppContext, event_id: int | None, user_id: int) -> Answer:
    """The worker tapped Skip or sent /skip: no "after" photo (other pending questions stay)."""
    async with ctx.db.tx() as c:
        pending = await photo_question.take_pending(ctx, c, user_id)
        if pending is None or pending.kind != photo_question.AFTER_INPUT or event_id not in (None, pending.event_id):
            if pending is not None:
                await notifications.set_input(c, user_id, pending.event_id, pending.kind, ctx.now())
            return Answer("after.nothing")
        await photo_question.done(ctx, c, pending.event_id, user_id)
    return Answer.of("after.skipped", id=pending.event_id)


async def close_fixed(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """Close as fixed and ask the worker for an "after" photo, in one transaction."""
    async with ctx.db.tx() as c:
        ev = await workflow.close_in(ctx, c, event_id, user_id, Outcome.FIXED, None, ask_photo=True)
        if not isinstance(ev, Answer):
            await notifications.set_input(c, user_id, ev.id, photo_question.AFTER_INPUT, ctx.now())
    return workflow.closed(ev)
