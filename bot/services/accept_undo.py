"""A mistaken Accept undone: within ``accept_undo.UNDO_WITHIN`` of it, by the worker who pressed it, while nothing
else has happened to the event, it goes back exactly where it was (its worker then, its chasing timers due when they
were, the cards, the acknowledgement and the committee told so)."""

from __future__ import annotations

from bot.context import AppContext
from bot.core import accept_undo, lifecycle
from bot.core.types import Status
from bot.services import chase, committee_news, notify
from bot.services.result import Answer
from storage import events, notifications


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
