"""Use case: staff's words written in the committee chat as a reply under the bot's note about an event ("我来处理",
"请王师傅今天之内一定处理好") are kept on that event's record, as a helpdesk keeps a comment in a ticket's thread,
and reach the worker on it (committee review: a chair's order under "#3 超时未接单" was kept, but 王师傅 never got
it). The chair is told who got them, or that nobody could be reached. Only acknowledgements and thanks ("收到",
"辛苦了") stay in the chat; a question how it stands ("谁在处理？") is answered from the event's state, and one naming
its worker ("王师傅修好了吗？", "老王到了没") is passed to him too.

Under a note about several events (an overdue list, the weekly digest) words naming one of them ("#3 明天修") are a
note on it; others are answered with the events it lists and how to address one (they were dropped unread)."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import committee_words, followup, lifecycle, permissions
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Status
from bot.render import messages, quotes
from bot.render.fit import names
from bot.render.i18n import join, t
from bot.services import notify
from bot.services.result import Answer
from storage import events, notifications, outbox, people

TOLD_EVERY = timedelta(minutes=10)  # one answer of a kind per writer and event in this time; each note is kept
NAMES_SHOWN = 5  # workers named in an answer, events in a list's


async def noted(ctx: AppContext, msg: Incoming, reply_to: int) -> bool:
    """Whether the words were taken as a note (False: not in the committee chat, not staff, no words, or under no
    note of the bot's about events: read as before)."""
    if msg.chat_id != ctx.committee_chat_id or not followup.has_words(msg.text):
        return False
    if not permissions.is_staff(permissions.role(ctx.community, msg.user_id)):
        return False
    async with ctx.db.tx() as c:
        event_id = await outbox.event_of_sent(c, msg.chat_id, reply_to)
        lang = await notify.group_language(ctx, c, msg.chat_id)
        if event_id is None:  # a note about several events, or none
            listed = committee_words.listed(await outbox.text_of_sent(c, msg.chat_id, reply_to) or "")
            if not listed:
                return False
            event_id = committee_words.named(msg.text)
            if event_id is None or await events.get(c, event_id) is None:
                if not committee_words.for_chat_only(msg.text):  # "收到" under the digest: nothing to say
                    await _which(ctx, c, msg, reply_to, lang, listed)
                return True
        elif (first := committee_words.put_first(msg.text)) not in (None, event_id) and await events.get(c, first):
            event_id = first  # "#2 谁负责？" under #1's note: about #2
        ev = await events.get(c, event_id)
        if ev is None:
            return False
        await events.log(c, ev.id, ctx.now(), "committee_note", msg.user_id, messages.preview(msg.text, 200))
        asks = committee_words.asks_state(msg.text)
        recipients = await _recipients(c, ev, msg.user_id)
        if asks and ev.status in lifecycle.OPEN and await _names_one(ctx, c, msg.text, recipients):
            # "王师傅修好了吗？": a question to him, passed on as other words are; the chair reads how it stands too
            await _passed_on(ctx, c, msg, ev, lang, recipients, await state(ctx, c, lang, ev))
        elif asks:
            text = join((t(lang, "committee.noted", id=ev.id), await state(ctx, c, lang, ev)), "")
            await _answer(ctx, c, msg, text, f"committee_state:{ev.id}:{msg.message_id}")
        elif committee_words.for_chat_only(msg.text):
            await _answer(ctx, c, msg, t(lang, "committee.noted", id=ev.id), _every(ctx, "noted", ev, msg))
        elif ev.status in lifecycle.DONE:  # closed or withdrawn: nothing for its worker to do; the chair reads so
            done = t(lang, "committee.note_done", id=ev.id, state=_status(lang, ev))
            text = join((t(lang, "committee.noted", id=ev.id), done), "")
            await _answer(ctx, c, msg, text, _every(ctx, "done", ev, msg))
        else:
            await _passed_on(ctx, c, msg, ev, lang, recipients)
    return True


async def _names_one(ctx: AppContext, c: aiosqlite.Connection, words: str, workers: list[int]) -> bool:
    """Whether staff's words name one of these workers, as staff call them (``committee_words.names_worker``:
    王师傅 / 老王 / 小王 for 王强). Committee review: "王师傅修好了吗？" was answered from the state, never asked of
    him."""
    for worker in workers:
        name = await notify.display_name(ctx, c, worker)
        if name and committee_words.names_worker(words, name):
            return True
    return False


async def _passed_on(
    ctx: AppContext,
    c: aiosqlite.Connection,
    msg: Incoming,
    ev: Event,
    lang: str,
    recipients: list[int],
    stands: str | None = None,
) -> None:
    """The words sent to ``recipients``, the worker on the event or those it was sent to (once per note), and the
    writer told who got them (``stands``: and how the event stands, for a question to him)."""
    told: list[str] = []
    not_told: list[str] = []
    writer = await notify.actor_name(ctx, c, msg.user_id, msg.user_name)  # an admin known only by id: his name
    for worker in recipients:
        name = await notify.display_name(ctx, c, worker) or str(worker)
        person = await people.person(c, worker)
        if person is not None and not person.reachable:  # known to have blocked the bot, or never started it
            not_told.append(name)
            continue
        told.append(name)
        wlang = await notify.user_language(ctx, c, worker)
        place = messages.location_label(wlang, ev)
        text = quotes.quoted(wlang, "committee.note_to_worker", msg.text.strip(), id=ev.id, place=place, name=writer)
        await notify.send(
            ctx,
            c,
            worker,
            text,
            purpose=Purpose.COMMITTEE_NOTE,
            event_id=ev.id,
            markup=messages.show_keyboard(wlang, [ev.id]),  # his card may be far up the chat: '#3' brings it
            dedup_key=f"committee_note:{msg.chat_id}:{msg.message_id}:{worker}",
            meta=outbox.Meta(answers=msg.message_id),  # his reply goes back under these words (``worker_answered``)
        )
    said = [t(lang, "committee.noted", id=ev.id)]
    if told:
        said.append(t(lang, "committee.note_told", workers=names(lang, told, NAMES_SHOWN, people=True)))
    if not_told:
        said.append(t(lang, "committee.note_not_told", workers=names(lang, not_told, NAMES_SHOWN, people=True)))
    if not told and not not_told:
        said.append(t(lang, "committee.note_nobody", id=ev.id))
    if stands is not None:  # a question is answered each time it is asked
        await _answer(ctx, c, msg, join((*said, stands), ""), f"committee_state:{ev.id}:{msg.message_id}")
        return
    kind = f"told:{','.join(told)}:{','.join(not_told)}"
    await _answer(ctx, c, msg, join(said, ""), _every(ctx, kind, ev, msg))


async def _recipients(c: aiosqlite.Connection, ev: Event, writer: int) -> list[int]:
    """Who the words go to: the event's worker, or with none, those it was sent to who did not give it back; never
    the writer himself (a worker in the committee chat)."""
    if ev.assignee_id is not None:
        found = [ev.assignee_id]
    else:
        gave_up = await events.gave_up_by(c, ev.id)
        found = list(dict.fromkeys(d.user_id for d in await notifications.for_event(c, ev.id)))
        found = [w for w in found if w not in gave_up]
    return [w for w in found if w != writer]


async def state(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event) -> str:
    """How the event stands, as the chat's answer to "谁在处理？": its state, and whom it is with."""
    worker = await notify.display_name(ctx, c, ev.assignee_id)
    by = [t(lang, "followup.by", worker=worker)] if worker and ev.status is not Status.CANCELLED else []
    return t(lang, "committee.note_state", id=ev.id, state=join((_status(lang, ev), *by), ""))


def _status(lang: str, ev: Event) -> str:
    return t(lang, f"state.{ev.status.value}")


async def _which(
    ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, reply_to: int, lang: str, listed: list[int]
) -> None:
    """Words under a note about several events naming none of them: which it lists, and how to address one."""
    shown = names(lang, [f"#{i}" for i in listed], NAMES_SHOWN)
    text = t(lang, "committee.note_which", ids=shown, first=listed[0])
    await _answer(ctx, c, msg, text, f"committee_which:{reply_to}:{msg.user_id}:{_bucket(ctx)}")


def _bucket(ctx: AppContext) -> int:
    return int(ctx.now().timestamp() // TOLD_EVERY.total_seconds())


def _every(ctx: AppContext, kind: str, ev: Event, msg: Incoming) -> str:
    """The dedup key of an answer said once per writer, event and kind in TOLD_EVERY (a discussion under a note is
    not answered line by line)."""
    return f"committee_noted:{ev.id}:{msg.user_id}:{kind}:{_bucket(ctx)}"


async def _answer(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, text: str, dedup_key: str) -> None:
    await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=dedup_key)


async def worker_answered(ctx: AppContext, msg: Incoming, reply_to: int) -> Answer | None:
    """A worker's words under the committee's words sent to him ("📣 居委会…的留言") go back to the committee chat,
    under the words they answer, and onto the event's record; his answer says so. Day-in-the-life review: "好的主任，
    材料还没到，明天上午一定去" under the chair's order reached the resident, as his reply to her. None when the message
    is no such note, or his words are none (a taking, "好的", is read as under his card before this)."""
    if not followup.has_words(msg.text):
        return None
    async with ctx.db.read() as c:
        event_id = await outbox.event_of_sent(c, msg.user_id, reply_to, Purpose.COMMITTEE_NOTE)
        meta = await outbox.meta_of_sent(c, msg.user_id, reply_to) if event_id is not None else None
    if event_id is None:
        return None
    answered = meta.answers if meta is not None else None
    async with ctx.db.tx() as c:
        ev = await events.get(c, event_id)
        if ev is None:
            return None
        await events.log(c, ev.id, ctx.now(), "staff_note", msg.user_id, messages.preview(msg.text, 200))
        lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        worker = await notify.display_name(ctx, c, msg.user_id) or str(msg.user_id)
        text = quotes.quoted(lang, "committee.worker_answered", msg.text.strip(), id=ev.id, worker=worker)
        await notify.send(
            ctx,
            c,
            ctx.committee_chat_id,
            text,
            purpose=Purpose.COMMITTEE,  # the chair's words under it reach him again (``noted``)
            event_id=ev.id,
            reply_to=answered,
            dedup_key=f"worker_answered:{msg.user_id}:{msg.message_id}",
        )
    return Answer.of("card_reply.to_committee", id=event_id)
