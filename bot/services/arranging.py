"""The committee's "👉 派给…" buttons pressed (``assign_buttons`` builds them): who may press them, the event given
to the worker named (as the console's reassign), and a list's "👉 #3 派给…" button, which brings that event's own
note with its buttons below the list.

Committee review 57: the committee chat's staff (居委会工作人员) are not all in the file's admins, so a member of the
chat may press them (Telegram is asked), anyone else is refused and logged; and a list of several events (overdue,
or still unaccepted) had no buttons while each event's own note had them."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core import lifecycle, permissions
from bot.core.callbacks import Action
from bot.render import messages
from bot.services import assign_buttons, committee_notes, committee_out, list_buttons, notify
from bot.services.result import Answer
from bot.services.steering import UNCHECKED, reassign
from storage import events, outbox

log = logging.getLogger(__name__)

# a console refusal as a button's answer
_PRESSED = {
    "taken": "cb.assign_taken",
    "same": "cb.assign_same",
    "no_worker": "cb.assign_not_worker",
    "changed": "cb.assign_changed",
}


def asks_membership(ctx: AppContext, user_id: int) -> bool:
    """Whether a "send to …" press needs Telegram asked if its presser is a member of the committee chat: not for an
    admin of the file, who may press it anywhere."""
    return permissions.role(ctx.community, user_id) is not permissions.Role.ADMIN


async def assign_from_note(
    ctx: AppContext,
    event_id: int,
    worker_id: int | None,
    user_id: int,
    chat_id: int,
    message_id: int,
    name: str = "",
    member: bool | None = None,
) -> Answer:
    """A member of the committee chat (``member``: as Telegram says) or an admin pressed "send to …" under a
    committee note about an event nobody would take, or whose worker the bot cannot reach any more (accepted work
    too, then), or past its fix-by time: it goes to that worker (as a console reassignment: logged, their card sent,
    chased) and the note loses its buttons. With no worker (``worker_id`` None: a list's "#3 派给…"), the event's
    own note with the buttons comes below (``_offer``)."""
    if not permissions.may_arrange(permissions.role(ctx.community, user_id), member):
        log.warning("refused an assign press on #%s by user %s (not in the committee chat)", event_id, user_id)
        return Answer("cb.only_committee", True)
    # the buttons live under the committee's notes alone, and their copies relayed to an admin (the chat out of reach)
    if not await committee_out.is_committee_note(ctx, chat_id, message_id):
        log.warning("refused an assign press on #%s in chat %s (worker %s)", event_id, chat_id, worker_id)
        return Answer("cb.unknown", True)
    if worker_id is None:
        return await _offer(ctx, event_id, chat_id, message_id)
    async with ctx.db.read() as c:
        note = await outbox.meta_of_sent(c, chat_id, message_id)
    # whom the note saw it with: a press after the event moved on (the console, a shift change) is refused
    shown = UNCHECKED if note is None or note.shown is None else note.shown or None
    waiting_only = note is None or not note.taken
    done = await reassign(ctx, user_id, event_id, worker_id, shown, waiting_only, name, from_note=True)
    target = ctx.community.worker(worker_id)
    values = (("id", event_id), ("worker", target.name if target else ""))
    reason = done.key.removeprefix("console.err.")
    if done.ok or reason in ("taken", "closed", "not_found", "changed"):  # nothing left to send: its buttons go
        async with ctx.db.tx() as c:
            await notify.edit_markup(ctx, c, chat_id, message_id, {"inline_keyboard": []}, event_id)
    if done.ok:
        return Answer("cb.assigned", values=values)
    return Answer(_PRESSED.get(reason, "cb.already_done"), True, values)


async def _offer(ctx: AppContext, event_id: int, chat_id: int, message_id: int) -> Answer:
    """A list's "#3 派给…": the event's note, how it stands now and its "send to …" buttons, under the list (once
    while nothing happens to the event: a second press sends no second note; one after it moved on, a fresh one).
    Refused when it is closed or there is no one else to send it to."""
    values = (("id", event_id),)
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None:
            return Answer("cb.already_done", True)
        if not lifecycle.is_open(ev.status):  # the list, however old, loses its button and says what became of it
            return await list_buttons.pressed_after(ctx, c, ev, chat_id, message_id, Action.ASSIGN)
        if not await assign_buttons.choices(ctx, c, ev):
            return Answer("cb.arrange_nobody", True, values)
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        await notify.committee(
            ctx,
            c,
            "committee.arrange",
            ev.id,
            dedup_key=f"arrange:{chat_id}:{message_id}:{ev.id}:at{await events.log_mark(c, ev.id)}",
            arrange=ev,
            reply_to=message_id if chat_id == ctx.committee_chat_id else None,
            id=ev.id,
            urgency=messages.urgency_label(lang, ev.urgency),
            location=messages.location_label(lang, ev),
            state=await committee_notes.state(ctx, c, lang, ev),
        )
    return Answer("cb.arrange_below", values=values)
