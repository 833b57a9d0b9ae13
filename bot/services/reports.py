"""Use case: a resident wrote something; maybe it becomes an event.

Over 300 lines: receiving, confirming (by button or in words), opening and lowering the colour of a report share
its rules.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.context import AppContext
from bot.core import (
    adverts,
    anonymous,
    bare_request,
    escalation,
    followup,
    lateness,
    lifecycle,
    parser,
    permissions,
    several,
)
from bot.core.community import Worker
from bot.core.purpose import Purpose
from bot.core.types import Category, Event, Incoming, ParsedReport, Urgency
from bot.render import messages
from bot.render.i18n import answer_language, join, normalize, t
from bot.render.reports import DmExtras
from bot.services import (
    anonymity,
    chase,
    continuation,
    extras,
    false_alarms,
    first_dm,
    followups,
    merging,
    mine_too,
    notify,
    photos,
    rating_reason,
    red_lowered,
    red_news,
    standing,
    still_broken,
    surveys,
    unreachable,
    waiting,
)
from bot.services.result import Answer
from storage import events, held_places, inbox, media, notifications, outbox, people, reporters
from storage.notifications import Confirmation

log = logging.getLogger(__name__)
CONFIRM_LAPSE = escalation.CONFIRM_LAPSE

FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_MAX_EVENTS = 5
RED_REPEAT_WINDOW = timedelta(minutes=15)  # a person's red reports within this time join their open red event
AD_ASK_EVERY = timedelta(days=1)  # a writer of adverts is asked "Report it?" once in this time; the rest are ignored
CONFIRM_KEY = "confirm:"  # the "Report it?" question's outbox key, + the confirmation's id


class Fate(StrEnum):
    """What became of a message (not to be confused with core.types.Outcome, how a closed event ended)."""

    CREATED = "created"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    ASKED = "asked"
    UNBOUND = "unbound"
    FLOOD = "flood"
    MERGED = "merged"
    STRANGER = "stranger"
    STRANGER_PASSED = "stranger_passed"  # a stranger's danger, not taken, passed to the committee to check
    KEPT = "kept"  # a report in a group waiting to be bound: kept, shown to the committee
    FOLLOW_UP = "follow_up"  # a reply that belongs to the event it answers (services/followups.py)
    ASKED_WHAT = "asked_what"  # words that only ask to report ("我要报修"): asked what and where


@dataclass(frozen=True, slots=True)
class Result:
    """What report_received did."""

    fate: Fate
    event_id: int | None = None
    parsed: ParsedReport | None = None


def bound_grid(ctx: AppContext, chat_id: int, chat_row: people.Chat | None) -> str | None:
    """The grid a group chat is bound to (from the file, or inherited by a migrated supergroup)."""
    grid = ctx.community.grid_for_chat(chat_id)
    if grid:
        return grid.id
    return chat_row.grid_id if chat_row and chat_row.grid_id else None


async def report_received(
    ctx: AppContext, msg: Incoming, explicit: bool = False, reply_to: int | None = None, answers: Asked | None = None
) -> Result:
    """Parse a message from a bound group (or a private chat) and, if it is a report, open an event.

    reply_to: the message it answers; words answering the writer's "Report it?" there are their answer, and words
    that belong to that message's event go there instead (in private only a reporter's "not fixed" under the bot's
    question or notice about her closed event: ``followups.reply_received``). answers: the question these words answer
    with a report of their own ("不是，是我家厨房漏水了"): it is answered in the same transaction as the report.
    """
    # Parsed once, before the write transaction: the parser needs no database and the lock stays short.
    # "/report 5号楼电梯有点怪" is read as a report, with the category and place the readers find.
    lang = normalize(msg.language_code, ctx.language)
    parsed = parser.parse(msg.text, lang, said_report=explicit)
    cut = several.Cut(msg.text, lang)  # its problems, cut once for every use case below that asks
    if not parsed.is_report and not explicit and (rest := followup.after_me_too(msg.text)):
        own = parser.parse(rest, lang)  # "Same here, someone is trapped inside!": "mine too" hid it from the reader
        if own.is_report or (parser.needs_confirmation(own) and not parser.needs_confirmation(parsed)):
            parsed = own  # "我都係，樓梯有火": asked about, as "樓梯有火" alone is
    if reply_to is None and not explicit and _asks_only(parsed, msg.text):
        async with ctx.db.tx() as c:  # "我要报修": what and where are asked, before any reading of it as her words
            return await _take(ctx, c, msg, parsed, False, bare=True)
    # "还是不亮！！！" after her own report: red for its marks alone, her words about it read calm (a report of its
    # own keeps the reader's colour)
    about = followup.calmed(parsed, msg.text, lang) or parsed
    if reply_to is None and not explicit and _begins_with_answer(msg.text):
        if (answered := await _answered_unreplied(ctx, msg, parsed)) is not None:
            return answered
    if not explicit and answers is None and (both := await surveys.answer_and_report(ctx, msg, reply_to)) is not None:
        # "灯好了谢谢，还有一个事，单元门的门禁坏了": her answer, then the second problem as her report of it
        answer, problem, question = both
        said = parser.parse(answer, lang)
        await followups.reply_received(ctx, replace(msg, text=answer), question, said, answering=True)
        told = replace(msg, text=problem)  # taken as if typed alone, not read again as an answer to her question
        async with ctx.db.tx() as c:
            return await _take(ctx, c, told, parser.parse(problem, lang), False)
    if reply_to is None and not explicit and await rating_reason.typed(ctx, msg, parsed):
        return Result(Fate.FOLLOW_UP, parsed=parsed)  # "师傅来得太慢了" just after her 😐: why, for the committee
    if reply_to is None and not explicit and (asked := await surveys.typed_answer(ctx, msg, about)) is not None:
        # "还没修好" below "问题解决了吗？" (0: typed before it was asked, her words still its answer)
        if done := await followups.reply_received(
            ctx, msg, asked[0], about, event_id=asked[1] if not asked[0] else None
        ):
            if done in ("reopened", "held") and msg.photo:  # "灯还是不亮" on her photo of it: the photo goes too
                await photos.with_her_words(ctx, asked[1], msg)
            return Result(Fate.FOLLOW_UP, parsed=parsed)
    if reply_to is None and not explicit and (split := await continuation.fine_but_another(ctx, msg)) is not None:
        # "灯是好的，但是门禁坏了": her words of her light reach its worker, the entry phone is her report of it
        head, problem, event_id = split
        await followups.reply_received(ctx, replace(msg, text=head), 0, parser.parse(head, lang), event_id=event_id)
        told = replace(msg, text=problem)
        placed = await continuation.placed_as_before(ctx, told, parser.parse(problem, lang))
        async with ctx.db.tx() as c:
            return await _take(ctx, c, told, placed, False)
    if reply_to is None and not explicit and await continuation.part_by_part(ctx, msg):
        return Result(Fate.FOLLOW_UP, parsed=parsed)  # "水龙头…不用来了，灯还是要修": each part about its report
    if reply_to is None and not explicit and (event_id := await continuation.corrected(ctx, msg)) is not None:
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # "不是楼道灯，是电梯坏了": her report corrected
    if reply_to is None and not explicit and (event_id := await continuation.place_corrected(ctx, msg)) is not None:
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # "写错了，是4号楼不是3号楼": its place corrected
    if reply_to is None and not explicit and (event_id := await red_news.urged(ctx, msg, parsed)) is not None:
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # "赶紧关总阀" just after a neighbour's red: news of it
    if (
        reply_to is None
        and not explicit
        and (event_id := await continuation.received(ctx, msg, parsed, cut)) is not None
    ):
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # "3号楼2单元" just after her "楼道灯坏了": its place
    if (
        reply_to is None
        and not explicit
        and (told := await continuation.about_her_report(ctx, msg, about, cut, parsed))
    ):
        return Result(Fate.IGNORED if told == "several" else Fate.FOLLOW_UP, parsed=parsed)  # "撤回", "怎么还没人来"
    if reply_to is None and not explicit and (event_id := await red_news.typed(ctx, msg, parsed)) is not None:
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # a neighbour's "人救出来了" just after another's red
    if reply_to is None and not explicit and (event_id := await red_news.kindred(ctx, msg, parsed)) is not None:
        return Result(Fate.FOLLOW_UP, event_id, parsed)  # "车库电动车着火了，没人受伤" after another's fire: its news
    if reply_to is None and not explicit and (hers := await red_news.her_kindred(ctx, msg, parsed)) is not None:
        if await followups.reply_received(ctx, msg, 0, parsed, event_id=hers.id, same=True):
            return Result(Fate.FOLLOW_UP, hers.id, parsed)  # the same words after her own fire: hers, for its staff
    if reply_to is None and not explicit and (typed := await mine_too.typed(ctx, msg, parsed, cut)) is not None:
        # a neighbour's "我家也是" just after a report: theirs too; his "前天就这样了" after two: asked which
        return Result(Fate.MERGED if typed[0] else Fate.FOLLOW_UP, typed[1], parsed)
    if reply_to is None and not explicit and (asked := await standing.asked_typed(ctx, msg, parsed)) is not None:
        return Result(Fate.FOLLOW_UP, asked, parsed)  # a neighbour's "物业知道了吗？" just after: how it stands
    if reply_to is None and not explicit and (held := await still_broken.typed_after_close(ctx, msg, about)):
        return Result(Fate.FOLLOW_UP, held, parsed)  # a neighbour's "还是没水" just after a close: the committee checks
    if reply_to is None and not explicit:
        parsed = await continuation.placed_as_before(ctx, msg, parsed)  # "门铃坏了" just after: her place
    if reply_to is not None and not explicit:
        if (answered := await _answered_in_words(ctx, msg, reply_to, parsed)) is not None:
            return answered
        if done := await followups.reply_received(ctx, msg, reply_to, about):
            if done in ("reopened", "held") and msg.photo:  # "灯还是不亮" on her photo under the question: it goes too
                if (event_id := await followups.replied_event_id(ctx, msg, reply_to)) is not None:
                    await photos.with_her_words(ctx, event_id, msg)
            return Result(Fate.FOLLOW_UP, parsed=parsed)
        parsed = await followups.placed_as_replied(ctx, msg, reply_to, parsed)
    if explicit:
        parsed = as_report(parsed, "explicit")
    async with ctx.db.tx() as c:
        result = await _take(ctx, c, msg, parsed, explicit, cuts=cut)
        if answers is not None:
            await _answer_instead(ctx, c, answers, msg, result)
        elif result.fate in _LOGGED:
            await _asked_edited_into_report(ctx, c, msg)
        return result


async def _take(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    explicit: bool,
    bare: bool = False,
    cuts: several.Cut | None = None,
) -> Result:
    """``report_received`` inside its transaction, once parsed: where the message goes (``bare``: words that only ask
    to report, answered with what and where once the chat and writer may report at all; ``cuts``: its problems, as
    ``route`` takes them)."""
    now = ctx.now()
    chat_row = await people.chat(c, msg.chat_id)
    grid_id = None if msg.private else bound_grid(ctx, msg.chat_id, chat_row)
    if (
        not msg.private
        and grid_id is None
        and parsed.is_report
        and not msg.forwarded
        and waiting.is_waiting(ctx, msg.chat_id)
    ):
        kept = await waiting.keep(ctx, c, msg, urgent=parsed.urgency is Urgency.RED)
        return Result(Fate.KEPT if kept else Fate.DUPLICATE, parsed=parsed)
    if not msg.private and (grid_id is None or (chat_row is not None and not chat_row.active)):
        return Result(Fate.UNBOUND)
    await people.upsert_person(
        c, msg.user_id, msg.user_name, msg.username, msg.language_code, now, in_group=not msg.private
    )
    if (
        msg.private
        and (parsed.is_report or parser.needs_confirmation(parsed))  # a yes would take it
        and permissions.role(ctx.community, msg.user_id) is permissions.Role.RESIDENT
        and not await people.seen_in_group(c, msg.user_id)
    ):
        # a stranger in no residents' group: not taken (someone typing into the bot from anywhere)
        log.warning("private report from user %s, never seen in a residents' group: not registered", msg.user_id)
        stranger_key = f"stranger:{msg.user_id}:"
        if parsed.urgency is Urgency.RED and await outbox.keyed_since(c, stranger_key, now - RED_REPEAT_WINDOW):
            return Result(Fate.STRANGER_PASSED, parsed=parsed)  # the committee has her words of a moment ago
        if parsed.urgency is Urgency.RED:
            # held for a person to check: the committee hears of it at most once a RED_REPEAT_WINDOW
            once = f"{stranger_key}{int(now.timestamp())}"
            who = {"name": msg.user_name, "user_id": msg.user_id, "text": messages.preview(msg.text, 200)}
            await notify.committee(ctx, c, "committee.stranger_red", None, urgent=True, dedup_key=once, **who)
            return Result(Fate.STRANGER_PASSED, parsed=parsed)
        return Result(Fate.STRANGER, parsed=parsed)
    if chat_row is None and not msg.private:
        await people.sync_chats(c, [(msg.chat_id, grid_id)])  # type: ignore[list-item]
    if msg.chat_title and not msg.private and (chat_row is None or chat_row.title != msg.chat_title):
        await people.set_chat_active(c, msg.chat_id, True, msg.chat_title)
    staff = (
        not msg.private
        and not explicit
        and permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT
    )
    if not explicit and parsed.urgency is not Urgency.RED and (parsed.is_report or parser.needs_confirmation(parsed)):
        if adverts.looks_like_ad(msg.text):  # read only for what would be taken or asked about: not every chat line
            return await _advert(ctx, c, msg, parsed)
    if msg.forwarded and not explicit:  # another's words ("突发！某小区3号楼起火"): asked, never taken at once
        if parsed.is_report or parser.needs_confirmation(parsed):
            if _danger(parsed):  # a danger, maybe here: a person checks it even if no one answers
                await notify.committee(
                    ctx,
                    c,
                    "committee.forwarded_red",
                    None,
                    urgent=True,
                    # the same news forwarded again the same day (by anyone, in this group) is told once
                    dedup_key=f"forwarded_red:{msg.chat_id}:{_same_words(msg.text)}:{now.date().isoformat()}",
                    name=msg.user_name,
                    group=_group_name(msg, chat_row),
                    text=messages.preview(msg.text, 200),
                )
            return await _ask(ctx, c, msg, parsed)
        return Result(Fate.IGNORED, parsed=parsed)
    if bare:
        return await _ask_what(ctx, c, msg, parsed)
    if not parsed.is_report:
        # staff are asked only when it may tell of a danger ("修好了，楼上冒烟了！"): most of their words are work
        asking = not explicit and (not staff or parsed.maybe_danger) and parser.needs_confirmation(parsed)
        if asking and (parsed.maybe_danger or await _may_ask(ctx, c, msg)):  # a possible danger is asked even so
            asked = await _ask(ctx, c, msg, parsed)
            if parsed.maybe_danger and asked.fate is Fate.ASKED:
                await _danger_to_check(ctx, c, msg, chat_row)
            return asked
        return Result(Fate.IGNORED, parsed=parsed)
    if staff and parsed.urgency is not Urgency.RED:
        return await _staff_update(ctx, c, msg, parsed)
    return await route(ctx, c, msg, parsed, grid_id, cuts=cuts)


def _asks_only(parsed: ParsedReport, text: str) -> bool:
    """Words that only ask to report ("我要报修", "物业，我要投诉"), no danger (a cry for help is read as ever)."""
    return parsed.urgency is not Urgency.RED and not parsed.maybe_danger and bare_request.asks_only(text)


async def _ask_what(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Result:
    """She asked to report and said nothing of what: she is asked what and where, under her words; her next message is
    read as any (no event of nothing paging a worker, and no "Report it?" whose yes would register "我要报修")."""
    lang = await notify.language_of(ctx, c, msg)
    await notify.reply(ctx, c, msg, t(lang, "report.say_what"), purpose=Purpose.REPLY)
    return Result(Fate.ASKED_WHAT, parsed=parsed)


async def _advert(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Result:
    """An advert read as a report ("专业疏通下水道 电话138…… 加微信"): no event and no worker paged; its writer is asked
    "Report it?" (a resident quoting the adverts stuck in her stairwell says yes), once a day in a chat, so a seller
    posting all day does not spend the group's messages. Only an advert asked about and not said to be a report
    counts: a resident who said yes, or was asked about something else, is asked again."""
    asked = await notifications.asked_since(c, msg.chat_id, msg.user_id, ctx.now() - AD_ASK_EVERY)
    if any(adverts.looks_like_ad(text) for text in asked):
        log.info("advert from user %s in chat %s: not registered", msg.user_id, msg.chat_id)
        return Result(Fate.IGNORED, parsed=parsed)
    quiet = replace(parsed, maybe_danger=False)  # a seller's fire words: no one is sent to check them
    return await _ask(ctx, c, msg, quiet)


async def _may_ask(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> bool:
    """In private, "Report it?" is for a resident with no open report (staff get their hint; a resident with an open
    report is shown it, and her words there are more likely about it than a new problem)."""
    if not msg.private:
        return True
    if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return False
    return not await events.open_reported_by(c, msg.user_id)


async def _staff_update(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Result:
    """A worker or admin writing in a residents' group is not one more resident reporting: words about an open
    event ("3号楼停水了，正在抢修，预计下午3点恢复") are noted in its log, with no answer and no joining it as one more
    affected resident; a problem of their own (they live here too) is not registered at once but asked about
    ("Report it?", only they may answer), since most of what staff write in the group is news of work. /report
    registers one at once; a danger they write (red) is raised like any other."""
    same = await merging.find_match(ctx, c, msg, parsed)
    if same is not None:
        await events.log(c, same.id, ctx.now(), "staff_note", msg.user_id, messages.preview(msg.text, 200))
        return Result(Fate.IGNORED, same.id, parsed)
    if followup.staff_news(followup.kinds(parsed.reasons), msg.text):  # "5号楼电梯正在维修，请走楼梯"
        return Result(Fate.IGNORED, parsed=parsed)
    return await _ask(ctx, c, msg, parsed)


async def route(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    grid_id: str | None,
    words_at: datetime | None = None,
    cuts: several.Cut | None = None,
) -> Result:
    """A report certain to be taken, inside the caller's transaction: already stored, the same person's alarm
    again, a flood, the same problem as an open event (merged), or a new event. The event it opens or joins takes
    the photos and pins its writer sent there with no words from ``photos.HELD_BEFORE`` before its words
    (``words_at``: when they were written, if not now) on. ``cuts``: the message's problems as the use cases before
    asked for them (``several.Cut``: not cut again); none, it is cut here."""
    now = ctx.now()
    held_since = (words_at or now) - photos.HELD_BEFORE
    existing, recent, first_recent = await events.by_message_with_recent(
        c, msg.chat_id, msg.message_id, msg.user_id, now - FLOOD_WINDOW
    )
    if existing:
        return Result(Fate.DUPLICATE, existing.id, parsed)
    place = await held_places.take(c, msg.chat_id, msg.user_id, (words_at or now) - followup.PLACE_BEFORE)
    if place is not None and parsed.building is None:  # "3号楼2单元", then "楼道的灯坏了": there
        parsed = replace(parsed, building=place[0], unit=parsed.unit or place[1], room=parsed.room or place[2])
    reds = await events.open_reds_by(c, msg.user_id, now - RED_REPEAT_WINDOW) if parsed.urgency is Urgency.RED else []
    if (same := await _alarm_again(c, reds, parsed, normalize(msg.language_code, ctx.language))) is not None:
        # the same person raising the alarm again: one event, one alert to the committee
        joined = await merging.join(ctx, c, same, msg, repeat=True, parsed=parsed)
        await photos.take_held(ctx, c, same, msg, held_since, opened=False)
        return Result(Fate.MERGED if joined else Fate.DUPLICATE, same.id, parsed)
    if recent >= FLOOD_MAX_EVENTS and parsed.urgency is not Urgency.RED:
        log.warning("flood: user %s in chat %s reached %s events", msg.user_id, msg.chat_id, recent)
        if not msg.private:  # tell the resident once per run of reports, so nothing is dropped unseen
            lang = await notify.answer_language_for(ctx, c, msg)
            flood_key = f"flood:{msg.chat_id}:{msg.user_id}:{first_recent}"
            await notify.reply(ctx, c, msg, t(lang, "report.flood"), purpose=Purpose.REPLY, dedup_key=flood_key)
        # and the committee, once a run (across chats): a person decides whether the rest were genuine
        await notify.committee(
            ctx,
            c,
            "committee.flood",
            None,
            dedup_key=f"flood_committee:{msg.user_id}:{first_recent}",
            name=msg.user_name,
            user_id=msg.user_id,
            n=recent,
            where=t(await notify.group_language(ctx, c, ctx.committee_chat_id), "dm.private_chat")
            if msg.private
            else msg.chat_title or str(msg.chat_id),
            text=messages.preview(msg.text, 200),
        )
        return Result(Fate.FLOOD, parsed=parsed)
    # "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收": each problem an event of its own, for its own team (in private too)
    cut = (cuts or several.Cut(msg.text, normalize(msg.language_code, ctx.language))).of(parsed)
    same = await merging.find_match(ctx, c, msg, parsed)
    if matched := await _matched(ctx, c, msg, cut, same):  # "电梯又坏了，楼道灯也不亮": the light is not the lift
        same = same or next(ev for _, ev in matched if ev is not None)
        await _said_apart(ctx, c, msg, matched, same)
        await photos.take_held(ctx, c, same, msg, held_since, opened=False)
        await open_further(ctx, c, msg, [p for p, ev in matched if ev is None], grid_id)
        return Result(Fate.MERGED, same.id, parsed)
    if same is not None:
        if merging.chased(ctx, same):  # her own report, past the window: its worker reads her words
            await followups.tell_worker(ctx, c, same, msg)
            await photos.take_held(ctx, c, same, msg, held_since, opened=False)
            return Result(Fate.MERGED, same.id, parsed)
        joined = await _joined(ctx, c, same, msg, parsed)
        await photos.take_held(ctx, c, same, msg, held_since, opened=False)
        return Result(Fate.MERGED if joined else Fate.DUPLICATE, same.id, parsed)
    event_id = await open_event(ctx, c, msg, cut[0].reading if cut else parsed, grid_id, held_since, cut)
    if event_id is None:
        return Result(Fate.DUPLICATE, parsed=parsed)
    return Result(Fate.CREATED, event_id, parsed)


def as_report(p: ParsedReport, reason: str) -> ParsedReport:
    """A reading someone said is a report: certain, with a category and a colour even if none was found."""
    return replace(
        p,
        is_report=True,
        category=p.category or Category.OTHER,
        urgency=p.urgency or Urgency.GREEN,
        confidence=1.0,
        reasons=p.reasons + (reason,),
    )


def forced(text: str, lang: str | None = None) -> ParsedReport:
    """The parser's reading of a text someone said is a report (confirmed, or split out of a merge): its category,
    colour and place as the readers find them ("5号楼电梯今天好像有点怪": repair, building 5), not "other, nowhere"."""
    return as_report(parser.parse(text, lang, said_report=True), "confirmed")


async def open_event(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    chat_grid: str | None,
    held_since: datetime | None = None,
    parts: Sequence[several.Problem] = (),
) -> int | None:
    """Store the event, dispatch it to the worker on duty and queue every message, in one transaction; it takes
    the photos and pins its writer sent in the chat with no words since ``held_since`` (None: none). ``parts``: the
    problems her message was cut into (``core.several``), its own first: each further one an event of its own for its
    own team, named in her acknowledgement and acknowledged each under her message (its replies reach it)."""
    opened = await _store(ctx, c, msg, parsed, chat_grid, held_since, own=parts[0].words if parts else None)
    if opened is None:
        return None
    split = await _store_further(ctx, c, msg, enumerate(parts[1:], 1), chat_grid)
    lang = await notify.answer_language_for(ctx, c, msg)  # the acknowledgement answers its writer
    for one in (opened, *split):
        await _acknowledge(ctx, c, msg, lang, one, [s.ev for s in split] if one is opened else [])
    if msg.private:
        await anonymity.ask_post(ctx, c, opened.ev, lang)
    return opened.ev.id


async def open_further(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parts: Sequence[several.Problem],
    chat_grid: str | None,
    after: int = 0,
) -> None:
    """The problems of her message that joined no open event when the rest of it did ("3号楼电梯又坏了，楼道灯也不亮"
    joining the lift), or that her edit of it added (numbered ``after`` those it has): each an event of its own,
    acknowledged under her message as a further problem of it."""
    lang = await notify.answer_language_for(ctx, c, msg)
    numbered = [(k, part) for k, part in enumerate(parts, after + 1) if several.fits(k)]
    for one in await _store_further(ctx, c, msg, numbered, chat_grid):
        await _acknowledge(ctx, c, msg, lang, one, [])


async def _store_further(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parts: Iterable[tuple[int, several.Problem]],
    grid: str | None,
) -> list[_Opened]:
    """Each problem of ``parts`` stored as the further problem of her message of its number (``several.part_key``)."""
    stored = []
    for k, part in parts:
        told = replace(msg, message_id=several.part_key(msg.message_id, k), text=part.words, photo=None, album=None)
        if (other := await _store(ctx, c, told, part.reading, grid, None, whole=msg.text)) is not None:
            stored.append(other)
    return stored


async def _acknowledge(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, lang: str, one: _Opened, split: list[Event]
) -> None:
    """An event just opened from her message acknowledged under it (``split``: the further problems it names), then
    chased."""
    until = messages.when_label(lang, one.waits, ctx.now(), ctx.community.tz) if one.waits else None
    ev, name = one.ev, one.worker.name if one.worker else None
    # a red whose workers the bot cannot message: the committee was told (``notify.told_instead``, said from the start)
    unreached = name and ev.urgency is Urgency.RED and not await chase.reping_targets(ctx, c, ev, note=False)
    await notify.reply(
        ctx,
        c,
        msg,
        messages.ack_text(lang, ev, name, waits_until=until, split=split, instead="unreached" if unreached else None),
        purpose=Purpose.ACK,
        event_id=ev.id,
        dedup_key=None if msg.private else f"ack:{ev.id}",
        markup=messages.ack_markup(lang, ev),
    )
    # after the acknowledgement: a red's emergency numbers in the group refer to it ("#2"), so they follow it;
    # one waiting for a shift is chased from its hand-off on, not at night
    if one.waits is None:
        await chase.on_dispatched(ctx, c, ev, one.worker.telegram_id if one.worker else None)


async def _matched(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, cut: list[several.Problem], same: Event | None
) -> list[tuple[several.Problem, Event | None]]:
    """The problems of her message (``cut``), each with the open event it is the same problem as (None: none), when
    one of them alone is ``same``'s, the open event the whole message matched, or, the whole matching none, when one
    of them is an open event's ("3号楼垃圾没人收，楼道灯也还没修": the whole reads as rubbish, the light is #1); none
    else (the whole words matched: the message joins ``same`` whole; or each problem is new)."""
    matched = [await merging.find_match(ctx, c, replace(msg, text=p.words), p.reading) for p in cut]
    if not any(m is not None and (same is None or m.id == same.id) for m in matched):
        return []
    return list(zip(cut, matched, strict=True))


async def _said_apart(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    matched: list[tuple[several.Problem, Event | None]],
    same: Event,
) -> None:
    """Each problem of her message that is an open event's (``_matched``) said of it: "电梯又坏了，楼道灯也还没修"
    with the light already #1 reaches #1 as the lift reaches its own. One she reported herself is said again (its
    worker reads her words of it, she hears how it stands); a neighbour's joins it as one more resident affected.
    Recorded under her message when it is ``same``, else under a further problem's key past those opened new."""
    apart = [ev for _, ev in matched if ev is not None]
    numbered = iter(range(len(matched) - len(apart) + 1, several.MOST + 1))
    for ev in {e.id: e for e in apart}.values():
        parts = [p for p, e in matched if e is not None and e.id == ev.id]
        what = (", " if all(p.words.isascii() for p in parts) else "，").join(p.words for p in parts)
        said = replace(msg, text=what)
        hers = permissions.reported(msg.user_id, ev, await reporters.for_event(c, ev.id))
        if hers and merging.chased(ctx, ev):  # her own report, past the window: its worker reads her words
            await followups.tell_worker(ctx, c, ev, said)
            continue
        row = None if ev.id == same.id else several.part_key(msg.message_id, next(numbered))
        await _joined(ctx, c, ev, msg, parts[0].reading, part=(what, row))


async def _joined(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    msg: Incoming,
    parsed: ParsedReport,
    *,
    part: tuple[str, int | None] | None = None,
) -> bool:
    """Her report joins the open event of its problem (``merging.join``, ``part``: her words of one problem of her
    message and the row they are kept under, its ``what`` and ``row``; told where it is when her words name no place).
    One she made or joined already, said again within the window ("楼道灯还是不亮" two minutes after her "楼道灯坏了",
    alone or with another problem; split62: alone it never reached its worker): its worker reads her words once, as
    her note, unless it has those words already (her double post, or a neighbour's same words), and she hears how it
    stands (``join``).
    False if her message had joined it already."""
    reps = await reporters.for_event(c, ev.id)
    hers = permissions.reported(msg.user_id, ev, reps)
    had = {_bare(text) for text in (ev.text, *(r.text for r in reps)) if text}
    what, row = part or (None, None)
    placed = parsed.building is None  # a neighbour's words of no place: told where it is
    joined = await merging.join(ctx, c, ev, msg, parsed=parsed, placed=placed, what=what, row=row)
    words = what or msg.text
    if joined and hers and _bare(words) not in had:
        await followups.tell_worker(ctx, c, ev, replace(msg, text=words), answer=False)
    return joined


def _bare(text: str) -> str:
    """Words as compared for being said again: their letters alone ("3号楼楼道灯坏了！" is "3号楼楼道灯坏了")."""
    return re.sub(r"[\W_]+", "", followup.plain(text))


@dataclass(frozen=True, slots=True)
class _Opened:
    """An event just stored and dispatched, its acknowledgement to come: its worker (None: none on duty) and when
    the shift it waits for starts (None: it waits for none)."""

    ev: Event
    worker: Worker | None
    waits: datetime | None


async def _store(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    parsed: ParsedReport,
    chat_grid: str | None,
    held_since: datetime | None,
    whole: str | None = None,
    own: str | None = None,
) -> _Opened | None:
    """``open_event`` up to the acknowledgement: the event stored, logged and sent to its worker (or the committee
    told); on its card, ``whole``: the message a further problem was cut from; ``own``: the message's own problem,
    when it was cut into several."""
    now = ctx.now()
    grid = ctx.community.route(parsed.building, msg.chat_id)
    grid_id = grid.id if grid else chat_grid
    guessed = False  # a private report of no known place, sent to a grid the committee is asked to check
    if grid_id is None and ctx.community.grids:
        grid_id, guessed = await home_grid(ctx, c, msg.user_id)
    overrides = await people.adjustments(c, now)
    # the first on duty, or the next the bot can reach when it knows it cannot message him (he never started it)
    worker, passed = await unreachable.route_new(ctx, c, parsed.category or Category.OTHER, grid_id, now, overrides)
    warn = await false_alarms.at_report(ctx, c, msg.user_id, now)  # a line on its card and alert; it goes as any
    # the bot did not hear her for a while: said to all it tells (on Telegram's clock, not this server's)
    written = lateness.written_late(msg.sent_at, now, ctx.telegram_skew_s)
    ev = await events.insert(  # stored dispatched to the worker on duty (or to no one) at once
        c,
        msg,
        parsed,
        grid_id=grid_id,
        now=now,
        language=normalize(msg.language_code, "") or None,  # none said: not the community's (answer_language)
        status=lifecycle.DISPATCH.dst,
        assignee_id=worker.telegram_id if worker else None,
        false_alarms=warn,
        written_at=written,
    )
    if ev is None:
        return None
    if msg.private and anonymous.asked(whole or msg.text):  # "别说是我说的": her name kept out at once
        await events.set_anonymous(c, ev.id, True)  # (each problem her message was cut into: ``whole``)
        ev = replace(ev, anonymous=True)
    event_id = ev.id
    if written is not None:
        log.warning(
            "report #%s registered %s minutes after it was sent: the bot was down or did not hear from Telegram "
            "meanwhile (or this computer's clock is wrong); its acknowledgement, card and alerts say so",
            event_id,
            lateness.minutes_late(written, now),
        )
    await events.log_many(
        c,
        [
            (event_id, now, "reported", msg.user_id, ",".join(parsed.reasons)[:300] or None),
            *([(event_id, now, unreachable.SKIPPED, None, str(passed.telegram_id))] if passed else []),
            (event_id, now, "dispatched", None, str(worker.telegram_id))
            if worker
            else (event_id, now, "no_one_on_duty", None, grid_id),
        ],
    )
    await reporters.add(c, event_id, msg.user_id, msg.user_name, msg.chat_id, msg.message_id, msg.text, now)
    if own is not None:  # kept: its card reads them back, not the message cut again (``extras.own_problem``)
        await events.keep_own_words(c, event_id, own)
    if whole is not None:
        await events.keep_message_text(c, event_id, whole)
    if msg.photo:
        await media.add(c, event_id, media.PHOTO, now, msg.user_id, media.Item(file_id=msg.photo, sent_as=msg.sent_as))
        if msg.album:  # the captioned photo of an album: its other photos join this event
            await media.remember_album(c, msg.chat_id, msg.album, event_id, now)
    held = await photos.take_held(ctx, c, ev, msg, held_since, opened=True) if held_since else 0
    if held:  # a pin sent just before her words is its place on her acknowledgement too, not "not given"
        ev = await events.get(c, event_id) or ev
    waits = None if worker else await notify.shift_wait(ctx, c, ev, overrides)  # a green out of hours: next shift
    if worker:
        # just opened: its one reporter, no merged report, the photo it came with if any (and what was held)
        video = msg.sent_as == media.VIDEO
        reach = await extras.reachable(c, ev)  # made in private: her name links to her
        known = DmExtras(
            photos=1 if msg.photo and not video else 0, videos=1 if video else 0, reachable=reach, whole=whole, own=own
        )
        if held:
            known = await extras.dm_extras(c, ev)
        intro = None
        if passed is not None:  # his card says why it came to him; the committee hears of the other once a day
            intro = (await unreachable.instead_intro(ctx, c, worker.telegram_id, passed.telegram_id))[0]
            await unreachable.told_today(ctx, c, passed.telegram_id)
        await first_dm.tell(ctx, c, ev, worker.telegram_id, known, intro)  # held for a list in a storm, never a red
    elif waits is not None:  # the shift's hand-off gives it to who comes on (briefs._dispatch_stranded)
        log.info("report #%s waits for the shift starting %s: nobody on duty now", event_id, waits.isoformat())
    elif not escalation.at_once(ev.urgency).committee:  # a colour the committee is alerted of: its alert says so
        await notify.committee(
            ctx,
            c,
            "committee.no_one_on_duty",
            event_id,
            id=event_id,
            urgency=messages.urgency_label(await notify.group_language(ctx, c, ctx.committee_chat_id), ev.urgency),
            arrange=ev,
        )
    if guessed:
        grid_name = ctx.community.desk_name(grid_id) if grid_id else "—"
        await notify.committee(ctx, c, "committee.place_unknown", event_id, id=event_id, grid=grid_name)
    return _Opened(ev, worker, waits)


async def home_grid(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> tuple[str, bool]:
    """A private report naming no building of a grid: the grid of the residents' groups its writer was seen in when
    they are all of one grid; else (several, or none) the grid of the group seen last, or the first grid, and True:
    the committee is told the place is unknown (with one grid there is nothing to guess)."""
    grids = ctx.community.grids
    if len(grids) == 1:
        return grids[0].id, False
    found: list[str] = []
    for _, grid_id in await resident_groups(ctx, c, user_id):
        if grid_id not in found:
            found.append(grid_id)
    if len(found) == 1:
        return found[0], False
    return (found[0] if found else grids[0].id), True


async def resident_groups(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> list[tuple[int, str]]:
    """The residents' groups a person was seen writing in, the latest first, then the one Telegram said they are a
    member of (if they never wrote in one): each (chat id, the grid it is bound to), groups bound to none left out."""
    out: list[tuple[int, str]] = []
    member = await people.member_of(c, user_id)
    for chat_id in dict.fromkeys([*await inbox.groups_seen(c, user_id), *([member] if member else [])]):
        grid_id = bound_grid(ctx, chat_id, await people.chat(c, chat_id))
        if grid_id and ctx.community.grid(grid_id):
            out.append((chat_id, grid_id))
    return out


async def _ask(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, parsed: ParsedReport) -> Result:
    picture = (msg.photo, msg.sent_as, msg.album)  # a forwarded captioned photo: the event, if any, gets it
    conf_id = await notifications.add_confirmation(
        c, msg.chat_id, msg.message_id, msg.user_id, msg.user_name, msg.text, ctx.now(), picture, msg.language_code
    )
    if conf_id is None:
        return Result(Fate.DUPLICATE, parsed=parsed)
    lang = await notify.language_of(ctx, c, msg)
    also = _also(ctx, lang, msg.language_code, msg.text)
    text = _in_both(lang, also, _question(msg, parsed))
    await notify.reply(
        ctx,
        c,
        msg,
        text,
        purpose=Purpose.CONFIRM_ASK,
        markup=messages.confirm_keyboard(lang, conf_id, also),
        dedup_key=f"{CONFIRM_KEY}{conf_id}",
    )
    return Result(Fate.ASKED, parsed=parsed)


async def _danger_to_check(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, chat_row: people.Chat | None
) -> None:
    """A message asked about that may tell of a danger ("There is a fire on the 5th floor", read under the report
    line): the committee checks it at once, so a writer who never taps "Yes" (in a panic, or gone) still reaches a
    person. No event and no emergency numbers until the writer says yes."""
    words = {"name": msg.user_name, "text": messages.preview(msg.text, 200)}
    if msg.private:
        key = "committee.asked_danger_private"
    else:
        key = "committee.asked_danger"
        words["group"] = _group_name(msg, chat_row)
    await notify.committee(ctx, c, key, None, urgent=True, dedup_key=_check_key(msg.chat_id, msg.message_id), **words)


def _group_name(msg: Incoming, chat_row: people.Chat | None) -> str:
    """How a committee notice names the group a message came from: its title now, as stored, or its id."""
    return msg.chat_title or (chat_row.title if chat_row else None) or str(msg.chat_id)


def _check_key(chat_id: int, message_id: int) -> str:
    """The committee's "may be a danger, please check" notice about one message (sent once)."""
    return f"asked_danger:{chat_id}:{message_id}"


def _also(ctx: AppContext, lang: str, writer_code: str | None, words: str) -> str | None:
    """Words written in another language than the chat's (English in a Chinese group): the language the question,
    which only the writer answers, and its answer are written in too (None: the chat's only)."""
    theirs = answer_language(lang, writer_code, words, ctx.language)
    return theirs if theirs != lang else None


def _in_both(lang: str, also: str | None, key: str) -> str:
    """The text of ``key`` in the chat's language, and in the writer's when that is another; Chinese in the
    other script only in the writer's (every reader reads either: the same question twice over says nothing)."""
    if also and messages.one_chinese(lang, also):
        return t(also, key)
    return join((t(lang, key), t(also, key))) if also else t(lang, key)


def _question(msg: Incoming, parsed: ParsedReport) -> str:
    """The "Report it?" question's words: a forwarded message's say so, and that the committee checks a danger."""
    key = "confirm.ask_danger" if parsed.maybe_danger else "confirm.ask"
    if msg.forwarded:
        key = "confirm.ask_forwarded_red" if _danger(parsed) else "confirm.ask_forwarded"
    return f"{key}_private" if msg.private else key  # in private, no "only the writer may tap" (private review)


def _danger(parsed: ParsedReport) -> bool:
    """Read as red, or asked about with a danger maybe in it (``maybe_danger``)."""
    return parsed.urgency is Urgency.RED or parsed.maybe_danger


def _settled(p: ParsedReport) -> bool:
    """The words say the problem is fixed or the danger over ("已经修好了", "火已经扑灭了")."""
    return bool({"resolved", "over"} & followup.kinds(p.reasons))


def _same_words(text: str) -> str:
    """A short digest of a message's words (the same forwarded news, however often it comes)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8", "replace")).hexdigest()[:16]


async def _alarm_again(c: aiosqlite.Connection, reds: list[Event], parsed: ParsedReport, lang: str) -> Event | None:
    """Which of a person's recent open reds (newest first) their red report raises again (``followup.same_alarm``), read
    with the kinds of emergency each red's reports named."""
    if not reds:
        return None
    reps = await reporters.for_events(c, [ev.id for ev in reds])
    told = {
        ev.id: frozenset().union(
            *(followup.danger_kinds(parser.parse(x, lang)) for x in [ev.text] + [r.text for r in reps[ev.id]])
        )
        for ev in reds
    }
    return followup.same_alarm(reds, told, parsed)


async def _answered_in_words(ctx: AppContext, msg: Incoming, reply_to: int, parsed: ParsedReport) -> Result | None:
    """The writer answers their own "Report it?" in words under it, as elderly residents do ("是的，麻烦处理一下"):
    words that are just a yes or a no are the button pressed; a yes with a report after it ("对，3号楼还在冒烟") is
    a yes to both, registered with her words; a no before words of no report ("不用了，我自己修好了") is a no; other
    words that are no report of their own are pointed to the buttons, once. None when the reply is not under the
    writer's open question, or is a report to read by itself ("不是，是3号楼2单元着火了": never lost to its "no")."""
    async with ctx.db.read() as c:
        conf_id = await notifications.asked_under(c, msg.chat_id, msg.user_id, reply_to, CONFIRM_KEY)
    if conf_id is None:
        return None
    said, words = followup.answer(msg.text), ""
    if said is None:
        lead, rest = followup.leading_answer(msg.text)
        lang = normalize(msg.language_code, ctx.language)
        own = parser.parse(rest, lang) if lead is not None else None
        if own is not None and not own.is_report and (tail := followup.after_contrast(rest)):
            if (later := parser.parse(tail, lang)).is_report:  # "不用了，修好了，但是5号楼电梯里还关着人"
                rest, own = tail, later
        danger = own is not None and own.is_report and own.urgency is Urgency.RED
        # "已经修好了", "火已经扑灭了": nothing to do any more (unless a danger is told after it)
        settled = own is not None and not own.is_report and _settled(own)
        if lead is True and (danger or not (settled or followup.withdraws(rest))):
            said, words = True, rest  # "是的，就在我家楼下", "对，3号楼还在冒烟": a yes, with her words
        elif lead is False and own is not None:
            if own.is_report:  # "No, building 5 is on fire", "不是，刚才那个修好了，现在3号楼着火了": her own problem
                return await _instead(ctx, conf_id, msg, reply_to, rest, explicit=False)
            # "不是，是我家厨房漏水了"
            if not settled and (parser.needs_confirmation(own) or followup.names_a_problem(own)):
                return await _instead(ctx, conf_id, msg, reply_to, rest, explicit=True)
            said = False  # "不用了，我自己修好了", "不是，刚才的火已经扑灭了"
    if said is not None:
        await confirm(ctx, conf_id, msg.user_id, said, ask_message_id=reply_to, words=words)
        return Result(Fate.FOLLOW_UP, parsed=parsed)
    if parsed.is_report:  # "3号楼2单元402洗衣机水管脱了…": read as any report
        return None
    async with ctx.db.tx() as c:
        lang = await notify.answer_language_for(ctx, c, msg)
        key = f"confirm_words:{conf_id}"
        await notify.reply(ctx, c, msg, t(lang, "confirm.use_buttons"), purpose=Purpose.REPLY, dedup_key=key)
    return Result(Fate.ASKED, parsed=parsed)


# A plain "是的" / "不用了" written in the chat, not as a reply, answers its writer's "Report it?" asked this lately: an
# elderly resident types her answer within a minute or two; half an hour on, a bare "好的" in a busy group more
# likely answers a neighbour than a question she has left.
UNREPLIED_ANSWER_WITHIN = timedelta(minutes=15)


def _begins_with_answer(text: str) -> bool:
    """The words are a yes or a no, or begin with one ("是的", "对，要报修", "不用了，修好了")."""
    return followup.answer(text) is not None or followup.leading_answer(text)[0] is not None


async def _answered_unreplied(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> Result | None:
    """Words beginning with a yes or a no, typed without replying, while the writer's own "Report it?" question
    waits in the chat (the newest, asked within UNREPLIED_ANSWER_WITHIN): read as written under it ("是的" is the
    button; "对，3号楼还在冒烟" a yes with her words). Her yes again just after her question was answered yes ("是的",
    then "对，要报修") says nothing more: not a report of its own. None otherwise: read as any message."""
    async with ctx.db.read() as c:
        since = ctx.now() - UNREPLIED_ANSWER_WITHIN
        conf_id = await notifications.waiting_for(c, msg.chat_id, msg.user_id, since)
        asked = await outbox.keyed(c, f"{CONFIRM_KEY}{conf_id}") if conf_id is not None else None
        said_yes = conf_id is None and await notifications.said_yes_since(c, msg.chat_id, msg.user_id, since)
    if asked is not None and asked.message_id is not None:
        return await _answered_in_words(ctx, msg, asked.message_id, parsed)
    if said_yes and _yes_again(msg.text, normalize(msg.language_code, ctx.language)):
        return Result(Fate.IGNORED, parsed=parsed)
    return None


def _yes_again(text: str, lang: str) -> bool:
    """A yes, and no report after it ("对", "对，要报修", "是的，麻烦处理一下")."""
    if followup.answer(text) is True:
        return True
    lead, rest = followup.leading_answer(text)
    return lead is True and not parser.parse(rest, lang).is_report


@dataclass(frozen=True, slots=True)
class Asked:
    """A "Report it?" question and its message (answered by a report of the writer's own)."""

    confirmation_id: int
    message_id: int


async def _instead(
    ctx: AppContext, conf_id: int, msg: Incoming, ask_message_id: int, words: str, explicit: bool
) -> Result:
    """ "不是，是我家厨房漏水了" under "Report it?": her words after the no are the report; the question is answered (no
    longer asks, with its buttons, about the message she said was not one), in the report's transaction."""
    asked = Asked(conf_id, ask_message_id)
    return await report_received(ctx, replace(msg, text=words), explicit=explicit, answers=asked)


_LOGGED = frozenset({Fate.CREATED, Fate.MERGED, Fate.DUPLICATE, Fate.KEPT})


async def _answer_instead(
    ctx: AppContext, c: aiosqlite.Connection, asked: Asked, msg: Incoming, result: Result
) -> None:
    """The question the writer said no to is closed: "logged from her reply" when her own words were taken (else
    "not logged": held as a stranger's, or one report too many)."""
    if await notifications.resolve_confirmation(c, asked.confirmation_id, "dismissed"):
        lang = await notify.language_in(ctx, c, msg.chat_id, msg.user_id)
        also = _also(ctx, lang, msg.language_code, msg.text)
        text = _in_both(lang, also, "confirm.done_words" if result.fate in _LOGGED else "confirm.done_no")
        await notify.edit(ctx, c, msg.chat_id, asked.message_id, text, purpose=Purpose.CONFIRM_EDIT)


MOST_GROUPS_ASKED = 10  # Telegram is asked about this many residents' groups at most, per message of a stranger
NOT_MEMBER_FOR = timedelta(minutes=10)  # one Telegram said is in none is not asked about again this long
_not_members: dict[int, datetime] = {}  # (process memory: a restart asks again)


def forget_memberships() -> None:
    """Ask Telegram again about everyone (what a restart does; a test's bot starts so)."""
    _not_members.clear()


async def groups_to_ask(ctx: AppContext, user_id: int) -> list[int]:
    """The residents' groups (in the file, or bound with a button) the handler asks Telegram whether the person is a
    member of, before their private message is read: none for a worker, an admin, a resident seen writing in one, or
    one Telegram said lately is in none (so a stranger's every message does not cost ten calls)."""
    if permissions.role(ctx.community, user_id) is not permissions.Role.RESIDENT:
        return []
    if (until := _not_members.get(user_id)) is not None and until > ctx.now():
        return []
    async with ctx.db.read() as c:
        if await people.seen_in_group(c, user_id):
            return []
    return list(dict.fromkeys(chat for grid in ctx.community.grids for chat in grid.chats))[:MOST_GROUPS_ASKED]


async def member_of(ctx: AppContext, user_id: int, chat_id: int | None) -> None:
    """What Telegram said of a resident never seen writing in a residents' group: a member of ``chat_id`` is known
    as a neighbour from now on, of that group's grid (found in the private-chat review: one who only read the
    group, or posted a photo there, was refused as a stranger); None: of none, not asked again for a while."""
    if chat_id is None:
        if len(_not_members) > 10_000:
            _not_members.clear()
        _not_members[user_id] = ctx.now() + NOT_MEMBER_FOR
        return
    async with ctx.db.tx() as c:
        await people.mark_seen_in_group(c, user_id, int(ctx.now().timestamp()), chat_id)


async def asked_message_edited(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> bool:
    """A message the writer was asked "Report it?" about, edited: a yes registers the new words; edited into chat
    ("不好意思发错了": no report, nothing to ask), the question is withdrawn, its buttons gone (robustness review: a
    later yes registered the words taken back). True when it was withdrawn."""
    conf_id = await notifications.open_confirmation_at(c, msg.chat_id, msg.message_id)
    if conf_id is None:
        return False
    parsed = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    if parsed.is_report or parsed.ask or parsed.maybe_danger:
        await notifications.set_confirmation_text(c, conf_id, msg.text)
        return False
    row = await notifications.confirmation(c, conf_id)
    if row is None or not await notifications.resolve_confirmation(c, conf_id, "dismissed"):
        return False
    asked = await outbox.keyed(c, f"{CONFIRM_KEY}{conf_id}")
    if asked is not None and asked.message_id is not None:
        lang = await notify.language_in(ctx, c, msg.chat_id, msg.user_id)
        also = _also(ctx, lang, row.language, row.text)  # in both languages, as the question was
        text = _in_both(lang, also, "confirm.withdrawn")
        await notify.edit(ctx, c, msg.chat_id, asked.message_id, text, purpose=Purpose.CONFIRM_EDIT)
    await _no_danger_after_all(ctx, c, row, conf_id)
    return True


async def _asked_edited_into_report(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> None:
    """A message asked "Report it?" about, edited into a report that was taken ("5号楼2单元电梯坏了，停在3楼不动"): the
    question is answered by it, says so and loses its buttons (a later "no" would have said "not logged" beside
    "logged")."""
    conf_id = await notifications.open_confirmation_at(c, msg.chat_id, msg.message_id)
    if conf_id is None or not await notifications.resolve_confirmation(c, conf_id, "reported"):
        return
    row = await notifications.confirmation(c, conf_id)
    asked = await outbox.keyed(c, f"{CONFIRM_KEY}{conf_id}")
    if row is not None and asked is not None and asked.live:
        lang = await notify.language_in(ctx, c, msg.chat_id, msg.user_id)
        text = _in_both(lang, _also(ctx, lang, row.language, row.text), "confirm.done_edited")
        await notify.edit_live(ctx, c, msg.chat_id, asked, text)


async def _no_danger_after_all(ctx: AppContext, c: aiosqlite.Connection, row: Confirmation, conf_id: int) -> None:
    """The committee, asked at once to check a possible danger, hears that its writer says it is none (a "no", or
    the message edited into chat), so nobody goes to check for nothing."""
    if await outbox.keyed_count(c, [_check_key(row.chat_id, row.message_id)]):
        await notify.committee(
            ctx,
            c,
            "committee.asked_danger_no",
            None,
            dedup_key=f"asked_danger_no:{conf_id}",
            name=row.user_name or str(row.user_id),
            text=messages.preview(row.text, 200),
        )


async def confirm(
    ctx: AppContext, conf_id: int, user_id: int, yes: bool, ask_message_id: int | None = None, words: str = ""
) -> Answer:
    """The writer answered "Report it" or "Not a report"; ``words``: what they wrote after their yes ("对，3号楼还在
    冒烟"), read with the message asked about."""
    async with ctx.db.tx() as c:
        row = await notifications.confirmation(c, conf_id)
        if row is None:
            return Answer("cb.unknown")
        if row.user_id != user_id:
            return Answer("cb.not_yours_confirm", True)
        lapsed = yes and row.created_at is not None and ctx.now() - row.created_at > CONFIRM_LAPSE
        if not await notifications.resolve_confirmation(c, conf_id, "dismissed" if lapsed or not yes else "reported"):
            return Answer("cb.already_done")
        lang = await notify.language_in(ctx, c, row.chat_id, user_id)
        person = await people.person(c, user_id)
        # their language when asked (their Telegram's now may be another phone's)
        writer = row.language if row.language is not None else person.language if person else None
        also = _also(ctx, lang, writer, row.text)  # as it was asked
        if lapsed:  # hours later the words may be stale, a neighbour may have reported it: written again, with a place
            if ask_message_id:
                await notify.edit(
                    ctx,
                    c,
                    row.chat_id,
                    ask_message_id,
                    _in_both(lang, also, "confirm.lapsed"),
                    purpose=Purpose.CONFIRM_EDIT,
                )
            return Answer("cb.confirm_lapsed", True)
        if ask_message_id:
            key = "confirm.done_yes" if yes else "confirm.done_no"
            await notify.edit(
                ctx, c, row.chat_id, ask_message_id, _in_both(lang, also, key), purpose=Purpose.CONFIRM_EDIT
            )
        if not yes:
            await _no_danger_after_all(ctx, c, row, conf_id)  # asked to check: told it is not
            return Answer("cb.confirm_no")
        text = f"{row.text}\n{words}" if words else row.text
        parsed = forced(text, lang)
        msg = Incoming(
            row.chat_id,
            row.message_id,
            user_id,
            row.user_name or "",
            person.username if person else None,
            writer,
            text,
            private=row.chat_id > 0,  # a message forwarded to the bot in private, asked about there
            photo=row.photo,
            sent_as=row.sent_as,
            album=row.album,
        )
        chat_row = await people.chat(c, row.chat_id)
        # the same checks as any report: the same problem already open merges, a flood is a flood
        await route(ctx, c, msg, parsed, bound_grid(ctx, row.chat_id, chat_row), row.created_at)
    return Answer("cb.confirm_yes")


async def not_urgent(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """The writer of a red report the reader was unsure of says it is not urgent: red becomes yellow, once.

    The red re-pings stop; a waiting event gets yellow's
    reminders, an accepted one yellow's fix-by time; the acknowledgement, the workers' messages and the
    committee are told.
    """
    async with ctx.db.tx() as c:
        if isinstance(ev := await red_lowered.her_red(c, event_id, user_id, "not urgent"), Answer):
            return ev
        may = messages.may_lower_urgency(ev)
        if not may or not await events.lower_red(c, event_id, Urgency.YELLOW, unsure_only=True):
            return Answer("cb.already_done", True)
        why, withdrawn = "committee.lowered_at_night", "emergency.withdrawn"
        _, told, _ = await red_lowered.spread(ctx, c, event_id, user_id, why, withdrawn, "dm.state.not_urgent")
        if not told:
            await notify.committee(
                ctx, c, "committee.not_urgent", event_id, dedup_key=f"not_urgent:{event_id}", id=event_id
            )
    return Answer("cb.not_urgent")
