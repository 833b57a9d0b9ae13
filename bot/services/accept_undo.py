"""A mistaken Accept undone: within ``accept_undo.UNDO_WITHIN`` of it, by the worker who pressed it, while nothing
else has happened to the event, it goes back exactly where it was (its worker then, its chasing timers due when they
were, the cards, the acknowledgement and the committee told so). When that time is over, the Undo leaves his card
(``lapsed``, a timer's firing)."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import accept_undo, lifecycle
from bot.core.types import Event, Status
from bot.services import chase, committee_news, notify
from bot.services.result import Answer
from storage import events, notifications, outbox
from storage.timers import Timer


async def undo(ctx: AppContext, event_id: int, user_id: int) -> Answer:
    """The Undo button under a just-accepted card: one conditional UPDATE puts the event back (of two presses at once,
    an Undo and a Close, or two Undos, one wins); a press by anyone else, late, or after anything else happened to the
    event, changes nothing and says why."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None:
            return Answer("cb.unknown", True)
        last = await events.last_happened(c, ev.id)
        if ev.status is not Status.ACCEPTED or ev.assignee_id != user_id:
            if last is not None and last.action == accept_undo.UNDONE and last.actor_id == user_id:  # tapped twice
                return Answer("cb.accept_undone", values=(("id", ev.id),))
            took = await events.last_logged(c, ev.id, "accepted")
            if ev.status is Status.ACCEPTED or took is None or took.actor_id != user_id:  # never his Accept
                return Answer("cb.not_yours", True)
            return Answer("cb.undo_gone", True, (("id", ev.id),))
        before = accept_undo.parse(last.detail) if last is not None else None
        moved_on = last is None or last.action != "accepted" or last.actor_id != user_id  # something happened since
        if moved_on or before is None or not accept_undo.within(ev.accepted_at, now):
            # his card keeps Close and Hand back, not an Undo that can no longer be
            await notify.edit_worker_dms(ctx, c, ev, None, only=user_id)
            return Answer("cb.undo_moved_on" if moved_on else "cb.undo_late", True, (("id", ev.id),))
        moved = await events.transition(
            c,
            ev.id,
            lifecycle.UNDO_ACCEPT,
            assignee_id=before.assignee_id,
            expect_assignee=user_id,
            accepted_at=None,
            due_at=None,
        )
        if moved is None:
            return Answer("cb.undo_gone", True, (("id", ev.id),))
        worker_then = "" if before.assignee_id is None else str(before.assignee_id)
        await events.log(c, ev.id, now, accept_undo.UNDONE, user_id, worker_then or None)
        await notifications.drop_input(c, user_id, ev.id)  # a reason asked for by Close, had he pressed it
        await chase.on_accept_undone(ctx, c, moved, before.timer_ids)
        await notify.refresh_ack(ctx, c, moved)
        await notify.edit_worker_dms(ctx, c, moved, None, keep_accept=True)
        if before.committee_told:
            await committee_news.unsettled(ctx, c, moved, user_id)
        return Answer("cb.accept_undone", values=(("id", ev.id),))


async def lapsed(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    """The Undo's time is over (``accept_undo.lapse_timer``): the button leaves his card, silently (its buttons
    alone are edited: no message, no sound), the card's other buttons kept. Only while the card shows what his Accept
    put there: a card whose buttons changed since (the outcome chooser he opened, closed, handed back, a new copy)
    is left as it is; so is an event accepted again since (that Accept has its own timer)."""
    assert ev is not None and ev.status is Status.ACCEPTED
    worker = ev.assignee_id
    if worker is None or not accept_undo.lapse_is_for(timer.payload, worker, ev.accepted_at):
        return
    card = await outbox.last_card_change(c, worker, ev.id)
    if card is None or not card.method.startswith("edit"):
        return
    if (kept := accept_undo.without_undo(card.markup, ev.id)) is not None:
        await notify.edit_markup(ctx, c, worker, card.message_id, kept, ev.id, ref=card.ref)
