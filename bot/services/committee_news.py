"""The committee, told of an event it was asked to chase (a red, an escalation, "nobody will take it"), hears
when someone took it or it ended: one short line under its latest message about the event, through the outbox.
Otherwise it kept phoning about a fire being handled, or had to ask /status."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages
from bot.render.i18n import t
from bot.services import list_buttons, notify, surveys
from storage import outbox

KEY = "settled:"  # the dedup key of these lines: one under each committee message, never a line under a line


def _for_information(dedup_key: str | None, payload: dict) -> bool:
    """A non-red event's alert of its colour at once, naming its worker (no buttons): news, not a call to act."""
    return bool(dedup_key and dedup_key.startswith("alert:") and not dedup_key.endswith(":red")) and not payload.get(
        "reply_markup"
    )


async def settled(ctx: AppContext, c: aiosqlite.Connection, ev: Event, key: str) -> bool:
    """Tell the committee the event is accepted, closed or withdrawn (``key``: ``committee.settled.*``), under its
    latest message about it, when that asked it to act and got no such line yet; that message's "send to …"
    buttons go (a press would be refused now), and so do its "#N 派给…" in the committee's lists. Whether it was
    told."""
    await list_buttons.moved_on(ctx, c, ev)
    found = await outbox.latest_of_chat(c, ev.id, Purpose.COMMITTEE, ctx.committee_chat_id)
    if found is None:
        return False
    row, dedup = found
    if (dedup or "").startswith(KEY) or _for_information(dedup, row.payload):
        return False
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    values: dict[str, object] = {"id": ev.id, "worker": await notify.display_name(ctx, c, ev.assignee_id) or ""}
    if ev.outcome is not None:
        values["outcome"] = messages.outcome_label(lang, ev.outcome)
    sent = row.message_id if row.status == "sent" else None
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        t(lang, key, **values),
        purpose=Purpose.COMMITTEE,
        event_id=ev.id,
        reply_to=sent,
        dedup_key=f"{KEY}{row.id}",
    )
    await _buttons_gone(ctx, c, row, ev)
    return True


async def _buttons_gone(ctx: AppContext, c: aiosqlite.Connection, row: outbox.OutboxRow, ev: Event) -> None:
    """The committee's note (``row``) loses its "send to …" buttons: the event moved on, a press would be refused."""
    if row.status == "sent" and row.message_id is not None and row.payload.get("reply_markup"):
        await notify.edit_markup(ctx, c, ctx.committee_chat_id, row.message_id, {"inline_keyboard": []}, ev.id)


async def unsettled(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int) -> None:
    """An Accept the committee was told of (``settled``) undone by ``worker_id``: one short line under it says the
    event waits again; with nobody on it, that line carries the "send to …" buttons its alert lost. A later Accept
    is told under this line (it is no ``settled`` line)."""
    found = await outbox.latest_of_chat(c, ev.id, Purpose.COMMITTEE, ctx.committee_chat_id)
    if found is None:
        return
    row, _ = found
    worker = await notify.display_name(ctx, c, worker_id) or ""
    arrange = ev if ev.assignee_id is None else None
    await notify.committee(
        ctx,
        c,
        "committee.settled.undone",
        ev.id,
        dedup_key=f"un{KEY}{row.id}",
        arrange=arrange,
        id=ev.id,
        worker=worker,
    )


async def cannot_fix(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """A close as "cannot fix" is the committee's to arrange (a flat's owner to reach, a trade to call): it is told,
    once a closing, where, what, who closed it and why (the reason the resident is told too), with the button that
    opens it again; an earlier note's "send to …" buttons go, as for any close (``settled``). Day-in-the-life review:
    a leak from an empty flat above, closed "cannot fix", reached no one but the resident."""
    await list_buttons.moved_on(ctx, c, ev)
    found = await outbox.latest_of_chat(c, ev.id, Purpose.COMMITTEE, ctx.committee_chat_id)
    if found is not None:
        await _buttons_gone(ctx, c, found[0], ev)
    worker = await notify.display_name(ctx, c, ev.assignee_id) or ""
    key = f"cannot_fix:{ev.id}:{ev.reopened_count}"
    await surveys.to_check(ctx, c, ev, "committee.cannot_fix", key, words=ev.outcome_note or "—", worker=worker)
