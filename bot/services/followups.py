"""Use case: words written as a reply to an event's messages (its acknowledgement, its report, a report merged
into it, the satisfaction question) belong to that event, as a reply in a helpdesk thread does: a neighbour
replying joins it, the reporter's words reach the worker on it, "还没修好" under a closed one opens it again (in
private too, under the bot's question or "closed" notice there), and "修好了，谢谢" under her satisfaction question is
her answer to it.

Over 300 lines: every meaning of a reply (joining, passing on, placing, withdrawing, reopening, rating) shares the one
reading of whom and what it is about.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import (
    after_close,
    danger_over,
    followup,
    handling_words,
    neighbour_words,
    next_words,
    parser,
    permissions,
)
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Outcome, ParsedReport, Status, Urgency
from bot.render import messages, quotes
from bot.render.i18n import normalize, t
from bot.services import (
    merging,
    message_parts,
    notify,
    photos,
    placing,
    rating_reason,
    red_lowered,
    red_news,
    standing,
    surveys,
    unreachable,
    which_part,
    withdrawal,
)
from bot.services.result import Answer
from storage import events, outbox, people, reporters

NOTE_WHILE = timedelta(minutes=10)  # a resident's words passed to the worker page them once in this time
NOTE_MOST = 5  # and reach them at most this often in it (the rest stay in the event's log, for /status)
# her words passed on are answered "passed on" once in this while, as long as the event stays as it is: two hours
# later her "怎么还没人来啊" is answered again (a sweep: silence after her second chase)
TOLD_AGAIN_AFTER = timedelta(minutes=30)
PRIVATE_FOLLOW_UPS = (Purpose.SURVEY, Purpose.REPORTER_DM)  # the private messages a "not fixed" answers


async def reply_received(
    ctx: AppContext,
    msg: Incoming,
    reply_to: int,
    parsed: ParsedReport,
    event_id: int | None = None,
    same: bool = False,
    answering: bool = False,
) -> str | None:
    """A text in a group replying to message ``reply_to``, or in private to the bot's message there about a closed
    event of the writer's (``told_privately``). None when it is not about an event it can join (it is then read like
    any message); else what was done: "noted" (a worker's or admin's words, in the event's log), "joined" (a neighbour,
    one more affected resident), "told" (the reporter's words, sent to the worker on it), "placed" (her place alone,
    for an event of none: ``placing.fill``), "withdrawn" or "asked" (her words taking it back:
    ``withdrawal.taken_back``), "reopened" or "held" (a reporter's "not fixed" under a closed event), "answered" (a
    neighbour asking how it stands, told it: ``standing``), "asked_which" (her words under her own message cut into
    problems, naming none of them: ``which_part``), "relayed" (a neighbour's news of a red: ``red_news``), "lowered"
    (her words that her red's danger is over: ``red_lowered.by_her_words``).
    ``parsed``: the message's reading. ``event_id``: her event her words typed without replying are about
    (``continuation.about_her_report``), as if under it; ``same``: so read by a rule that already judged them of its
    problem, their wording is not compared with its words; ``answering``: her words before a second problem, split off
    as her answer to her "is it fixed?" question, where her thanks or "it works" alone answer it ("谢谢，还有门禁坏了",
    "电梯冇事喇，不過樓梯燈唔著": solved, as "灯好了谢谢，另外门禁坏了" is)."""
    # under her worker's words sent on to her ("明天上午9点上门可以吗？") her "好的" or "👍" is his answer
    # her answer split off before a second problem: "谢谢", "the lift works" answer it as solved
    thanked = answering and (after_close.thanks(msg.text) or after_close.fixed(parsed, msg.text))
    answering = msg.private and await _answers_worker(ctx, msg.chat_id, reply_to)
    if not (answering or followup.has_words(msg.text)):  # "🙏🙏" under the acknowledgement: nothing to pass on
        return None
    tags = followup.kinds(parsed.reasons)
    async with ctx.db.tx() as c:
        ev = await (events.get(c, event_id) if event_id else _replied(c, msg, reply_to))
        if ev is None or ev.status is Status.CANCELLED:
            return None
        reps = await reporters.for_event(c, ev.id)
        reporter_ids = permissions.reporter_ids(ev, reps)
        if msg.private and msg.user_id not in reporter_ids:
            return None
        # her "not (all) fixed" under her closed report, whatever kind the reader takes it for ("不满意，没修好",
        # "好一点了，但是还有点渗水", "It works now but makes a loud noise"): hers, not a problem of its own
        hers = (
            ev.status is Status.CLOSED and msg.user_id in reporter_ids and _hers_not_fixed(ctx, ev, reps, msg, parsed)
        )
        if await red_news.under_it(ctx, c, ev, msg, parsed):  # a neighbour's "人救出来了" under another's red
            return "relayed"
        me_too = followup.is_me_too(msg.text)  # "同上！！" is theirs too, not a danger of its own
        rest = "" if me_too else followup.after_me_too(msg.text)
        if not me_too and msg.user_id not in reporter_ids and ev.status is not Status.CLOSED:
            texts = [ev.text] + [r.text for r in reps if r.text]
            here = parsed.building in (None, ev.building)
            if here and neighbour_words.of_it(msg.text, texts, ev.category, parsed=parsed):
                me_too, rest = True, ""  # "是的，晚上黑漆漆的很危险", "同上，已经坏了一周了", "物业什么时候来修？"
            elif here and neighbour_words.asks_how_it_stands(parsed, msg.text) and not msg.private:
                if permissions.role(ctx.community, msg.user_id) is permissions.Role.RESIDENT:
                    await standing.tell_neighbour(ctx, c, [ev], msg)  # "物业知道了吗？": how it stands
                    return "answered"
        if rest:
            # "我家也是，我们楼层也黑了", "我家也是，6楼也黑了": theirs too, unless the words after it, read by
            # themselves, name a problem of their own ("也是，但我家是水管漏水", "Same here, someone is trapped
            # inside!": the "mine too" hides it); their wording is compared only when they name a problem, and the
            # whole message never is (in another language it is unlike the event's: "Same here, it is dark on our
            # floor too")
            own = _own_words(ctx, msg, rest)
            if followup.mine_too_elsewhere(own, ev.building, ev.category, ev.urgency) or (
                followup.names_a_problem(own) and elsewhere(ctx, ev, reps, replace(msg, text=rest), own)
            ):
                return None
            me_too = True
        elif not me_too and not hers and elsewhere(ctx, ev, reps, msg, parsed, wording=not same):
            return None
        if permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
            if msg.private:  # staff (their note goes to a group reply): read as any private message
                return None
            await events.log(c, ev.id, ctx.now(), "staff_note", msg.user_id, messages.preview(msg.text, 200))
            return "noted"
        if ev.status is Status.CLOSED:
            found = ev.outcome is Outcome.NOTHING_FOUND and followup.still_here(msg.text)  # "问题还在吗？" "还在"
            broken = hers or followup.says_not_fixed(parsed, msg.text)  # "还没修好", "天花板还在滴水"
            # "没有" under her "问题解决了吗？" (sweep: read as chat, the question still waiting)
            broken = broken or (followup.bare_no(msg.text) and await surveys.asks_her_if_fixed(c, ev, msg, reply_to))
            if not (found or broken) and msg.user_id in reporter_ids and await rating_reason.given(ctx, c, ev, msg):
                return "rated"  # "师傅来得太慢了" after her 😐: why, for the committee
            if not (found or broken) and after_close.complains(parsed, msg.text):
                # "修好了，态度差评": solved, not satisfied (the 😐 button), her words kept
                done = await surveys.solved_in_words(ctx, c, ev, msg, reply_to, choice="unsatisfied")
                return "rated" if done else None
            if not (found or broken) and (thanked or followup.says_solved(parsed, msg.text)):
                # "修好了，谢谢王师傅" under her satisfaction question: her answer, as its 😊 button
                return "rated" if await surveys.solved_in_words(ctx, c, ev, msg, reply_to) else None
            if surveys.about_handling(ev) and msg.user_id in reporter_ids:
                if broken or handling_words.displeased(msg.text):  # "那怎么办呢？水一直在滴" after "cannot fix"
                    done = await surveys.solved_in_words(ctx, c, ev, msg, reply_to, choice="unsatisfied")
                    return "rated" if done else None
            not_fixed = (broken or found) and (msg.user_id in reporter_ids or not parsed.is_report)
            if answering and not not_fixed and ev.assignee_id is not None:  # "明天上午10点以后我在家": his answer
                await tell_worker(ctx, c, ev, msg)
                return "told"
            return await _closed(ctx, c, ev, msg, reply_to, reporter_ids, not_fixed)
        if (taken := await withdrawal.taken_back(ctx, c, ev, msg.user_id, msg.text)) is not None:
            if reply_to == ev.message_id:  # under her message itself: each problem it was cut into
                await message_parts.taken_back_too(ctx, c, ev, msg.user_id, msg.text)
            lang = await notify.answer_language_for(ctx, c, msg)  # "发错了" under her acknowledgement
            key = "followup.withdrawn" if taken == "withdrawn" else "followup.told"
            await notify.reply(ctx, c, msg, t(lang, key, id=ev.id), purpose=Purpose.REPLY, event_id=ev.id)
            return taken
        # "谢谢大家，人没事" under her red is no small talk: its danger over (stop 62: silent, its pages went on)
        said_over = danger_over.said(parsed, msg.text)
        if tags and tags <= followup.SMALL_TALK and not answering and not (said_over and ev.urgency is Urgency.RED):
            return None
        if msg.user_id not in reporter_ids:  # "我家也是", "+1", "电梯还是没修好": theirs too
            if not (parsed.is_report or tags & followup.STILL_THERE or me_too):
                return None  # "你住几楼啊？": a word between neighbours
            await merging.join(ctx, c, ev, msg, parsed=parsed)
            return "joined"
        place = parser.only_place(msg.text) if ev.building is None else None
        if place is not None and await placing.fill(ctx, c, ev, msg, place):  # "在3号楼2单元": where it is
            await message_parts.placed_too(ctx, c, ev, msg, place)
            return "placed"
        if msg.user_id == ev.reporter_id and not msg.private and which_part.under_her_message(ev, reply_to):
            # under her own message cut into problems: the ones her words name ("灯是3楼的", "电梯和灯都修好了吗"),
            # else she is asked which (under her message: under its acknowledgement, its own event's they are)
            of_it = await which_part.of_her_words(ctx, c, ev, msg, parsed, ask=reply_to == ev.message_id)
            if not of_it:
                return "asked_which"
            if len(of_it) > 1:  # each worker reads them, she hears how each stands
                for one in of_it:
                    await tell_worker(ctx, c, one, msg, answer=False)
                await which_part.each_told(ctx, c, of_it, msg)
                return "told"
            ev = of_it[0]
        # "人救出来了，孩子没事" under her red: lowered, her words to all it paged
        if said_over and ev.urgency is Urgency.RED and await red_lowered.by_her_words(ctx, c, ev, msg):
            return "lowered"
        await tell_worker(ctx, c, ev, msg)
        return "told"


async def another_problem(ctx: AppContext, msg: Incoming, reply_to: int, *, edited: bool = False) -> bool:
    """Words on a photo replying under an event (its caption) that report a problem of their own, by the rule
    words written as a reply follow ("3号楼门口的下水道堵了" under the building 3 light's #1): a report with its
    photo, not a photo of that event. ``edited``: a caption corrected on a photo already kept with the event; its
    wording is not compared again (a fuller "3号楼2单元楼道的灯，晚上一片漆黑" is still that light), only a danger,
    another building or another kind of problem takes it away."""
    parsed = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    async with ctx.db.read() as c:
        ev = await event_replied(c, msg.chat_id, reply_to)
        if ev is None or ev.status is Status.CANCELLED or followup.is_me_too(msg.text):
            return False
        reps = await reporters.for_event(c, ev.id)
    return elsewhere(ctx, ev, reps, msg, parsed, wording=not edited)


def _hers_not_fixed(
    ctx: AppContext, ev: Event, reps: list[reporters.Reporter], msg: Incoming, parsed: ParsedReport
) -> bool:
    """Her words say her closed report is not (all) fixed (``after_close.hers_not_fixed``)."""
    lang = normalize(msg.language_code, ctx.language)
    texts = [ev.text] + [r.text for r in reps if r.text]
    return after_close.hers_not_fixed(parsed, msg.text, lang, texts, ev.category, ev.building)


def _own_words(ctx: AppContext, msg: Incoming, words: str) -> ParsedReport:
    """The reading of words said after "mine too": naming a kind of problem, they are compared with the event as a
    report would be ("但我家是水管漏水" is no report by itself)."""
    own = parser.parse(words, normalize(msg.language_code, ctx.language))
    return replace(own, is_report=True) if not own.is_report and followup.names_a_problem(own) else own


def elsewhere(
    ctx: AppContext,
    ev: Event,
    reps: list[reporters.Reporter],
    msg: Incoming,
    parsed: ParsedReport,
    *,
    wording: bool = True,
) -> bool:
    """A reply's words about another problem than the event's (core.followup's rule, with its wording compared
    unless not ``wording``)."""
    reporter = permissions.reported(msg.user_id, ev, reps)
    said = followup.kinds(parsed.reasons)
    compare = wording and followup.compare_wording(said, msg.text, parsed, reporter, ev.building, ev.unit)
    texts = [ev.text] + [r.text for r in reps if r.text]
    if reporter and (parsed.building or parsed.unit) and followup.refines_place(parsed, ev.building, ev.unit):
        if next_words.another_thing(parsed, msg.text, texts, ev.category):  # "2单元门铃坏了": not where it is
            return True
    threshold = ctx.settings.merge_threshold
    return followup.elsewhere(
        parsed, ev.building, ev.category, ev.urgency, msg.text, texts, threshold, compare, by_reporter=reporter
    )


async def placed_as_replied(ctx: AppContext, msg: Incoming, reply_to: int, parsed: ParsedReport) -> ParsedReport:
    """A reply read as a message of its own that names no building takes the building and unit of the event it
    replies to (resident review: "又不动了，困在里面了" under the fixed lift's #1 paged everyone with no place)."""
    if parsed.building is not None:
        return parsed
    async with ctx.db.read() as c:
        ev = await _replied(c, msg, reply_to)
    if ev is None or ev.building is None:
        return parsed
    return replace(parsed, building=ev.building, unit=ev.unit if parsed.unit is None else parsed.unit)


async def _answers_worker(ctx: AppContext, chat_id: int, reply_to: int) -> bool:
    """Whether the bot's private message ``reply_to`` is a worker's words sent on to her (``card_replies``)."""
    async with ctx.db.read() as c:
        return await outbox.event_of_sent(c, chat_id, reply_to, Purpose.WORKER_REPLY) is not None


async def replied_event_id(ctx: AppContext, msg: Incoming, reply_to: int) -> int | None:
    """The id of the event the message replies to (``_replied``), or None."""
    async with ctx.db.read() as c:
        ev = await _replied(c, msg, reply_to)
    return ev.id if ev is not None else None


async def _replied(c: aiosqlite.Connection, msg: Incoming, reply_to: int) -> Event | None:
    """The event the message replies to: in a group any of its messages (``event_replied``), in private the bot's
    messages about the writer's report (``told_privately``)."""
    return await (told_privately(c, msg.chat_id, reply_to) if msg.private else event_replied(c, msg.chat_id, reply_to))


async def event_replied(c: aiosqlite.Connection, chat_id: int, reply_to: int) -> Event | None:
    """The event whose message ``reply_to`` is (its acknowledgement, its report, a merged report, the "already
    reported" answer, the satisfaction question, its worker's words said there, a red's emergency numbers, a word to
    its reporter under her report), or None."""
    ev = await photos.event_for_reply(c, chat_id, reply_to)
    # under his words said in her group: hers to him; under a red's emergency numbers, or a question to its reporter
    # there ("有邻居说…险情已经过去了吗？"), of that red
    for purpose in (Purpose.SURVEY, Purpose.WORKER_REPLY, Purpose.EMERGENCY_GROUP, Purpose.REPORTER_GROUP):
        if ev is None and (event_id := await outbox.event_of_sent(c, chat_id, reply_to, purpose)) is not None:
            ev = await events.get(c, event_id)
    return ev


async def told_privately(c: aiosqlite.Connection, chat_id: int, reply_to: int) -> Event | None:
    """The closed event the bot's private message ``reply_to`` was about (its satisfaction question, the "closed"
    notice), or the event of a report made in private whose acknowledgement, or worker's words sent on, it is; None:
    a reply there to anything else (its own words, a message the bot did not send) is read as any private message."""
    for purpose in PRIVATE_FOLLOW_UPS:
        if (event_id := await outbox.event_of_sent(c, chat_id, reply_to, purpose)) is not None:
            ev = await events.get(c, event_id)
            return ev if ev is not None and ev.status is Status.CLOSED else None
    # the acknowledgement of a report made here, open or closed: "补充一下…" or "怎么还没人来修" under it reaches the
    # worker as it does in a group (private-chat review: each became a new, empty event); so does her answer under
    # his words sent on to her (``card_replies``)
    for purpose in (Purpose.ACK, Purpose.WORKER_REPLY):
        if (event_id := await outbox.event_of_sent(c, chat_id, reply_to, purpose)) is not None:
            return await events.get(c, event_id)
    return None


async def _closed(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    msg: Incoming,
    reply_to: int,
    reporter_ids: set[int],
    not_fixed: bool,
) -> str | None:
    """Under a closed event only "not fixed", within a week, does something: its reporter's opens it again; a
    neighbour's, who may not, reaches the committee to check (``surveys.neighbour_not_solved``) and she is told so
    (a neighbour's report of it, "电梯又坏了", is read as one).
    Written under the satisfaction question, that question now says so: no second message says it again (unless
    nobody is on duty, which only the reply tells)."""
    closed_at = ev.closed_at or ev.created_at
    if not not_fixed or ctx.now() - closed_at > followup.REOPEN_WITHIN:
        return None
    if msg.user_id not in reporter_ids:  # a neighbour may not reopen it: the committee checks, and she is told so
        return "held" if await neighbour_not_fixed(ctx, c, ev, msg) else None
    under_question = await surveys.open_question(c, ev, msg.chat_id, reply_to)
    done = await surveys.not_solved_in_words(ctx, c, ev, msg.user_id, msg.text)
    if done is None:
        return None  # closed as "cannot fix", "referred" or a duplicate: read as any message
    if done == "held":  # reopened enough: the committee judges; said once per closing, under the question or here
        if not under_question:
            lang = await notify.answer_language_for(ctx, c, msg)
            once = f"held:{ev.id}:{ev.reopened_count}:{msg.user_id}"
            await notify.reply(ctx, c, msg, t(lang, "followup.held", id=ev.id), purpose=Purpose.REPLY, dedup_key=once)
        return "held"
    ev = await events.get(c, ev.id) or ev
    if under_question and ev.assignee_id is not None:
        return "reopened"
    lang = await notify.answer_language_for(ctx, c, msg)
    key = "followup.reopened" if ev.assignee_id is not None else "followup.reopened_committee"
    await notify.reply(ctx, c, msg, t(lang, key, id=ev.id), purpose=Purpose.REPLY, event_id=ev.id)
    return "reopened"


async def neighbour_not_fixed(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming) -> bool:
    """A neighbour's "not fixed" about an event closed as fixed: she may not reopen it, so the committee checks it
    and she is told so under her words. False after another kind of closing."""
    if not await surveys.neighbour_not_solved(ctx, c, ev, msg.user_id, msg.user_name, msg.text):
        return False
    lang = await notify.answer_language_for(ctx, c, msg)
    once = f"neighbour_not_fixed:{ev.id}:{ev.reopened_count}:{msg.user_id}"
    text = t(lang, "followup.neighbour_not_fixed", id=ev.id)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=once)
    return True


async def tell_worker(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, note: bool = True, answer: bool = True
) -> None:
    """The reporter adds to their report ("已经好了不用来了", "怎么还没人来？"): the worker on it reads it (the
    committee when nobody is); the resident hears it was passed on, once in TOLD_AGAIN_AFTER while the event stays as
    it is. Not ``note``: the worker read them in a message of their own already (its colour raised by them:
    ``chase``); not ``answer``: she is answered otherwise (a problem of her message said again: how it stands,
    ``merging.join``)."""
    now = ctx.now()
    # whole: a refused note's words come back from this line (note_refused), and /forget_me finds and scrubs the
    # messages that quote them by these words
    text = msg.text.strip()
    said = await events.log(c, ev.id, now, "reporter_note", msg.user_id, text)
    sent = True
    if ev.assignee_id is not None and not await _reachable(c, ev.assignee_id):
        # known to have blocked the bot: her words go to the committee, with "send to …" buttons, and she is told so
        # (worker review: "已转告负责 #1 的工作人员" was said of a message refused with 403)
        await unreachable.words_to_committee(ctx, c, ev, text)
        ev = replace(ev, assignee_id=None)  # what she is told: passed on to the committee
    elif ev.assignee_id is not None:
        if note:  # not when her words came with the raise they made, in a message of their own
            wlang = await notify.user_language(ctx, c, ev.assignee_id)
            words = quotes.quoted(wlang, "followup.to_worker", text, id=ev.id)
            sent = await to_worker(ctx, c, ev.id, ev.assignee_id, words, Purpose.REPORTER_NOTE, said)
    else:
        await notify.committee(ctx, c, "followup.to_committee", ev.id, id=ev.id, words=text)
    if not answer:
        return
    kind, key = "told", "followup.told" if ev.assignee_id is not None else "followup.told_committee"
    if not sent:  # only the log kept them (the worker had many just now): not "passed on"
        kind, key = "noted", "followup.noted"
    if key == "followup.told" and followup.ASKS_HOW_IT_STANDS.search(followup.plain(text)):
        # "怎么还没人来修？", "我的报修怎么样了": she asks how it stands, and is told that too (resident review)
        kind, key = "told_asked", "followup.told_asked"
    once = f"{kind}:{ev.id}:{msg.user_id}:{ev.status.value}:"
    if await outbox.keyed_since(c, once, now - TOLD_AGAIN_AFTER):
        return  # told so just now: the group does not read "passed on" under each of her words
    lang = await notify.answer_language_for(ctx, c, msg)
    state = await standing.state_of(ctx, c, lang, ev) if kind == "told_asked" else ""
    text = t(lang, key, id=ev.id, state=state) if state else t(lang, key, id=ev.id)
    once += str(int(now.timestamp()))
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=once)


async def _reachable(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the bot may still write to the person: not known to have blocked it (or never started it)."""
    person = await people.person(c, user_id)
    return person is None or person.reachable


async def to_worker(
    ctx: AppContext,
    c: aiosqlite.Connection,
    event_id: int,
    worker_id: int,
    text: str,
    purpose: Purpose,
    said: int | None = None,
) -> bool:
    """A resident's words about an event sent on to its worker (a note, an edit after acceptance), by a budget: the
    first in NOTE_WHILE pages them, the next reach them silently, past NOTE_MOST only the event's log keeps them (one
    resident writing thirty times does not page the worker thirty times); a worker taking the event over has a budget
    of their own. ``said``: the log line of the words (a refused note tells the committee those). False when not
    sent."""
    now = ctx.now()
    prefix = f"note:{event_id}:{worker_id}:"
    sent = await outbox.keyed_count_since(c, prefix, now - NOTE_WHILE)
    if sent >= NOTE_MOST:
        return False
    extra = {"disable_notification": True} if sent else None
    key = f"{prefix}{int(now.timestamp() * 1000)}:{sent}"
    meta = outbox.Meta(said=said) if said else None
    await notify.send(
        ctx, c, worker_id, text, purpose=purpose, event_id=event_id, dedup_key=key, extra=extra, meta=meta
    )
    return True


async def part_chosen(
    ctx: AppContext, event_id: int, arg: str | None, user_id: int, chat_id: int, message_id: int
) -> Answer:
    """She pressed "#N" under "which one?" (``which_part``): her words kept reach that problem's worker, as written
    under its own line."""
    async with ctx.db.tx() as c:
        picked = await which_part.picked(ctx, c, event_id, arg, user_id, chat_id, message_id)
        if isinstance(picked, Answer):
            return picked
        ev, her = picked
        if ev.status is not Status.CANCELLED:
            await tell_worker(ctx, c, ev, her)
    return Answer.of("cb.which_part", id=event_id)
