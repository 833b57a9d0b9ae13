"""Use case: a reporter takes her report back ("不好意思发错了": her report edited into it, or written under her
acknowledgement). Waiting for a worker, it is withdrawn (cancelled): nobody is chased about it and no "nothing found"
counts against her; accepted, the worker on it reads her words and may close it as withdrawn."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import followup, lifecycle, permissions
from bot.core.callbacks import Action
from bot.core.escalation import ACCEPTED_KINDS, DISPATCH_KINDS, TimerKind
from bot.core.permissions import Act
from bot.core.purpose import Purpose
from bot.core.types import Event, Status, Urgency
from bot.render import messages
from bot.render.i18n import plain, t
from bot.services import chase, committee_news, notify
from bot.services.result import Answer
from storage import events, notifications, outbox, reporters, timers

ASKED = "withdraw_asked"  # the log line of a take-back the worker on the event decides on


async def taken_back(ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, text: str) -> str | None:
    """The event's reporter's words that take her report back (``followup.takes_back``): "withdrawn" when it waited
    for a worker and only she reported it (cancelled); "asked" when it is accepted, or neighbours reported it too
    (the worker on it, or the committee, reads her words); None when they are not that, or not hers."""
    if user_id != ev.reporter_id or not lifecycle.is_open(ev.status) or not followup.takes_back(text):
        return None
    return await withdraw(ctx, c, ev, user_id, text)


async def withdraw(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, text: str, dropped: str | None = None
) -> str | None:
    """Her open report taken back by her words ``text`` (``taken_back``), or by her edit of a message cut into
    problems that no longer says this one (``dropped``: its words, as her worker is told): "withdrawn", "asked" or
    None as ``taken_back``."""
    alone = all(r.user_id == ev.reporter_id for r in await reporters.for_event(c, ev.id))
    if ev.status is not Status.ACCEPTED and alone:
        return "withdrawn" if await _cancel(ctx, c, ev, user_id, text) else None
    words = messages.preview(text, 300)
    said = await events.log(c, ev.id, ctx.now(), ASKED, user_id, words)
    if ev.assignee_id is None:
        once = f"withdraw:{ev.id}"
        await notify.committee(ctx, c, "followup.to_committee", ev.id, dedup_key=once, id=ev.id, text=words)
        return "asked"
    lang = await notify.user_language(ctx, c, ev.assignee_id)
    may_close = alone and ev.status is Status.ACCEPTED
    key = "dm.withdrawn_accepted" if may_close else "dm.withdrawn_others"
    if dropped is not None:  # "3号楼电梯坏了，楼道灯也不亮" edited into "3号楼电梯坏了": the light is no longer said
        key = "dm.dropped_accepted" if may_close else "dm.dropped_others"
    body = t(lang, key, id=ev.id, text=words, what=messages.preview(dropped or "", 60))
    button = messages.button(plain(lang, "btn.close_withdrawn"), Action.CLOSE_WITHDRAWN, ev.id)
    await notify.send(
        ctx,
        c,
        ev.assignee_id,
        body,
        purpose=Purpose.REPORTER_NOTE,
        event_id=ev.id,
        markup=messages.keyboard([button]) if may_close else None,
        dedup_key=f"withdraw:{ev.id}:{ev.assignee_id}",  # once: her edit typed again pages no one again
        meta=outbox.Meta(said=said),
    )
    return "asked"


async def close_withdrawn(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """The worker on an accepted event its reporter took back closes it as withdrawn (not "nothing found": no false
    alarm against her). Only after she took it back, and only by whoever may close it."""
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None:
            return Answer("cb.unknown", True)
        if not permissions.may_act(permissions.role(ctx.community, user_id), user_id, ev, Act.CLOSE):
            return Answer("cb.not_yours", True)
        if ev.status is not Status.ACCEPTED or await events.last_logged(c, ev.id, ASKED) is None:
            return Answer("cb.already_done", True)
        if not await _cancel(ctx, c, ev, user_id, None):
            return Answer("cb.already_done", True)
    return Answer("cb.withdrawn", values=(("id", event_id),))


async def spent(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """The event is closed or withdrawn: the note of her words sent to its worker loses "close as withdrawn" (it
    said "这个事件已经处理过了" when pressed, worker review)."""
    if ev.assignee_id is None:
        return
    note = await outbox.keyed(c, f"withdraw:{ev.id}:{ev.assignee_id}")
    if note is not None and note.status == "sent" and note.message_id is not None and note.payload.get("reply_markup"):
        await notify.edit_markup(ctx, c, ev.assignee_id, note.message_id, {"inline_keyboard": []}, ev.id)


async def _cancel(ctx: AppContext, c: aiosqlite.Connection, ev: Event, by: int, text: str | None) -> Event | None:
    """Withdraw the event through the lifecycle: its timers stop, the workers' messages say so without buttons, its
    acknowledgement (and a private report's post) too, the emergency numbers posted under a red, and the committee if
    it was asked to chase it."""
    done = await events.transition(c, ev.id, lifecycle.CANCEL.since(ev.status), expect_assignee=ev.assignee_id)
    if done is None:
        return None
    await events.log(c, ev.id, ctx.now(), "withdrawn", by, messages.preview(text, 300) if text else None)
    await timers.cancel(c, ev.id, DISPATCH_KINDS | ACCEPTED_KINDS | {TimerKind.FIRST_DM})
    if ev.assignee_id is not None:  # a reason or photo asked of them about it waits no more
        await notifications.drop_input(c, ev.assignee_id, ev.id)
    await notify.edit_worker_dms(ctx, c, done, "dm.state.withdrawn")
    await spent(ctx, c, done)
    await notify.refresh_ack(ctx, c, done)
    if ev.urgency is Urgency.RED:
        await chase.withdraw_emergency_reply(ctx, c, done, "emergency.withdrawn_report")
    await committee_news.settled(ctx, c, done, "committee.settled.withdrawn")
    return done
