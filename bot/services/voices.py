"""Use case: a resident's voice message in a group, with no report of hers open there, is kept (the bot cannot
listen to it), and the hint under it has a button, "🎤 转给值班人员听", that passes it to the worker on duty for the
group's grid, or to the committee chat when no one is: only by her, once (resident review: an elderly resident who
cannot type reports by voice, and was only told to type). The one it reaches listens, and acts as on a phone call;
staff who heard it log it for her with /report and their words as a reply to it (``logs_for_her``), or by replying
under the copy they were passed (``logged_under_copy``). One she sends the bot in private is passed the same way
(``hints``), from a resident the bot knows is in a residents' group (``membership.known_resident``): what is logged
from it is her private report."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import permissions
from bot.core.callbacks import Action
from bot.core.purpose import Purpose
from bot.core.types import Category, Incoming
from bot.render import messages
from bot.render.i18n import plain, t
from bot.services import notify, photos, reports, unreachable
from bot.services.result import Answer
from storage import events, media, outbox, people, voice_notes

PASSED = "voice:"  # the dedup key of a voice message passed on: its voice_notes row's id after it
# what the one who gets it is told, by (sent to the bot in private, to a worker rather than the committee chat)
CAPTIONS = {
    (False, True): "voice.passed_caption",
    (False, False): "voice.passed_caption_committee",
    (True, True): "voice.passed_caption_private",
    (True, False): "voice.passed_caption_private_committee",
}


async def keep(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, file_id: str) -> int:
    """Keep her voice message, for the hint's button (and her group's title, which its worker is told); its row id."""
    if not msg.private:
        await people.set_chat_active(c, msg.chat_id, True, msg.chat_title)
    return await voice_notes.add(c, msg.chat_id, msg.message_id, msg.user_id, msg.user_name, file_id, ctx.now())


def keyboard(lang: str, note_id: int) -> dict:
    """The hint's one button: pass the voice message on."""
    return messages.keyboard([messages.button(plain(lang, "btn.pass_voice"), Action.PASS_VOICE, note_id)])


async def pass_on(ctx: AppContext, note_id: int, user_id: int, chat_id: int, message_id: int) -> Answer:
    """Her press on the hint's button: the voice message goes to the worker on duty the bot can message (the
    committee chat when there is none), with who sent it and where; the hint says where it went, its button gone.
    Anyone else's press, a second one, or one on a message forgotten changes nothing and says why."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        note = await voice_notes.get(c, note_id)
        if note is None:
            return Answer("cb.voice_gone", True)
        if note.user_id != user_id:
            return Answer("cb.voice_not_yours", True)
        private = note.private  # sent to the bot: the grid of the groups she is in
        if private:
            grid: str | None = (await reports.home_grid(ctx, c, note.user_id))[0]
        else:
            grid = reports.bound_grid(ctx, note.chat_id, await people.chat(c, note.chat_id))
        worker, _ = await unreachable.route_new(ctx, c, Category.OTHER, grid, now, await people.adjustments(c, now))
        to = worker.telegram_id if worker is not None else None
        if not await voice_notes.mark_passed(c, note.id, to, now):
            return Answer("cb.voice_passed_before", True)
        target = to if to is not None else ctx.committee_chat_id
        lang = await (notify.user_language(ctx, c, to) if to is not None else notify.group_language(ctx, c, target))
        title = "" if private else await people.chat_title(c, note.chat_id) or ""
        caption = t(lang, CAPTIONS[private, to is not None], name=note.user_name, chat=title)
        await outbox.enqueue(
            c,
            method="sendVoice",
            chat_id=target,
            payload={"chat_id": target, "voice": note.file_id, "caption": caption, "parse_mode": "HTML"},
            now=now,
            purpose=Purpose.VOICE_PASSED,
            dedup_key=f"{PASSED}{note.id}",
        )
        if private:
            glang = await notify.user_language(ctx, c, user_id)
        else:
            glang = await notify.group_language(ctx, c, note.chat_id)
        whom = await notify.display_name(ctx, c, to) if to is not None else None
        key = "group.voice_sent_worker" if to is not None else "group.voice_sent_committee"
        await notify.edit(ctx, c, chat_id, message_id, t(glang, key, name=note.user_name, worker=whom or ""))
    return Answer("cb.voice_passed")


def logs_for_her(ctx: AppContext, user_id: int, her_id: int) -> bool:
    """Whether /report with words, sent by ``user_id`` as a reply to a voice message of ``her_id``, logs it as her
    report (the words theirs, the report hers: she is asked "is it fixed?", her name on the card): a worker or an
    admin who heard it, for a resident; anyone else's /report is their own report, as before."""
    role = permissions.role(ctx.community, user_id)
    return (
        her_id != user_id
        and permissions.is_staff(role)
        and not permissions.is_staff(permissions.role(ctx.community, her_id))
    )


async def reported_for_her(ctx: AppContext, staff_id: int, said: Incoming, file_id: str) -> reports.Result | None:
    """Staff's words for a resident's voice message (``said``: her message with their words): her report, the
    event's log saying who wrote its words, and the voice message going with it (its worker may listen to it too).
    None when the writer may not log for her (``logs_for_her``): their words are read as their own."""
    if not logs_for_her(ctx, staff_id, said.user_id):
        return None
    result = await reports.report_received(ctx, said, explicit=True)
    if result.event_id is None or result.fate is reports.Fate.DUPLICATE:  # logged before: it has its voice already
        return result
    async with ctx.db.tx() as c:
        ev = await events.get(c, result.event_id)
        if ev is not None:
            await events.log(c, ev.id, ctx.now(), "logged_for", staff_id)
            await photos.keep(ctx, c, ev, ev.reporter_id, media.Item(file_id=file_id), voice=True)
    return result


async def logged_under_copy(ctx: AppContext, chat_id: int, user_id: int, text: str, reply_to: int) -> Answer | None:
    """Staff's words as a reply to a voice message passed on (``pass_on``), in private or in the committee chat: her
    report, in their words, as their /report under it in her group would be (a worker who is not in her group may
    log it too). None when the reply is to no such message, or its writer may not log for her."""
    async with ctx.db.read() as c:
        key = await outbox.key_of_sent(c, chat_id, reply_to, Purpose.VOICE_PASSED)
        note = await voice_notes.get(c, int(key.removeprefix(PASSED))) if key and key.startswith(PASSED) else None
        title = await people.chat_title(c, note.chat_id) if note is not None else None
    if note is None:
        return None
    if not logs_for_her(ctx, user_id, note.user_id):  # a neighbour in the committee chat: told, not logged
        return Answer.of("voice.staff_only", name=note.user_name)
    # her voice message with his words (her username and Telegram language are not kept with it: None, None)
    private = note.private
    said = Incoming(
        note.chat_id,
        note.message_id,
        note.user_id,
        note.user_name,
        None,
        None,
        text,
        None if private else title,
        private=private,
        sent_at=note.at,
    )
    result = await reported_for_her(ctx, user_id, said, note.file_id)
    if result is None:
        return None
    if result.fate is reports.Fate.DUPLICATE and result.event_id is not None:  # he replied under it before
        return Answer.of("voice.logged_before", id=result.event_id)
    if result.event_id is None:
        return Answer.of("voice.not_logged", name=note.user_name)
    return Answer.of("voice.logged", name=note.user_name, id=result.event_id)
