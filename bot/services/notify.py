"""Queueing the bot's messages about events into the outbox (inside the caller's transaction).

Over 300 lines: every message about an event is queued here, so its language, dedup key and state line are
chosen in one place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, permissions, routing, several
from bot.core.permissions import Act
from bot.core.purpose import Purpose
from bot.core.roster import Adjustment
from bot.core.types import Event, Incoming, Outcome, Status, Urgency, in_chat
from bot.render import messages, quotes, reports
from bot.render.fit import MAX_TEXT, cap_buttons, clip, visible_len
from bot.render.i18n import answer_language, join, normalize, t
from bot.services import assign_buttons, extras
from storage import events, notifications, outbox, people, reporters

HTML = "HTML"
DISPATCH = "dispatch"  # the step of a new event's first message to its worker
MOVED = frozenset(
    {
        "dm.state.handed_back_to",
        "dm.state.handed_off",
        "dm.state.left_to",
        "dm.state.reassigned",
        "dm.state.regrid",
        "dm.state.recategorised",
    }
)


async def group_language(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> str:
    """The language a group chat reads (set by /lang, else the community's)."""
    row = await people.chat(c, chat_id)
    return (row.language if row and row.language else None) or ctx.language


async def user_language(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> str:
    """The language a user reads in private (their Telegram language, else the community's)."""
    return normalize(await people.language_of(c, user_id), ctx.language)


async def language_in(ctx: AppContext, c: aiosqlite.Connection, chat_id: int, user_id: int) -> str:
    """The language to write in a chat: the person's in their private chat, the group's in a group."""
    return await user_language(ctx, c, user_id) if chat_id > 0 else await group_language(ctx, c, chat_id)


async def display_name(ctx: AppContext, c: aiosqlite.Connection, user_id: int | None) -> str | None:
    """A worker's name from the community file (or as it was there, for one who left) or their Telegram profile."""
    if user_id is None:
        return None
    if (w := ctx.community.worker(user_id)) is not None:
        return w.name
    if former := await people.worker_name(c, user_id):
        return former
    row = await people.person(c, user_id)
    return (row.name if row and row.name else None) or str(user_id)


async def actor_name(ctx: AppContext, c: aiosqlite.Connection, user_id: int, telegram_name: str = "") -> str:
    """Who pressed a button, by name: ``display_name``, or the name Telegram gave with the press for one the bot knows
    only by id (an admin who never wrote in a residents' group: "1001已把群…绑定", README review)."""
    known = await display_name(ctx, c, user_id) or str(user_id)
    return telegram_name if telegram_name and known == str(user_id) else known


async def send(
    ctx: AppContext,
    c: aiosqlite.Connection,
    chat_id: int,
    text: str,
    *,
    purpose: Purpose | None = None,
    event_id: int | None = None,
    reply_to: int | None = None,
    markup: dict | None = None,
    dedup_key: str | None = None,
    extra: dict | None = None,
    meta: outbox.Meta | None = None,
    urgent: bool = False,
) -> int | None:
    """Queue a sendMessage (HTML: build `text` with t() and join(), which escape what comes from outside).

    reply_to: a report's id kept from the group before it became a supergroup is replied to by none (``in_chat``).
    urgent: before the chat's routine messages, whatever its purpose and event say (a danger not yet an event)."""
    payload: dict = {"chat_id": chat_id, "text": clip(text), "parse_mode": HTML, "disable_web_page_preview": True}
    reply_to = in_chat(reply_to)
    if reply_to:
        payload["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    if markup:
        payload["reply_markup"] = cap_buttons(markup)
    if extra:
        payload.update(extra)
    return await _queue(
        ctx, c, "sendMessage", payload, purpose, event_id, dedup_key=dedup_key, meta=meta, urgent=urgent
    )


async def _queue(
    ctx: AppContext,
    c: aiosqlite.Connection,
    method: str,
    payload: dict,
    purpose: Purpose | None,
    event_id: int | None,
    **kw: object,
) -> int | None:
    """Queue one Bot API call to the chat its payload names, due now (``kw``: the rest of `outbox.enqueue`'s)."""
    return await outbox.enqueue(
        c,
        method=method,
        chat_id=payload["chat_id"],
        payload=payload,
        now=ctx.now(),
        purpose=purpose,
        event_id=event_id,
        **kw,
    )


async def leave(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> None:
    """Queue the bot's leaving a group (after what was queued for it before)."""
    await _queue(ctx, c, "leaveChat", {"chat_id": chat_id}, Purpose.SETUP, None)


async def language_of(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> str:
    """The language to answer a message in: the writer's in private, the group's in a group."""
    if msg.private:
        return normalize(msg.language_code, ctx.language)
    return await group_language(ctx, c, msg.chat_id)


async def answer_language_for(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming) -> str:
    """The language to answer a resident's words in (an answer to them alone): the writer's in private, the group's
    in a group, unless the words are in another the bot speaks (``answer_language``: English words from a writer
    whose Telegram is English in a Chinese group; Chinese words in private from one whose app is in English, as
    many Chinese residents' are: private-chat review). Not for what everyone there reads, nor for a command."""
    lang = await language_of(ctx, c, msg)
    return answer_language(lang, msg.language_code, msg.text, ctx.language)


async def reply(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, text: str, *, purpose: Purpose, **kw: object
) -> int | None:
    """Queue an answer to a resident's message: in the same chat, as a reply to it (``kw``: `send`'s)."""
    return await send(ctx, c, msg.chat_id, text, purpose=purpose, reply_to=msg.message_id, **kw)


async def refresh_ack(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """Edit the acknowledgement to the event's current state (resolved when sent): in the group, or in the private
    chat of a report made there, and then that report's post in its group too."""
    text, markup = await ack_content(ctx, c, ev)
    last = await outbox.last_live_payload(c, ev.id, (Purpose.ACK, Purpose.EDIT_ACK), ev.chat_id)
    none: dict = {"inline_keyboard": []}
    same = last is not None and (last.get("text"), last.get("reply_markup") or none) == (
        clip(text),
        cap_buttons(markup) or none,
    )
    if not same:  # unchanged (a hand-back to the backup): no edit Telegram refuses as "not modified", a call saved
        await edit(ctx, c, ev.chat_id, ev.ack_message_id, text, markup, Purpose.EDIT_ACK, ev.id, "ack")
    if ev.chat_id > 0:
        await refresh_post(ctx, c, ev)


async def post_text(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event, choice: str) -> str:
    """The group's post of a private report, named or anonymous as its writer chose, with where it stands; named,
    once /forget_me erased her name and words, as an anonymous one (never "反映人：。")."""
    named = choice == "named" and bool(ev.reporter_name)
    name = ev.reporter_name if named else None
    place = ev if named else messages.without_room(ev)  # a room would name the writer
    worker = await state_worker(ctx, c, lang, ev)
    back = await handed_back_to_no_one(c, ev)
    until = await _waits_label(ctx, c, lang, ev, bool(worker) or back)
    instead = await told_instead(c, ev)
    state = messages.state_lines(lang, ev, worker, back, False, note=named, waits_until=until, instead=instead)
    return reports.group_post_text(lang, ev, name, messages.location_label(lang, place), state)


async def refresh_post(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> None:
    """A private report's post in its building's group, edited to the event as it is now (its words after an edit,
    its state), as its writer chose it: named, or anonymous with no words and no room; in the group it went to."""
    chosen = await events.last_logged(c, ev.id, "post_chosen")
    choice = chosen.detail if chosen else None
    post = await outbox.latest_of(c, ev.id, Purpose.GROUP_POST)
    if choice not in ("named", "anonymous") or post is None:
        return
    group, status, message_id = post
    if status not in ("sent", "pending") or (status == "sent" and message_id is None):
        return  # never delivered: nothing there to correct
    text = await post_text(ctx, c, await group_language(ctx, c, group), ev, choice)
    sent = message_id if status == "sent" else None
    await edit(ctx, c, group, sent, text, None, Purpose.EDIT, ev.id, "group_post")


async def ack_content(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> tuple[str, dict]:
    """The acknowledgement of the event as it is now (in its chat's language, or in a group the one its report
    was written in: ``answer_language``): its text (HTML) and buttons."""
    lang = await report_language(ctx, c, ev)
    worker = await state_worker(ctx, c, lang, ev)
    affected = len({r.user_id for r in await reporters.for_event(c, ev.id)})
    back = await handed_back_to_no_one(c, ev)
    until = await _waits_label(ctx, c, lang, ev, bool(worker) or back)
    split = [  # one she took back (her edit no longer says it) is no longer named
        p for p in await extras.further(c, ev) if p.status is not Status.CANCELLED
    ]
    instead = await told_instead(c, ev)
    return messages.ack_text(lang, ev, worker, back, affected, until, split, instead), messages.ack_markup(lang, ev)


NOBODY_REACHED = "nobody_reached"  # the log line of a red whose alert reached no worker: "<its red round>:<worker>"


async def told_instead(c: aiosqlite.Connection, ev: Event) -> str | None:
    """Who a waiting event's acknowledgement says was told instead of the worker on duty: "arranged", the committee
    gave it to a worker off duty for it (a night's "派给…" or "让李姐马上去"); "unreached", a red whose alert reached
    no worker the bot can message, in this round and with this worker (``NOBODY_REACHED``: pages review 61, the group
    read "已通知值班人员" of a worker who had blocked the bot); None: the worker on duty was told."""
    if ev.status is not Status.DISPATCHED or ev.assignee_id is None:
        return None
    if permissions.chosen_by_admin(await events.assignment_history(c, ev.id)):
        return "arranged"
    line = await events.last_logged(c, ev.id, NOBODY_REACHED) if ev.urgency is Urgency.RED else None
    if not line or line.detail != f"{await red_round(c, ev)}:{ev.assignee_id}":
        return None
    person = await people.person(c, ev.assignee_id)  # his card reached him since (``chase.reached_after_all``): told
    return "unreached" if person is None or not person.reachable else None


async def _waits_label(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event, taken: bool) -> str | None:
    """When the shift the event waits for starts, said for a resident (None: it waits for none, or ``taken``: someone
    has it or gave it back)."""
    waits = None if taken else await shift_wait(ctx, c, ev)
    return messages.when_label(lang, waits, ctx.now(), ctx.community.tz) if waits else None


async def shift_wait(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    overrides: Sequence[Adjustment] | None = None,
    quiet: bool = True,
) -> datetime | None:
    """When the shift an open event with no worker waits for starts, or None (``overrides``: the duty marks and rota
    changes in force now, when the caller has read them). ``quiet``: only one that waits unannounced, a green one
    (``routing.waits_for_shift``); else any but a red (``routing.next_shift``: a yellow waits, the committee told)."""
    if ev.assignee_id is not None or ev.status is not Status.DISPATCHED or ev.urgency is Urgency.RED:
        return None
    now = ctx.now()
    if overrides is None:
        overrides = await people.adjustments(c, now)
    if quiet:
        return routing.waits_for_shift(ctx.community, ev.category, ev.grid_id, ev.urgency, now, overrides)
    return routing.next_shift(ctx.community, ev.category, ev.grid_id, now, overrides)


async def report_language(ctx: AppContext, c: aiosqlite.Connection, ev: Event) -> str:
    """The language to write to a report's writer about it: the one its words were answered in, in a group or in
    private (``answer_language`` with their Telegram's language when they wrote: it may be another's now; Chinese
    words from a phone in English are answered in Chinese, and its acknowledgement edited so)."""
    lang = await language_in(ctx, c, ev.chat_id, ev.reporter_id)
    return answer_language(lang, ev.language, ev.text, ctx.language)


async def state_worker(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event) -> str | None:
    """Who its state lines name: its worker, or the committee when an admin closed it (the console): not "fixed
    (李姐)" when 李姐 did not close it."""
    worker = await display_name(ctx, c, ev.assignee_id)
    closer = await events.closed_by(c, ev.id) if ev.status is Status.CLOSED else None
    if closer and closer != ev.assignee_id and permissions.may_steer(permissions.role(ctx.community, closer)):
        return t(lang, "ack.closer_committee")
    return worker


async def handed_back_to_no_one(c: aiosqlite.Connection, ev: Event) -> bool:
    """An open event with no worker because the one who had it gave it back (not "nobody on duty")."""
    return ev.assignee_id is None and lifecycle.is_open(ev.status) and bool(await events.handed_back_by(c, ev.id))


async def worker_dm(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    worker_id: int,
    step: str,
    intro_key: str | None = None,
    intro_text: str | None = None,
    known: reports.DmExtras | None = None,
    anew: bool = False,
    chaser: bool = False,
) -> None:
    """Queue the private message that asks a worker to take an event (once per worker and step). ``anew``: it
    hands the event to them anew (reopened, handed back or off, reassigned): its photos come again under it.
    ``chaser``: a reminder that it still waits, which a later one still to be sent with it replaces (the sender).

    known: the extras when the caller knows them (an event opened in this transaction), so they are not read.
    """
    lang = await user_language(ctx, c, worker_id)
    title = await people.chat_title(c, ev.chat_id)
    x = known if known is not None else await extras.dm_extras(c, ev)
    text = messages.worker_text(lang, ev, title, ev.reporter_name, extras=x)
    if intro_key:
        intro_text = t(lang, intro_key)
    if intro_text:
        text = join((intro_text, text))
    markup = messages.dispatched_keyboard(lang, ev.id, hand_back=worker_id == ev.assignee_id)
    markup["inline_keyboard"] += reports.split_rows(lang, x.merged)
    await send(
        ctx,
        c,
        worker_id,
        text,
        purpose=Purpose.WORKER_DM,
        event_id=ev.id,
        markup=markup,
        dedup_key=dm_key(ev.id, worker_id, step),
        meta=outbox.Meta(chaser=True) if chaser else None,
    )
    if messages.whole_below(ev):  # no link opens the rest: like its photos, once, and again when handed anew
        await whole_text(ctx, c, ev, worker_id, lang, f"dm:{step}" if anew else "dm")
    if x.photos or x.videos:  # none stored: no need to look again; each message says "see below": they follow it
        # once per worker for the first message and its reminders and re-pings (a red one every 5 minutes); again
        # under a message that hands the event to them anew (reopened, handed back, reassigned, a shift's hand-off)
        key = f"dm:{step}" if anew else "dm"
        await extras.send_photos(ctx, c, ev, worker_id, t(lang, "photo.caption", id=ev.id), key=key)


async def red_round(c: aiosqlite.Connection, ev: Event, before_lowered: bool = False) -> str:
    """The round of an event's red in dedup keys: its reopenings, and each time its red was lowered (a red raised
    again after "not urgent" is told again, as a new red would be: to the committee, the workers, the emergency
    contacts and the teams). ``before_lowered``: the round of the red just lowered."""
    lowered = await events.times_lowered(c, ev.id) - (1 if before_lowered else 0)
    return f"{ev.reopened_count}v{lowered}" if lowered else str(ev.reopened_count)


def dm_key(event_id: int, worker_id: int, step: str) -> str:
    """The dedup key of a worker's message about an event at a step (each is queued once)."""
    return f"dm:{event_id}:{worker_id}:{step}"


async def never_sent(c: aiosqlite.Connection, ev: Event, worker_id: int) -> bool:
    """No message about the event was ever queued for the worker (its first is held for a list)."""
    return await outbox.row_status(c, ev.id, Purpose.WORKER_DM, worker_id) is None


async def assignee_dm(ctx: AppContext, c: aiosqlite.Connection, ev: Event, step: str) -> None:
    """Queue an accepted event's message again for its worker, with Close and Hand back (its '#12' in a list of
    fix-by times): the live copy from now on (the older loses its buttons once this one is sent)."""
    assert ev.assignee_id is not None
    worker = ev.assignee_id
    lang = await user_language(ctx, c, worker)
    x = await extras.dm_extras(c, ev)
    state = t(lang, "dm.state.accepted", worker=await display_name(ctx, c, worker) or "")
    text = messages.worker_text(lang, ev, await people.chat_title(c, ev.chat_id), ev.reporter_name, state, extras=x)
    markup = messages.accepted_keyboard(lang, ev.id)
    markup["inline_keyboard"] += reports.split_rows(lang, x.merged)
    key = dm_key(ev.id, worker, step)
    await send(ctx, c, worker, text, purpose=Purpose.WORKER_DM, event_id=ev.id, markup=markup, dedup_key=key)
    if messages.whole_below(ev):
        await whole_text(ctx, c, ev, worker, lang, step)


async def whole_text(ctx: AppContext, c: aiosqlite.Connection, ev: Event, worker_id: int, lang: str, key: str) -> None:
    """Queue a report's whole words for a worker (``messages.whole_text``), once per worker, event and key."""
    for n, part in enumerate(messages.whole_text(lang, ev), 1):
        dedup = f"whole:{key}:{ev.id}:{worker_id}:{n}"
        await send(ctx, c, worker_id, part, purpose=Purpose.WHOLE_TEXT, event_id=ev.id, dedup_key=dedup)


async def edit_worker_dms(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    state_key: str | None,
    keep_accept: bool = False,
    photo_from: int | None = None,
    only: int | None = None,
    undo: bool = False,
) -> set[int]:
    """Bring the workers' DMs about an event up to date (buttons for the assignee, a note for others); who was.

    keep_accept: a waiting event keeps Accept for every worker who was asked (an update such as a merge).
    photo_from: this worker just closed it as fixed; their DM asks for the "after" photo, with Skip.
    only: edit this worker's DM alone.
    undo: just accepted: the assignee's buttons offer to undo it (``accept_undo.UNDO_WITHIN``).
    """
    sent = await notifications.for_event(c, ev.id)
    pending = await outbox.pending_recipients(c, ev.id, Purpose.WORKER_DM)
    # the newest copy a worker was sent (re-pings add copies): the older ones lost their buttons when the next
    # was sent (delivery.on_sent, ``retire``), so only the live one changes; a DM still queued is edited once
    # sent (the sender looks it up)
    shown = {dm.user_id: dm.message_id for dm in sent}
    x = await extras.dm_extras(c, ev)
    if state_key is None and ev.status is Status.ACCEPTED:
        state_key = "dm.state.accepted"
    edited = [u for u in dict.fromkeys([dm.user_id for dm in sent] + pending) if only is None or u == only]
    may_accept: set[int] = set()  # with keep_accept: who may still accept it (not those it moved away from)
    if keep_accept and ev.status is Status.DISPATCHED:
        gone, asked = await events.gave_up_by(c, ev.id), {dm.user_id for dm in sent} | set(pending)
        may_accept = {
            u for u in edited if permissions.may_act(permissions.role(ctx.community, u), u, ev, Act.ACCEPT, asked, gone)
        }
    worker = await display_name(ctx, c, ev.assignee_id) or ""
    title = await people.chat_title(c, ev.chat_id)
    for user_id in edited:
        lang = await user_language(ctx, c, user_id)
        key = "dm.state.closed_photo" if user_id == photo_from else state_key
        if key in MOVED and user_id == ev.assignee_id and ev.status is Status.DISPATCHED:
            key = "dm.state.yours"  # the one it moved to: not "passed to <yourself>"
        if key == "dm.state.closed" and ev.outcome is Outcome.DUPLICATE:  # not "closed" as if fixed: where it went
            key = "dm.state.closed_duplicate"
        state = t(lang, key, worker=worker, id=ev.id, original=ev.outcome_note or "") if key else None
        markup: dict = {"inline_keyboard": []}
        if ev.status is Status.ACCEPTED and user_id == ev.assignee_id:
            markup = messages.accepted_keyboard(lang, ev.id, undo=undo)
        elif ev.status is Status.DISPATCHED and (user_id == ev.assignee_id or user_id in may_accept):
            markup = messages.dispatched_keyboard(lang, ev.id, hand_back=user_id == ev.assignee_id)
        elif user_id == photo_from:
            markup = reports.skip_photo_keyboard(lang, ev.id)
        elif _names_no_one(key) and lifecycle.is_open(ev.status) and worker and user_id != ev.assignee_id:
            # moved away from them (handed back, off, to another grid): every later edit says who has it now
            state = join(line for line in (state, t(lang, "dm.state.now_with", worker=worker)) if line)
        text = messages.worker_text(lang, ev, title, ev.reporter_name, state, extras=x)
        if markup["inline_keyboard"] and user_id != photo_from:
            markup["inline_keyboard"] += reports.split_rows(lang, x.merged)
        for message_id in ([shown[user_id]] if user_id in shown else []) + ([None] if user_id in pending else []):
            await edit(ctx, c, user_id, message_id, text, markup, Purpose.EDIT_DM, ev.id, "dm")
    return set(edited)


def _names_no_one(state_key: str | None) -> bool:
    """A card's state line that does not say who has the event (an edit, a merge; none at all)."""
    return state_key not in MOVED and state_key != "dm.state.accepted"


async def retire(
    ctx: AppContext, c: aiosqlite.Connection, chat_id: int, message_id: int, event_id: int, sent_at: datetime
) -> None:
    """An older copy of a worker's message about an event goes: a newer copy was just sent, the one live copy from
    now on (each copy is retired once, by the copy after it). It is deleted, so a red's re-pings leave one card, not
    a wall of old ones (worker review); one Telegram no longer lets the bot delete (sent ``DELETE_WITHIN`` ago, or
    refused: ``retire_in_place``) is kept, pointing to the copy below."""
    if ctx.now() - sent_at < DELETE_WITHIN:
        payload = {"chat_id": chat_id, "message_id": message_id}
        await _queue(ctx, c, "deleteMessage", payload, Purpose.RETIRE, event_id)
    else:
        await retire_in_place(ctx, c, chat_id, message_id, event_id)


# Telegram lets a bot delete its own message for 48 hours: an hour less, for a delete that waits in the queue
DELETE_WITHIN = timedelta(hours=47)


async def retire_in_place(
    ctx: AppContext, c: aiosqlite.Connection, chat_id: int, message_id: int, event_id: int
) -> None:
    """An older copy that stays loses its buttons and its words: a card left saying "请点「接单」" with no button
    sent a worker looking for one (UX review); it points to the copy below."""
    text = t(await user_language(ctx, c, chat_id), "dm.retired", id=event_id)
    await edit(ctx, c, chat_id, message_id, text, None, Purpose.EDIT_MARKUP, event_id)


async def edit_live(
    ctx: AppContext,
    c: aiosqlite.Connection,
    chat_id: int,
    row: outbox.Keyed,
    text: str,
    event_id: int | None = None,
    markup: dict | None = None,
) -> None:
    """Queue an edit of the message a row sends (``row.live``): sent, by its id; still queued (behind a group's 20 a
    minute), by the row, looked up when the edit goes out. Its buttons go unless ``markup`` is given."""
    if row.status == "sent":
        await edit(ctx, c, chat_id, row.message_id, text, markup, Purpose.EDIT, event_id)
    else:
        await edit(ctx, c, chat_id, None, text, markup, Purpose.EDIT, event_id, f"{outbox.ROW_REF}{row.id}")


async def edit_markup(
    ctx: AppContext,
    c: aiosqlite.Connection,
    chat_id: int,
    message_id: int | None,
    markup: dict,
    event_id: int | None = None,
    ref: str | None = None,
) -> None:
    """Queue a change of a message's buttons only (no message id: not sent yet, looked up by ``ref`` as ``edit``)."""
    payload = {"chat_id": chat_id, **({"message_id": message_id} if message_id else {}), "reply_markup": markup}
    meta = outbox.Meta(ref=ref) if ref and not message_id else None
    await _queue(ctx, c, "editMessageReplyMarkup", payload, Purpose.EDIT_MARKUP, event_id, meta=meta)


async def accepted_markup(c: aiosqlite.Connection, lang: str, ev: Event) -> dict:
    """Close and Hand back, with a split button for each neighbour's report merged into the event."""
    markup = messages.accepted_keyboard(lang, ev.id)
    markup["inline_keyboard"] += reports.split_rows(lang, (await extras.dm_extras(c, ev)).merged)
    return markup


async def committee(
    ctx: AppContext,
    c: aiosqlite.Connection,
    key: str,
    event_id: int | None = None,
    dedup_key: str | None = None,
    urgent: bool = False,
    markup: dict | None = None,
    also: Sequence[tuple[str, dict]] = (),
    arrange: Event | None = None,
    chaser: bool = False,
    words: str | None = None,
    reply_to: int | None = None,
    **kw: object,
) -> None:
    """Tell the committee chat something (``urgent``: a danger that is no event, before the chat's routine news;
    ``markup``: its buttons; ``also``: lines more, each a key and its values; ``arrange``: an event the note asks
    the committee to give someone, under which its "send to …" buttons go; ``chaser``: a note that it still waits,
    which a later one still to be sent with it replaces; ``words``: a resident's words, the ``{text}`` of its
    lines, whole as far as one message has room: ``quotes.within``; ``reply_to``: the chat's message it answers)."""
    chat_id = ctx.committee_chat_id
    lang = await group_language(ctx, c, chat_id)

    def lines(**said: object) -> str:
        return join((t(lang, key, **kw, **said), *(t(lang, k, **v, **said) for k, v in also)))

    if words is None:
        text = lines()
    else:
        text = lines(text=quotes.within(words, MAX_TEXT - visible_len(lines(text=""))))
    shown, taken = None, None
    if arrange is not None and markup is None:
        markup = await assign_buttons.markup(ctx, c, arrange, lang)
        # a press after the event moved on is refused; one under a note about accepted work moves it
        shown = arrange.assignee_id or 0
        taken = arrange.status is Status.ACCEPTED or None
    meta = outbox.Meta(shown=shown, taken=taken, chaser=chaser or None) if shown is not None or chaser else None
    await send(
        ctx,
        c,
        chat_id,
        text,
        purpose=Purpose.COMMITTEE,
        event_id=event_id,
        dedup_key=dedup_key,
        urgent=urgent,
        markup=markup,
        meta=meta,
        reply_to=reply_to,
    )


async def tell_reporter(
    ctx: AppContext,
    c: aiosqlite.Connection,
    ev: Event,
    key: str,
    in_group: bool = True,
    buttons: Callable[[str], dict] | None = None,
    once: str | None = None,
    **kw: object,
) -> None:
    """Tell the reporter about their event: privately if they started the bot, else in the group.

    in_group=False: not in the group either (the edited acknowledgement and a message to come tell them).
    ``buttons``: its keyboard, in the language it is written in; ``once``: its dedup key.
    """
    person = await people.person(c, ev.reporter_id)
    if person is not None and person.reachable:
        lang = await user_language(ctx, c, ev.reporter_id)
        text = t(lang, key, id=ev.id, **kw)
        markup = buttons(lang) if buttons else None
        await send(
            ctx, c, ev.reporter_id, text, purpose=Purpose.REPORTER_DM, event_id=ev.id, markup=markup, dedup_key=once
        )
        return
    if not in_group:
        return
    lang = await report_language(ctx, c, ev)  # as their acknowledgement reads
    text = t(
        lang,
        "mention.address",
        name=messages.mention(ev.reporter_id, ev.reporter_name or ""),
        text=t(lang, key, id=ev.id, **kw),
    )
    markup = buttons(lang) if buttons else None
    await under_report(ctx, c, ev, text, Purpose.REPORTER_GROUP, markup=markup, dedup_key=once)


async def under_report(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, text: str, purpose: Purpose, **kw: object
) -> int | None:
    """Queue a message about the event in the chat it was reported in, as a reply to the report (``kw``: `send`'s)."""
    under = report_message(ev, ev.message_id)
    return await send(ctx, c, ev.chat_id, text, purpose=purpose, event_id=ev.id, reply_to=under, **kw)


def report_message(ev: Event, message_id: int) -> int | None:
    """The message to answer a report of the event under: its own (``message_id``), or for a further problem of a
    message (``core.several``), stored under no message, its acknowledgement, which names it."""
    return ev.ack_message_id if several.part_of(message_id) is not None else message_id


async def edit(
    ctx: AppContext,
    c: aiosqlite.Connection,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: dict | None = None,
    purpose: Purpose = Purpose.EDIT,
    event_id: int | None = None,
    ref: str | None = None,
) -> None:
    """Queue an edit (buttons removed unless markup is given). No message id: not sent yet, and the sender looks
    up the event's `ref` message ("ack", "dm") when the edit goes out."""
    payload: dict = {
        "chat_id": chat_id,
        **({"message_id": message_id} if message_id else {}),
        "text": clip(text),
        "parse_mode": HTML,
        "reply_markup": cap_buttons(markup) or {"inline_keyboard": []},
    }
    meta = outbox.Meta(ref=ref) if ref and not message_id else None
    await _queue(ctx, c, "editMessageText", payload, purpose, event_id, meta=meta)
