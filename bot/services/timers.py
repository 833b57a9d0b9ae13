"""Firing a timer: one transaction claims the row, re-checks the event and queues what is due.
Over 300 lines: every kind of timer fires through that one claim-and-recheck path, which a split by kind would
scatter."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import escalation, routing
from bot.core.escalation import Step, TimerKind
from bot.core.purpose import Purpose
from bot.core.roster import Adjustment
from bot.core.timeutil import to_epoch
from bot.core.types import Event, Urgency
from bot.render import messages
from bot.render.i18n import Waited, join, t
from bot.services import (
    accept_undo,
    assign_buttons,
    briefs,
    chase,
    first_dm,
    handover,
    night_notes,
    notify,
    nudges,
    pages,
    recurring,
    red_news_pick,
    surveys,
    unreachable,
)
from bot.services.on_duty import on_duty_ids
from storage import events, people, timers
from storage.timers import Timer

log = logging.getLogger(__name__)

LATE = timedelta(minutes=2)  # a hand-off row firing later than this: the bot was down over its boundary
BRIEF_LATE = timedelta(hours=3)  # a morning brief later than this is skipped


async def fire(ctx: AppContext, timer_id: int) -> Step:
    """Fire one timer at most once with effect; what it did (NOTHING if done already or moot).

    A chasing or fix-by timer (reminder, escalation, red re-ping, fix-by reminder, overdue notice) fires with the
    others of those due by now (``held_until``: it waited for those due just after it), a held first message with
    the other held first messages due by now (``escalation.gathered_with``), in the same transaction, each claimed
    once: what they owe one person is one message of each kind (``nudges.tell``); none is sent before its time."""
    now = ctx.now()
    policy = chase.policy(ctx.settings)
    async with ctx.db.tx() as c:
        timer = await timers.claim(c, timer_id, now)
        if timer is None:
            return Step.NOTHING
        together = [timer]
        if kinds := escalation.gathered_with(timer.kind):
            together += await timers.claim_due(c, kinds, now, policy.gather_most)
        owed: list[nudges.Nudge] = []
        step = Step.NOTHING
        for one in together:
            ev = await events.get(c, one.event_id) if one.event_id is not None else None
            did = escalation.decide(
                one.kind, ev.status if ev else None, (ev.reopened_count + 1) if ev else 1, one.payload
            )
            log.info("timer %s (%s, event %s): %s", one.id, one.kind, one.event_id, did)
            step = did if one is timer else step
            if did is not Step.NOTHING:
                owed += await ACTIONS[did](ctx, c, one, ev) or []
                nxt = escalation.follow_up(one.kind, now, one.payload, policy)
                if nxt is not None:
                    await timers.add(c, one.event_id, nxt, now)
        await nudges.tell(ctx, c, owed, str(timer.id))
    return step


async def held_until(ctx: AppContext, timer_id: int) -> datetime | None:
    """When a chasing timer due now fires instead: when the last of the others falling due just after it is due,
    so that a storm's reminders reported minutes apart come in one list, none early (at most ``gather_s`` after
    its own time); None: now."""
    now = ctx.now()
    async with ctx.db.read() as c:
        timer = await timers.get(c, timer_id)
        end = escalation.gather_end(timer.kind, timer.due_at, now, chase.policy(ctx.settings)) if timer else None
        return await timers.last_due(c, escalation.GATHERED_KINDS, now, end) if end is not None else None


def _nudge_worker(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int, step: str, intro: str, **kw: object
) -> nudges.Nudge:
    """The worker's message about the event with the intro ``intro`` (when it is the only one due for them)."""

    async def alone() -> None:
        lang = await notify.user_language(ctx, c, worker_id)
        await notify.worker_dm(ctx, c, ev, worker_id, step, intro_text=t(lang, intro, **kw), chaser=True)

    return nudges.Nudge(worker_id, ev, alone)


def _nudge_committee(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    key: str,
    dedup_key: str,
    kind: str = nudges.WAITING,
    **kw: object,
) -> nudges.Nudge:
    """The committee's message ``key`` about the event (when it is the only one of ``kind`` due for them)."""

    async def alone() -> None:
        await _tell_committee(ctx, c, ev, key, dedup_key, chaser=kind == nudges.WAITING, **kw)

    return nudges.Nudge(None, ev, alone, why=key.removeprefix("committee."), values=dict(kw), kind=kind)


async def _remind(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    assert ev is not None
    if ev.assignee_id is None:  # no one to remind (no shift to wait for, all handed it back): the committee is
        # (committee review 58: a yellow with no shift coming waited all night with no word before the escalation)
        key = "committee.remind_nobody"
        return [_nudge_committee(ctx, c, ev, key, f"remind_nobody:{timer.id}", waited=chase.waited(ctx, timer))]
    await events.log(c, ev.id, ctx.now(), "reminded", None, str(ev.assignee_id))
    return [
        _nudge_worker(
            ctx, c, ev, ev.assignee_id, f"remind:{timer.id}", "dm.step.reminder", waited=chase.waited(ctx, timer)
        )
    ]


async def _escalate(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    assert ev is not None
    now = ctx.now()
    minutes = chase.waited(ctx, timer)
    gave_up = await events.gave_up_by(c, ev.id)  # not those who handed it back
    others = [w for w in await on_duty_ids(ctx, c, ev.grid_id, ev.category) if w != ev.assignee_id]
    owed = [
        nudges.for_help(_nudge_worker(ctx, c, ev, w, f"esc:{timer.id}", "dm.step.escalated", waited=minutes))
        for w in await unreachable.chase_reachable(ctx, c, ev, [w for w in others if w not in gave_up])
    ]
    key = "committee.escalated" if owed else "committee.escalated_alone"  # never "the backup was pinged" untrue
    owed.append(_nudge_committee(ctx, c, ev, key, f"esc:{timer.id}", waited=minutes))
    await events.mark_escalated(c, ev.id, now)
    await events.log(c, ev.id, now, "escalated", None, None)
    return owed


async def _reping(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    assert ev is not None
    targets = await chase.reping_targets(ctx, c, ev)
    policy = chase.policy(ctx.settings)
    since = escalation.waiting_since(timer.kind, timer.due_at, timer.payload, policy)
    if not targets:  # no one left to ping (all handed it back, no one on duty, or none the bot can message)
        if await chase.unreached(ctx, c, [ev.id], since):  # its worker blocked the bot since it was given: told,
            return []  # paged
        unheard = ev.assignee_id is None or await unreachable.out_of_reach(c, ev.assignee_id)
        if unheard and (await night_notes.asking(c, ev) or await chase.paged(c, ev, since)):
            return []  # its alert (or the note that all handed it back) asks that already, buttons and all (committee
            # review 59: twice in minutes); its pages ask again (``pages``)
        await _tell_committee(ctx, c, ev, "committee.red_nobody", f"red_nobody:{ev.id}:{await notify.red_round(c, ev)}")
        return []
    n = int(timer.payload.get("n", 1))
    # the re-pings that reached someone, this one too: a night's re-pings to no one on duty are not counted to the
    # worker coming on ("第 10 次提醒" was his first)
    told = 1 + await events.logged_since(c, ev.id, "repinged", to_epoch(since))
    owed = [_nudge_worker(ctx, c, ev, w, f"reping:{timer.id}", "dm.step.reping", n=min(n, told)) for w in targets]
    # the re-pings slow down from here: the committee hears; not at the first to reach anyone after a night of none
    # (committee review 59: "已 10.5 小时无人接单，值班人员已多次提醒" beside the morning list, as he got it)
    first_heard = told == 1 and n > 1
    waited = escalation.waited_s(timer.kind, timer.due_at, timer.payload, ctx.now(), policy)
    if escalation.reping_tells_committee(n, policy) and not first_heard:
        key: str | None = "committee.red_waiting"
    elif escalation.committee_missed(n, timer.due_at, ctx.now(), waited, policy):
        key = "committee.red_waiting_late"  # the bot was down: not "pinged several times"
    else:
        key = None
    if key is not None:
        values: dict[str, object] = {"waited": chase.waited(ctx, timer)}
        if key == "committee.red_waiting" and (given := await _given_at_shift(c, ev, since)) is not None:
            key, values = "committee.red_waiting_morning", await _morning_wait(ctx, c, timer, given)
        owed.append(_nudge_committee(ctx, c, ev, key, f"red_wait:{timer.id}", **values))
    await events.log(c, ev.id, ctx.now(), "repinged", None, ",".join(map(str, targets)) or None)
    return owed


async def _given_at_shift(c: aiosqlite.Connection, ev: Event, since: datetime) -> datetime | None:
    """When a red came to a worker at a shift's start, having waited with nobody since it was reported (``since``, at
    night), or None (it had someone from the start)."""
    line = await events.last_logged(c, ev.id, "dispatched")
    return line.at if line is not None and line.actor_id is None and line.at > since else None


async def _morning_wait(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, given: datetime) -> dict[str, object]:
    """A red handed to the morning shift: when it was reported, when the shift got it and how long it has waited
    since, as the committee reads it (night review 60: "已 12 小时无人接单" counted the night the worker never had;
    "昨天 23:40 报告，08:30 交给王师傅后已 20 分钟无人接单")."""
    now, tz = ctx.now(), ctx.community.tz
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    reported = escalation.waiting_since(timer.kind, timer.due_at, timer.payload, chase.policy(ctx.settings))
    return {
        "waited": Waited(max(1, int((now - given).total_seconds()) // 60)),
        "reported": messages.past_label(lang, reported, now, tz),
        "given": messages.past_label(lang, given, now, tz),
    }


async def _tell_assignee(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, key: str, purpose: Purpose, dedup_key: str
) -> str:
    """Queue the assignee's message `key` about the event's due time; returns that time as shown."""
    assert ev.assignee_id is not None
    lang = await notify.user_language(ctx, c, ev.assignee_id)
    due = messages.local_time(ev.due_at or ctx.now(), ctx.community.tz)
    text = join((t(lang, key, id=ev.id, due=due), t(lang, "list.tap_show")))
    markup = messages.show_keyboard(lang, [ev.id])  # its card may be far up the chat: '#12' sends it again below
    await notify.send(ctx, c, ev.assignee_id, text, purpose=purpose, event_id=ev.id, dedup_key=dedup_key, markup=markup)
    return due


# notes under which the committee may give the event to someone ("send to …"): no one else to ask, the backup asked
# after nobody took it, a red still waiting after its re-pings (the committee may know who is free and near; an
# admin sees and decides, the timers chase on), or accepted work past its fix-by time (moved to another worker, its
# worker told: committee review, the note named the late worker and offered no way to act)
_ASK_TO_ARRANGE = frozenset(
    {
        "committee.escalated",
        "committee.escalated_alone",
        "committee.remind_nobody",
        "committee.red_nobody",
        "committee.red_waiting",
        "committee.red_waiting_late",
        "committee.red_waiting_morning",
        "committee.overdue",
    }
)


async def _tell_committee(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    key: str,
    dedup_key: str,
    *,
    chaser: bool = False,
    **kw: object,
) -> None:
    """The committee's message `key` about the event: its number, urgency and assignee (or "nobody"), all in
    the committee chat's language (``chaser``: that it still waits, as ``notify.committee`` says)."""
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    worker = await notify.display_name(ctx, c, ev.assignee_id) or t(lang, "duty.nobody")
    urgency = messages.urgency_label(lang, ev.urgency)
    if key == "committee.overdue" and not await assign_buttons.choices(ctx, c, ev):
        key = "committee.overdue_alone"  # one worker: no one to move it to, no button to tap (the text said tap one)
    arrange = ev if key in _ASK_TO_ARRANGE else None  # no one else to ask: the committee gives it someone
    await notify.committee(
        ctx,
        c,
        key,
        ev.id,
        dedup_key=dedup_key,
        arrange=arrange,
        chaser=chaser,
        id=ev.id,
        worker=worker,
        urgency=urgency,
        **kw,
    )


def _nudge_assignee(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, key: str, purpose: Purpose, dedup_key: str, kind: str
) -> nudges.Nudge:
    """The assignee's message ``key`` about the event's fix-by time (when it is the only one of ``kind`` due for
    them); in a list, its line says that time."""
    assert ev.assignee_id is not None

    async def alone() -> None:
        await _tell_assignee(ctx, c, ev, key, purpose, dedup_key)

    due = messages.local_time(ev.due_at or ctx.now(), ctx.community.tz)
    return nudges.Nudge(ev.assignee_id, ev, alone, why=key.removeprefix("dm."), values={"due": due}, kind=kind)


async def _due_remind(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    assert ev is not None and ev.assignee_id is not None
    if ev.due_at is not None and ctx.now() >= ev.due_at:  # late (the bot was down): the overdue timer speaks
        return []
    if (shift := await _his_shift(ctx, c, ev)) is not None:  # off shift: at its start (if still open then)
        await timers.add(c, ev.id, escalation.at_point(escalation.TimerSpec(TimerKind.DUE_REMIND, shift)), ctx.now())
        return []
    await events.log(c, ev.id, ctx.now(), "due_reminded", None, str(ev.assignee_id))
    return [_nudge_assignee(ctx, c, ev, "dm.due_soon", Purpose.DUE_REMIND, f"due:{timer.id}", nudges.DUE)]


MORNING = "morning"  # an overdue row's payload: the committee's part of a notice its worker had with nobody on duty
HIS_SHIFT = "his_shift"  # an overdue row's payload: the worker's part of a notice, kept for the start of his shift


async def _overdue(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> list[nudges.Nudge]:
    """Accepted work past its fix-by time: its worker and the committee are told; with nobody on duty for it (the
    night), the committee when the next shift starts, if it is still open then (a row of its own): a fix-by time
    passing on work someone has is no call to wake a committee member at 02:24 (night review 60; a red nobody has
    still pages them, ``pages``). Its worker, off shift, hears of a yellow or a green when his shift starts, if it is
    still open then (a row of its own), of a red at once (``_his_shift``)."""
    assert ev is not None and ev.assignee_id is not None
    now = ctx.now()
    due = messages.local_time(ev.due_at or now, ctx.community.tz)
    committee = _nudge_committee(ctx, c, ev, "committee.overdue", f"overdue_c:{timer.id}", nudges.OVERDUE, due=due)
    if timer.payload.get(MORNING):  # its worker heard at night, or hears at his shift's start
        return [committee]
    if timer.payload.get(HIS_SHIFT):  # the committee heard, or hears when the next shift starts
        return [_nudge_assignee(ctx, c, ev, "dm.overdue", Purpose.OVERDUE, f"overdue:{timer.id}", nudges.OVERDUE)]
    overrides = await people.adjustments(c, now)
    morning = routing.next_shift(ctx.community, ev.category, ev.grid_id, now, overrides)
    await events.log(c, ev.id, now, "overdue", None, None)
    owed = []
    if (shift := await _his_shift(ctx, c, ev, overrides)) is not None:
        await timers.add(
            c, ev.id, escalation.at_point(escalation.TimerSpec(TimerKind.OVERDUE, shift, {HIS_SHIFT: 1})), now
        )
    else:
        key, kind = ("dm.overdue", nudges.OVERDUE) if morning is None else ("dm.overdue_night", nudges.OVERDUE_NIGHT)
        owed.append(_nudge_assignee(ctx, c, ev, key, Purpose.OVERDUE, f"overdue:{timer.id}", kind))
    if morning is None:
        return [*owed, committee]
    await timers.add(c, ev.id, escalation.at_point(escalation.TimerSpec(TimerKind.OVERDUE, morning, {MORNING: 1})), now)
    return owed


async def _his_shift(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, overrides: Sequence[Adjustment] | None = None
) -> datetime | None:
    """When the worker on accepted work comes on duty for it, if he is off shift now and it is not a red: a fix-by
    time passing on a yellow or a green at 02:00 waits for then, a danger still open does not (pages review 61:
    "⌛ 已超过办结时限" woke him at 02:24 for a water outage he would see to in the morning). None: tell him now.
    ``overrides``: the duty marks and rota changes in force, when the caller read them (else read here, once)."""
    if ev.urgency is Urgency.RED or ev.assignee_id is None:
        return None
    now = ctx.now()
    overrides = await people.adjustments(c, now) if overrides is None else overrides
    if ev.assignee_id in await on_duty_ids(ctx, c, ev.grid_id, ev.category, overrides):
        return None
    return routing.next_on_duty(ctx.community, ev.category, ev.grid_id, ev.assignee_id, now, overrides)


async def _send_survey(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    assert ev is not None
    await surveys.send_all(ctx, c, ev, int(timer.payload.get("round", ev.reopened_count + 1)))


async def _expire_survey(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    assert ev is not None
    await surveys.expire(ctx, c, ev, int(timer.payload.get("round", 1)))


async def _brief(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    # a shift boundary at the brief's minute (08:00 both, the usual), or passed by the time it fires (a brief late
    # after a restart, firing in the same second as the 08:00 hand-off): the hand-off first, so that the brief
    # lists the events it hands over ("nothing open", then "these are yours now", read as a contradiction)
    by = max(timer.due_at, ctx.now()) + timedelta(seconds=1)
    for due in await timers.pending(c, due_before=by, kind=TimerKind.HANDOFF):
        if (handoff := await timers.claim(c, due.id, ctx.now())) is not None:
            await _handoff(ctx, c, handoff, None)
    sent = ctx.now() - timer.due_at <= BRIEF_LATE  # a "good morning" sent at night (the bot was down): not sent
    if sent:
        await briefs.daily(ctx, c, timer.id)
    await recurring.next_brief(ctx, c, max(ctx.now(), timer.due_at), today_had_one=sent)


async def _handoff(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    now = ctx.now()
    if now - timer.due_at > LATE:  # the bot was down over the boundary: who was on then, who is on now
        await briefs.handoff_at(ctx, c, now, timer.id, await briefs.marks_before(c, timer.due_at))
    else:
        await briefs.handoff_at(ctx, c, timer.due_at, timer.id)
    await recurring.next_handoff(ctx, c, max(now, timer.due_at))


# an action queues what its firing does; a chasing one returns the messages it owes instead (``nudges.tell``
# sends them: alone, or one list per person with the others due together)
Action = Callable[[AppContext, aiosqlite.Connection, Timer, Event | None], Awaitable[list[nudges.Nudge] | None]]
ACTIONS: dict[Step, Action] = {
    Step.REMIND: _remind,
    Step.ESCALATE: _escalate,
    Step.REPING: _reping,
    Step.DUE_REMIND: _due_remind,
    Step.OVERDUE: _overdue,
    Step.SEND_SURVEY: _send_survey,
    Step.EXPIRE_SURVEY: _expire_survey,
    Step.BRIEF: _brief,
    Step.HANDOFF: _handoff,
    Step.FIRST_DM: first_dm.owed,
    Step.UNDO_LAPSE: accept_undo.lapsed,
    Step.PAGE: pages.owed,
    Step.OFFICE_QUESTION: handover.held_due,
    Step.RED_WHICH: red_news_pick.unanswered,
}
