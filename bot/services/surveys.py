"""Satisfaction surveys: ask after closing, record answers, reopen what is not solved, expire the rest.

Over 300 lines: asking (privately, or one question shared in a group), answering (by button or in words), reopening
and holding a reopening share the rounds' rules.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import after_close, escalation, followup, handling_words, next_words, routing
from bot.core.private_numbers import public_note
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Outcome, ParsedReport, Status
from bot.render import messages
from bot.render.i18n import Html, join, normalize, t
from bot.services import anonymity, chase, extras, notify, photo_question, points
from bot.services.on_duty import on_duty_ids
from bot.services.result import Answer
from storage import events, media, outbox, people, reporters, surveys, timers
from storage.reporters import Reporter
from storage.surveys import Survey

log = logging.getLogger(__name__)

MOST_REOPENS = 2  # a resident's "not solved" reopens an event this often; after, the committee decides
# Button code → stored choice (callback data `v1:rt:<survey id>:<code>`).
CHOICES = {"ok": "satisfied", "meh": "unsatisfied", "no": "not_solved"}


async def recipients(c: aiosqlite.Connection, ev: Event) -> list[Reporter]:
    """Who is asked about an event: everyone who reported it (merged reports too), once per person, except the
    worker it was assigned to (a worker's own report is not his to rate)."""
    first = Reporter(
        0, ev.id, ev.reporter_id, ev.reporter_name, ev.chat_id, ev.message_id, ev.text, ev.created_at, False
    )
    found: dict[int, Reporter] = {ev.reporter_id: first}
    for r in await reporters.for_event(c, ev.id):
        found.setdefault(r.user_id, r)
    return [r for r in found.values() if r.user_id != ev.assignee_id]


async def _reachable(c: aiosqlite.Connection, user_id: int) -> bool:
    person = await people.person(c, user_id)
    return person is not None and person.reachable


async def send_all(ctx: AppContext, c: aiosqlite.Connection, ev: Event, round_: int) -> int:
    """Ask every recipient: privately where they started the bot, else by one question in their group for all asked
    there (not someone whose name is gone: no question, only a line in the log); returns how many."""
    now = ctx.now()
    asked = 0
    in_group: dict[int, list[tuple[int, Reporter]]] = {}
    for rep in await recipients(c, ev):
        private = rep.chat_id > 0 or await _reachable(c, rep.user_id)
        if not private and not rep.user_name:
            await _not_asked(ctx, c, ev)
            continue
        chat_id = rep.user_id if private else rep.chat_id
        survey_id = await surveys.add(c, ev.id, rep.user_id, chat_id, ev.assignee_id, round_, now)
        if survey_id is None:
            continue
        if private:
            await _ask_private(ctx, c, ev, survey_id, rep.user_id)
        else:
            in_group.setdefault(rep.chat_id, []).append((survey_id, rep))
        asked += 1
    for members in in_group.values():
        await _ask_group(ctx, c, ev, members)
    if asked:
        await timers.add(c, ev.id, escalation.survey_expiry(now, round_, chase.policy(ctx.settings)), now)
        await events.log(c, ev.id, now, "survey_sent", None, str(asked))
    return asked


async def _asked_in(ctx: AppContext, c: aiosqlite.Connection, ev: Event, chat_id: int, user_id: int) -> str:
    """The language of a question to a resident: theirs in private; in the group, the reporter's is the one their
    report was answered in (an English writer in a Chinese group: English, as their acknowledgement), a neighbour's
    the group's."""
    if chat_id < 0 and user_id == ev.reporter_id and chat_id == ev.chat_id:
        return await notify.report_language(ctx, c, ev)
    return await notify.language_in(ctx, c, chat_id, user_id)


async def _ask_private(ctx: AppContext, c: aiosqlite.Connection, ev: Event, survey_id: int, user_id: int) -> None:
    """The question to one reporter in private; the closer's note and the "after" photo only when she may be told
    them (``anonymity.told_all``: what was kept out of the group is kept from the neighbours who joined it there)."""
    lang = await notify.user_language(ctx, c, user_id)
    told = await anonymity.told_all(c, ev, user_id)
    if told:
        await extras.send_photos(
            ctx, c, ev, user_id, t(lang, "after.caption", id=ev.id), media.AFTER_PHOTO, key=f"s{survey_id}"
        )
    text = t(
        lang, _question_told(ev, told), id=ev.id, category=t(lang, f"category.{ev.category.value}"), note=_note(ev)
    )
    await notify.send(
        ctx,
        c,
        user_id,
        text,
        purpose=Purpose.SURVEY,
        event_id=ev.id,
        markup=messages.survey_keyboard(lang, survey_id, ev.outcome),
        dedup_key=f"survey:{survey_id}",
        meta=outbox.Meta(survey=survey_id),
    )


MENTIONED = 3  # a group question shared by more names this many, then "and neighbours" (short on a phone)


async def _group_question(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, asked: list[Reporter]
) -> tuple[str, str]:
    """The group question for these reporters and its language: one is addressed as before ("only the reporter may
    tap"); several (25 "+1"s under a lift) share one question naming the first few, any of them may answer it."""
    lead = asked[0]
    values = {"id": ev.id, "note": _note(ev, in_group=True)}
    key = _question_told(ev, await _told(c, ev, asked))
    if len(asked) == 1:
        lang = await _asked_in(ctx, c, ev, lead.chat_id, lead.user_id)
        question = t(lang, key + "_group", category=t(lang, f"category.{ev.category.value}"), **values)
        return t(
            lang, "mention.address", name=messages.mention(lead.user_id, lead.user_name or ""), text=question
        ), lang
    lang = await notify.group_language(ctx, c, lead.chat_id)
    names = join(
        (messages.mention(r.user_id, r.user_name or "") for r in asked[:MENTIONED]), t(lang, "survey.group_names_sep")
    )
    if len(asked) > MENTIONED:
        names = t(lang, "survey.group_names_more", names=names)
    question = t(lang, key, category=t(lang, f"category.{ev.category.value}"), **values)
    return t(lang, "survey.group_many", names=names, text=question, id=ev.id), lang


async def _ask_group(ctx: AppContext, c: aiosqlite.Connection, ev: Event, members: list[tuple[int, Reporter]]) -> None:
    """One question in a group for everyone asked there (``members``: their survey ids and reports, the first the
    lead whose id its buttons carry); each answer is still a row of its own."""
    lead_id, lead = members[0]
    await surveys.share(c, lead_id, [survey_id for survey_id, _ in members], lead.chat_id)
    text, lang = await _group_question(ctx, c, ev, [rep for _, rep in members])
    if await _told(c, ev, [rep for _, rep in members]):
        await extras.send_photos(
            ctx,
            c,
            ev,
            lead.chat_id,
            t(lang, "after.caption", id=ev.id),
            media.AFTER_PHOTO,
            reply_to=notify.report_message(ev, lead.message_id),
            key=f"s{lead_id}",
        )
    await notify.send(
        ctx,
        c,
        lead.chat_id,
        text,
        purpose=Purpose.SURVEY,
        event_id=ev.id,
        reply_to=notify.report_message(ev, lead.message_id),
        markup=messages.survey_keyboard(lang, lead_id, ev.outcome),
        dedup_key=f"survey:{lead_id}:g",
        meta=outbox.Meta(survey=lead_id),
    )


async def _join_group(ctx: AppContext, c: aiosqlite.Connection, ev: Event, lead: Survey, survey_id: int) -> None:
    """A reporter whose private question failed joins the group question already asked there; while it names
    fewer than ``MENTIONED`` + 1 people it is edited to name (and let) her too."""
    await surveys.share(c, lead.id, [survey_id], lead.chat_id)
    members = await surveys.sharing(c, lead.id)
    if len(members) > MENTIONED + 1:
        return
    by_user = {r.user_id: r for r in await recipients(c, ev) if r.user_name}  # not one whose name is gone
    asked = [by_user[s.user_id] for s in members if s.user_id in by_user]
    queued = await outbox.keyed(c, f"survey:{lead.id}:g")
    if not asked or queued is None or not queued.live:
        return
    text, lang = await _group_question(ctx, c, ev, asked)
    markup = messages.survey_keyboard(lang, lead.id, ev.outcome)
    await notify.edit_live(ctx, c, lead.chat_id, queued, text, ev.id, markup)


async def resend_in_group(ctx: AppContext, c: aiosqlite.Connection, survey_id: int, unreachable: bool = True) -> None:
    """The private question could not be delivered: ask in the group instead (unreachable: it was a 403), by the
    group question of this round when there is one, or, for someone whose name is gone, record it never asked."""
    survey = await surveys.get(c, survey_id)
    ev = await events.get(c, survey.event_id) if survey else None
    if survey is None or ev is None or survey.status != "open" or survey.asked_with is not None:
        return
    rep = next((r for r in await recipients(c, ev) if r.user_id == survey.user_id), None)
    if rep is None or rep.chat_id > 0:
        return
    if unreachable:
        await people.mark_unreachable(c, survey.user_id)
    if not rep.user_name:
        if await surveys.not_asked(c, survey_id):
            await _not_asked(ctx, c, ev)
        return
    lead = await surveys.group_question(c, ev.id, survey.round, rep.chat_id)
    if lead is None:
        await _ask_group(ctx, c, ev, [(survey_id, rep)])
    else:
        await _join_group(ctx, c, ev, lead, survey_id)


async def _not_asked(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """Someone whose name /forget_me erased cannot be asked in the group (the question names whom it is for, and
    would tie them to the event again): the log says so; the digest and the console count no question."""
    await events.log(c, ev.id, ctx.now(), "survey_not_asked", None, "1")


def about_handling(ev: Event) -> bool:
    """Closed as "cannot fix" or "referred elsewhere": her question asks only whether she is satisfied with how it was
    handled, and her "not satisfied" is the committee's to follow up (``_handling_unsatisfied``)."""
    return ev.outcome in (Outcome.CANNOT_FIX, Outcome.REFERRED)


def _fixed(ev: Event) -> bool:
    """Closed as fixed, or as "nothing found": the resident is asked whether it is solved (still there), and "not
    solved" reopens it. After "cannot fix" or "referred" they are asked only whether they are satisfied with how it
    was handled (``Outcome.asks_if_solved``)."""
    return ev.outcome is None or ev.outcome.asks_if_solved


def _note(ev: Event, in_group: bool = False) -> str:
    """The closing's words (after "cannot fix": why), in the question itself: a merged reporter, or one asked
    in the group, was told them nowhere else; in a group without a neighbour's flat or telephone number."""
    note = ev.outcome_note or "—"
    return public_note(ev) if in_group and ev.outcome_note else note


def _current(ev: Event, survey: Survey) -> bool:
    """The question may still be answered: it is about the event's latest closing, and the event is still closed
    (not opened again by a neighbour's answer, nor closed again since: a question of an earlier round)."""
    return ev.status is Status.CLOSED and survey.round == ev.reopened_count + 1


async def _record(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, survey: Survey, choice: str, user_id: int
) -> bool:
    """The answer stored (once: False when it was answered already), logged, and its points given."""
    if not await surveys.answer(c, survey.id, choice, ctx.now()):
        return False
    await events.log(c, ev.id, ctx.now(), "rated", user_id, choice)
    await points.on_rated(ctx, c, ev.id, survey.worker_id or ev.assignee_id, choice, user_id)
    return True


async def _told(c: aiosqlite.Connection, ev: Event, asked: list[Reporter]) -> bool:
    """Whether everyone a question is for may be told the closer's note and shown the "after" photo."""
    return all([await anonymity.told_all(c, ev, r.user_id) for r in asked])


def _question_told(ev: Event, told: bool) -> str:
    """The question's key; after "cannot fix", without its reason for one who may not be told it."""
    return _question(ev) if told or ev.outcome is not Outcome.CANNOT_FIX else "survey.ask_handling.unexplained"


def _question(ev: Event) -> str:
    if ev.outcome is Outcome.NOTHING_FOUND:
        return "survey.ask_nothing_found"
    return "survey.ask" if _fixed(ev) or ev.outcome is None else f"survey.ask_handling.{ev.outcome.value}"


def _done(ev: Event, choice: str) -> str:
    """What the question says once answered: by the kind of question it was."""
    if ev.outcome is Outcome.NOTHING_FOUND and choice != "not_solved":
        return f"survey.done_nothing_found.{choice}"
    return f"survey.done.{choice}" if _fixed(ev) else f"survey.done_handling.{choice}"


async def answer(
    ctx: AppContext, survey_id: int, user_id: int, code: str | None, chat_id: int, message_id: int
) -> Answer:
    """A resident pressed a survey button; only one asked by it may answer (any reporter a group question asks),
    each once."""
    choice = CHOICES.get(code or "")
    async with ctx.db.tx() as c:
        survey = await surveys.get(c, survey_id)
        if survey is None or choice is None:
            return Answer("cb.unknown", True)
        if survey.user_id != user_id:
            own = [s for s in await surveys.sharing(c, survey.id) if s.user_id == user_id]
            if not own:
                log.info("survey %s pressed by user %s, not one asked by it", survey_id, user_id)
                return Answer.of("cb.not_yours_survey", True, id=survey.event_id)
            survey = own[0]
        ev = await events.get(c, survey.event_id)
        assert ev is not None
        if choice == "not_solved" and not _fixed(ev):  # not a button of this question: a forged press
            return Answer("cb.unknown", True)
        # expired unanswered, withdrawn (the event open again, or closed again since): not "already answered"
        if survey.status in ("unanswered", "not_asked") or (survey.status == "open" and not _current(ev, survey)):
            return Answer("cb.survey_closed", True)
        if not await _record(ctx, c, ev, survey, choice, user_id):
            return Answer("cb.survey_already", True)
        held = choice == "not_solved" and reopened_enough(ev)
        done = "survey.held" if held else _done(ev, choice)
        handling = choice == "unsatisfied" and about_handling(ev)
        ask_why = choice == "unsatisfied" and not handling  # not satisfied with a fix: what was wrong? (rating_reason)

        def said(lang: str) -> Html:
            return join([t(lang, done, id=ev.id), *([t(lang, "survey.why_unsatisfied")] if ask_why else [])])

        if chat_id > 0:
            said_there = said(await notify.user_language(ctx, c, user_id))
            await notify.edit(ctx, c, chat_id, message_id, said_there, purpose=Purpose.SURVEY_EDIT)
        elif not await _others_may_answer(c, survey):  # its buttons work no more: they go
            await _answered(ctx, c, ev, survey, message_id, said(await _asked_in(ctx, c, ev, chat_id, user_id)))
        if handling:
            await _handling_unsatisfied(ctx, c, ev, user_id)
        if held:
            await hold(ctx, c, ev, user_id, f"survey {survey.id}: not_solved")
            return Answer("cb.survey_held")
        if choice == "not_solved":
            await reopen(ctx, c, ev, survey, user_id)
    return Answer(f"cb.survey.{choice}")


def reopened_enough(ev: Event) -> bool:
    """The event was opened again by residents' "not solved" MOST_REOPENS times already: one more is the committee's
    to judge, not another round of the same work sent to the worker (one resident cannot reopen it for ever)."""
    return ev.reopened_count >= MOST_REOPENS


async def hold(ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, detail: str) -> None:
    """ "Not solved" once the event was reopened enough: it stays closed, the log says so, and the committee is told
    (once per closing), to check it with the resident."""
    await events.log(c, ev.id, ctx.now(), "not_solved_held", user_id, detail)
    await to_check(ctx, c, ev, "committee.not_solved_again", f"not_solved_again:{ev.id}:{ev.reopened_count}")


async def neighbour_not_solved(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, name: str, words: str | None = None
) -> bool:
    """ "还是没修好" from a neighbour who did not report it, about an event closed as fixed (or nothing found): she
    may not reopen it (only its reporters may), so the log says it and the committee checks it (once per closing),
    with her words ("水来了但是是黄的" says more than "not solved") and the button that opens it again. False after
    another kind of closing (read as any message)."""
    if ev.status is not Status.CLOSED or not _fixed(ev):
        return False
    await events.log(c, ev.id, ctx.now(), "not_solved_neighbour", user_id, None)
    key = f"not_solved_neighbour:{ev.id}:{ev.reopened_count}"
    said = [("committee.neighbour_words", {"said": messages.preview(words, 300)})] if words else []
    await to_check(ctx, c, ev, "committee.not_solved_neighbour", key, also=said, name=name)
    return True


async def _handling_unsatisfied(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, words: str | None = None
) -> None:
    """Not satisfied with a "cannot fix" or a "referred elsewhere": her problem is still there and no one is on it, so
    the committee is told (once a closing and resident), with her words and the button that opens it again. It had
    been a figure in the weekly digest only."""
    person = await people.person(c, user_id)
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    await to_check(
        ctx,
        c,
        ev,
        "committee.handling_unsatisfied",
        f"handling_unsatisfied:{ev.id}:{ev.reopened_count}:{user_id}",
        words=words,
        also=[("dm.step.reopened_words", {})] if words else (),
        outcome=messages.outcome_label(lang, ev.outcome) if ev.outcome else "—",
        name=(person.name if person else None) or "",
    )


async def to_check(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    key: str,
    dedup_key: str,
    words: str | None = None,
    also: Sequence[tuple[str, dict]] = (),
    **values: object,
) -> None:
    """A note asking the committee to look at a closed event (``key``), with the button that opens it again: its
    number, where and what it is (``held_values``; ``{text}`` is ``words`` where given, whole as room allows)."""
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    held = {k: v for k, v in held_values(lang, ev).items() if words is None or k != "text"}
    markup = messages.reopen_keyboard(lang, ev.id)
    await notify.committee(ctx, c, key, ev.id, dedup_key, markup=markup, also=also, words=words, **held, **values)


def held_values(lang: str, ev: Event) -> dict[str, object]:
    """The committee's "still not solved" note's values: the event, where, what (as ``text``, and as ``what`` for a
    note whose ``text`` is someone's words), how often reopened."""
    what = messages.preview(ev.text, 80)
    place = messages.location_label(lang, ev)
    return {"id": ev.id, "n": ev.reopened_count, "location": place, "text": what, "what": what}


async def reopen(ctx: AppContext, c: aiosqlite.Connection, ev: Event, survey: Survey, user_id: int) -> bool:
    """'Not solved': back to the same worker if on duty, else the next on duty, else the committee; the round's
    other questions are withdrawn."""
    if ev.status is not Status.CLOSED or survey.round != ev.reopened_count + 1:
        return False  # already reopened (another resident said so first) or a later round
    return await reopen_event(ctx, c, ev, user_id, f"survey {survey.id}: not_solved", survey.worker_id)


async def reopen_event(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    user_id: int,
    detail: str,
    worker_id: int | None = None,
    intro: str = "dm.step.reopened",
    why: str | None = "committee.alert.reopened",
    words: str = "",
) -> bool:
    """A closed event opened again: back to the worker who closed it if on duty, else the next on duty, else
    the committee (a survey's "not solved", or a reporter's "还没修好" in reply to it; ``intro``: what the worker is
    told opened it; ``why``: the line the committee's alert says it with, None for none; ``words``: hers that opened
    it, logged as her note and quoted to the worker). The round's questions still unanswered lose their buttons
    ("open again: no need to answer")."""
    if ev.status is not Status.CLOSED:
        return False
    now = ctx.now()
    on_duty = await on_duty_ids(ctx, c, ev.grid_id, ev.category)
    same = worker_id or ev.assignee_id
    target = same if same in on_duty else None
    if target is None and ev.grid_id:
        nxt = routing.next_assignee(ctx.community, ev.category, ev.grid_id, now, await people.adjustments(c, now))
        target = nxt.telegram_id if nxt else None
    if not await events.reopen(c, ev.id, target):
        return False
    await points.on_reopened(ctx, c, ev)  # its close did not stand: the worker's award for it is taken back
    await photo_question.reopened(ctx, c, ev)  # the closer's DM stops asking for the "after" photo
    # nobody rates "solved" an event that is open again: the round's other questions lose their buttons
    await expire(ctx, c, ev, ev.reopened_count + 1, "survey.reopened")
    await events.log(c, ev.id, now, "reopened", user_id, detail)
    if words.strip():  # what is wrong this time: the /status timeline keeps it, and /forget_me finds it there
        await events.log(c, ev.id, now, "reporter_note", user_id, words.strip())
    ev = await events.get(c, ev.id)
    assert ev is not None
    if target is not None:
        await events.log(c, ev.id, now, "dispatched", None, str(target))
        lang = await notify.user_language(ctx, c, target)
        said = t(lang, "dm.step.reopened_words", text=messages.preview(words.strip(), 300)) if words.strip() else None
        step = f"reopen{ev.reopened_count}"
        opened = join(part for part in (t(lang, intro), said) if part)
        await notify.worker_dm(ctx, c, ev, target, step, intro_text=opened, anew=True)
    elif not escalation.at_once(ev.urgency).committee:  # a colour the committee is alerted of: its alert says so
        await notify.committee(ctx, c, "committee.reopened_unassigned", ev.id, id=ev.id, arrange=ev)
    await chase.on_dispatched(ctx, c, ev, target, reopened=why or "")
    await notify.refresh_ack(ctx, c, ev)
    return True


async def not_solved_in_words(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, words: str = ""
) -> str | None:
    """A reporter wrote "还没修好" (``words``) in reply to an event closed as fixed: their open question of this round
    is answered "not solved" (as the button would), the round's other questions close, and the event opens again
    ("reopened", her words to its worker), or, reopened enough already, stays closed and the committee is told
    ("held"). None when it was not closed as fixed (after "cannot fix" or "referred" the question is about the
    handling)."""
    if ev.status is not Status.CLOSED or not _fixed(ev):
        return None
    held = reopened_enough(ev)
    for s in await surveys.for_event(c, ev.id):
        if s.user_id == user_id and s.status == "open" and _current(ev, s):
            if await _record(ctx, c, ev, s, "not_solved", user_id):
                if s.message_id is not None and not await _others_may_answer(c, s):  # it says so, as the button
                    lang = await _asked_in(ctx, c, ev, s.chat_id, s.user_id)
                    text = t(lang, "survey.held" if held else "survey.done.not_solved", id=ev.id)
                    await notify.edit(ctx, c, s.chat_id, s.message_id, text, purpose=Purpose.SURVEY_EDIT)
    if held:
        await hold(ctx, c, ev, user_id, "reply: not fixed")
        return "held"
    return "reopened" if await reopen_event(ctx, c, ev, user_id, "reply: not fixed", words=words) else None


async def solved_in_words(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, reply_to: int, choice: str = "satisfied"
) -> bool:
    """Words saying it is solved ("修好了，谢谢王师傅") written as a reply to a satisfaction question that asks their
    writer, still open, about a closing as fixed or as nothing found: answered "satisfied", as the 😊 button (or
    ``choice`` "unsatisfied", as the 😐 one, for "修好了，态度差评": her words are kept in the event's log, for the
    committee and /status). The question says so, or, shared with neighbours, a reply under her words does (and the
    last of them to answer takes its buttons away). False when the words were not under such a question of hers (read
    as any reply)."""
    if not (_fixed(ev) or (choice == "unsatisfied" and about_handling(ev))):  # a handling question: only "not"
        return False
    mine = [
        s
        for s in await surveys.for_event(c, ev.id)
        if s.user_id == msg.user_id and s.chat_id == msg.chat_id and s.message_id == reply_to
    ]
    early = not mine and not reply_to and ev.status is Status.CLOSED
    if early:  # typed before her question was due (``typed_answer``): hers now, answered, never asked after
        made = await surveys.add(c, ev.id, msg.user_id, msg.chat_id, ev.assignee_id, ev.reopened_count + 1, ctx.now())
        row = await surveys.get(c, made) if made is not None else None  # None: asked somewhere already
        mine = [row] if row is not None else []
    if not mine or mine[0].status != "open" or not _current(ev, mine[0]):
        return False
    survey = mine[0]
    if not await _record(ctx, c, ev, survey, choice, msg.user_id):
        return False
    if choice != "satisfied":  # what she blames the handling for: kept, as words "not fixed" are
        await events.log(c, ev.id, ctx.now(), "reporter_note", msg.user_id, msg.text.strip())
    if choice == "unsatisfied" and about_handling(ev):  # "那怎么办呢？水一直在滴" after "cannot fix": for the committee
        await _handling_unsatisfied(ctx, c, ev, msg.user_id, msg.text.strip())
    lang = await _asked_in(ctx, c, ev, survey.chat_id, survey.user_id)
    text = t(lang, _done(ev, choice), id=ev.id)
    if early or await _shared(c, survey):  # a reply under her words says it; the last to answer takes the buttons away
        await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, event_id=ev.id, dedup_key=f"rated:{survey.id}")
    if not early and not await _others_may_answer(c, survey):
        await _answered(ctx, c, ev, survey, reply_to, text)
    return True


async def typed_answer(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> tuple[int, int] | None:
    """The message of the one "is it fixed?" question waiting for the writer in this chat, and its event, when her
    words typed without replying answer it ("修好了，谢谢", "还没修好"): they are read as written under it (most
    elderly residents type below a question rather than reply to it; resident review: "还没修好" was answered
    "请描述需要处理的问题",
    "灯还是不亮" opened a new event of no place). With no question sent yet, her one report closed within its delay
    (``_not_yet_asked``) and 0 for the message: her words answer the question before it is asked. After "cannot fix"
    or "referred", only words saying she is not satisfied answer it (``handling_words``). None when no such question
    waits, two do (which one?), another report of hers is still open (her words may be about it), or the words answer
    no such question."""
    lang = normalize(msg.language_code, ctx.language)
    answers = followup.answers_if_fixed(parsed, msg.text, nothing_found=True) or after_close.complains(parsed, msg.text)
    displeased = handling_words.displeased(msg.text)
    if not (answers or displeased or after_close.partly_fixed(parsed, msg.text, lang)):  # most words: no need to look
        return None
    if next_words.again_alone(parsed):  # "又下雨了": the weather again, not her light
        return None
    async with ctx.db.read() as c:
        waiting = await surveys.waiting_in(c, msg.chat_id, msg.user_id)
        if not waiting:  # her question not yet due: her words answer it before it is asked
            ev = await _not_yet_asked(ctx, c, msg)
        elif len(waiting) == 1:
            ev = await events.get(c, waiting[0].event_id)
            ev = ev if ev is not None and _current(ev, waiting[0]) else None
        else:
            return None
        if ev is None or not (_fixed(ev) or about_handling(ev)):
            return None
        if any(o.id != ev.id for o in await events.open_reported_by(c, msg.user_id)):
            return None
    question = waiting[0].message_id if waiting else 0
    if about_handling(ev):  # "那怎么办呢？水一直在滴" under "are you satisfied with how it was handled?": no
        said_no = displeased or followup.says_not_fixed(parsed, msg.text)
        return (question, ev.id) if said_no else None
    hers = after_close.hers_not_fixed(parsed, msg.text, lang, [ev.text], ev.category, ev.building)
    if (
        hers
        and not followup.says_not_fixed(parsed, msg.text)
        and not after_close.shows_hers(parsed, msg.text, [ev.text], ev.category)
    ):
        hers = False  # typed, not replied: "今天好一点了，但是还有点咳嗽" is not about her hall light
    if not (hers or after_close.complains(parsed, msg.text)):
        if not followup.answers_if_fixed(parsed, msg.text, ev.outcome is Outcome.NOTHING_FOUND):
            return None
        if followup.says_solved(parsed, msg.text):  # "电梯能用了，谢谢师傅": not another problem, unless it names one
            if next_words.another_thing(parsed, msg.text, [ev.text], ev.category):
                return None
        elif next_words.another_problem(parsed, msg.text, [ev.text], ev.category):
            return None  # "又停电了" below the hall light's question: a problem of its own
    return question, ev.id


async def _not_yet_asked(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> Event | None:
    """Her one report closed since the "is it fixed?" question's delay began, in this chat (in private: any), whose
    question was not yet put to her: her words typed now answer it before it is asked (residents' day: "灯修好了，谢谢
    王师傅" an hour after the close was dropped, and the question came later all the same; "灯好了，就是有点暗" was
    lost). None when there is none or more than one."""
    since = ctx.now() - timedelta(seconds=ctx.settings.survey_delay_s)
    closed = [
        ev
        for ev in await events.closed_reported_by(c, msg.user_id, since)
        if (msg.private or ev.chat_id == msg.chat_id) and ev.assignee_id != msg.user_id
    ]
    if len(closed) != 1:
        return None
    asked = await surveys.for_event(c, closed[0].id)
    if any(s.user_id == msg.user_id and s.round == closed[0].reopened_count + 1 for s in asked):
        return None
    return closed[0]


async def answer_and_report(ctx: AppContext, msg: Incoming, reply_to: int | None) -> tuple[str, str, int] | None:
    """Her answer to her "问题解决了吗？" and a second problem told after it in the same words ("灯好了谢谢，还有一个
    事，单元门的门禁坏了", "fixed thanks, btw the gate intercom is broken too"), written under it or typed while it is
    the one question waiting for her in the chat (and no other report of hers is open): (answer, problem, the
    question's message). Sweep of answers after a close: the whole was recorded "satisfied" and the problem lost."""
    many = len(followup.CLAUSES.split(msg.text.strip())) > 1  # "灯好了谢谢 单元门的门禁坏了": no word begins it
    if not (many or after_close.split_second(msg.text)[0] or followup.after_contrast(msg.text)):  # most: no need
        return None
    async with ctx.db.read() as c:
        waiting = await surveys.waiting_in(c, msg.chat_id, msg.user_id)
        if reply_to is not None:
            waiting = [s for s in waiting if s.message_id == reply_to]
        if len(waiting) != 1 or waiting[0].message_id is None:
            return None
        ev = await events.get(c, waiting[0].event_id)
        if ev is None or not _current(ev, waiting[0]) or not _fixed(ev):
            return None
        if reply_to is None and any(o.id != ev.id for o in await events.open_reported_by(c, msg.user_id)):
            return None
    lang = normalize(msg.language_code, ctx.language)
    parts = after_close.second_problem(msg.text, lang, [ev.text], ev.category, ev.building)
    return (*parts, waiting[0].message_id) if parts else None


async def _answered(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, survey: Survey, message_id: int, done: str
) -> None:
    """A question in a group no one may answer any more: one asking her alone says her answer (``done``); one
    shared by neighbours, each of whom answered, keeps its words and loses its buttons."""
    if not await _shared(c, survey):
        await notify.edit(ctx, c, survey.chat_id, message_id, done, purpose=Purpose.SURVEY_EDIT)
    else:
        await notify.edit_markup(ctx, c, survey.chat_id, message_id, {"inline_keyboard": []}, ev.id)


async def _shared(c: aiosqlite.Connection, survey: Survey) -> bool:
    """The group question this survey was asked by asks neighbours too."""
    return survey.asked_with is not None and len(await surveys.sharing(c, survey.asked_with)) > 1


async def _others_may_answer(c: aiosqlite.Connection, survey: Survey) -> bool:
    """Another reporter may still answer the group question this survey shares."""
    if survey.asked_with is None:
        return False
    return any(s.id != survey.id and s.status == "open" for s in await surveys.sharing(c, survey.asked_with))


async def asks_her_if_fixed(c: aiosqlite.Connection, ev: Event, msg: Incoming, message_id: int) -> bool:
    """Message ``message_id`` is the writer's own question of the event's current round, still waiting, asking
    whether it is fixed (after "fixed": after "nothing found" it asks "问题还在吗？", where a no is a yes)."""
    if ev.outcome not in (None, Outcome.FIXED):
        return False
    return any(s.user_id == msg.user_id for s in await _waiting_at(c, ev, msg.chat_id, message_id))


async def open_question(c: aiosqlite.Connection, ev: Event, chat_id: int, message_id: int) -> bool:
    """Message ``message_id`` is a question of the event's current round still waiting for its answer (words
    "not fixed" under it will edit it to say the event is open again)."""
    return bool(await _waiting_at(c, ev, chat_id, message_id))


async def _waiting_at(c: aiosqlite.Connection, ev: Event, chat_id: int, message_id: int) -> list[Survey]:
    """The event's current round's questions still waiting that message ``message_id`` of a chat asks."""
    return [
        s
        for s in await surveys.for_event(c, ev.id)
        if s.chat_id == chat_id and s.message_id == message_id and s.status == "open" and _current(ev, s)
    ]


async def expire(ctx: AppContext, c: aiosqlite.Connection, ev: Event, round_: int, key: str = "survey.expired") -> int:
    """Surveys of a round still unanswered become 'unanswered' and lose their buttons (their text: ``key``; the
    event opened again by a reporter's words: "no need to answer")."""
    expired = await surveys.expire(c, ev.id, round_)
    edited: set[tuple[int, int]] = set()
    for s in expired:
        if s.message_id is not None and (s.chat_id, s.message_id) not in edited:  # a shared question once
            edited.add((s.chat_id, s.message_id))
            lang = await _asked_in(ctx, c, ev, s.chat_id, s.user_id)
            await notify.edit(ctx, c, s.chat_id, s.message_id, t(lang, key, id=ev.id), purpose=Purpose.SURVEY_EDIT)
    if expired:
        await events.log(c, ev.id, ctx.now(), "survey_unanswered", None, str(len(expired)))
    return len(expired)
