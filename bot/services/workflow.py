"""Use cases of a worker's buttons: accept, close (with an outcome), hand back.

Over 300 lines: the three share one loading of the event and one refusal of a press that came too late (`_load`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection

import aiosqlite
from aiosqlite import Connection

from bot.context import AppContext
from bot.core import accept_undo, escalation, followup, lifecycle, permissions, routing, worker_words
from bot.core.community import Worker
from bot.core.lifecycle import Transition
from bot.core.permissions import Act
from bot.core.purpose import Purpose
from bot.core.types import Event, Outcome, Status
from bot.render import messages
from bot.render.i18n import plain, t
from bot.services import (
    chase,
    committee_news,
    duplicates,
    false_alarms,
    notify,
    photo_question,
    points,
    surveys,
    withdrawal,
)
from bot.services.result import Answer
from storage import events, notifications, people, reporters

log = logging.getLogger(__name__)


async def _load(
    ctx: AppContext, c: aiosqlite.Connection, event_id: int, user_id: int, act: Act, move: Transition | None = None
) -> Event | Answer:
    """The event, or the refusal: unknown event, not this user's to act on now (identity from the update),
    or no longer in a state `move` starts from."""
    ev = await events.get(c, event_id)
    if ev is None:
        return Answer("cb.unknown", True)
    who = permissions.role(ctx.community, user_id)
    elsewhere = lifecycle.is_open(ev.status) and ev.assignee_id not in (None, user_id)  # open, with someone else
    if move is not None and ev.status not in move.src and permissions.is_staff(who):
        # too late (a colleague's press came first, or a double tap): say so, whoever may act on it
        if move is lifecycle.ACCEPT and ev.status is Status.ACCEPTED and ev.assignee_id == user_id:
            return Answer("cb.accepted", values=(("id", ev.id),))
        taken = move is lifecycle.ACCEPT and ev.status is Status.ACCEPTED
        if not taken and elsewhere:  # a stale card of one who handed it back: not "already handled"
            return await _with_other(ctx, c, ev)
        return Answer("cb.already_taken" if taken else "cb.already_done", True)
    asked: set[int] = set()
    gave_up: frozenset[int] = frozenset()
    if permissions.needs_history(who, act):
        asked = {dm.user_id for dm in await notifications.for_event(c, ev.id)}
        gave_up = await events.gave_up_by(c, ev.id)
    if not permissions.may_act(who, user_id, ev, act, asked, gave_up):
        if lifecycle.is_open(ev.status) and user_id in (gave_up or await events.gave_up_by(c, ev.id)):
            if elsewhere:  # his Hand back tapped twice
                return await _with_other(ctx, c, ev)
            if act is Act.HAND_BACK and ev.assignee_id is None:  # tapped twice, nobody to take it: the first did
                return Answer("cb.handed_back", values=(("id", ev.id),))
        log.warning("refused %s on #%s by user %s", act.value, event_id, user_id)
        return Answer("cb.not_yours", True)
    return ev


async def _with_other(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> Answer:
    """The refusal of a press on an event that left the presser: who has it now."""
    worker = await notify.display_name(ctx, c, ev.assignee_id) or ""
    return Answer("cb.with_other", True, (("id", ev.id), ("worker", worker)))


Step = Callable[[Connection, Event], Awaitable[Answer]]


async def _on_event(
    ctx: AppContext, event_id: int, user_id: int, act: Act, move: Transition | None, step: Step
) -> Answer:
    """One transaction: load the event (or refuse, see `_load`), then run `step` on it."""
    async with ctx.db.tx() as c:
        ev = await _load(ctx, c, event_id, user_id, act, move)
        return ev if isinstance(ev, Answer) else await step(c, ev)


async def accept(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """The worker takes the event."""
    now = ctx.now()

    async def step(c: Connection, ev: Event) -> Answer:
        due = chase.due_on_accept(ctx, ev.urgency, now)
        taken = await events.transition(c, ev.id, lifecycle.ACCEPT, assignee_id=user_id, accepted_at=now, due_at=due)
        if taken is None:
            return Answer("cb.already_taken", True)
        stopped = await chase.on_accepted(ctx, c, taken)
        await notify.refresh_ack(ctx, c, taken)
        await notify.edit_worker_dms(ctx, c, taken, "dm.state.accepted", undo=True)
        told = await committee_news.settled(ctx, c, taken, "committee.settled.accepted")
        before = accept_undo.Before(ev.assignee_id, tuple(stopped), told)  # what an undo of a mis-tap puts back
        await events.log(c, ev.id, now, "accepted", user_id, accept_undo.detail(before))
        return Answer("cb.accepted", values=(("id", ev.id),))

    return await _on_event(ctx, event_id, user_id, Act.ACCEPT, lifecycle.ACCEPT, step)


async def ask_outcome(
    ctx: AppContext, event_id: int, user_id: int, chat_id: int, message_id: int | None, back: bool = False
) -> Answer:
    """Close was pressed: show the outcome choices (or go back to Close / Hand back); on his card as the sender
    finds it when ``message_id`` is None (a card just queued, not sent yet)."""

    async def step(c: Connection, ev: Event) -> Answer:
        lang = await notify.user_language(ctx, c, user_id)
        if back:  # a reason asked for ("Cannot fix") no longer waits: their next words are not it
            await notifications.drop_input(c, user_id, ev.id)
        markup = await notify.accepted_markup(c, lang, ev) if back else messages.close_keyboard(lang, ev.id)
        await notify.edit_markup(ctx, c, chat_id, message_id, markup, ev.id, ref="dm")  # what his card shows
        return Answer("cb.choose_outcome" if not back else "cb.ok")

    return await _on_event(ctx, event_id, user_id, Act.CLOSE, lifecycle.CLOSE, step)


async def request_note(ctx: AppContext, event_id: int, user_id: int, outcome: Outcome) -> Answer:
    """An outcome that needs words (a reason, whom it was referred to, the original #): ask for them."""

    async def step(c: Connection, ev: Event) -> Answer:
        await notifications.set_input(c, user_id, ev.id, outcome.value, ctx.now())
        lang = await notify.user_language(ctx, c, user_id)
        await notify.send(
            ctx,
            c,
            user_id,
            t(lang, f"ask.note.{outcome.value}", id=ev.id),
            purpose=Purpose.ASK_NOTE,
            event_id=ev.id,  # a reply to the question names the event (several may be asked at once)
            extra={"reply_markup": {"force_reply": True, "input_field_placeholder": plain(lang, "ask.placeholder")}},
        )
        return Answer("cb.type_note")

    return await _on_event(ctx, event_id, user_id, Act.CLOSE, lifecycle.CLOSE, step)


async def close(ctx: AppContext, event_id: int, user_id: int, outcome: Outcome, note: str | None = None) -> Answer:
    """Close the event with an outcome; the group and the reporter are told."""
    async with ctx.db.tx() as c:
        ev = await close_in(ctx, c, event_id, user_id, outcome, note)
    return closed(ev)


def closed(ev: Event | Answer) -> Answer:
    """What the worker is told of a close: "closed", or the refusal."""
    return ev if isinstance(ev, Answer) else Answer("cb.closed", values=(("id", ev.id),))


async def close_in(
    ctx: AppContext,
    c: Connection,
    event_id: int,
    user_id: int,
    outcome: Outcome,
    note: str | None,
    ask_photo: bool = False,
    move: Transition = lifecycle.CLOSE,  # SETTLE: an admin's close of a waiting event, with no worker left on it
) -> Event | Answer:
    """`close` inside a transaction the caller holds: the closed event, or the refusal.

    ask_photo: the closer's DM, edited to say it is closed, also asks for the "after" photo (with Skip).
    """
    now = ctx.now()
    ev = await _load(ctx, c, event_id, user_id, Act.CLOSE)
    if isinstance(ev, Answer):
        return ev
    told = f"reporter.closed.{outcome.value}"
    if outcome is Outcome.NOTHING_FOUND and surveys.reopened_enough(ev):  # her "still there" goes to the committee
        told = "reporter.closed.nothing_found_held"
    first: Event | None = None  # a duplicate's original
    if outcome is Outcome.DUPLICATE:
        original = lifecycle.parse_event_number(note or "")
        first = await events.get(c, original) if original is not None and original != event_id else None
        if first is None:
            return Answer("close.bad_duplicate", True, retry=True)
        if await duplicates.leading_to(c, [first.id], via=event_id):  # #2 was closed as a duplicate of this one
            return Answer("close.duplicate_loop", True, (("id", original), ("this", event_id)), retry=True)
        note = f"#{original}"
        first = await duplicates.handled_under(c, first, {event_id})  # #2 is itself a duplicate of #1: #1
        if not lifecycle.is_open(first.status):  # not "will be handled in #1": #1 is done
            told = "reporter.closed.duplicate_done"
    waiting = {} if Status.ACCEPTED in move.src else {"assignee_id": None}  # an admin's: nobody worked on it
    ev = await events.transition(c, event_id, move, closed_at=now, outcome=outcome, outcome_note=note, **waiting)
    if ev is None:
        return Answer("cb.already_done", True)
    await events.log(c, event_id, now, "closed", user_id, f"{outcome.value}: {note}" if note else outcome.value)
    if first is not None:  # its reporters are told and asked with the original
        await _join_original(ctx, c, ev, first)
    await notify.refresh_ack(ctx, c, ev)
    photo_from = user_id if ask_photo else None
    edited = await notify.edit_worker_dms(ctx, c, ev, "dm.state.closed", photo_from=photo_from)
    if ask_photo and user_id not in edited:  # no DM of theirs about it (an admin closing): a message of its own
        await photo_question.ask(ctx, c, ev, user_id)
    await chase.on_closed(ctx, c, ev)
    await withdrawal.spent(ctx, c, ev)  # her "sent by mistake" note's button, had she taken it back
    if outcome is Outcome.CANNOT_FIX:  # the committee's to arrange: told why, with Reopen
        await committee_news.cannot_fix(ctx, c, ev)
    else:
        await committee_news.settled(ctx, c, ev, "committee.settled.closed")
    await points.on_closed(ctx, c, ev, user_id)
    await false_alarms.on_closed(ctx, c, ev)  # the committee told when "nothing found" keeps coming from one person
    lang = await notify.user_language(ctx, c, ev.reporter_id)
    # A reporter who never started the bot reads the outcome in the edited acknowledgement, and the survey
    # (asked in the group, naming them) follows: no third group message. Without a survey, they are told.
    surveyed = bool(escalation.close_timers(outcome, now, 1, chase.policy(ctx.settings)))
    await notify.tell_reporter(
        ctx,
        c,
        ev,
        told,
        in_group=not surveyed or ev.chat_id > 0,
        note=f"#{first.id}" if first is not None else note or "",
        outcome=messages.outcome_label(lang, outcome),
    )
    return ev


async def _join_original(ctx: AppContext, c: Connection, duplicate: Event, original: Event) -> None:
    """An event closed as a duplicate: its reports (its own and those merged into it) join the original, whose
    reporters are told its outcome and asked the satisfaction question, as "handled under #1" promised them.

    Someone who reported both is asked once (a question per person); an anonymous reporter is asked privately,
    as any private reporter, and the console names them to admins only (``reporters.anonymous_users``)."""
    if all(r.merged for r in await reporters.for_event(c, original.id)):  # older than event_reporters: its own
        await reporters.add(
            c,
            original.id,
            original.reporter_id,
            original.reporter_name,
            original.chat_id,
            original.message_id,
            original.text,
            original.created_at,
        )
    if not await reporters.move(c, duplicate.id, original.id):  # older too: its report from the event itself
        await reporters.add(
            c,
            original.id,
            duplicate.reporter_id,
            duplicate.reporter_name,
            duplicate.chat_id,
            duplicate.message_id,
            duplicate.text,
            duplicate.created_at,
            merged=True,
            moved_from=duplicate.id,
        )
    if lifecycle.is_open(original.status):  # the workers' messages show the count
        await notify.edit_worker_dms(ctx, c, original, None, keep_accept=True)


async def note_received(ctx: AppContext, user_id: int, text: str, reply_to: int | None = None) -> Answer | None:
    """A worker typed the words a close asked for (under ``reply_to``: see take_pending); None when nothing was asked.
    Taken and closed in one transaction: a crash between them would lose the words and leave the event open."""
    async with ctx.db.tx() as c:
        pending = await photo_question.take_pending(ctx, c, user_id, reply_to=reply_to)
        if pending is None or photo_question.lapsed(ctx, pending):  # "it lapsed: tap the outcome again", or None
            return await photo_question.lapse(ctx, c, pending, user_id, text, reply_to)
        if await photo_question.a_danger_instead(
            ctx, c, pending, user_id, text, reply_to
        ) or await photo_question.a_new_card_instead(c, pending, user_id, text, reply_to):  # the question waits on
            await notifications.set_input(c, user_id, pending.event_id, pending.kind, pending.asked_at)
            return None
        if pending.kind == photo_question.AFTER_INPUT:  # asked for a photo, got words
            await photo_question.done(ctx, c, pending.event_id, user_id)
            return Answer("after.skipped", values=(("id", pending.event_id),))
        event_id, kind = pending.event_id, pending.kind
        if worker_words.cancels(text):  # "取消", "算了，先不关": not the reason, told to her as "原因：取消"
            return Answer("worker_words.close_taken_back", values=(("id", event_id),))
        if not followup.has_words(text):  # "👍": no reason to tell her; the question waits on
            await notifications.set_input(c, user_id, event_id, kind, pending.asked_at)
            return Answer("worker_words.note_needs_words", values=(("id", event_id),), retry=True)
        answer = closed(await close_in(ctx, c, event_id, user_id, Outcome(kind), text.strip()[:500]))
        if answer.retry:  # "#N" that is no event: the question stays
            await notifications.set_input(c, user_id, event_id, kind, ctx.now())
        return answer


async def pass_on(
    ctx: AppContext, c: Connection, ev: Event, exclude: Collection[int], fallback: bool = False
) -> tuple[Event | None, Worker | None]:
    """An open event back to waiting, with the next worker on duty for it but those excluded (``fallback``: or
    one of them when only they are on duty), or with nobody: the event as it is now (None: it changed meanwhile)
    and who has it."""
    now = ctx.now()
    overrides = await people.adjustments(c, now)
    nxt = routing.next_assignee(ctx.community, ev.category, ev.grid_id, now, overrides, exclude, fallback)
    moved = await events.transition(
        c,
        ev.id,
        lifecycle.HAND_BACK.since(ev.status),
        assignee_id=nxt.telegram_id if nxt else None,
        expect_assignee=ev.assignee_id,
        accepted_at=None,
    )
    return moved, nxt


async def hand_back(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """The worker gives the event back: it goes to the next worker on duty, else the committee."""
    now = ctx.now()

    async def step(c: Connection, ev: Event) -> Answer:
        # not back to whoever had it (an admin may hand back someone else's event), nor to who gave it up
        excluded = {x for x in (user_id, ev.assignee_id, *await events.handed_back_by(c, ev.id)) if x is not None}
        was_accepted = ev.status is Status.ACCEPTED
        moved, nxt = await pass_on(ctx, c, ev, excluded)
        if moved is None:
            return Answer("cb.already_done", True)
        await events.log(c, ev.id, now, "handed_back", user_id, str(user_id))
        await notifications.drop_input(c, user_id, ev.id)
        await chase.on_handed_back(ctx, c, moved, was_accepted)
        if nxt:
            await events.log(c, ev.id, now, "dispatched", None, str(nxt.telegram_id))
            key = f"handback{len(excluded)}"
            await notify.worker_dm(ctx, c, moved, nxt.telegram_id, key, "dm.step.handed_back", anew=True)
        elif not await chase.handed_back_by_all(ctx, c, moved):  # a red: told so, and paged
            worker = await notify.display_name(ctx, c, user_id)
            await notify.committee(ctx, c, "committee.handed_back", ev.id, id=ev.id, worker=worker, arrange=moved)
        await notify.refresh_ack(ctx, c, moved)
        await notify.edit_worker_dms(ctx, c, moved, "dm.state.handed_back_to" if nxt else "dm.state.handed_back")
        return Answer("cb.handed_back", values=(("id", ev.id),))

    return await _on_event(ctx, event_id, user_id, Act.HAND_BACK, lifecycle.HAND_BACK, step)
