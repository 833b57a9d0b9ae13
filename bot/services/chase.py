"""Chasing an event, inside the transaction of the change that caused it: timer rows and at-once pings.

Over 300 lines: what each colour does at once, its timers, and the emergency numbers posted and withdrawn are one
policy, read in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import aiosqlite

from bot.config import Settings
from bot.context import AppContext
from bot.core import accept_undo, escalation, hazard_kinds, lateness, lifecycle, routing
from bot.core.escalation import ACCEPTED_KINDS, DISPATCH_KINDS, Policy, TimerKind, TimerSpec
from bot.core.purpose import Purpose
from bot.core.timeutil import to_epoch
from bot.core.types import Category, Event, Status, Urgency
from bot.render import fit, messages
from bot.render.i18n import Html, Waited, join, t
from bot.services import extras, night_notes, notify, teams, unreachable
from bot.services.on_duty import on_duty_ids
from storage import events, outbox, timers
from storage.timers import Timer

ADVICE_CATEGORIES = {Category.SAFETY, Category.CARE, Category.SECURITY}
# the line of a committee note saying why: a key, or a key with its values ("报告人说险情已经过去：「…」")
Why = str | tuple[str, dict[str, object]] | None
EMERGENCY_AGAIN = timedelta(minutes=10)  # the same numbers and advice are not posted again in a chat sooner


# the policy's fields a setting of the same name gives
_FROM_SETTINGS = (
    "green_remind_s",
    "green_escalate_s",
    "yellow_remind_s",
    "yellow_escalate_s",
    "red_reping_s",
    "red_page_s",
    "red_pages",
    "green_due_s",
    "yellow_due_s",
    "red_due_s",
    "due_remind_share",
    "survey_delay_s",
    "survey_expire_s",
)


def policy(settings: Settings) -> Policy:
    """The escalation policy from the settings."""
    h, m = (int(x) for x in settings.daily_brief_time.split(":"))
    same = {name: getattr(settings, name) for name in _FROM_SETTINGS}
    return Policy(**same, first_cards=settings.first_dm_cards, brief_time=time(h, m))


async def on_dispatched(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    worker_id: int | None,
    reopened: str | None = None,
    since: datetime | None = None,
) -> None:
    """An event waits to be accepted: its escalation timers, and whoever its colour pings at once (``reopened``:
    opened again, and the key of the line the committee's alert says why with, "" for none; ``since``: when its
    wait began, if it waited already)."""
    now = ctx.now()
    pol = policy(ctx.settings)
    # nobody on duty for a yellow or green one at night: it waits for the shift's hand-off, which gives it to the
    # worker coming on and chases it from then (night review: a yellow's escalation told the committee again at 30
    # minutes that nobody accepted, when nobody on duty could have been asked); a red is chased all night
    shift = await notify.shift_wait(ctx, c, ev, quiet=False) if worker_id is None else None
    if shift is None:
        await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, pol, since), now)
    act = escalation.at_once(ev.urgency)
    red = await notify.red_round(c, ev) if act.committee else ""  # read once: anyone told at once (not a green)
    others: list[int] = []
    if act.backup:  # everyone on duty but whoever handed it back (their Accept would be refused)
        gave_up = await events.gave_up_by(c, ev.id)
        others = [o for o in await on_duty_ids(ctx, c, ev.grid_id, ev.category) if o != worker_id and o not in gave_up]
    if act.committee and shift is not None:  # the one note: nobody on duty, when the shift starts
        await _night_note(ctx, c, ev, shift, red, reopened)
    elif act.committee:
        reached = await reping_targets(ctx, c, ev) if act.backup else [worker_id]  # whom a red's pings can reach
        # red with no one else on duty it can reach: never "the backup was pinged" of one the bot cannot message
        alone = act.backup and not [w for w in reached if w != worker_id]
        # never "notified (nobody)", nor "notified 王师傅" of one the bot cannot message
        suffix = "_no_one" if worker_id is None else "_unreached" if not reached else "_alone" if alone else ""
        key = f"committee.alert.{ev.urgency.value}{suffix}"
        await _alert_committee(ctx, c, ev, key, worker_id, red, reopened)
        await events.mark_escalated(c, ev.id, now)
        if not reached:  # a red no one who can act was pinged for: its alert is paged again
            if worker_id is not None:  # his, and the bot cannot message him (not: nobody on duty)
                await events.log(c, ev.id, now, notify.NOBODY_REACHED, None, f"{red}:{worker_id}")
                await notify.refresh_ack(ctx, c, ev)  # not "已通知值班人员": the committee was told
            await _first_page(c, ev, since or now, now, pol)
    pinged = {worker_id}
    for other in others:
        if other not in pinged:
            pinged.add(other)
            await notify.worker_dm(ctx, c, ev, other, f"red{red}", "dm.step.red")
    numbers = act.group_emergency_reply and reopened is None
    await _reach_out(ctx, c, ev, pinged, red, act.emergency_contacts, numbers)


async def _first_page(c: aiosqlite.Connection, ev: Event, since: datetime, now: datetime, pol: Policy) -> None:
    """The committee's first page of a red nobody has (``escalation.page_timer``), due with the other reds' next."""
    await timers.cancel(c, ev.id, {TimerKind.PAGE})  # one chain a red (a second alert of it: opened again)
    gap = timedelta(seconds=pol.red_page_s)
    batch = next((x.due_at for x in await timers.pending(c, now + gap, TimerKind.PAGE) if x.due_at > now), None)
    if (spec := escalation.page_timer(now, 1, since, batch, pol)) is not None:
        await timers.add(c, ev.id, spec, now)


async def handed_back_by_all(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> bool:
    """A red handed back by everyone on duty for it (nobody has it, nobody is left to chase): the committee is told at
    once, naming who handed it back, with its "send to …" buttons, and paged as a red nobody can take (``pages``) until
    someone has it (pages review 62: one "请居委会安排" and a re-ping's note, then nothing). Whether it was one."""
    if ev.urgency is not Urgency.RED or ev.status is not Status.DISPATCHED or ev.assignee_id is not None:
        return False
    back = await events.handed_back_by(c, ev.id)
    order = [w.telegram_id for w in ctx.community.workers if w.telegram_id in back]
    names = [await notify.display_name(ctx, c, w) for w in [*order, *sorted(back - set(order))]]
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    said = {"id": ev.id, "place": messages.location_label(lang, ev), "workers": fit.names(lang, names, 5, people=True)}
    once = f"red_back:{ev.id}:{await notify.red_round(c, ev)}:{len(back)}"  # again, if all hand it back again
    hint = await night_notes.reply_hint(ctx, c, ev)
    await notify.committee(ctx, c, "committee.red_handed_back", ev.id, once, True, arrange=ev, also=hint, **said)
    now = ctx.now()
    await _first_page(c, ev, await waiting_since(ctx, c, ev) or now, now, policy(ctx.settings))
    return True


async def reping_targets(ctx: AppContext, c: aiosqlite.Connection, ev: Event, note: bool = True) -> list[int]:
    """Whom a red's re-ping pings: its worker and everyone on duty for it, but those who handed it back (their
    Accept would be refused) and those the bot knows it cannot message (``unreachable.chase_reachable``). What its
    alert, its re-pings and its pages decide by: none left, nobody who can act is chased, and the committee is paged
    (pages review 61: a red whose only worker on duty had blocked the bot was re-pinged to no one, with no page)."""
    gave_up = await events.gave_up_by(c, ev.id)
    targets = [ev.assignee_id] if ev.assignee_id else []
    targets += [w for w in await on_duty_ids(ctx, c, ev.grid_id, ev.category) if w not in targets]
    targets = [w for w in targets if w not in gave_up]
    # ``note``: the committee's note of the day about one passed over (not from a look-up: a page queued late)
    return await unreachable.chase_reachable(ctx, c, ev, targets) if note else await unreachable.reachable(c, targets)


async def unreached(
    ctx: AppContext, c: aiosqlite.Connection, event_ids: Iterable[int], since: datetime | None = None
) -> bool:
    """Reds whose worker the bot has just learned it cannot message (a 403 of his card, or Telegram's word that he
    blocked it, found by a re-ping): one left with nobody the bot can reach is told the committee plainly, with its
    "send to …" buttons and his phone, and its alert is paged again from the start of its wait (``pages``); one
    whose alert knew it (paged in this wait already) is not. Whether one was told. ``since``: when its wait began,
    if not by its pending timers (a re-ping firing)."""
    told = False
    for event_id in event_ids:
        ev = await events.get(c, event_id)
        if ev is None or ev.urgency is not Urgency.RED or ev.status is not Status.DISPATCHED or ev.assignee_id is None:
            continue
        red = await notify.red_round(c, ev)
        key = f"red_unreached:{ev.id}:{red}"
        began = since or await waiting_since(ctx, c, ev) or ctx.now()
        if await paged(c, ev, began) or await outbox.keyed(c, key) is not None:
            continue
        if not await unreachable.known_unreachable(c, ev.assignee_id) or await reping_targets(ctx, c, ev):
            continue
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        name, phone = await unreachable.contact(ctx, c, ev.assignee_id)
        await notify.committee(
            ctx,
            c,
            "committee.red_unreached",
            ev.id,
            dedup_key=key,
            arrange=ev,
            also=_phone(name, phone),
            reply_to=await night_notes.alert_message(c, ev),
            id=ev.id,
            urgency=messages.urgency_label(lang, ev.urgency),
            worker=name,
        )
        await _first_page(c, ev, began, ctx.now(), policy(ctx.settings))
        await events.log(c, ev.id, ctx.now(), notify.NOBODY_REACHED, None, f"{red}:{ev.assignee_id}")
        await notify.refresh_ack(ctx, c, ev)  # it said "已通知值班人员": the committee was
        told = True
    return told


async def reached_after_all(ctx: AppContext, c: aiosqlite.Connection, event_id: int, worker_id: int) -> None:
    """A red's card delivered to its worker after its alert said the bot could not message him (he pressed Start
    since the bot last knew, pages review 62): the group's acknowledgement says the worker on duty was told (a silent
    edit) and the committee hears it once, under its alert; its pages stop by themselves (``pages.still_owed``), and
    its re-pings ring him."""
    ev = await events.get(c, event_id)
    if ev is None or ev.urgency is not Urgency.RED or ev.status is not Status.DISPATCHED or ev.assignee_id != worker_id:
        return
    red = await notify.red_round(c, ev)
    line = await events.last_logged(c, ev.id, notify.NOBODY_REACHED)
    key = f"red_reached:{ev.id}:{red}:{worker_id}"
    if line is None or line.detail != f"{red}:{worker_id}" or await outbox.keyed(c, key) is not None:
        return
    await notify.refresh_ack(ctx, c, ev)
    await unreachable.came_back(ctx, c, worker_id)  # the day's note about him says so at its foot
    name = await notify.display_name(ctx, c, worker_id)
    alert = await night_notes.alert_message(c, ev)
    await notify.committee(ctx, c, "committee.red_reached", ev.id, key, reply_to=alert, id=ev.id, worker=name)


async def paged(c: aiosqlite.Connection, ev: Event, since: datetime) -> bool:
    """Whether the red's alert is paged, or was, in its wait that began at ``since`` (a page row of it, any status)."""
    began = to_epoch(since)
    return any(
        x.kind is TimerKind.PAGE and int(x.payload.get("since", 0)) >= began for x in await timers.for_event(c, ev.id)
    )


def _phone(name: str, phone: str | None) -> list[tuple[str, dict]]:
    """The line giving the phone (from the community file) of a worker the bot cannot message; none without one."""
    return [("committee.unreached_phone", {"worker": name, "phone": phone})] if phone else []


async def _reach_out(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    pinged: set[int | None],
    red: str,
    contacts: bool,
    numbers: bool,
) -> None:
    """Beyond the workers: the emergency contacts (``contacts``), the teams the event's reading alerts, and the
    emergency numbers in its chat (``numbers``: in the group, or to the resident who wrote in private). ``red``:
    its red's round (``notify.red_round``)."""
    workers = [p for p in pinged if p is not None]  # before the contacts join them
    if contacts:
        x = await extras.dm_extras(c, ev)  # read once for every contact
        for contact in ctx.community.community.emergency_contacts:
            if contact not in pinged:
                await _tell_contact(ctx, c, ev, contact, x, red)
                pinged.add(contact)
    await teams.alert(ctx, c, ev, {p for p in pinged if p is not None})
    if numbers:  # a worker the bot knows it cannot message was not told (pages review 61)
        head = "emergency.head" if await unreachable.reachable(c, workers) else "emergency.head_unreached"
        await _emergency_reply(ctx, c, ev, head if workers else "emergency.head_no_duty")


async def _tell_contact(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, x: extras.DmExtras, red: str
) -> None:
    lang = await notify.user_language(ctx, c, user_id)
    text = await extras.told_text(ctx, c, ev, user_id, lang, t(lang, "emergency.contact"), x)
    await notify.send(
        ctx,
        c,
        user_id,
        text,
        purpose=Purpose.EMERGENCY_CONTACT,
        event_id=ev.id,
        dedup_key=f"contact:{ev.id}:{user_id}:{red}",
    )


async def _emergency_reply(ctx: AppContext, c: aiosqlite.Connection, ev: Event, head: str = "emergency.head") -> None:
    """The emergency numbers and what to do, under the report; once a while per chat and kind of danger (on a storm
    day ten reds in one group posted ten identical lists, spending the group's 20 messages a minute). With nobody on
    duty it does not say the staff on duty were told (set-up review), nor with none the bot can message (``head``)."""
    # what to do, by the danger her words name ("水管爆了": close the main valve), else by the category
    danger = hazard_kinds.foremost(ev.text)
    cat = ev.category.value if ev.category in ADVICE_CATEGORIES else "other"
    advice = f"emergency.advice_kind.{danger}" if danger else f"emergency.advice.{cat}"
    kind = f"emergency:{ev.chat_id}:{danger or cat}:"
    if await outbox.keyed_since(c, kind, ctx.now() - EMERGENCY_AGAIN):
        return
    if ev.chat_id > 0:  # reported in private: the resident's own language
        lang = await notify.user_language(ctx, c, ev.reporter_id)
    else:
        lang = await notify.group_language(ctx, c, ev.chat_id)
    numbers = ctx.community.community.emergency_numbers
    lines = [t(lang, head, id=ev.id)]
    lines += [
        t(
            lang,
            "emergency.number",
            name=t(lang, f"emergency.name.{k}") if k in ("fire", "ambulance", "police") else k,
            number=v,
        )
        for k, v in numbers.items()
    ]
    lines.append(t(lang, advice))
    await notify.under_report(ctx, c, ev, join(lines), Purpose.EMERGENCY_GROUP, dedup_key=f"{kind}{ev.id}")


async def withdraw_emergency_reply(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, key: str = "emergency.withdrawn"
) -> None:
    """A red its writer said is not urgent (or took back: ``key``): the emergency numbers posted under it say so (UX
    review: "🟡 Not urgent" left "#1 is an emergency… call now" in the group), unless another red of the chat is open
    (they stand for it)."""
    posted = await outbox.latest_keyed_of(c, ev.id, Purpose.EMERGENCY_GROUP)
    if posted is None or not posted.live:
        return
    since = ctx.now() - EMERGENCY_AGAIN
    others = [e for e in await events.of_chat_since(c, ev.chat_id, since) if e.id != ev.id]
    if any(e.urgency is Urgency.RED and lifecycle.is_open(e.status) for e in others):
        return
    text = t(await notify.language_in(ctx, c, ev.chat_id, ev.reporter_id), key, id=ev.id)
    await notify.edit_live(ctx, c, ev.chat_id, posted, text, ev.id)


def due_on_accept(ctx: AppContext, urgency: Urgency, now: datetime) -> datetime:
    """The fix-by time an event accepted now gets (written by the accepting transition itself)."""
    return escalation.due_at(urgency, now, policy(ctx.settings))


async def on_accepted(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> list[int]:
    """Accepted (its fix-by time set by the transition): the waiting timers go, the reminders come, and the one that
    takes the Undo off the worker's card when it lapses; the ids of the waiting timers stopped (an undo puts them
    back)."""
    now = ctx.now()
    assert ev.assignee_id is not None
    stopped = await timers.cancel_returning(c, ev.id, DISPATCH_KINDS)
    specs = escalation.accept_timers(ev.urgency, now, policy(ctx.settings))
    await timers.add_all(c, ev.id, [*specs, accept_undo.lapse_timer(ev.assignee_id, ev.accepted_at or now)], now)
    return stopped


async def on_accept_undone(ctx: AppContext, c: aiosqlite.Connection, ev: Event, stopped: Iterable[int]) -> None:
    """An Accept undone: its fix-by reminders go, and so does the Undo's lapse (nothing left to take off his card);
    the waiting timers it stopped are back, due when they were (one due meanwhile fires at once), not counted afresh
    from now."""
    await timers.cancel(c, ev.id, ACCEPTED_KINDS | {TimerKind.UNDO_LAPSE})
    await timers.restore(c, ev.id, stopped)


async def on_closed(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """Closed: nothing more to chase; the satisfaction survey is scheduled."""
    now = ctx.now()
    await timers.cancel(c, ev.id, DISPATCH_KINDS | ACCEPTED_KINDS)
    if ev.outcome is not None:
        specs = escalation.close_timers(ev.outcome, now, ev.reopened_count + 1, policy(ctx.settings))
        await timers.add_all(c, ev.id, specs, now)


async def on_handed_back(ctx: AppContext, c: aiosqlite.Connection, ev: Event, was_accepted: bool) -> None:
    """Handed back: from accepted, it waits again (fresh waiting timers); from dispatched, as any waiting event
    given to someone new (``with_new_worker``)."""
    if not was_accepted:
        await with_new_worker(ctx, c, ev)
        return
    now = ctx.now()
    await timers.cancel(c, ev.id, ACCEPTED_KINDS | {TimerKind.REPING})
    await events.set_due(c, ev.id, None)
    await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, policy(ctx.settings)), now)


async def keep_chasing(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """A waiting event chased on (a red with a new worker, one kept for a worker an admin chose): if its reminders
    and escalation have all fired already (it waited with nobody, or with someone who did not answer), they start
    again; else the clock runs on."""
    if ev.status is not Status.DISPATCHED or ev.assignee_id is None:
        return
    if DISPATCH_KINDS & await timers.pending_kinds(c, ev.id):
        return
    now = ctx.now()
    await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, policy(ctx.settings)), now)


async def nobody_came(ctx: AppContext, c: aiosqlite.Connection, ev: Event, at: datetime) -> None:
    """A waiting event nobody has, at the shift boundary ``at`` that brought no one on duty for it: when the rota had
    someone come on for it then (all marked off since its note named that shift) or it has no shift to wait for, it
    is chased from now, reminded to the committee and escalated (timer rows), unless its timers run already.
    Committee review 58: the night note said 08:30, nobody came, and it waited a day with no word."""
    if ev.status is not Status.DISPATCHED or ev.assignee_id is not None:
        return
    if DISPATCH_KINDS & await timers.pending_kinds(c, ev.id):
        return
    rota_due = bool(routing.in_order(ctx.community, ev.category, ev.grid_id, at))
    if rota_due or await notify.shift_wait(ctx, c, ev, quiet=False) is None:
        now = ctx.now()
        await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, policy(ctx.settings)), now)


async def with_new_worker(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """A waiting event given to someone new (a shift change, a hand-back, the console, an edit): a green or yellow
    is chased afresh for them, its reminder and then the backup and committee counted from now, as when accepted
    work is handed back (the committee was told "60 minutes unaccepted (now: 王师傅)" ten minutes after he got it,
    and he was never reminded). A red's re-pings run on (they ping its new worker too, and the committee's "still
    waiting" is not put off), or start again if they had run out."""
    if ev.status is not Status.DISPATCHED or ev.assignee_id is None:
        return
    if ev.urgency is Urgency.RED:
        await keep_chasing(ctx, c, ev)
        return
    now = ctx.now()
    await timers.cancel(c, ev.id, DISPATCH_KINDS)
    await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, policy(ctx.settings)), now)


async def held_for(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int, card_at: datetime) -> None:
    """A waiting event given to a worker for later (a night instruction for the morning): his card comes at
    ``card_at`` (a held first message, a timer row) and it is chased from then, not at night: rows due at a point in
    time and after it (``escalation.POINT``), which a clock set back leaves where they are."""
    now = ctx.now()
    await timers.cancel(c, ev.id, DISPATCH_KINDS)
    card = TimerSpec(TimerKind.FIRST_DM, card_at, {"to": worker_id})
    specs = [*escalation.dispatch_timers(ev.urgency, card_at, policy(ctx.settings)), card]
    await timers.add_all(c, ev.id, [escalation.at_point(s) for s in specs], now)


async def on_urgency_raised(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, words: str | None = None, by: Raiser | None = None
) -> bool:
    """An event's colour rose (its report was edited, an admin corrected it, words said later raised it): the new
    colour's timers replace the old, and what it does at once is done (red: everyone on duty, the committee, the
    emergency contacts and numbers, the teams it alerts). Accepted, the worker keeps it: a red tells them, the
    committee, the emergency contacts, the teams and the group all the same, without asking others on duty to take
    it. ``words``: the words that raised it (her follow-up, her edited report), which the worker holding it reads in a
    message of its own (an edited card makes no sound: residents59); ``by``: the console user who raised it, named
    there with their note (worker day review 60: a raise by an edit or the console told him nothing of why). Whether
    the teams its new colour alerts were told."""
    if ev.status is Status.DISPATCHED:
        since = await waiting_since(ctx, c, ev)  # its messages count the wait from its start, not from the change
        await timers.cancel(c, ev.id, DISPATCH_KINDS)
        if ev.urgency is Urgency.RED and ev.assignee_id is not None:
            if await notify.never_sent(c, ev, ev.assignee_id):  # held for a list: its card, at once
                await notify.worker_dm(ctx, c, ev, ev.assignee_id, notify.DISPATCH)
            else:  # its first message would only be edited, silently: paged anew (its words on it), by whom
                lang = await notify.user_language(ctx, c, ev.assignee_id)
                intro = join([t(lang, "dm.step.red"), *_raised_by(lang, by)], "\n")
                await notify.worker_dm(ctx, c, ev, ev.assignee_id, f"red{await notify.red_round(c, ev)}", None, intro)
        elif words is not None or by is not None:
            await _raised_told(ctx, c, ev, words, by=by)
        await on_dispatched(ctx, c, ev, ev.assignee_id, since=since)
        return True
    if ev.status is not Status.ACCEPTED:
        return False
    await on_urgency_lowered(ctx, c, ev)  # its fix-by time and reminders by the new colour
    if ev.urgency is not Urgency.RED:
        if words is not None or by is not None:
            await _raised_told(ctx, c, ev, words, by=by)
        return False
    await _red_while_accepted(ctx, c, ev, words, by)
    return True


@dataclass(frozen=True, slots=True)
class Raiser:
    """Who raised an event's colour from the console, by name, and the note they wrote with it (None: none)."""

    name: str
    note: str | None = None


def _raised_by(lang: str, by: Raiser | None) -> list[Html]:
    """The lines naming who raised it in the console, and their note."""
    if by is None:
        return []
    note = [t(lang, "dm.raised_note", note=messages.preview(by.note, 200))] if by.note else []
    return [t(lang, "dm.raised_by", name=by.name), *note]


async def _raised_told(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, words: str | None, red: str = "", by: Raiser | None = None
) -> None:
    """The worker holding the event (accepted, or waiting for his Accept) told in a message of its own that its colour
    rose: a red's "act now", else its new colour; with the words that raised it, when words did, or who raised it
    in the console and their note."""
    if ev.assignee_id is None:
        return
    lang = await notify.user_language(ctx, c, ev.assignee_id)
    key = "dm.raised_red" if ev.urgency is Urgency.RED else "dm.raised"
    lines = [t(lang, key, id=ev.id)]
    if words:
        lines.append(t(lang, "dm.raised_words", text=messages.preview(words, 200)))
    lines += _raised_by(lang, by)
    key = f"raised:{ev.id}:{red}" if ev.urgency is Urgency.RED else f"raised:{ev.id}:{ev.urgency.value}"
    await notify.send(ctx, c, ev.assignee_id, join(lines, "\n"), purpose=Purpose.RAISED, event_id=ev.id, dedup_key=key)


async def _night_note(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, shift: datetime, red: str | None = None, why: Why = None
) -> bool:
    """The committee's one note of an event that waits for the shift starting at ``shift`` (nobody on duty now): a
    yellow's (a green waits unannounced); reported so, or lowered from red at night (committee review 58: the red's
    re-pings and escalations ran on all night after "not urgent"). Whether there is one."""
    if not escalation.at_once(ev.urgency).committee:
        return False
    red = red if red is not None else await notify.red_round(c, ev)
    await _alert_committee(ctx, c, ev, f"committee.alert.{ev.urgency.value}_off_hours", None, red, why, shift)
    await events.mark_escalated(c, ev.id, ctx.now())
    return True


async def _alert_committee(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    key: str,
    worker_id: int | None,
    red: str,
    why: Why = None,
    shift: datetime | None = None,
) -> None:
    """The committee's alert of an event at its colour (once per round and colour: a colour raised later, its own;
    ``red``: the round, ``notify.red_round``; ``why``: a line saying why it is open again; ``shift``: when the shift
    it waits for starts, nobody on duty now). When nobody has it, or nobody else could be pinged, it carries the
    "send to …" buttons."""
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    when = messages.when_label(lang, shift, ctx.now(), ctx.community.tz) if shift is not None else ""
    also: list[tuple[str, dict[str, object]]] = [why if isinstance(why, tuple) else (why, {})] if why else []
    if ev.false_alarms:
        also.append(("dm.false_alarms", {"n": ev.false_alarms}))
    if ev.written_at is not None:
        also.append(("dm.late", {"late": Waited(lateness.minutes_late(ev.written_at, ev.created_at))}))
    if key.endswith(("_off_hours", "_no_one", "_unreached")):  # nobody has it: a reply in words gives it
        also += await night_notes.reply_hint(ctx, c, ev, shift)
    if key.endswith("_unreached") and worker_id is not None:
        also += _phone(*await unreachable.contact(ctx, c, worker_id))
    await notify.committee(
        ctx,
        c,
        key,
        ev.id,
        dedup_key=f"alert:{ev.id}:{red}:{ev.urgency.value}",
        id=ev.id,
        urgency=messages.urgency_label(lang, ev.urgency),
        category=t(lang, f"category.{ev.category.value}"),
        location=messages.location_label(lang, ev),
        text=messages.preview(ev.text, 200),
        worker=await notify.display_name(ctx, c, worker_id) or t(lang, "duty.nobody"),
        when=when,
        also=also,
        arrange=ev if worker_id is None or key.endswith(("_alone", "_unreached")) else None,
    )


async def _red_while_accepted(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, words: str | None = None, by: Raiser | None = None
) -> None:
    """An accepted event raised to red: the worker on it (with the words that raised it, ``words``, or who, ``by``),
    the committee, the emergency contacts, the teams a red alerts and the group (its emergency numbers) hear it, as a
    red reported now would make them."""
    red = await notify.red_round(c, ev)
    await _alert_committee(ctx, c, ev, "committee.alert.red_accepted", ev.assignee_id, red)
    await _raised_told(ctx, c, ev, words, red, by)
    await _reach_out(ctx, c, ev, {ev.assignee_id}, red, contacts=True, numbers=True)


async def on_urgency_lowered(ctx: AppContext, c: aiosqlite.Connection, ev: Event, why: Why = None) -> bool:
    """Red became yellow: the re-pings stop; waiting or accepted work gets the new colour's timers. Whether the
    committee was told: nobody on duty, the yellow's night note (with ``why``, a line saying who lowered it: one
    message, not two)."""
    now = ctx.now()
    pol = policy(ctx.settings)
    if ev.status is Status.DISPATCHED:
        since = await waiting_since(ctx, c, ev)
        await timers.cancel(c, ev.id, DISPATCH_KINDS)
        if (shift := await notify.shift_wait(ctx, c, ev, quiet=False)) is not None:
            # nobody on duty: it waits for the shift as its colour would have; the red's alert points to its note
            await night_notes.lowered(ctx, c, ev)
            return await _night_note(ctx, c, ev, shift, why=why)
        await timers.add_all(c, ev.id, escalation.dispatch_timers(ev.urgency, now, pol, since), now)
    elif ev.status is Status.ACCEPTED and ev.accepted_at is not None:
        await timers.cancel(c, ev.id, ACCEPTED_KINDS | {TimerKind.REPING})
        await events.set_due(c, ev.id, escalation.due_at(ev.urgency, ev.accepted_at, pol))
        await timers.add_all(c, ev.id, escalation.accept_timers(ev.urgency, ev.accepted_at, pol), now)
    return False


def waited(ctx: AppContext, timer: Timer) -> Waited:
    """The minutes a chasing timer's (or a page's) messages say its event has waited: by the clock now, not its
    schedule (the bot down, its timers fire late), told in hours or days once they are many."""
    waited_s = escalation.waited_s(timer.kind, timer.due_at, timer.payload, ctx.now(), policy(ctx.settings))
    return Waited(max(1, waited_s // 60))


async def waiting_since(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> datetime | None:
    """When the event's present wait for acceptance began, by its pending chasing timers (None: none is pending)."""
    pol = policy(ctx.settings)
    return min(
        (
            escalation.waiting_since(t.kind, t.due_at, t.payload, pol)
            for t in await timers.for_event(c, ev.id)
            if t.status == "pending" and t.kind in DISPATCH_KINDS
        ),
        default=None,
    )
