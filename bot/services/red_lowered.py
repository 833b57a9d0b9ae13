"""A red event's reporter says its danger is over ("人救出来了，孩子没事", under her report or typed just after it; or
presses that it is, asked after a neighbour said so: ``red_news``): red becomes yellow, since what broke may still
need someone (the lift that trapped the child), and everyone the red paged reads her words in a new message, not
only an edit that makes no sound (a sweep of a lift rescue: the workers were paged "仍无人接单（第 2 次提醒）" after
she wrote the people were out)."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Urgency
from bot.render import messages, quotes
from bot.render.i18n import t
from bot.services import chase, notify
from bot.services.result import Answer
from storage import events, outbox

log = logging.getLogger(__name__)


async def by_her_words(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming) -> bool:
    """Her words (``core.danger_over.said``) lower her red event to yellow, once: the red re-pings stop and yellow's
    timers start (``chase.on_urgency_lowered``), the emergency numbers under it are withdrawn, the acknowledgement
    and the workers' cards are brought up to date, each worker the red reached and the committee read her words, and
    she is told. False when it was not red any more (the words are then passed on as any other)."""
    if not await events.lower_red(c, ev.id, Urgency.YELLOW):
        return False
    words = msg.text.strip()
    said = await events.log(c, ev.id, ctx.now(), "reporter_note", msg.user_id, words)
    await _question_answered(ctx, c, ev)
    why = ("committee.over_at_night", {"text": messages.preview(words, 300)})
    told = ("followup.danger_over_to_worker", "committee.danger_over")
    workers = await _told(ctx, c, ev.id, msg.user_id, why, told, words, said)
    lang = await notify.answer_language_for(ctx, c, msg)
    key = "followup.danger_over" if workers else "followup.danger_over_committee"  # at night: nobody on duty
    await notify.reply(ctx, c, msg, t(lang, key, id=ev.id), purpose=Purpose.REPLY, event_id=ev.id)
    log.info("#%s lowered to yellow: its reporter said the danger is over", ev.id)
    return True


async def _question_answered(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """Her words answered the question a neighbour's news brought ("险情已经过去了吗？", ``red_news``): its "✅ it is
    over" button goes, as her press takes it (a sweep: it stayed under her typed "谢谢大家，人没事")."""
    asked = await outbox.keyed(c, f"red_news_ask:{ev.id}")
    if asked is not None and asked.live:
        chat = int(asked.payload["chat_id"])
        ref = None if asked.status == "sent" else f"{outbox.ROW_REF}{asked.id}"
        await notify.edit_markup(ctx, c, chat, asked.message_id, {"inline_keyboard": []}, ev.id, ref)


async def by_her_press(ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int) -> bool:
    """Her "✅ it is over" button, under the question a neighbour's words brought (``red_news``): lowered as her words
    lower it, every worker the red reached and the committee told she says so. False when it was not red any more."""
    if not await events.lower_red(c, ev.id, Urgency.YELLOW):
        return False
    told = ("red_news.her_over_to_worker", "red_news.her_over_committee")
    await _told(ctx, c, ev.id, user_id, "red_news.her_over_at_night", told, None, None)
    log.info("#%s lowered to yellow: its reporter pressed that the danger is over", ev.id)
    return True


async def _told(
    ctx: AppContext,
    c: aiosqlite.Connection,
    event_id: int,
    user_id: int,
    why: chase.Why,
    keys: tuple[str, str],
    words: str | None,
    said: int | None,
) -> list[int]:
    """Her red just lowered by her (``spread``), told in a new message to each worker whose card it edited and, unless
    the night note said it, the committee: ``keys`` (the workers', the committee's), with her ``words`` when she wrote
    them (``said``: their log line). The workers told."""
    ev, told, edited = await spread(ctx, c, event_id, user_id, why, "emergency.over", "dm.state.danger_over")
    workers = sorted(edited)
    for worker in workers:
        lang = await notify.user_language(ctx, c, worker)
        text = t(lang, keys[0], id=ev.id) if words is None else quotes.quoted(lang, keys[0], words, id=ev.id)
        await notify.send(
            ctx,
            c,
            worker,
            text,
            purpose=Purpose.REPORTER_NOTE,
            event_id=ev.id,
            dedup_key=f"danger_over:{ev.id}:{worker}",
            meta=outbox.Meta(said=said) if said else None,
        )
    if not told:
        await notify.committee(ctx, c, keys[1], ev.id, dedup_key=f"danger_over:{ev.id}", words=words, id=ev.id)
    return workers


async def her_red(c: aiosqlite.Connection, event_id: int, user_id: int, what: str) -> Event | Answer:
    """The event of a button only its reporter may press about its colour (``what``: "not urgent", "it is over"), or
    the refusal to answer anyone else's press with (logged)."""
    ev = await events.get(c, event_id)
    if ev is None:
        return Answer("cb.unknown", True)
    if not permissions.is_writer(user_id, ev):
        log.warning("refused %r on #%s by user %s", what, event_id, user_id)
        return Answer("cb.not_yours_urgency", True)
    return ev


async def spread(
    ctx: AppContext,
    c: aiosqlite.Connection,
    event_id: int,
    user_id: int,
    why: chase.Why,
    emergency: str,
    state: str,
    logged: str = "urgency_lowered",
) -> tuple[Event, bool, set[int]]:
    """A red just lowered to yellow by its reporter (her "🟡 Not urgent" button, her words that it is over) or by staff
    (``red_news``), after its conditional UPDATE: logged as ``logged``, the red re-pings stop and yellow's timers start
    (at night the yellow's note says ``why``), the emergency numbers under it say ``emergency``, the acknowledgement
    is redrawn and the workers' cards say ``state``. The event, whether the committee was told (the night note), and
    the workers whose cards were edited."""
    await events.log(c, event_id, ctx.now(), logged, user_id, "red->yellow")
    ev = await events.get(c, event_id)
    assert ev is not None
    told = await chase.on_urgency_lowered(ctx, c, ev, why)  # at night, the yellow's note says it: one message
    await chase.withdraw_emergency_reply(ctx, c, ev, emergency)
    await notify.refresh_ack(ctx, c, ev)
    return ev, told, await notify.edit_worker_dms(ctx, c, ev, state, keep_accept=True)
