"""Use case: something the bot cannot read (a voice message, a photo with no words) gets a hint, never silence;
in a group at most once a day per person (a photo: once a day per chat), so a busy chat is not answered at every
photo. In private a message that is not a report is answered, the same answer once in QUIET per person, so a
resident chatting to the bot ("hi", "are you there?") is not answered at every line; in a group, words naming the bot
that nothing took, once in QUIET per person and chat."""

from __future__ import annotations

from datetime import timedelta

import aiosqlite

from bot.context import AppContext
from bot.core import next_words, parser
from bot.core.purpose import Purpose
from bot.core.types import Incoming, ParsedReport, Urgency
from bot.render import messages
from bot.render.i18n import t
from bot.services import about, membership, notify, photos, reports, voices
from storage import events, media, outbox, people, reporters, voice_notes

RECENT = timedelta(minutes=30)  # a voice message this soon after one's report is most likely about it
QUIET = timedelta(minutes=10)  # in private, the same answer to a person's non-reports is given once in this time

# the words that register a photo sent alone must come this soon: the hint says so (photos.HELD_BEFORE)
HOLD_MINUTES = int(photos.HELD_BEFORE.total_seconds() // 60)


async def unreadable(
    ctx: AppContext, msg: Incoming, voice: bool, voice_id: str | None = None, *, pinned: bool = False
) -> bool:
    """Tell the writer how to report in words; False when nothing was said (a group not bound, or told today).
    A voice message (``voice_id``: its file) soon after her open report in a group goes to its workers
    (``_passed_on``), and she is told so, once a day for each event; with no report of hers open, the hint has a
    button that passes it to the worker on duty (``voices``), and once she used it, each later one that day has it.

    In private each kind of hint is given once in QUIET, an album once (a known resident's voice message: each,
    ``_voice_in_private``). In a group a voice message is answered once a day per person; a photo with no words
    once a day per chat (the hint is read by the whole chat, and most photos shared without words are not reports:
    the party, the view), and not to someone told today already. A pin alone in private (``pinned``) is asked what
    is wrong there: her words a moment later take it (``photos.HELD_BEFORE``)."""
    async with ctx.db.tx() as c:
        if msg.private:
            lang = await notify.language_of(ctx, c, msg)
            if voice and voice_id and await membership.known_resident(ctx, c, msg.user_id):
                return await _voice_in_private(ctx, c, msg, voice_id, lang)
            key = "private.voice" if voice else "private.photo_needs_caption" if msg.photo else "private.how_to_report"
            key = "private.pin_what" if pinned and not msg.photo else key
            if ctx.community.worker(msg.user_id) is not None:  # staff: not words for a resident reporting
                staff = {"private.photo_needs_caption": "private.photo_worker", "private.voice": "private.voice_worker"}
                key = staff.get(key, key)  # a result's photo goes with a close; a voice answer is typed or tapped
            kind = key.removeprefix("private.")
            return await _quietly(ctx, c, msg, f"phint:{msg.user_id}:{kind}:", t(lang, key, minutes=HOLD_MINUTES))
        if (day := await _bound_today(ctx, c, msg.chat_id)) is None:
            return False
        person = f"hint:{msg.chat_id}:{msg.user_id}:{day}"
        if not voice and await outbox.keyed_since(c, person, ctx.now() - timedelta(days=1)):
            return False
        lang = await notify.group_language(ctx, c, msg.chat_id)
        text = t(lang, "group.unreadable", name=msg.user_name, minutes=HOLD_MINUTES)
        once = person if voice else f"hint:{msg.chat_id}:photo:{day}"
        markup = None
        if voice:  # with a report of theirs open here: it is registered, and words under it add to it
            day_ago = ctx.now() - timedelta(days=1)
            open_id = await reporters.latest_open(c, msg.chat_id, msg.user_id, ctx.now() - RECENT)
            key = "group.voice" if open_id is None else "group.voice_open"
            if open_id is not None and voice_id and await _passed_on(ctx, c, open_id, msg.user_id, voice_id):
                key, once = "group.voice_passed", f"{person}:passed:{open_id}"  # each event's first said so
            elif open_id is None and voice_id and not await outbox.keyed_since(c, once, day_ago):
                key, markup = "group.voice_button", voices.keyboard(lang, await voices.keep(ctx, c, msg, voice_id))
            elif open_id is None and voice_id and await voice_notes.passed_since(c, msg.chat_id, msg.user_id, day_ago):
                # she reports by voice today (she passed one on): each later one has the button again
                key, once = "group.voice_button_again", f"{person}:again:{msg.message_id}"
                markup = voices.keyboard(lang, await voices.keep(ctx, c, msg, voice_id))
            text = t(lang, key, name=msg.user_name, id=open_id)
        sent = await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=once, markup=markup)
        return sent is not None


async def _passed_on(ctx: AppContext, c: aiosqlite.Connection, event_id: int, user_id: int, voice_id: str) -> bool:
    """Her voice message, sent soon after her report that is still open, goes with it to its workers to listen to
    (resident review: an elderly resident who cannot type adds by voice, and was only told the bot cannot listen).
    False when it went to no one (nobody has the event yet): the hint says how to add in words."""
    ev = await events.get(c, event_id)
    if ev is None:
        return False
    return bool(await photos.keep(ctx, c, ev, user_id, media.Item(file_id=voice_id), voice=True))


async def _voice_in_private(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, voice_id: str, lang: str) -> bool:
    """A resident's voice message to the bot in private (resident review: she was only told to type): soon after her
    report that is still open (made anywhere) it goes to its workers; with none, the answer under it has the button
    that passes it to the worker on duty (``voices``). Each is answered: no neighbours read a private chat."""
    open_id = await reporters.latest_open(c, None, msg.user_id, ctx.now() - RECENT)
    markup = None
    if open_id is not None and await _passed_on(ctx, c, open_id, msg.user_id, voice_id):
        text = t(lang, "private.voice_passed", id=open_id)
    elif open_id is not None:  # nobody has it yet: how to add to it in words
        text = t(lang, "group.voice_open", name=msg.user_name, id=open_id)
    else:
        text = t(lang, "private.voice_button")
        markup = voices.keyboard(lang, await voices.keep(ctx, c, msg, voice_id))
    once = f"pvoice:{msg.user_id}:{msg.message_id}"
    return await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=once, markup=markup) is not None


async def not_a_report(ctx: AppContext, msg: Incoming, parsed: ParsedReport | None, lang: str) -> bool:
    """A private message that is not a report (``parsed``: how the reader read it, when it did): the answer of
    ``about.private_hint``, unless the person was given the same kind of answer in the last QUIET (then nothing: the
    message is stored all the same). A different kind (their open reports after one changed, thanks after a greeting)
    is said at once. False when nothing was said."""
    about_one = parsed is not None and next_words.about_a_report(parsed, msg.text)  # "不用来了": which report?
    reasons = parsed.reasons if parsed is not None else ()
    kind, text = await about.private_hint(ctx, msg.user_id, reasons, lang, about_one)
    async with ctx.db.tx() as c:
        return await _quietly(ctx, c, msg, f"phint:{msg.user_id}:{kind}:", text)


async def mentioned(ctx: AppContext, msg: Incoming) -> bool:
    """Words in a residents' group that name the bot ("@bot how do I check my report?") and that nothing else took
    (no report, no follow-up): answered with what it does and how to follow a report, once in QUIET per person and
    chat (day review: such a question got silence). False when the words do not name it."""
    if msg.private or msg.chat_id == ctx.committee_chat_id or not ctx.bot_username:
        return False
    if f"@{ctx.bot_username.lower()}" not in msg.text.lower():
        return False
    async with ctx.db.tx() as c:
        lang = await notify.answer_language_for(ctx, c, msg)
        await _quietly(
            ctx, c, msg, f"mentioned:{msg.chat_id}:{msg.user_id}:", t(lang, "about.mentioned", name=msg.user_name)
        )
    return True


async def _quietly(ctx: AppContext, c: aiosqlite.Connection, msg: Incoming, key: str, text: str) -> bool:
    """Reply ``text`` unless an answer whose dedup key starts with ``key`` (the person, and the kind or the chat) was
    queued in the last QUIET: its dedup key is that and the time (asked for by its prefix, as the group's once-a-day
    hints are); an album's, the album: one answer, whichever of its photos came first."""
    now = ctx.now()
    if await outbox.keyed_since(c, key, now - QUIET):
        return False
    once = f"{key}album:{msg.album}" if msg.album else f"{key}{int(now.timestamp())}"
    sent = await notify.reply(ctx, c, msg, text, purpose=Purpose.REPLY, dedup_key=once)
    return sent is not None


async def anonymous(ctx: AppContext, chat_id: int, message_id: int, text: str) -> bool:
    """A report posted by an anonymous admin (as the group): not taken, as no one can be asked or told; said
    once a day in the group, and a danger goes to the committee. False when it reads as no report."""
    parsed = parser.parse(text)
    if not parsed.is_report:
        return False
    async with ctx.db.tx() as c:
        if (day := await _bound_today(ctx, c, chat_id)) is None:
            return False
        lang = await notify.group_language(ctx, c, chat_id)
        await notify.send(
            ctx,
            c,
            chat_id,
            t(lang, "group.anonymous_admin"),
            purpose=Purpose.REPLY,
            reply_to=message_id,
            dedup_key=f"anon:{chat_id}:{day}",
        )
        if parsed.urgency is Urgency.RED:
            await notify.committee(
                ctx,
                c,
                "committee.anonymous_red",
                None,
                urgent=True,
                dedup_key=f"anon_red:{chat_id}:{message_id}",
                text=messages.preview(text, 200),
            )
    return True


async def _bound_today(ctx: AppContext, c: aiosqlite.Connection, chat_id: int) -> str | None:
    """Today's date in the community (the hints' once-a-day key) for a group bound to a grid; None for any other."""
    if reports.bound_grid(ctx, chat_id, await people.chat(c, chat_id)) is None:
        return None
    return ctx.now().astimezone(ctx.community.tz).date().isoformat()
