"""The daily brief of open events for every worker on duty, and the shift hand-off notice.

Over 300 lines: the brief and the hand-offs of a shift boundary fire together at a shift's start, and each reads
what the other sent (a card handed on is not listed in the brief beside it), so they are kept side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import escalation, handoff, lifecycle, permissions, roster, routing
from bot.core.escalation import Policy
from bot.core.purpose import Purpose
from bot.core.roster import Adjustment
from bot.core.types import Event, Status, Urgency
from bot.render import messages
from bot.render.fit import fit, names
from bot.render.i18n import Html, join, t
from bot.services import chase, list_buttons, night_notes, notify, nudges
from storage import events, outbox, people, timers

BRIEF_MAX = 40  # events in a brief, each with its '#12' button (within Telegram's 100)
IDS_SHOWN = 50  # event numbers listed in the committee's hand-off notice
# the steps of a card that brings an event to its worker (a new one, a hand-off's, a shift start's): not a reminder
ARRIVING = (notify.DISPATCH, "handoff:", "stranded:", "waiting:")
BRIEF_AHEAD = timedelta(hours=4)  # a worker whose shift starts this soon after the morning brief gets it too


def event_line(ctx: AppContext, lang: str, ev: Event) -> Html:
    """'🟢 #12 Repairs · Bldg 3 · In progress · 11-23 14:05' (overdue marked)."""
    parts = [
        join((f"{messages.URGENCY_ICON[ev.urgency]} #{ev.id}", t(lang, f"category.{ev.category.value}")), " "),
        messages.location_label(lang, ev),
        t(lang, f"state.{ev.status.value}"),
        messages.local_time(ev.created_at, ctx.community.tz),
    ]
    if ev.status is Status.ACCEPTED and ev.due_at is not None and ev.due_at <= ctx.now():
        parts[-1] = join((parts[-1], t(lang, "brief.overdue")), " ")
    return join(parts, " · ")


def _text(ctx: AppContext, lang: str, head: str, evs: list[Event]) -> Html:
    """A head line and the events, as many as fit (at most BRIEF_MAX), then "…and N more; send /my"."""
    return fit(lang, [head], [event_line(ctx, lang, ev) for ev in evs], most=BRIEF_MAX, more_key="brief.more")


async def daily(ctx: AppContext, c: aiosqlite.Connection, timer_id: int) -> int:
    """Every worker on duty now, or coming on within BRIEF_AHEAD, gets their open events, oldest first; returns how
    many were sent. (Day-in-the-life review: with shifts from 08:30 and the brief at 08:00, no day worker ever had
    one.)"""
    now = ctx.now()
    overrides = await people.adjustments(c, now)
    soon = [b for b in roster.shift_boundaries(ctx.community, now, now + BRIEF_AHEAD, overrides) if b > now]
    on_duty: dict[int, bool] = {}  # each worker: on duty now (else: coming on soon, told only of what they hold)
    for at in (now, *soon):
        for desk in ctx.community.desk_ids:
            for w in roster.on_duty(ctx.community, desk, at, overrides).everyone:
                on_duty.setdefault(w.telegram_id, at == now)
    sent = 0
    for worker_id in on_duty:
        person = await people.person(c, worker_id)
        if person is not None and person.blocked:  # refused with 403 before, every morning (robustness review):
            continue  # the committee was told of them; a /start or an unblock makes them reachable again
        lang = await notify.user_language(ctx, c, worker_id)
        evs = await events.open_for(c, worker_id)
        carded = await _carded_now(ctx, c, worker_id, evs)
        if carded and len(carded) == len(evs):  # their cards, this moment, say it all (not a list of them beside)
            continue
        evs = [ev for ev in evs if ev.id not in carded]
        if not evs and not on_duty[worker_id]:  # their shift's hand-off, due soon, says what comes to them
            continue
        head = t(lang, "brief.head", n=len(evs)) if evs else t(lang, "brief.none")
        head = join((head, t(lang, "brief.carded")), "\n") if carded else head
        listed = [ev.id for ev in evs[:BRIEF_MAX]]  # each a '#12' that sends its message again, with its buttons
        await notify.send(
            ctx,
            c,
            worker_id,
            _text(ctx, lang, join((head, t(lang, "list.tap_show")), "\n") if evs else head, evs),
            purpose=Purpose.BRIEF,
            markup=messages.show_keyboard(lang, listed) if listed else None,
            dedup_key=f"brief:{timer_id}:{worker_id}",
        )
        sent += 1
    return sent


async def _carded_now(ctx: AppContext, c: aiosqlite.Connection, worker_id: int, evs: list[Event]) -> set[int]:
    """Those of a worker's open events whose card comes to them as the brief does, bringing it to them: queued in
    the last FIRST_WINDOW_S (a night's report handed to them at the shift start, a new report's card), or held for now
    (given to them in the night: ``chase.held_for``); not a reminder of one they had. The brief lists them no more:
    a morning brought the card and the brief's line of one event within a second (worker day review 59). Nor those a
    hand-off gave them in that while: past their first few cards, its notice's '#N' brought them (a shift start's
    notice of five, then the brief listing its last two again: worker day review 60)."""
    now = ctx.now()
    since = now - timedelta(seconds=escalation.FIRST_WINDOW_S)
    held = await timers.held_cards(c, worker_id, now + timedelta(seconds=chase.policy(ctx.settings).gather_s))
    ids = [ev.id for ev in evs]
    handed = await events.handed_to(c, worker_id, ids, since)
    return (await outbox.carded(c, worker_id, ids, since, steps=ARRIVING) | held | handed) & set(ids)


async def handoff_at(
    ctx: AppContext,
    c: aiosqlite.Connection,
    at: datetime,
    timer_id: int | str,
    before: tuple[datetime, Sequence[Adjustment]] | None = None,
) -> int:
    """At a shift boundary: unaccepted events move to the worker coming on duty, who gets a notice.

    ``timer_id``: what makes its messages once-only (the timer's id, or a roster change's key); ``before``: see
    ``handoff.plan``.
    """
    now = ctx.now()
    policy = chase.policy(ctx.settings)
    open_events = await events.open_all(c)
    overrides = await people.adjustments(c, at)
    # who moved each waiting event where, read once: who handed it back, whether an admin chose its worker
    history = {ev.id: await events.assignment_history(c, ev.id) for ev in open_events if ev.status is Status.DISPATCHED}
    handed_back = {i: back for i, h in history.items() if (back := permissions.handed_back(h))}
    plans = handoff.plan(ctx.community, at, open_events, overrides, before or await marks_before(c, at), handed_back)
    overflow: list[nudges.Nudge] = []  # moved events past a notice's buttons: one list per worker of them
    # each incoming worker's cards of the last FIRST_WINDOW_S, this pass's too: two hand-offs to her at once (two
    # grids' shifts ending together) bring her first few cards in all, not each its own few
    given: dict[int, int] = {}
    # one notice per worker going off and the one coming on: a worker on two desks (two grids) hands each off to the
    # same worker, who read two "1 个未办结事件" notices at once (worker day review 59); one lists all
    notices: dict[tuple[int, int | None], tuple[list[handoff.Handoff], list[int]]] = {}
    for h in plans:
        parts, listed = notices.setdefault((h.from_worker, h.to_worker), ([], []))  # listed: cards behind a '#N'
        parts.append(h)
        for event_id in h.move if h.to_worker is not None else ():
            ev = await events.transition(
                c, event_id, lifecycle.HAND_OFF, assignee_id=h.to_worker, expect_assignee=h.from_worker
            )
            if ev is None:
                continue
            await events.log(c, event_id, now, "handed_off", None, f"{h.from_worker}>{h.to_worker}")
            await notify.edit_worker_dms(ctx, c, ev, "dm.state.handed_off")  # before the new DM exists
            card = nudges.new_card(ctx, c, ev, h.to_worker, f"handoff:{timer_id}", "dm.step.handoff", anew=True)
            if await _card_now(ctx, c, given, ev, h.to_worker, policy):
                await card.alone()
            elif len(listed) < nudges.LIST_MOST:
                listed.append(ev.id)
            else:
                overflow.append(card)
            await notify.refresh_ack(ctx, c, ev)
            await chase.with_new_worker(ctx, c, ev)
    was = {ev.id: ev for ev in open_events}
    for (off, to), (parts, listed) in notices.items():
        every, moved = sorted(i for p in parts for i in p.events), [i for p in parts for i in p.move]
        h = replace(parts[0], events=tuple(every), move=tuple(moved))
        off_name = await notify.display_name(ctx, c, off)
        dedup = f"ho:{timer_id}:{off}:{to}:{h.events[0]}" if to is not None else f"ho:{timer_id}:{off}:{h.events[0]}"
        if to is None:
            await _nobody_came(ctx, c, h, was, off_name, dedup)
        else:
            await _notice(ctx, c, h, off_name, listed, dedup)
    await _kept(ctx, c, plans, was, timer_id)
    await nudges.tell(ctx, c, overflow, f"handoff:{timer_id}")
    moved = {i for h in plans for i in h.move}
    waiting = []
    left = [e for e in open_events if e.id not in moved]
    for ev in handoff.stranded(ctx.community, at, left, overrides):
        if permissions.chosen_by_admin(history.get(ev.id, ())):  # chose someone off duty: kept for them, chased
            await chase.keep_chasing(ctx, c, ev)
        else:
            waiting.append(ev)
    await _dispatch_stranded(ctx, c, at, timer_id, waiting, overrides, handed_back, policy, given)
    return len(plans)


async def _nobody_came(
    ctx: AppContext, c: aiosqlite.Connection, h: handoff.Handoff, was: dict[int, Event], off_name: str, dedup: str
) -> None:
    """A worker went off duty with nobody coming on: the committee is asked to arrange the events of his nobody has
    accepted; those he accepted stay his (``_kept`` tells him so), counted in a line, not asked for (pages review 61:
    "未办结事件：#1，请居委会安排" at 23:00 of a repair he had accepted at 22:24 and would finish); none waiting, no
    note."""
    waiting = [i for i in h.events if was[i].status is Status.DISPATCHED]
    if not waiting:
        return
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    ids = names(lang, [f"#{i}" for i in waiting], IDS_SHOWN)
    kept = sum(was[i].status is Status.ACCEPTED for i in h.events)  # as ``_kept`` counts them
    also = [("committee.handoff_nobody_kept", {"n": kept, "worker": off_name})] if kept else []
    key = "committee.handoff_nobody"
    await notify.committee(ctx, c, key, None, dedup_key=dedup, also=also, worker=off_name, ids=ids)


async def _notice(
    ctx: AppContext, c: aiosqlite.Connection, h: handoff.Handoff, off_name: str, listed: list[int], dedup: str
) -> None:
    """The incoming worker's hand-off notice: the off-going worker's open events, and a '#N' button for each
    moved one whose card was not sent (``listed``)."""
    assert h.to_worker is not None
    lang = await notify.user_language(ctx, c, h.to_worker)
    evs = [ev for i in h.events if (ev := await events.get(c, i)) is not None]
    key = "handoff.notice" if h.move else "handoff.notice_none"  # never "0 of them moved to you"
    head = t(lang, key, worker=off_name, n=len(evs), moved=len(h.move))
    if listed:
        head = join((head, t(lang, "handoff.tap_for_card")), "\n")
    await notify.send(
        ctx,
        c,
        h.to_worker,
        _text(ctx, lang, head, evs),
        # listing events whose card waits, it is a list, which delivery treats as their cards (sent: they are
        # notified; undeliverable: each one's fallback)
        purpose=Purpose.NUDGE_LIST if listed else Purpose.HANDOFF,
        markup=messages.show_keyboard(lang, listed) if listed else None,
        dedup_key=dedup,
        meta=outbox.Meta(events=listed) if listed else None,
    )


async def _kept(
    ctx: AppContext, c: aiosqlite.Connection, plans: list[handoff.Handoff], was: dict[int, Event], key: int | str
) -> None:
    """Each worker going off duty is told, in one message, the events he accepted and has not closed: they stay his
    (only waiting ones change hands; his fix-by reminder still comes, and the committee is told once one is overdue,
    as ``escalation`` has it). Nothing told him so at his shift's end (worker day review 59)."""
    kept: dict[int, list[Event]] = {}
    for h in plans:
        kept.setdefault(h.from_worker, []).extend(was[i] for i in h.events if was[i].status is Status.ACCEPTED)
    for worker_id, evs in kept.items():
        if not evs:
            continue
        lang = await notify.user_language(ctx, c, worker_id)
        head = join((t(lang, "handoff.kept", n=len(evs)), t(lang, "list.tap_show")), "\n")
        await notify.send(
            ctx,
            c,
            worker_id,
            _text(ctx, lang, head, evs),
            purpose=Purpose.HANDOFF,
            markup=messages.show_keyboard(lang, [ev.id for ev in evs[:BRIEF_MAX]]),
            dedup_key=f"ho_kept:{key}:{worker_id}",
        )


async def marks_before(c: aiosqlite.Connection, boundary: datetime) -> tuple[datetime, list[Adjustment]]:
    """The instant just before a boundary and the marks in force then (one running out at the boundary is not
    in force at it): ``handoff.plan``'s "before"."""
    just_before = boundary - timedelta(seconds=1)
    return just_before, await people.adjustments(c, just_before)


async def _dispatch_stranded(
    ctx: AppContext,
    c: aiosqlite.Connection,
    at: datetime,
    key: int | str,
    waiting: list[Event],
    overrides: Sequence[Adjustment],
    handed_back: Mapping[int, frozenset[int]],
    policy: Policy,
    given: dict[int, int],
) -> None:
    """Waiting events no one on duty holds (``handoff.stranded``) go to whoever is on duty now, and are chased
    from now on (their reminders may have run out while they waited). ``handed_back``: who gave each up;
    ``given``: each worker's cards lately (``_card_now``)."""
    now = ctx.now()
    held: list[nudges.Nudge] = []  # past a worker's first few cards: one list of them (nudges.NEW)
    # those that came with nobody on duty: the committee's morning list, when one of them had a note (greens alone
    # wait unannounced, and are not told the committee in the morning either)
    handed: list[tuple[Event, int]] = []
    listed = False
    for ev in waiting:
        # not back to who handed it back, unless it must go away from someone off duty and only they are on duty
        gave_up, away = handed_back.get(ev.id, frozenset()), ev.assignee_id is not None
        worker = routing.next_assignee(ctx.community, ev.category, ev.grid_id, at, overrides, gave_up, fallback=away)
        if worker is None:  # nobody came: chased from now if its shift came empty (``chase.nobody_came``)
            await chase.nobody_came(ctx, c, ev, at)
            continue
        if worker.telegram_id == ev.assignee_id:
            continue
        moved = await events.transition(
            c, ev.id, lifecycle.HAND_OFF, assignee_id=worker.telegram_id, expect_assignee=ev.assignee_id
        )
        if moved is None:
            continue
        to = worker.telegram_id
        await list_buttons.moved_on(ctx, c, moved)
        if ev.assignee_id is None:  # nobody was on duty when it came in, or its worker gave it back to no one
            await events.log(c, ev.id, now, "dispatched", None, str(to))
            noted = await night_notes.settled(ctx, c, moved, to)  # the committee's note of it: with whom it is now
            listed = listed or noted
            if noted or not gave_up:  # a green waited unannounced: a morning list names it too (review 59)
                handed.append((moved, to))
            step, intro = f"waiting:{key}", "dm.step.handed_back" if gave_up else "dm.step.came_on_duty"
        else:  # its worker is off duty (shift over with nobody coming on then, off the rota, left)
            await events.log(c, ev.id, now, "handed_off", None, f"{ev.assignee_id}>{to}")
            await notify.edit_worker_dms(ctx, c, moved, "dm.state.handed_off")  # before the new DM exists
            step, intro = f"stranded:{key}", "dm.step.handoff"
        card = nudges.new_card(ctx, c, moved, to, step, intro, anew=True)
        if await _card_now(ctx, c, given, moved, to, policy):
            await card.alone()
        else:
            held.append(card)
        await notify.refresh_ack(ctx, c, moved)
        await chase.with_new_worker(ctx, c, moved)
    await nudges.tell(ctx, c, held, f"stranded:{key}")
    await night_notes.morning_list(ctx, c, handed if listed else [], str(key))


async def _card_now(
    ctx: AppContext, c: aiosqlite.Connection, given: dict[int, int], ev: Event, to: int, policy: Policy
) -> bool:
    """Whether an event moved to a worker comes as its card now: a red's always, and others while the worker's
    non-red cards of the last FIRST_WINDOW_S (as a storm's new events count them; read when the pass first moves
    one to them, then counted in ``given``) are fewer than ``Policy.first_cards`` (all when it is 0:
    ``first_dm_held``); else it waits for a list."""
    if to not in given:
        given[to] = await _cards_lately(ctx, c, to) if policy.first_cards > 0 else 0
    if escalation.first_dm_held(ev.urgency, given[to], policy):
        return False
    given[to] += ev.urgency is not Urgency.RED
    return True


async def _cards_lately(ctx: AppContext, c: aiosqlite.Connection, worker_id: int) -> int:
    """The cards about events not red the worker got in the last FIRST_WINDOW_S: about events opened since then
    (a storm's new ones) or that they hold (a hand-off's, a reminder's)."""
    since = ctx.now() - timedelta(seconds=escalation.FIRST_WINDOW_S)
    ids = set(await events.ids_since(c, since)) | {ev.id for ev in await events.open_for(c, worker_id)}
    return await outbox.cards_to(c, worker_id, sorted(ids), since)
