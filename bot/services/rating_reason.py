"""Why she is not satisfied: after her 😐 ("solved, but not satisfied"), the question asks what was wrong, and her
next words in that chat within REASON_WITHIN ("师傅来得太慢了，等了五个小时"; "态度也不好" after them, read alone as a
dispute of its own) are her reason: kept in the event's log, passed to the committee, and she is thanked once (a
sweep: her words after the button met silence, and the committee read only a count in the weekly digest)."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import after_close, followup, handling_words, merge
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport, Urgency
from bot.render.i18n import t
from bot.services import notify
from bot.services.surveys import about_handling
from storage import events, surveys

REASON_WITHIN = timedelta(hours=1)


async def given(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming) -> bool:
    """Her words about ``ev`` (under its question, or typed after it) within REASON_WITHIN of her 😐 on it: her
    reason, passed on (``_pass_on``). False otherwise."""
    survey = await surveys.displeased_since(c, msg.chat_id, msg.user_id, ctx.now() - REASON_WITHIN)
    if survey is None or survey.event_id != ev.id or about_handling(ev):  # a handling 😐 went to the committee
        return False
    await _pass_on(ctx, c, ev, msg, survey.id)
    return True


async def typed(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> bool:
    """Her words typed without replying just after her 😐 in this chat that blame the handling ("师傅来得太慢了",
    "师傅态度太差了", read as a report of a dispute) and name no danger nor say it is not fixed: her reason. A word
    to a neighbour then ("今天天气真好") is no reason, nor is "5号楼电梯也坏了"."""
    norm = followup.plain(msg.text)
    if not (after_close.HANDLING.search(norm) or handling_words.displeased(msg.text)):
        return False
    if (parsed.urgency is Urgency.RED and not merge.doubted_red(parsed)) or followup.says_not_fixed(parsed, msg.text):
        return False
    async with ctx.db.read() as c:  # most such words follow no 😐 of hers: no write lock taken for them
        survey = await surveys.displeased_since(c, msg.chat_id, msg.user_id, ctx.now() - REASON_WITHIN)
    if survey is None:
        return False
    async with ctx.db.tx() as c:
        ev = await events.get(c, survey.event_id)
        if ev is None or about_handling(ev):
            return False
        await _pass_on(ctx, c, ev, msg, survey.id)
        return True


async def _pass_on(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, survey_id: int) -> None:
    """Her reason kept in the event's log, sent to the committee, and her thanks."""
    words = msg.text.strip()
    await events.log(c, ev.id, ctx.now(), "reporter_note", msg.user_id, words)
    key = f"rating_reason:{survey_id}:"
    said = {"id": ev.id, "name": msg.user_name, "words": words}
    await notify.committee(ctx, c, "committee.rating_reason", ev.id, dedup_key=f"{key}{msg.message_id}", **said)
    lang = await notify.answer_language_for(ctx, c, msg)
    text = t(lang, "survey.reason_thanks", id=ev.id)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=f"{key}her")
