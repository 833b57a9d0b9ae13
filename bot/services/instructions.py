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
from bot.render.i18n import t
from bot.services import chase, notify
from bot.services.steering import UNCHECKED, reassign
from storage import events, outbox, people

NAMES_SHOWN = 12  # workers listed in an answer to a name the bot does not know


async def instructed(ctx: AppContext, msg: Incoming, reply_to: int | None) -> bool:
    """Whether the words were taken as an instruction about an event (False: not the committee chat, no
    instruction, no waiting event they are about, or naming the worker it is with: read as before)."""
    if msg.chat_id != ctx.committee_chat_id or (said := instructions.read(msg.text)) is None:
        return False
    async with ctx.db.read() as c:
        if reply_to is not None:
            event_id = await outbox.event_of_sent(c, msg.chat_id, reply_to)
        else:  # just below the note: the event of the bot's last note in the chat
            event_id = await outbox.last_note_event(c, msg.chat_id, Purpose.COMMITTEE)
        ev = await events.get(c, event_id) if event_id is not None else None
        if ev is None or ev.status is not Status.DISPATCHED:
            return False
        workers = [(w.telegram_id, w.name) for w in ctx.community.workers]
        found = instructions.named(said.name, workers)
        if found == [ev.assignee_id]:
            return False  # "请王师傅去看看" of his own event: words for him (``committee_notes``)
        card_at = await _card_at(ctx, c, ev, found[0], said.when) if len(found) == 1 else None
    if len(found) != 1:
        async with ctx.db.tx() as c:
            key = "committee.instruct_which" if found else "committee.instruct_who"
            await _who(ctx, c, msg, ev, said.name, found or [w for w, _ in workers], key)
        return True
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
        if not done.ok:
            text = t(lang, done.key, **done.values)
        elif card_at is None:
            text = t(lang, "committee.instructed", id=ev.id, worker=name)
        else:
            when = messages.when_label(lang, card_at, ctx.now(), ctx.community.tz)
            text = t(lang, "committee.instructed_later", id=ev.id, worker=name, when=when)
        await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=f"instructed:{msg.message_id}")
    return True


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
