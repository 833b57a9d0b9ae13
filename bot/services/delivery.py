"""What happens after the sender delivered, or finally failed to deliver, an outbox row.

Over 300 lines: every purpose's fallback hangs off the one failure path (``on_failed``), read together when a
message cannot reach someone."""

from __future__ import annotations

import logging
from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.core.types import Event, Status
from bot.render import messages
from bot.render.i18n import t
from bot.services import card_replies, chase, committee_out, notify, teams
from bot.services.surveys import resend_in_group
from bot.services.unreachable import assignee_unreachable, list_unreachable, note_refused, worker_unreachable
from storage import events, notifications, outbox, people, setup, surveys
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)
NEVER_SENT = "the message to edit was never sent"  # an edit whose message is gone (the sender's words)
# an edit or deletion still queued when its group became a supergroup: the message stayed in the old group
LEFT_BEHIND = "the message stayed in the group before it became a supergroup"


async def resolve_ref(c: aiosqlite.Connection, row: OutboxRow) -> tuple[str, int | None]:
    """For an edit queued before its target was sent: ('ok', message_id), ('wait', None) or ('gone', None)."""
    ref = row.meta.ref
    # the message one row sends (an answer the sender may be sending now), about an event or about none (a
    # "Report it?" question closed by /forget_me while still queued)
    if ref is not None and ref.startswith(outbox.ROW_REF):
        found = await outbox.sent_as(c, int(ref[len(outbox.ROW_REF) :]))
        if found is not None and found[0] == "sent" and found[1] is not None:
            return "ok", found[1]
        return ("wait", None) if found is not None and found[0] == "pending" else ("gone", None)
    assert row.event_id is not None  # the other refs name a message about the event
    if ref == "ack":
        ev = await events.get(c, row.event_id)
        if ev and ev.ack_message_id:
            return "ok", ev.ack_message_id
        status = await outbox.row_status(c, row.event_id, Purpose.ACK)
    elif ref == "group_post":  # a private report's post in its building's group
        post = await outbox.latest_of(c, row.event_id, Purpose.GROUP_POST)
        if post is not None and post[1] == "sent" and post[2] is not None:
            return "ok", post[2]
        status = post[1] if post is not None else None
    else:
        sent = [dm.message_id for dm in await notifications.for_event(c, row.event_id) if dm.user_id == row.chat_id]
        if sent:
            return "ok", sent[-1]
        # only a message queued before this edit is waited for: a chat's messages go out in order, so one queued
        # after it (a fallback DM after the first failed) would wait behind it for ever; it shows the event as it
        # is now anyway
        status = await outbox.row_status(c, row.event_id, Purpose.WORKER_DM, row.chat_id, before=row.id)
    return ("wait", None) if status == "pending" else ("gone", None)


async def on_sent(ctx: AppContext, c: aiosqlite.Connection, sent: list[tuple[OutboxRow, int | None]]) -> None:
    """Remember what a batch of delivered messages became (one statement per kind, not per message; a red's card
    said unreachable reads its event once)."""
    now = ctx.now()
    acks: list[tuple[int, int]] = []
    dms: list[tuple[int, int, int, int]] = []
    notified: list[tuple[int, datetime, str, int | None, str | None]] = []
    if any(row.chat_id == ctx.committee_chat_id for row, _ in sent):  # it takes the bot's messages again
        await committee_out.reached(ctx, c)
    for row, message_id in sent:
        if row.purpose is Purpose.NUDGE_LIST and message_id is not None:  # its events told, as their cards would
            notified += [(ev, now, "notified", None, str(row.chat_id)) for ev in row.meta.events or []]
        if message_id is None or row.event_id is None:
            continue
        if row.purpose is Purpose.ACK:
            acks.append((row.event_id, message_id))
        elif row.purpose is Purpose.SURVEY and row.meta.survey is not None:
            await surveys.set_message(c, row.meta.survey, row.chat_id, message_id)
        elif row.purpose is Purpose.WORKER_DM:
            dms.append((row.event_id, row.chat_id, row.chat_id, message_id))
    await people.reached(c, {row.chat_id for row, message_id in sent if row.chat_id > 0 and message_id is not None})
    if acks:
        await events.set_acks(c, acks)
    if dms:
        await _retire_older_copies(ctx, c, dms)
        await notifications.add_many(c, dms, now)
        notified += [(ev, now, "notified", None, str(chat)) for ev, _, chat, _ in dms]
        # a red's card the bot had said could not reach him (read only for events whose log says so)
        said = await events.with_logged(c, {ev for ev, _, _, _ in dms}, notify.NOBODY_REACHED)
        for ev, chat in dict.fromkeys((ev, chat) for ev, _, chat, _ in dms if ev in said):
            await chase.reached_after_all(ctx, c, ev, chat)
    if notified:
        await events.log_many(c, notified)


async def _retire_older_copies(ctx: AppContext, c: aiosqlite.Connection, dms: list[tuple[int, int, int, int]]) -> None:
    """One live copy per worker and event: a new copy (a reminder, a re-ping, a hand-over) takes the buttons from
    the copy before it, so a later change edits the newest alone, not every copy (notify.edit_worker_dms)."""
    newest: dict[tuple[int, int], tuple[int, datetime]] = {}
    for event_id in dict.fromkeys(ev for ev, _, _, _ in dms):  # each event's copies read once
        for dm in await notifications.for_event(c, event_id):
            newest[(event_id, dm.user_id)] = (dm.message_id, dm.sent_at)  # in order: the last is the newest
    for event_id, user_id, chat_id, message_id in dms:
        if (older := newest.get((event_id, user_id))) is not None:
            await notify.retire(ctx, c, chat_id, older[0], event_id, older[1])
        newest[(event_id, user_id)] = (message_id, ctx.now())


async def on_failed(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, error: str, unreachable: bool) -> None:
    """A message could not be delivered for good: make sure someone else is told.

    unreachable: Telegram answered 403 (the user never started the bot, or blocked it) or 400 "chat not found"
    for a person (the bot has never seen them). Only that means the person cannot be reached; any other
    failure (a 400 for the message itself, attempts given up) is about this one message, and is reported as such.
    """
    log.warning("outbox row %s (%s to %s) failed: %s", row.id, row.purpose, row.chat_id, error)
    if row.chat_id < 0 and error.startswith("403"):  # a group: the bot is no longer in it (removed, or deleted)
        await left_group(ctx, c, row.chat_id)
    if row.chat_id == ctx.committee_chat_id and committee_out.chat_refused(error):
        await committee_out.relay(ctx, c, row, error)
    if row.purpose is Purpose.WORKER_DM and row.event_id is not None:
        if unreachable:
            await worker_unreachable(ctx, c, row, _blocked(error))
            await chase.unreached(ctx, c, [row.event_id])
        else:
            await _worker_dm_failed(ctx, c, row, error)
    elif row.purpose is Purpose.NUDGE_LIST and unreachable:  # a list of reminders: as its events' own DMs would
        await list_unreachable(ctx, c, row, _blocked(error))
        await chase.unreached(ctx, c, row.meta.events or [])
    elif row.purpose is Purpose.NUDGE_LIST:  # failed for another reason: as its events' own DMs would, once
        await _list_failed(ctx, c, row, error)
    elif row.purpose in teams.ALERTS and row.event_id is not None:
        await teams.alert_failed(ctx, c, row.event_id, row.purpose, row.chat_id, error, unreachable)
    elif row.purpose is Purpose.REPORTER_DM and row.event_id is not None:
        ev = await events.get(c, row.event_id)
        if ev is not None and ev.chat_id < 0:
            if unreachable:
                await people.mark_unreachable(c, row.chat_id)
            await notify.under_report(ctx, c, ev, row.payload.get("text", ""), Purpose.REPORTER_GROUP)
    elif row.purpose is Purpose.COMMITTEE_NOTE and row.event_id is not None:  # the chair's words did not reach him
        await _committee_note_failed(ctx, c, row, unreachable)
    elif row.purpose is Purpose.WORKER_REPLY:  # a worker's words for a private reporter: he hears they did not go
        await card_replies.refused(ctx, c, row, unreachable)
    elif row.purpose is Purpose.SURVEY and row.chat_id > 0 and row.meta.survey is not None:
        await resend_in_group(ctx, c, row.meta.survey, unreachable=unreachable)
    elif row.purpose is Purpose.ACK and row.event_id is not None:
        await events.log(c, row.event_id, ctx.now(), "ack_failed", None, error[:200])
        if row.chat_id < 0 and committee_out.no_rights(error):  # residents there get no answer at all
            await cannot_write(ctx, c, row.chat_id)
    elif row.purpose is Purpose.EDIT_ACK and row.event_id is not None and _gone(error):
        await _fresh_ack(ctx, c, row)
    elif row.purpose in _TO_ASSIGNEE and unreachable and row.event_id is not None:
        await _assignee_unreachable(ctx, c, row)
    elif row.purpose is Purpose.RETIRE and row.event_id is not None and not unreachable and "not found" not in error:
        # Telegram would not delete it (too old by its clock): it stays, pointing to the copy below
        await notify.retire_in_place(ctx, c, row.chat_id, row.payload["message_id"], row.event_id)


def _blocked(error: str) -> bool:
    """Whether Telegram's refusal says the person blocked the bot ("403 Forbidden: bot was blocked by the user"),
    not that they never started it ("bot can't initiate conversation with a user")."""
    return error.startswith("403") and "blocked by the user" in error


# what the worker on an accepted event is sent about it: their fix-by reminders, its overdue notice, a raise to red,
# a resident's edit or words
_TO_ASSIGNEE = frozenset(
    {Purpose.DUE_REMIND, Purpose.OVERDUE, Purpose.RAISED, Purpose.LATE_EDIT, Purpose.REPORTER_NOTE, Purpose.MEDIA_ADDED}
)


async def _assignee_unreachable(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow) -> None:
    """The worker on an accepted event cannot be messaged any more (blocked the bot after accepting): the committee
    hears it once for the event, with their phone, instead of at the fix-by time (robustness review)."""
    assert row.event_id is not None
    ev = await events.get(c, row.event_id)
    if ev is None or ev.status is not Status.ACCEPTED or ev.assignee_id != row.chat_id:
        return
    await people.mark_unreachable(c, row.chat_id)
    await events.log(c, ev.id, ctx.now(), "dm_failed", None, str(row.chat_id))
    if row.purpose is Purpose.REPORTER_NOTE:  # her words never reached him: the committee reads them, she is told so
        await note_refused(ctx, c, ev, row)
    else:
        await assignee_unreachable(ctx, c, ev)


async def _committee_note_failed(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, unreachable: bool) -> None:
    """Staff's words under the committee's note, sent on to the worker on the event, did not reach him: the committee
    hears it once for that message (it was told they were passed on)."""
    assert row.event_id is not None
    if unreachable:
        await people.mark_unreachable(c, row.chat_id)
    name = await notify.display_name(ctx, c, row.chat_id) or str(row.chat_id)
    await notify.committee(
        ctx, c, "committee.note_failed", row.event_id, dedup_key=f"note_failed:{row.id}", id=row.event_id, worker=name
    )


async def _worker_dm_failed(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, error: str) -> None:
    """A DM to a worker failed for a reason other than 403: the committee hears which message and why."""
    assert row.event_id is not None
    await events.log(c, row.event_id, ctx.now(), "dm_failed", None, f"{row.chat_id}: {error[:200]}")
    name = await notify.display_name(ctx, c, row.chat_id) or str(row.chat_id)
    await notify.committee(
        ctx,
        c,
        "committee.dm_failed",
        row.event_id,
        dedup_key=f"dm_failed:{row.id}",
        id=row.event_id,
        worker=name,
        reason=error[:200],
    )


async def _list_failed(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow, error: str) -> None:
    """A worker's list (new events held for it, or reminders) failed for a reason other than 403: its events are
    logged so and the committee hears it once, naming them, as it would of each event's own DM
    (``_worker_dm_failed``): a held event's list is the only word its worker was to have of it."""
    ids = [i for i in row.meta.events or [] if await events.get(c, i) is not None]
    if not ids:
        return
    await events.log_many(c, [(i, ctx.now(), "dm_failed", None, f"{row.chat_id}: {error[:200]}") for i in ids])
    name = await notify.display_name(ctx, c, row.chat_id) or str(row.chat_id)
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    await notify.committee(
        ctx,
        c,
        "committee.dm_failed",
        None,
        dedup_key=f"dm_failed:{row.id}",
        id=messages.event_ids(lang, ids),
        worker=name,
        reason=error[:200],
    )


async def left_group(ctx: AppContext, c: aiosqlite.Connection, chat_id: int, title: str | None = None) -> None:
    """The bot is out of a group (its my_chat_member update, or a send there refused with 403): the chat is
    marked so, and the committee hears it of a residents' group once, from whichever of the two comes first."""
    before = await people.chat(c, chat_id)
    await people.set_chat_active(c, chat_id, False, title)
    bound = ctx.community.grid_for_chat(chat_id) or (before and before.grid_id)
    was_active = before is None or before.active
    if bound and was_active and chat_id != ctx.committee_chat_id:
        title = title or (before and before.title) or str(chat_id)
        # the open ones (the newest 20) go on, but their reporters no longer read how they stand in the group
        shown = sorted(ev.id for ev in await events.open_in_chat(c, chat_id, 20))
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        also = [("committee.bot_removed_open", {"ids": messages.event_ids(lang, shown)})] if shown else []
        # a group the file lists is taken out there once no longer used; one bound with a button is in no file
        by_button = (row := await setup.chat_by_id(c, chat_id)) is not None and row.grid_id is not None
        undo = t(lang, "committee.bot_removed_undo" if by_button else "committee.bot_removed_file", chat_id=chat_id)
        await notify.committee(ctx, c, "committee.bot_removed", also=also, title=title, undo=undo)


async def cannot_write(ctx: AppContext, c: aiosqlite.Connection, chat_id: int, restriction: int | None = None) -> None:
    """The bot may not write in a residents' group it is in: the committee hears it.

    restriction: the update that restricted the bot there (its update_id): each restriction is told once. Without
    it (a send refused for want of rights) it is told once until the bot next gets a message through to that
    group, and not when it was already told since then. A group the bot is out of is not one it may not write
    in: the committee heard it was removed (``left_group``)."""
    if chat_id > 0 or chat_id == ctx.committee_chat_id:
        return
    chat = await people.chat(c, chat_id)
    if chat is not None and not chat.active:
        return
    streak = await outbox.last_sent_to(c, chat_id)
    prefix = f"cannot_write:{chat_id}:"
    if restriction is not None:
        key = f"{prefix}r{restriction}"
    elif await outbox.keyed_after(c, prefix, streak):
        return
    else:
        key = f"{prefix}{streak}"
    title = await people.chat_title(c, chat_id) or str(chat_id)
    await notify.committee(ctx, c, "committee.cannot_write", dedup_key=key, title=title)


def _gone(error: str) -> bool:
    """The acknowledgement can no longer be edited: deleted, or left in a group that became a supergroup (its
    id forgotten there: the edit finds no acknowledgement it could change)."""
    low = error.lower()
    return (low.startswith("400") and ("can't be edited" in low or "to edit not found" in low)) or low in (
        NEVER_SENT,
        LEFT_BEHIND,
    )


async def _fresh_ack(ctx: AppContext, c: aiosqlite.Connection, row: OutboxRow) -> None:
    """The acknowledgement this edit was for is gone: the first such failure posts the event's state as a new
    acknowledgement (later edits wait for it, then change it); a later one brings the current one up to date."""
    ev = await events.get(c, row.event_id) if row.event_id is not None else None
    if ev is None or ev.chat_id > 0:
        return
    lost = row.payload.get("message_id")
    if isinstance(lost, int) and await events.forget_ack(c, ev.id, lost):
        await _repost_ack(ctx, c, await events.get(c, ev.id) or ev, str(lost))
    elif ev.ack_message_id is None:  # none to change (forgotten when the group became a supergroup): post one
        await _repost_ack(ctx, c, ev, f"none{ev.reopened_count}")
    else:
        await notify.refresh_ack(ctx, c, ev)


async def _repost_ack(ctx: AppContext, c: aiosqlite.Connection, ev: Event, lost: str) -> None:
    """Post the acknowledgement afresh in its group; once sent it is the one later edits change."""
    text, markup = await notify.ack_content(ctx, c, ev)
    await notify.under_report(ctx, c, ev, text, Purpose.ACK, markup=markup, dedup_key=f"reack:{ev.id}:{lost}")
