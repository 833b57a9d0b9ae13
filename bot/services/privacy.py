"""Use case: a resident asks the bot to forget them."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core.callbacks import Action
from bot.core.purpose import Purpose
from bot.core.scrub import scrub_payload, search_keys
from bot.render import messages
from bot.render.i18n import Html, join, plain, t
from bot.services import handover, notify, reports
from bot.services.result import Answer
from storage import (
    corrections,
    events,
    held_places,
    inbox,
    media,
    notifications,
    outbox,
    people,
    points,
    reporters,
    setup,
    surveys,
    voice_notes,
)

log = logging.getLogger(__name__)


def explained(lang: str, user_id: int) -> tuple[Html, dict]:
    """/forget_me: what it erases, with a button that does it (resident review: only "/forget_me" in the words was a
    command a phone could tap, and tapping it brought this same answer back; "confirm" had to be typed)."""
    confirm = messages.button(plain(lang, "btn.forget_confirm"), Action.FORGET, user_id)
    return t(lang, "forget.explain"), messages.keyboard([confirm])


async def forget_pressed(ctx: AppContext, user_id: int, presser: int, chat_id: int, message_id: int) -> Answer:
    """Her "erase my information" button under /forget_me's answer: she is forgotten, as by /forget_me confirm, and
    the answer says it was done, its button gone. Only she may press it, in her private chat."""
    if presser != user_id or chat_id != user_id:
        return Answer("cb.unknown", True)
    async with ctx.db.read() as c:
        lang = await notify.user_language(ctx, c, user_id)
    done = await forget_me_answered(ctx, user_id, lang)
    async with ctx.db.tx() as c:
        await notify.edit(ctx, c, chat_id, message_id, done)
    return Answer("cb.forgotten")


async def forget_me_answered(ctx: AppContext, user_id: int, lang: str) -> Html:
    """/forget_me confirm: forget the person, and say so; with nightly backups, that those made before still hold
    her words until they age out (BACKUP_KEEP nights)."""
    done = t(lang, "forget.done", n=await forget_me(ctx, user_id))
    if ctx.settings.nightly_backup():
        return join([done, t(lang, "forget.backups", days=ctx.settings.backup_keep)])
    return done


async def forget_me(ctx: AppContext, user_id: int) -> int:
    """Erase the person's name, username and words everywhere the bot keeps them; counts stay.

    Reports and merged reports, reports kept in groups waiting to be bound, the event log, "Report it?"
    questions, the points ledger's notes, the inbox, delivered messages' copies, and every stored message
    that names or quotes them, queued or delivered, among those sent to them, about their events or about no
    event (scrubbed of the name and the words: texts, captions and button labels; other residents' messages
    about other events are not read).
    Open satisfaction questions are withdrawn and a question asked in a group is edited to say so.
    Returns how many of their own reports were anonymised.
    """
    async with ctx.db.tx() as c:
        await _close_questions(ctx, c, user_id)  # before the words go: a yes or a post choice would use them
        former = await people.forget(c, user_id)
        own = await events.forget_reporter(c, user_id)
        await corrections.forget_reporter(c, user_id)
        captions = await media.forget_captions(c, user_id)
        merged = await reporters.forget(c, user_id)
        await notifications.forget(c, user_id)
        await media.forget_held(c, user_id)
        await held_places.forget(c, user_id)
        await voice_notes.forget(c, user_id)
        asked = await handover.forget(c, user_id)  # her questions for the committee
        await points.forget_notes(c, user_id)
        await inbox.forget_user(c, user_id)
        kept = await setup.forget_user(c, user_id, ctx.now())  # reports kept in groups waiting to be bound
        await outbox.blank_delivered(c, user_id, merged.event_ids)
        # her report's whole words waiting for a worker in parts: only the first part begins with them (where
        # stored messages are looked for), and each part is nothing but her words
        await outbox.drop_pending(c, own.event_ids, Purpose.WHOLE_TEXT)
        username = former.username
        names = [n for n in (former.name, username and f"@{username}", username) if n]
        words = own.texts + merged.texts + kept + captions + asked
        # queued or delivered: to her, about her events (her own and those she joined), or about no event (an
        # admin's "awarded 刘阿姨 20 points"); other residents' messages about other events are left alone
        # ...and those she acted on: a report of hers merged and later split out still stands in the DMs' edits
        mine = sorted(set(own.event_ids) | set(merged.event_ids) | set(await events.acted_on_by(c, user_id)))
        changed = []
        for stored in await outbox.payloads_containing(c, search_keys(names, words), user_id, mine):
            scrubbed = scrub_payload(stored.payload, names, words)
            if scrubbed != stored.payload:
                changed.append((stored.id, scrubbed))
        await outbox.set_payloads(c, changed)
        await _unname_posts(ctx, c, user_id)
        for asked in await surveys.withdraw_open(c, user_id):
            lang = await notify.group_language(ctx, c, asked.chat_id)
            await notify.edit(
                ctx, c, asked.chat_id, asked.message_id, t(lang, "survey.withdrawn"), purpose=Purpose.SURVEY_WITHDRAWN
            )
    log.info("forgot a user (%s reports anonymised)", own.events)
    return own.events


async def _close_questions(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> None:
    """Her open "Report it?" questions and the named / anonymous choice of her private reports are closed, their
    buttons gone (private-chat review: pressed after /forget_me, they posted "反映人：。" to the group and dispatched
    an event with no words): a private report not posted yet stays unposted."""
    for conf_id, chat_id in await notifications.dismiss_open_confirmations(c, user_id):
        await _withdraw(ctx, c, f"{reports.CONFIRM_KEY}{conf_id}", chat_id, user_id)
    for event_id in await events.reported_in_private(c, user_id):
        if await events.last_logged(c, event_id, "post_chosen") is None:
            await events.log(c, event_id, ctx.now(), "post_chosen", user_id, "not_posted")
            await events.set_anonymous(c, event_id, True)
            await _withdraw(ctx, c, f"post_ask:{event_id}", user_id, user_id)


async def _unname_posts(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> None:
    """Her private reports posted in their groups with her name (📢): each post is edited, through the outbox, to
    show them as an anonymous post does (no name, no words, no room): her words are gone from the event."""
    for event_id in await events.reported_in_private(c, user_id):
        chosen = await events.last_logged(c, event_id, "post_chosen")
        ev = await events.get(c, event_id) if chosen is not None and chosen.detail == "named" else None
        if ev is not None:
            await notify.refresh_post(ctx, c, ev)


async def _withdraw(ctx: AppContext, c: aiosqlite.Connection, key: str, chat_id: int, user_id: int) -> None:
    """The question queued with ``key`` in ``chat_id`` loses its buttons (the chat from its own row: a payload kept
    past OUTBOX_KEEP_DAYS is blanked)."""
    asked = await outbox.keyed(c, key)
    if asked is not None and asked.live:
        text = t(await notify.language_in(ctx, c, chat_id, user_id), "forget.question_closed")
        await notify.edit_live(ctx, c, chat_id, asked, text)
