"""Use case: a committee member's plain instruction in the committee chat about an event waiting for a worker
("明早让王师傅去看看", "让小李明天一早处理", "ask Wang to look at it in the morning"), under its note or just below it.
The event goes to the worker named (as a "派给…" button would give it); his card comes now when he is on duty, the
event is red or the words say now, else when he next comes on duty (not at 1 am); the member is told so, in one
line. A name no worker has, or several have, is answered with the workers. Committee review 58: such words reached
no one."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import escalation, instructions, routing
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Status, Urgency
from bot.render import messages
from bot.render.fit import names
from bot.render.i18n import join, t
from bot.services import chase, notify
from bot.services.steering import UNCHECKED, reassign
from storage import events, outbox, people

NAMES_SHOWN = 12  # workers listed in an answer to a name the bot does not know; events in one asking which

# a refused assignment (someone took or moved it meanwhile) in the chat's words (committee review 59: the console's)
_REFUSED = {
    "taken": "committee.instruct_taken",
    "changed": "committee.instruct_changed",
    "same": "cb.assign_same",
    "no_worker": "cb.assign_not_worker",
}


async def instructed(ctx: AppContext, msg: Incoming, reply_to: int | None) -> bool:
    """Whether the words were taken as an instruction about an event (False: not the committee chat, no
    instruction, no waiting event they are about, or naming the worker it is with: read as before; a number naming
    one no longer waiting, "#12让王师傅去", is answered with how it stands: True)."""
    if msg.chat_id != ctx.committee_chat_id or (said := instructions.read(msg.text)) is None:
        return False
    workers = [(w.telegram_id, w.name) for w in ctx.community.workers]
    found = instructions.named(said.name, workers)
    async with ctx.db.read() as c:
        waiting, given = await _about(ctx, c, msg, reply_to, said.event_id)
    if said.event_id is not None and not waiting:  # "#12让王师傅去" of one taken or closed: how it stands
        async with ctx.db.tx() as c:
            return await _not_waiting(ctx, c, msg, said.event_id)
    if len(waiting) > 1:  # several notes just above and words naming none of them: which is asked, not guessed
        if not found:
            return False
        async with ctx.db.tx() as c:
            await _which_event(ctx, c, msg, said.name, waiting[:NAMES_SHOWN])
        return True
    if not waiting or found == [waiting[0].assignee_id]:
        return False  # "请王师傅去看看" of his own event: words for him (``committee_notes``)
    ev = waiting[0]
    if ev.id in given:  # loose words below a note whose event was given to someone since: who has it, not moved
        async with ctx.db.tx() as c:
            await _given(ctx, c, msg, ev, found[0] if len(found) == 1 else None, said.name)
        return True
    if len(found) != 1:
        async with ctx.db.tx() as c:
            key = "committee.instruct_which" if found else "committee.instruct_who"
            await _who(ctx, c, msg, ev, said.name, found or [w for w, _ in workers], key)
        return True
    async with ctx.db.read() as c:
        card_at = await _card_at(ctx, c, ev, found[0], said.when)
    worker = found[0]
    # a member of the committee chat (who else writes in it) gives it as a "派给…" button would: waiting work only
    done = await reassign(
        ctx,
        msg.user_id,
        ev.id,
        worker,
        UNCHECKED,
        waiting_only=True,
        admin_name=msg.user_name,
        from_note=True,
        card_at=card_at,
        instructed=True,
    )
    async with ctx.db.tx() as c:
        lang = await notify.group_language(ctx, c, msg.chat_id)
        name = await notify.display_name(ctx, c, worker) or str(worker)
        if not done.ok:  # a race: in the chat's words, not the console's "请刷新页面"
            text = t(
                lang,
                _REFUSED.get(done.key.removeprefix("console.err."), "committee.instruct_closed"),
                id=ev.id,
                worker=name,
            )
        elif card_at is None:  # "明早…" of a red: sent now all the same, and said so
            red_now = said.when is instructions.When.LATER and ev.urgency is Urgency.RED
            text = t(lang, "committee.instructed_red" if red_now else "committee.instructed", id=ev.id, worker=name)
        else:
            when = messages.when_label(lang, card_at, ctx.now(), ctx.community.tz)
            text = t(lang, "committee.instructed_later", id=ev.id, worker=name, when=when)
        await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instructed:{msg.message_id}")
    return True


async def _about(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, reply_to: int | None, number: int | None
) -> tuple[list[Event], set[int]]:
    """The waiting events (not taken yet) the words may be about: the one whose number they name (a reply to the
    bot's "which one?" too), the one of the note they answer, else those of the bot's notes just above
    (``instructions.FRESH``), the latest first; and of those last, the ones given to someone since their note
    showed them (a "派给…" button, another instruction, the shift's hand-off): loose words do not move them (committee
    review 60: a member pressed "派给王师傅", another's "让李姐去看看" just below moved it to 李姐), their reply or
    number does."""
    shown: dict[int, int | None] = {}
    if number is not None:
        ids = [number]
    elif reply_to is not None:
        replied = await outbox.event_of_sent(c, msg.chat_id, reply_to)
        ids = [replied] if replied is not None else []
    else:
        since = ctx.now() - instructions.FRESH
        shown = dict(await outbox.note_events_since(c, msg.chat_id, Purpose.COMMITTEE, since))
        ids = list(shown)
    got = [await events.get(c, i) for i in ids]
    waiting = [ev for ev in got if ev is not None and ev.status is Status.DISPATCHED]
    given = {ev.id for ev in waiting if shown.get(ev.id) is not None and (ev.assignee_id or 0) != shown[ev.id]}
    return waiting, given


async def _not_waiting(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, event_id: int) -> bool:
    """Words naming an event no longer waiting for someone: one line, how it stands (taken by whom, closed) and that
    nothing was moved (committee review 60: no answer at all); whether there is such an event."""
    ev = await events.get(c, event_id)
    if ev is None:
        return False
    lang = await notify.group_language(ctx, c, msg.chat_id)
    worker = await notify.display_name(ctx, c, ev.assignee_id)
    by = [t(lang, "followup.by", worker=worker)] if worker and ev.status is not Status.CANCELLED else []
    state = join((t(lang, f"state.{ev.status.value}"), *by), "")
    text = t(lang, "committee.instruct_not_waiting", id=ev.id, state=state)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instruct_state:{msg.message_id}")
    return True


async def _given(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, ev: Event, worker: int | None, name: str
) -> None:
    """Loose words about an event given to someone since its note: whom it is with, and how to move it."""
    lang = await notify.group_language(ctx, c, msg.chat_id)
    holder = await notify.display_name(ctx, c, ev.assignee_id) or t(lang, "duty.nobody")
    named = await notify.display_name(ctx, c, worker) if worker is not None else None
    text = t(lang, "committee.instruct_given", id=ev.id, holder=holder, worker=named or name)
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instruct_given:{msg.message_id}")


async def _which_event(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, name: str, asked: list[Event]) -> None:
    """Several events' notes just above and words naming none: which one, each on a line with its number, and who
    has it when someone does (committee review 60: the member is told who has an event before moving it)."""
    lang = await notify.group_language(ctx, c, msg.chat_id)
    lines = []
    for ev in sorted(asked, key=lambda e: e.id):
        holder = await notify.display_name(ctx, c, ev.assignee_id)
        key = "committee.instruct_pick_line_given" if holder else "committee.instruct_pick_line"
        urgency = messages.urgency_label(lang, ev.urgency)
        lines.append(t(lang, key, id=ev.id, urgency=urgency, place=messages.location_label(lang, ev), worker=holder))
    text = join((t(lang, "committee.instruct_pick", name=name, id=min(e.id for e in asked)), *lines))
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instruct_pick:{msg.message_id}")


async def _card_at(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker: int, when: instructions.When
) -> datetime | None:
    """When the worker's card goes (None: now): at the start of his next shift for the event, or the morning brief."""
    now = ctx.now()
    overrides = await people.adjustments(c, now)
    on = routing.on_duty(ctx.community, ev.category, ev.grid_id, now, overrides).everyone
    next_on = routing.next_on_duty(ctx.community, ev.category, ev.grid_id, worker, now, overrides)
    morning = escalation.next_brief(now, ctx.community.tz, chase.policy(ctx.settings).brief_time)
    red = ev.urgency is Urgency.RED
    return instructions.card_at(red, worker in {w.telegram_id for w in on}, when, next_on, morning)


async def _who(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, ev: Event, name: str, ids: list[int], key: str
) -> None:
    """A name no worker has (all listed) or several have (those listed): whom to send it to."""
    lang = await notify.group_language(ctx, c, msg.chat_id)
    shown = [await notify.display_name(ctx, c, w) or str(w) for w in ids]
    text = t(lang, key, id=ev.id, name=name, workers=names(lang, shown, NAMES_SHOWN, people=True))
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instruct_who:{msg.message_id}")
