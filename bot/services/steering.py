"""Admins steering an event from the console: reassign it, correct its category or colour, close it.

Each is one transaction that logs the change and queues the same messages the chat buttons do: the
worker's DM, the group's acknowledgement and the committee. A correction of the reader is also kept
as a labelled example for its training data (storage/corrections.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, permissions, routing
from bot.core.purpose import Purpose
from bot.core.timeutil import to_epoch
from bot.core.types import Category, Event, Outcome, Status, Urgency
from bot.render import messages
from bot.render.i18n import Html, join, t
from bot.services import chase, committee_news, list_buttons, night_notes, notify, rerouting, workflow
from storage import corrections, events, outbox, people

log = logging.getLogger(__name__)
NOTE_NEEDED = (Outcome.CANNOT_FIX, Outcome.REFERRED, Outcome.DUPLICATE)


@dataclass(frozen=True, slots=True)
class Done:
    """How a change went: a locale key (console.ok.* or console.err.*) and its values."""

    ok: bool
    key: str
    values: dict = field(default_factory=dict)


UNCHECKED = object()  # no shown value given (a caller that is not a page): nothing to compare


def _refused(key: str) -> Done:
    return Done(False, f"console.err.{key}")


def _gate(ctx: AppContext, user_id: int, ev, vouched: bool = False) -> Done | None:  # noqa: ANN001 - an Event or None
    """A change refused: no such event, not an admin (``vouched``: the caller let a committee chat member press), or
    the event closed."""
    if ev is None:
        return _refused("not_found")
    if not vouched and not permissions.may_steer(permissions.role(ctx.community, user_id)):
        log.warning("console: user %s may not change #%s", user_id, ev.id)
        return _refused("forbidden")
    if not lifecycle.is_open(ev.status):
        return _refused("closed")
    return None


async def reassign(
    ctx: AppContext,
    user_id: int,
    event_id: int,
    worker_id: int,
    shown_assignee: int | None | object = UNCHECKED,
    waiting_only: bool = False,
    admin_name: str = "",
    from_note: bool = False,
    card_at: datetime | None = None,
    instructed: bool = False,
) -> Done:
    """Give the event to another worker: it waits for their Accept, as after a hand-back.

    shown_assignee: whom the admin's page showed it with (None: nobody); when someone else changed that
    meanwhile, refused as changed, not silently put over their choice. ``waiting_only``: an accepted event is
    refused ("taken"), as from a committee note's button, written while nobody had taken it. ``admin_name``: the
    admin's Telegram name, for one the bot knows only by id. ``from_note``: a committee note's button, not the console
    (who may press it was checked: ``arranging.assign_from_note``). ``card_at``: a waiting event's card waits for
    then (a night instruction for the morning), and it is chased from then; ``instructed``: given by words in the
    committee chat (``instructions``), which answers them itself.
    """
    now = ctx.now()
    target = ctx.community.worker(worker_id)
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if (refused := _gate(ctx, user_id, ev, vouched=from_note)) is not None:
            return refused
        assert ev is not None
        if target is None:
            return _refused("no_worker")
        if shown_assignee is not UNCHECKED and shown_assignee != ev.assignee_id:
            return _refused("changed")
        if ev.assignee_id == worker_id and ev.status is Status.DISPATCHED:
            return _refused("same")
        if waiting_only and ev.status is not Status.DISPATCHED:
            return _refused("taken")
        was_accepted = ev.status is Status.ACCEPTED
        had_it = ev.assignee_id if was_accepted and ev.assignee_id not in (worker_id, user_id) else None
        ev = await events.transition(
            c,
            event_id,
            lifecycle.REASSIGN.since(ev.status),
            assignee_id=worker_id,
            expect_assignee=ev.assignee_id,
            accepted_at=None,
        )
        if ev is None:
            return _refused("changed")
        await events.log(c, event_id, now, "reassigned", user_id, str(worker_id))
        await night_notes.settled(ctx, c, ev, worker_id)
        await list_buttons.moved_on(ctx, c, ev)
        on = routing.on_duty(ctx.community, ev.category, ev.grid_id, now, await people.adjustments(c, now))
        if worker_id not in {w.telegram_id for w in on.everyone}:  # kept for them at shift changes (still chased)
            await events.log(c, event_id, now, permissions.CHOSEN_OFF_DUTY, user_id, str(worker_id))
        if card_at is not None and not was_accepted:  # his card and its chasing wait for his shift
            await chase.held_for(ctx, c, ev, worker_id, card_at)
        else:
            await chase.on_handed_back(ctx, c, ev, was_accepted)
            await notify.worker_dm(ctx, c, ev, worker_id, f"re{to_epoch(now)}", "dm.step.reassigned", anew=True)
        await notify.edit_worker_dms(ctx, c, ev, "dm.state.reassigned")
        await notify.refresh_ack(ctx, c, ev)
        admin = await notify.actor_name(ctx, c, user_id, admin_name)
        if had_it is not None:  # his accepted job: a message of its own (an edit of his card rings no phone)
            lang = await notify.user_language(ctx, c, had_it)
            text = t(lang, "dm.reassigned_away", id=event_id, admin=admin, worker=target.name)
            await notify.send(ctx, c, had_it, text, purpose=Purpose.MOVED_FOR_WORKER, event_id=event_id)
        key = "committee.assigned" if from_note else "committee.reassigned"
        if not instructed:  # an instruction in the chat is answered under its words (``instructions``)
            await notify.committee(ctx, c, key, event_id, id=event_id, worker=target.name, admin=admin)
    return Done(True, "console.ok.reassigned", {"id": event_id, "worker": target.name})


def _valid(category: str | None, urgency: str | None) -> bool:
    return (category is None or category in Category.__members__.values()) and (
        urgency is None or urgency in Urgency.__members__.values()
    )


async def correct(
    ctx: AppContext,
    user_id: int,
    event_id: int,
    category: str | None = None,
    urgency: str | None = None,
    shown: tuple[str, str] | None = None,
    note: str | None = None,
) -> Done:
    """Change an open event's category and/or colour; each change is logged and kept as a training example.

    shown: the (category, urgency) the admin's page showed; when either is no longer the event's (another
    admin corrected it meanwhile), refused as changed, so a stale page never puts back what it showed. note: the
    admin's words with it, which a worker told of a raised colour reads under their name.
    """
    if not _valid(category, urgency) or (shown is not None and not _valid(*shown)):
        return _refused("bad_value")
    now = ctx.now()
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if (refused := _gate(ctx, user_id, ev)) is not None:
            return refused
        assert ev is not None
        if shown is not None and shown != (ev.category.value, ev.urgency.value):
            return _refused("changed")
        changes = [
            (f, old, new)
            for f, old, new in (("category", ev.category.value, category), ("urgency", ev.urgency.value, urgency))
            if new and new != old
        ]
        if not changes:
            return _refused("same")
        before = ev
        for column, old, new in changes:
            if not await events.correct(c, event_id, column, old, new):
                return _refused("changed")
            await events.log(c, event_id, now, "corrected", user_id, f"{column}:{old}>{new}")
            await corrections.add(c, event_id, column, old, new, ev.text, user_id, to_epoch(now))
        if why := (note or "").strip():  # the admin's words with it, in its history (its console page), as told
            await events.log(c, event_id, now, "correction_note", user_id, why)
        ev = await events.get(c, event_id)
        assert ev is not None
        # waiting, of a kind other desks take (sanitation corrected to repair): where a new report of it would go
        moved = await rerouting.to_its_desk(ctx, c, before, ev)
        ev = moved or ev
        recoloured = next((Urgency(old) for col, old, _ in changes if col == "urgency"), None)
        told = False
        admin = await notify.display_name(ctx, c, user_id) or str(user_id)
        if recoloured is not None and ev.urgency.rank > recoloured.rank:
            # raised, waiting or accepted (its worker keeps it): what the new colour does at once, and its timers;
            # its worker told who raised it, and why when they said
            told = await chase.on_urgency_raised(ctx, c, ev, by=chase.Raiser(admin, note))
        elif recoloured is not None:
            await chase.on_urgency_lowered(ctx, c, ev)  # the new colour's waiting or fix-by timers
        if not told:
            await rerouting.alert_teams(ctx, c, before, ev)  # the teams the new reading alerts
        await notify.refresh_ack(ctx, c, ev)
        if moved is None:  # a move edited them already, saying where it went
            await notify.edit_worker_dms(ctx, c, ev, None, keep_accept=True)
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        what = join((_change_text(lang, col, old, new) for col, old, new in changes), ", ")
        await notify.committee(ctx, c, "committee.corrected", event_id, id=event_id, admin=admin, what=what)
    return Done(True, "console.ok.corrected", {"id": event_id})


def _change_text(lang: str, column: str, old: str, new: str) -> Html:
    return join([t(lang, f"{column}.{old}"), t(lang, f"{column}.{new}")], " → ")


async def close(
    ctx: AppContext,
    user_id: int,
    event_id: int,
    outcome: str,
    note: str | None,
    shown: tuple[str, int | None] | None | object = UNCHECKED,
) -> Done:
    """Close an open event with an outcome: an accepted one as the worker's Close button does; a waiting one
    (nobody accepted it: a duplicate, a problem gone by itself) with nobody on it, its chasing stopped and the cards
    sent about it edited to say it is closed. When the admin is not the worker on it, the worker (of an accepted
    one) and the committee are told who closed it (the group's acknowledgement names the committee:
    notify.ack_content).

    shown: the (status, assignee) the admin's page showed; when the event is no longer so (another admin gave it to
    someone else, a worker accepted it meanwhile), refused as changed, as a reassignment or correction is; None
    (a page that did not say), refused the same way.
    """
    try:
        result = Outcome(outcome)
    except ValueError:
        return _refused("bad_value")
    note = (note or "").strip()[:500] or None
    if result in NOTE_NEEDED and not note:
        return _refused("note_needed")
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if (refused := _gate(ctx, user_id, ev)) is not None:
            return refused
        assert ev is not None
        if shown is not UNCHECKED and shown != (ev.status.value, ev.assignee_id):  # None too
            return _refused("changed")
        was_accepted = ev.status is Status.ACCEPTED
        move = lifecycle.CLOSE if was_accepted else lifecycle.SETTLE.since(ev.status)
        closed = await workflow.close_in(ctx, c, event_id, user_id, result, note, move=move)
        if isinstance(closed, Event):
            await _tell_closed(ctx, c, closed, user_id, result, ev.assignee_id if was_accepted else None)
    answer = workflow.closed(closed)
    if answer.alert:
        return _refused("bad_duplicate" if answer.retry else "changed")
    return Done(True, "console.ok.closed", {"id": event_id})


async def _tell_closed(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, outcome: Outcome, worker: int | None
) -> None:
    """The worker whose accepted job it was hears, in a message of its own, that the committee closed it; the
    committee hears who closed it (not when the admin closed their own job)."""
    if worker == user_id:
        return
    admin = await notify.display_name(ctx, c, user_id) or str(user_id)
    if worker is not None:
        lang = await notify.user_language(ctx, c, worker)
        text = t(lang, "dm.closed_by_committee", id=ev.id, admin=admin, outcome=messages.outcome_label(lang, outcome))
        await notify.send(ctx, c, worker, text, purpose=Purpose.CLOSED_FOR_WORKER, event_id=ev.id)
    latest = await outbox.latest_of_chat(c, ev.id, Purpose.COMMITTEE, ctx.committee_chat_id)
    if latest is not None and (latest[1] or "").startswith(committee_news.KEY):  # told it under its alert already
        return
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    label = messages.outcome_label(lang, outcome)
    await notify.committee(ctx, c, "committee.closed", ev.id, id=ev.id, admin=admin, outcome=label)
