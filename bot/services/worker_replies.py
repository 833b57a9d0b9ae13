"""Use case: a worker's words under his message about an event, in private ("收到", "修好了", "今天去不了"), do
what the buttons would, or bring them (worker review: workers answer a task as in any work chat; "收到" was
answered with how to use the buttons while the event waited for him and his backup was called).

Over 300 lines: every way a worker's short answer finds its event (his card, a list, a number, his one open event,
in private or in the residents' group) is read in one place, so each answer means the same wherever he types it.

"收到" takes a waiting event as Accept does (its Undo on the card, for a misread); "修好了" brings Close's
outcome choices under his message (taking it first when it still waited for him): the outcome stays his to
choose; "去不了" is answered with the card's Hand back button, which only he may press (nothing for one it was only
sent to: a red paged to all, his backup's call). Written under no message, right after his
card came, the words count for his one open event (his "修好了" whenever, when he holds it). Under a list of
several of his events (a reminder, the brief), they count for the one it names he may mean, or he is asked which.
His photo there is kept with the event (``photo``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import committee_words, followup, lifecycle, parser, permissions
from bot.core.callbacks import ANSWERED, Action
from bot.core.parser_location import extract_location
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Status, Urgency
from bot.core.worker_words import Said, beside, numbered, said, says_going
from bot.render import messages
from bot.render.fit import names
from bot.render.i18n import normalize, t
from bot.services import card_replies, followups, notify, nudges, photo_question, photos, reports, workflow
from bot.services.result import Answer, Button
from storage import events, media, notifications, outbox

WHICH_SHOWN = 5  # events a "which one?" names, each with its '#N' button
# words under no message count for his one open event this soon after its card (saying it is done: whenever, his)
LOOSE_WITHIN = timedelta(minutes=30)


async def typed(ctx: AppContext, msg: Incoming, reply_to: int | None) -> Answer | None:
    """What his words did, or None when they say none of these things, he is no worker, or they are about no event
    of his that is open (then they are read as before: his note, his report, or the hint)."""
    number, words = numbered(msg.text)
    what = said(words)
    found, listed = await _his(ctx, msg, reply_to, number) if what is not None else (None, [])
    if found is None:
        return await _which(ctx, msg, listed) if len(listed) > 1 and number is None else None
    ev, card_id = found
    if card_id is None and reply_to is not None:  # on a list only (a hand-off notice's '#N'): its card comes now,
        await nudges.show(ctx, ev.id, msg.user_id, reply_to)  # as that button brings it, and his words act on it
    mine = ev.status is Status.ACCEPTED and ev.assignee_id == msg.user_id
    if what is Said.CANNOT and ev.assignee_id != msg.user_id:  # sent to him too (a red, his backup's call)
        return Answer.of("worker_words.not_yours", id=ev.id)
    if what is Said.CANNOT:  # the button under the answer: his card may be far up the chat
        hand_back = Button("btn.hand_back", Action.HAND_BACK, ev.id, ANSWERED)
        return Answer("worker_words.hand_back", values=(("id", ev.id),), buttons=(hand_back,))
    if what is Said.TAKE and mine:
        return Answer.of("worker_words.yours", id=ev.id)
    if not mine:
        if ev.status is Status.ACCEPTED:  # someone else took it (a red goes to everyone on duty)
            return Answer("cb.already_taken")
        taken = await workflow.accept(ctx, ev.id, msg.user_id)
        if taken.alert:  # not his to take, or taken by someone else a moment ago
            return taken
        if ev.chat_id > 0 and card_id is not None:  # a private report: his words reach her too, as under his card
            await card_replies.worker_replied(ctx, msg, card_id)
        if what is Said.TAKE:
            return Answer.of("worker_words.taken", id=ev.id, words=messages.preview(msg.text, 40))
    chosen = await workflow.ask_outcome(ctx, ev.id, msg.user_id, msg.chat_id, card_id)
    if chosen.alert:
        return chosen
    return Answer.of("worker_words.choose_outcome" if mine else "worker_words.taken_choose", id=ev.id)


async def hand_back_pressed(ctx: AppContext, event_id: int, user_id: int, chat_id: int, message_id: int) -> Answer:
    """His press of the Hand back button under the answer to his "今天去不了": as the card's, and the answer loses the
    button (it stayed, and a second press was told the event was someone else's now)."""
    answer = await workflow.hand_back(ctx, event_id, user_id)
    async with ctx.db.tx() as c:  # an edit Telegram finds "not modified" (pressed twice at once) changes nothing
        await notify.edit_markup(ctx, c, chat_id, message_id, {"inline_keyboard": []}, event_id)
    return answer


async def photo(ctx: AppContext, msg: Incoming, reply_to: int | None) -> Answer | None:
    """His photo under his message about an open event (or just after it came, of his one open event), with no
    "after" photo asked for: never lost (it was answered with how to close first, and had to be sent again). With
    no words it is kept with the event, for staff; with "修好了" on it, it is the result residents will see, and
    Close's choices come (its "after" photo is not asked for again). None: other words on it (maybe his report,
    read as before), or about no event of his."""
    number, words = numbered(msg.text.strip())
    done = said(words) is Said.DONE if words else False
    found = await _his_event(ctx, msg, reply_to, number) if msg.photo and (done or not words) else None
    if found is None:
        return None
    ev, card_id = found
    if card_id is None and reply_to is not None:  # on a list only (a hand-off notice's '#N'): its card comes now,
        await nudges.show(ctx, ev.id, msg.user_id, reply_to)  # as that button brings it, and his words act on it
    mine = ev.status is Status.ACCEPTED and ev.assignee_id == msg.user_id
    if ev.status is Status.ACCEPTED and not mine:
        return None  # another worker's job now: read as before
    if done and not mine:
        taken = await workflow.accept(ctx, ev.id, msg.user_id)
        if taken.alert:
            return taken
    item = media.Item(file_id=msg.photo, caption=words or None, sent_as=msg.sent_as)
    async with ctx.db.tx() as c:
        kind, action = (media.AFTER_PHOTO, "after_photo") if done else (media.PHOTO, "added_photo")
        await media.add(c, ev.id, kind, ctx.now(), msg.user_id, item)
        await events.log(c, ev.id, ctx.now(), action, msg.user_id)
    if not done:
        return Answer.of("worker_words.photo_kept", id=ev.id)
    chosen = await workflow.ask_outcome(ctx, ev.id, msg.user_id, msg.chat_id, card_id)
    return chosen if chosen.alert else Answer.of("worker_words.photo_done", id=ev.id)


async def in_group(ctx: AppContext, msg: Incoming, reply_to: int) -> bool:
    """A worker's "收到，马上过去" under an open event's acknowledgement (or its report) in the residents' group:
    he takes it, as Accept would (the acknowledgement then says so: the residents read both); "修好了" there also
    brings Close's choices onto his card in private. False: anything else, or not his to take (read as before: his
    words are news of the work)."""
    what = said(msg.text)
    if what not in (Said.TAKE, Said.DONE) or not _staff(ctx, msg):
        return False
    async with ctx.db.read() as c:
        ev = await photos.event_for_reply(c, msg.chat_id, reply_to)
        dms = await notifications.for_event(c, ev.id) if ev is not None else ()
    cards = [dm for dm in dms if dm.user_id == msg.user_id]
    # only one it was sent to: an admin's "收到" in the group is "noted", not his taking the job
    if ev is None or ev.status not in lifecycle.OPEN or not (cards or ev.assignee_id == msg.user_id):
        return False
    if _danger_beside(ctx, msg, ev):
        return False
    mine = ev.status is Status.ACCEPTED and ev.assignee_id == msg.user_id
    if not mine:
        if ev.status is Status.ACCEPTED or (await workflow.accept(ctx, ev.id, msg.user_id)).alert:
            return False  # someone else's, or not his to take
        if what is Said.TAKE:
            return True
    elif what is Said.TAKE:
        return False  # his already: his words are news of the work
    if not cards:
        return True
    if (await workflow.ask_outcome(ctx, ev.id, msg.user_id, cards[-1].chat_id, cards[-1].message_id)).alert:
        return True
    async with ctx.db.tx() as c:
        lang = await notify.user_language(ctx, c, msg.user_id)
        text = t(lang, "worker_words.choose_outcome", id=ev.id)
        await notify.send(
            ctx, c, msg.user_id, text, purpose=Purpose.REPLY, event_id=ev.id, reply_to=cards[-1].message_id
        )
    return True


async def in_private_words(ctx: AppContext, msg: Incoming, reply_to: int | None) -> tuple[bool, Answer | None]:
    """A worker's words in private read as his answer: a report of his own after it taken as if sent alone
    (``report_beside``), then the answer (``typed``; beside a danger, only a red's "done": ``_done_about_red``).
    (Whether they were his answer or a report beside one, what to tell him: None when the report's own
    acknowledgement told him, or they were neither.)"""
    if (split := report_beside(ctx, msg)) is not None:
        answer = split[0] or await _done_about_red(ctx, msg, reply_to)
        await reports.report_received(ctx, split[1])  # "修好了，不过2单元那边水管也漏了": the leak, as if alone
        return True, await typed(ctx, answer, reply_to) if answer is not None else None
    answer = await typed(ctx, msg, reply_to) or await _other_words_under_list(ctx, msg, reply_to)
    return answer is not None, answer


async def in_group_words(ctx: AppContext, msg: Incoming, reply_to: int) -> reports.Fate | None:
    """Staff's words under an event's acknowledgement (or its report) in the residents' group read as a worker's: an
    answer with a report of his own after it ("收到，另外3楼的窗户玻璃碎了": both; beside a danger, the danger alone
    but for a red's "done", ``_done_about_red``),
    "收到，马上过去" (``in_group``), or a danger that event is not ("收到，现场有煤气味": read as if written alone, so
    asked about and the committee told). None: read as any reply."""
    if not _staff(ctx, msg):  # a resident's reply (most): none of this
        return None
    if (split := report_beside(ctx, msg)) is not None:
        if (answer := split[0] or await _done_about_red(ctx, msg, reply_to)) is not None:
            await in_group(ctx, answer, reply_to)
        return (await reports.report_received(ctx, split[1])).fate
    if await in_group(ctx, msg, reply_to):
        return reports.Fate.FOLLOW_UP
    if await danger_in_group(ctx, msg, reply_to):
        return (await reports.report_received(ctx, msg)).fate
    return None


async def loose_in_group(ctx: AppContext, msg: Incoming) -> reports.Fate | None:
    """A worker's words typed in the residents' group under no message, about his one open event from that group
    (worker review: "3号楼的灯修好了" there left #1 open with no word to him, and "3号楼2单元楼道灯今天下午修" asked him
    "Report it? (only the resident who wrote may press)"): "收到，马上过去" within LOOSE_WITHIN of the report takes it
    (not a bare "好的", which answers anyone), and "修好了" brings Close's choices to his card, as under its
    acknowledgement (``in_group``); words naming its building, of its kind and of its problem
    (``followups.reply_received``) are his note on it, not asked about. None: read as before (several of his events
    there, another building named, a danger, another problem)."""
    if not _staff(ctx, msg):
        return None
    async with ctx.db.read() as c:
        here = [ev for ev in await events.open_for(c, msg.user_id) if ev.chat_id == msg.chat_id]
    if len(here) != 1:
        return None
    ev = here[0]
    named = extract_location(followup.plain(msg.text)).building
    if named and ev.building and named != ev.building:
        return None
    what = said(msg.text)
    if what is Said.TAKE and (ctx.now() - ev.created_at > LOOSE_WITHIN or not says_going(msg.text)):
        return None  # a bare "好的", or long after: more likely an answer to a neighbour
    if what in (Said.TAKE, Said.DONE):
        return reports.Fate.FOLLOW_UP if await in_group(ctx, msg, ev.message_id) else None
    words = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    if not (words.is_report or parser.needs_confirmation(words)) or words.urgency is Urgency.RED:
        return None
    if words.maybe_danger or not named or words.category is not ev.category:
        return None  # a danger, words naming no place, another kind of problem: asked about as before
    if await followups.reply_received(ctx, msg, 0, words, event_id=ev.id) is None:
        return None
    return reports.Fate.FOLLOW_UP


def report_beside(ctx: AppContext, msg: Incoming) -> tuple[Incoming | None, Incoming] | None:
    """A worker's answer with a report of his own after it ("修好了，不过2单元那边水管也漏了", "修好了，但楼上冒烟了"):
    his answer (None beside a danger: a danger is never taken with a tap) and the words after it to be read alone, as
    if he had sent them so (together the reader took them for "done", the leak or the smoke lost; in the residents'
    group a problem of his own alone is asked about, "Report it?"). None: no such words, or he is no worker."""
    split = beside(msg.text)
    if split is None or not _staff(ctx, msg):
        return None
    words = parser.parse(split[1], normalize(msg.language_code, ctx.language))
    danger = words.urgency is Urgency.RED or (words.maybe_danger and not msg.private)
    if not danger and not words.is_report:
        return None
    return None if danger else replace(msg, text=split[0], photo=None), replace(msg, text=split[1])


async def _done_about_red(ctx: AppContext, msg: Incoming, reply_to: int | None) -> Incoming | None:
    """His "done" with a danger after it (``report_beside``), about a red ("燃气关好了，但是三楼又冒烟了" under the gas
    leak's card, or its acknowledgement in the residents' group): the "done", read as usual, while the smoke is a
    report of its own (cards review 62: under a red's card the danger beside his words was taken for the red's own,
    and the smoke was lost). None about any other event (a danger is never taken with a tap on a lamp's card) or other
    words."""
    split = beside(msg.text)
    number, words = numbered(split[0]) if split is not None else (None, "")
    if split is None or said(words) is not Said.DONE:
        return None
    answer = replace(msg, text=split[0], photo=None)
    if msg.private:
        found = await _his_event(ctx, answer, reply_to, number)
        ev = found[0] if found is not None else None
    else:
        async with ctx.db.read() as c:
            ev = await photos.event_for_reply(c, msg.chat_id, reply_to) if reply_to is not None else None
    return answer if ev is not None and ev.urgency is Urgency.RED else None


async def danger_in_group(ctx: AppContext, msg: Incoming, reply_to: int) -> bool:
    """Whether staff's words under an event's acknowledgement (or its report) in the residents' group tell of a danger
    that event is not ("收到，现场有煤气味，很重"): they are then read as if written alone, so they are asked about and
    the committee checks them, as a resident's are (under the event they were taken for news of the work, the gas
    lost)."""
    if not _staff(ctx, msg):
        return False
    async with ctx.db.read() as c:
        ev = await photos.event_for_reply(c, msg.chat_id, reply_to)
    return ev is not None and _danger_beside(ctx, msg, ev)


async def _his_event(
    ctx: AppContext, msg: Incoming, reply_to: int | None, number: int | None
) -> tuple[Event, int | None] | None:
    """The open event a worker's words in private are about, and his message about it (``_his``)."""
    return (await _his(ctx, msg, reply_to, number))[0]


async def _his(
    ctx: AppContext, msg: Incoming, reply_to: int | None, number: int | None
) -> tuple[tuple[Event, int | None] | None, list[tuple[Event, int | None]]]:
    """The open event a worker's words in private are about, and his message about it (``_about``), with the open
    events of the list he wrote them under (``_listed``, read once; none under anything else). Neither for someone who
    is no worker or words that also tell of a danger (``_danger_beside``: under a list, a danger none of its events
    is, as under one event's card: "燃气处理完了，楼上又着火了" under a reminder of three was asked "which one?", the
    fire read by nobody); no event for words naming another building than the event's ("5号楼修好了" with his one
    open event at 3号楼: another job of his)."""
    if not _staff(ctx, msg):
        return None, []
    what = said(msg.text)
    taking = what is Said.TAKE
    async with ctx.db.read() as c:
        on_list = reply_to is not None and await notifications.event_of_message(c, msg.user_id, reply_to) is None
        listed = await _listed(c, msg.user_id, reply_to, taking) if on_list and reply_to is not None else []
        found = await _about(ctx, c, msg.user_id, reply_to, number, taking, listed, done=what is Said.DONE)
    if (found or listed) and _danger_beside(ctx, msg, *([found[0]] if found else (ev for ev, _ in listed))):
        return None, []
    named = extract_location(followup.plain(msg.text)).building  # the reader reads no place in words of no report
    if found is not None and named and found[0].building and named != found[0].building:
        return None, listed
    return found, listed


def _staff(ctx: AppContext, msg: Incoming) -> bool:
    """Whether the writer is a worker or an admin: only their words are read as a worker's answer."""
    return permissions.is_staff(permissions.role(ctx.community, msg.user_id))


def _danger_beside(ctx: AppContext, msg: Incoming, *evs: Event) -> bool:
    """Whether his words tell of a danger none of these events is ("燃气处理完了，但楼上又着火了" under a leak's
    card): read as any message is, so a danger is never taken for a tap (as under his card of a private report,
    ``card_replies``)."""
    words = parser.parse(msg.text, normalize(msg.language_code, ctx.language))
    danger = words.urgency is Urgency.RED or words.maybe_danger or bool(followup.danger_kinds(words))
    return danger and all(ev.urgency is not Urgency.RED for ev in evs)


async def _about(
    ctx: AppContext,
    c: aiosqlite.Connection,
    user_id: int,
    reply_to: int | None,
    number: int | None,
    taking: bool,
    listed: list[tuple[Event, int | None]],
    done: bool = False,
) -> tuple[Event, int | None] | None:
    """The open event his words are about, and the message of his to put its buttons on: the one he replied
    under; the event he named ("#3 修好了"), when he was sent it, and his latest message about it; with neither,
    his latest about his one open event when it came in the last LOOSE_WITHIN; words ``taking`` a card ("收到"), with
    several open, the one waiting for him whose card came in the last LOOSE_WITHIN (worker day review: "收到" just
    after a new card, with another job in hand, was answered with how to use the buttons); words saying it is
    ``done`` ("修好了"), his one open event whenever, when he holds it (sweep 61: two hours after his Accept, his loose
    "修好了" had the hint for any words; the outcome stays his to choose)."""
    if number is not None and reply_to is None:
        named = await events.get(c, number)
        cards = [dm for dm in await notifications.for_event(c, number) if dm.user_id == user_id] if named else []
        return (named, cards[-1].message_id) if named and cards and named.status in lifecycle.OPEN else None
    if reply_to is not None:
        event_id = await notifications.event_of_message(c, user_id, reply_to)
        if event_id is None:  # under a list (``listed``): the one of its events he named, or its one he may mean
            named = [x for x in listed if number in (None, x[0].id)]
            return named[0] if len(named) == 1 else None
        ev = await events.get(c, event_id)
        return (ev, reply_to) if ev is not None and ev.status in lifecycle.OPEN else None
    mine = await events.open_for(c, user_id)
    if len(mine) > 1 and taking:
        fresh = await photo_question.waiting_cards(c, user_id, ctx.now() - LOOSE_WITHIN)
        return fresh[0] if len(fresh) == 1 else None
    if len(mine) != 1:
        return None
    dms = [dm for dm in await notifications.for_event(c, mine[0].id) if dm.user_id == user_id]
    held = done and mine[0].status is Status.ACCEPTED  # open_for: his
    if not dms or (dms[-1].sent_at < ctx.now() - LOOSE_WITHIN and not held):
        return None
    return mine[0], dms[-1].message_id


async def _listed(c: aiosqlite.Connection, user_id: int, list_id: int, taking: bool) -> list[tuple[Event, int | None]]:
    """The open events a list of the bot's names (a reminder, the brief, a hand-off notice, /my), whose card he was
    sent (with his latest card's message), or that he holds with no card yet (None: a hand-off notice's '#N', which
    brought it in place of its card: worker day review 60, his words under it had the hint for any words); waiting
    ones only for words ``taking`` one ("马上到")."""
    found = []
    for event_id in committee_words.listed(await outbox.text_of_sent(c, user_id, list_id) or ""):
        ev = await events.get(c, event_id)
        if ev is None or ev.status not in (lifecycle.OPEN - {Status.ACCEPTED} if taking else lifecycle.OPEN):
            continue
        if cards := [dm for dm in await notifications.for_event(c, event_id) if dm.user_id == user_id]:
            found.append((ev, cards[-1].message_id))
        elif ev.assignee_id == user_id:
            found.append((ev, None))
    return found


# the bot's lists of a worker's events: its reminders (``nudges.WORKER_LISTS``), the brief, hand-off notices and /my
LISTS = frozenset({p for _, p in nudges.WORKER_LISTS.values()} | {Purpose.HANDOFF, Purpose.BRIEF, Purpose.WORK_LIST})


async def _other_words_under_list(ctx: AppContext, msg: Incoming, reply_to: int | None) -> Answer | None:
    """His words under a list of his events (a hand-off notice, a reminder, the brief, /my) that neither take, close nor
    hand one back ("已经联系物业了"; worker day review 61: they had the hint for any words): about its one open event
    (or the one he names first, "#3 …"), read as under its card, words for its reporter (``card_replies``; a hand-off
    notice's '#N' came with no card to write under); about several, he is asked which. None: not under such a list,
    or a danger none of its events is (read as any message, so never lost)."""
    number, words = numbered(msg.text)
    if reply_to is None or said(words) is not None or not followup.has_words(words) or not _staff(ctx, msg):
        return None
    async with ctx.db.read() as c:
        if await outbox.purpose_of_sent(c, msg.user_id, reply_to) not in LISTS:
            return None
        listed = [x for x in await _listed(c, msg.user_id, reply_to, False) if number in (None, x[0].id)]
    if not listed or _danger_beside(ctx, msg, *(ev for ev, _ in listed)):
        return None
    if len(listed) > 1:
        return await _which(ctx, msg, listed)
    [(ev, card_id)] = listed
    return await card_replies.worker_replied(ctx, msg, card_id or reply_to, event_id=ev.id)


async def _which(ctx: AppContext, msg: Incoming, listed: list[tuple[Event, int | None]]) -> Answer:
    """His answer under a list of several of his events (``listed``; "马上到" under a reminder of three: worker day
    review 59, it had the hint for any words): which one, with a '#N' button each that brings its card."""
    async with ctx.db.read() as c:
        lang = await notify.user_language(ctx, c, msg.user_id)
    shown = [ev.id for ev, _ in listed[:WHICH_SHOWN]]
    ids = names(lang, [f"#{i}" for i in shown], WHICH_SHOWN)
    words = messages.preview(msg.text, 20)
    buttons = tuple(Button("btn.show", Action.SHOW, i) for i in shown)
    return Answer("worker_words.which", values=(("ids", ids), ("first", shown[0]), ("words", words)), buttons=buttons)
