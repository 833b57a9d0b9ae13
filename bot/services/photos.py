"""Photos and places (随手拍): pins and photos added to an event, and the worker's "after" photo."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import escalation
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Outcome, Status
from bot.render import messages
from bot.render.i18n import t
from bot.services import anonymity, extras, notify, photo_question, workflow
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


JOIN_WITHIN = timedelta(minutes=10)  # a photo or pin with no words this soon after a person's report joins it
# ...and one sent this soon BEFORE the words that open or join an event (the photo first, then "3号楼楼道灯坏了"):
# typing a line on a phone, slowly, by handwriting or pinyin, takes a minute or two; a photo a quarter of an hour
# older is more likely the chat's own (the view, the party) than her report's
HELD_BEFORE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Loose:
    """What became of a photo or pin with no words: the event it joined, or held for its sender's words (awaited:
    her "Report it?" question waits, and a yes takes it)."""

    event_id: int | None
    awaited: bool = False


async def attach(
    ctx: AppContext, msg: Incoming, reply_to: int, *, lat: float | None = None, lon: float | None = None
) -> int | None:
    """A photo (msg.photo) or pin (lat, lon) sent as a reply to an event's acknowledgement or report: kept with the
    event, its words (a caption) as a note the worker reads with it. Returns the event id (None: no event there)."""
    async with ctx.db.tx() as c:
        ev = await event_for_reply(c, msg.chat_id, reply_to)
        if ev is None or ev.status is Status.CANCELLED:
            return None
        await _join(ctx, c, ev, msg, lat, lon, answer=True)
    return ev.id


async def with_her_words(ctx: AppContext, event_id: int, msg: Incoming) -> None:
    """A photo whose words, typed without replying, were read as about her report ("灯还是不亮" on a photo of the
    light, ``continuation.about_her_report``): it goes with the event, as one sent under it would (its words went as
    her note already), and its album's other photos follow it."""
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None or ev.status is Status.CANCELLED:
            return
        await keep(ctx, c, ev, msg.user_id, media.Item(file_id=msg.photo, sent_as=msg.sent_as))
        if msg.album:  # its card is left as it is: a card reopened by her words quotes them
            await media.remember_album(c, msg.chat_id, msg.album, ev.id, ctx.now())


async def of_album(ctx: AppContext, msg: Incoming) -> int | None:
    """One of an album whose photos went to an event already: it joins that event quietly (the album was
    answered), whatever it replies to; Telegram gives every photo of an album sent as a reply the same
    reply_to_message, and the album's first photo decided (a report of its own, or a photo of the event it
    answers). None when the album went nowhere yet (or msg is of none)."""
    if not msg.album:
        return None
    async with ctx.db.tx() as c:
        ev = await _album_event(c, msg)
        if ev is None or ev.status is Status.CANCELLED:
            return None
        await _join(ctx, c, ev, msg, None, None, answer=False)
    return ev.id


async def loose(ctx: AppContext, msg: Incoming, *, lat: float | None = None, lon: float | None = None) -> Loose:
    """A photo or pin with no words, replying to nothing (the usual 随手拍: the words first, then the photo): one of
    an album whose photos went to an event joins it quietly (the album was answered); else it joins the open
    event its sender reported or joined in this chat in the last JOIN_WITHIN. Neither: it is held for her words
    (``take_held``), and the caller says how to report unless her "Report it?" question waits."""
    async with ctx.db.tx() as c:
        ev = await _album_event(c, msg)
        answer = ev is None
        if ev is None:
            recent = await reporters.latest_open(c, msg.chat_id, msg.user_id, ctx.now() - JOIN_WITHIN)
            ev = await events.get(c, recent) if recent is not None else None
        if ev is None or ev.status is Status.CANCELLED:
            now = ctx.now()
            item = media.Item(file_id=msg.photo, lat=lat, lon=lon, sent_as=msg.sent_as)
            await media.hold(c, msg.chat_id, msg.message_id, msg.user_id, item, msg.album, now)
            waits = await notifications.waiting_for(c, msg.chat_id, msg.user_id, now - escalation.CONFIRM_LAPSE)
            return Loose(None, awaited=waits is not None)
        await _join(ctx, c, ev, msg, lat, lon, answer=answer)
    return Loose(ev.id)


async def take_held(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, since: datetime, *, opened: bool
) -> int:
    """The photos and pins the writer of ``msg`` sent in its chat since a time that joined no event go with the
    event her words opened (``opened``: its card is not out yet, and shows them) or joined (its workers get them
    now); how many."""
    held = await media.take_held(c, msg.chat_id, msg.user_id, since)
    for item, album in held:
        if opened:
            kind = media.PHOTO if item.file_id else media.LOCATION
            await media.add(c, ev.id, kind, ctx.now(), msg.user_id, item)
            await events.log(c, ev.id, ctx.now(), f"added_{kind}", msg.user_id, None)
        else:
            await keep(ctx, c, ev, msg.user_id, item)
        if album:  # the rest of its album follows
            await media.remember_album(c, msg.chat_id, album, ev.id, ctx.now())
    if held and not opened and ev.status in (Status.DISPATCHED, Status.ACCEPTED):
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    return len(held)


async def _album_event(c: aiosqlite.Connection, msg: Incoming) -> Event | None:
    """The event the message's album went to, if it is one of an album that went somewhere."""
    known = await media.album_event(c, msg.chat_id, msg.album) if msg.album else None
    return await events.get(c, known) if known is not None else None


def caption_words(text: str | None) -> str | None:
    """What a resident or worker wrote on a photo, as kept beside it (trimmed, at most 300 characters)."""
    return (text or "").strip()[:300] or None


async def _join(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    msg: Incoming,
    lat: float | None,
    lon: float | None,
    *,
    answer: bool,
) -> None:
    """Keep a photo or pin with an event, say so (once per album) and show it on the workers' messages; the first pin
    of an event of no place is its place on the acknowledgement too."""
    item = media.Item(file_id=msg.photo, lat=lat, lon=lon, caption=caption_words(msg.text), sent_as=msg.sent_as)
    await keep(ctx, c, ev, msg.user_id, item)
    if msg.album:
        await media.remember_album(c, msg.chat_id, msg.album, ev.id, ctx.now())
    if answer:
        kind = media.VIDEO if msg.sent_as == media.VIDEO else media.PHOTO if msg.photo else media.LOCATION
        lang = await notify.answer_language_for(ctx, c, msg)  # in a group its words (a caption), if any, say it
        await notify.reply(
            ctx,
            c,
            msg,
            t(lang, f"media.added.{kind}", id=ev.id),
            purpose=Purpose.MEDIA_ADDED,
            event_id=ev.id,
            dedup_key=f"added:{msg.chat_id}:{msg.album}" if msg.album else None,
        )
    if ev.status in (Status.DISPATCHED, Status.ACCEPTED):
        await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
    if lat is not None and ev.building is None and ev.pin is None and (pinned := await events.get(c, ev.id)):
        await notify.refresh_ack(ctx, c, pinned)  # her pin is its place: "📍 有定位", no longer "where is it?"


async def keep(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, item: media.Item, *, voice: bool = False
) -> list[int]:
    """A resident's photo, pin or voice message joins the event (logged, with its words); a photo or voice message
    of open work goes to its workers too, with the words: the workers it went to."""
    kind = media.VOICE if voice else media.PHOTO if item.file_id else media.LOCATION
    now = ctx.now()
    media_id = await media.add(c, ev.id, kind, now, user_id, item)
    note = messages.preview(item.caption, 200) if item.caption else None
    await events.log(c, ev.id, now, f"added_{kind}", user_id, note)
    if not item.file_id or ev.status not in (Status.DISPATCHED, Status.ACCEPTED):
        return []
    # the workers with a message about it, and the one it went to (whose message may not be out yet: an album's
    # photos come a moment after its first)
    sent = [dm.user_id for dm in await notifications.for_event(c, ev.id)]
    workers = list(dict.fromkeys(sent + ([ev.assignee_id] if ev.assignee_id is not None else [])))
    for worker in workers:
        wlang = await notify.user_language(ctx, c, worker)
        caption_text = t(wlang, "voice.caption" if voice else "photo.caption", id=ev.id)
        await extras.send_photos(ctx, c, ev, worker, caption_text, kind, only=media_id)  # the others came already
    return workers


async def after_photo(ctx: AppContext, msg: Incoming, reply_to: int | None = None) -> Answer | None:
    """A worker sent a photo in private (msg.photo; its caption as msg.text): the "after" photo if one was asked for
    (with what they wrote on it), else None. A photo replying to the DM about an event (or to its question) is that
    event's; else it answers the newest photo question."""
    now = ctx.now()
    user_id = msg.user_id
    async with ctx.db.tx() as c:
        pending = await photo_question.take_pending(ctx, c, user_id, reply_to=reply_to, photo=True)
        if pending is None or photo_question.lapsed(ctx, pending):  # lapsed: it leaves the DM; the photo is read anew
            return await photo_question.lapse(ctx, c, pending, user_id)
        event_id = pending.event_id
        ev = await events.get(c, event_id)
        assert ev is not None
        item = media.Item(file_id=msg.photo, caption=caption_words(msg.text), sent_as=msg.sent_as)
        media_id = await media.add(c, event_id, media.AFTER_PHOTO, now, user_id, item)
        await events.log(c, event_id, now, "after_photo", user_id)
        await photo_question.done(ctx, c, event_id, user_id)
        # Surveys already out (no delay): the residents see the photo now; else it comes with the survey.
        asked: dict[int, surveys.Survey] = {}  # a question shared in a group by several reporters gets the photo once
        for s in await surveys.for_event(c, event_id):
            if s.status == "open" and s.round == ev.reopened_count + 1 and await anonymity.told_all(c, ev, s.user_id):
                asked.setdefault(s.asked_with or s.id, s)
        for key, s in asked.items():
            lang = await notify.language_in(ctx, c, s.chat_id, s.user_id)
            await extras.send_photos(
                ctx, c, ev, s.chat_id, t(lang, "after.caption", id=event_id), media.AFTER_PHOTO, key=f"s{key}"
            )
    log.info("after photo %s for #%s", media_id, event_id)
    return Answer("after.saved", values=(("id", event_id),))


async def skip_after(ctx: AppContext, event_id: int | None, user_id: int) -> Answer:
    """The worker tapped Skip on an event's question, or sent /skip (the newest photo question): no "after" photo
    (other questions stay)."""
    async with ctx.db.tx() as c:
        pending = await photo_question.take_pending(ctx, c, user_id, event_id=event_id, photo=True)
        if pending is None:
            return Answer("after.nothing")
        await photo_question.done(ctx, c, pending.event_id, user_id)
    return Answer.of("after.skipped", id=pending.event_id)


async def close_fixed(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """Close as fixed and ask the worker for an "after" photo, in one transaction (not when he sent it already,
    "修好了" on it, before the close: ``worker_replies.photo``)."""
    async with ctx.db.tx() as c:
        was = await events.get(c, event_id)
        sent = was is not None and await result_photo_sent(c, was, user_id)
        ev = await workflow.close_in(ctx, c, event_id, user_id, Outcome.FIXED, None, ask_photo=not sent)
        if not isinstance(ev, Answer) and not sent:
            await notifications.set_input(c, user_id, ev.id, photo_question.AFTER_INPUT, ctx.now())
    return workflow.closed(ev)


async def result_photo_sent(c: aiosqlite.Connection, ev: Event, user_id: int) -> bool:
    """Whether the worker sent the event's "after" photo since he accepted it (this round of work)."""
    since = ev.accepted_at or ev.created_at
    return any(m.by == user_id and m.at >= since for m in await media.for_event(c, ev.id, media.AFTER_PHOTO))
