"""Use case: a resident's question the bot cannot answer, asked in private ("物业费怎么交？", "居委会几点上班"), is
offered to be passed to the committee (one button, only she may press, once); the committee reads it in its chat
with who asked, and its reply under it reaches her in private, as a helpdesk hands a chat over to a person (sweep
of an elderly resident's first private chat: "我还想问一下物业费怎么交" got silence). Her reply under that answer goes
back to the committee under the same question. Only a resident the bot knows from a residents' group may have
a question passed on (as for a private report or voice message: not anyone on Telegram typing into the bot). In the
committee's quiet hours her question, and her reply under its answer, wait for their end."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.context import AppContext
from bot.core import followup, next_words, permissions
from bot.core.callbacks import Action
from bot.core.escalation import TimerKind, TimerSpec
from bot.core.for_the_office import asks_the_office, read_from
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, ParsedReport
from bot.render import messages
from bot.render.i18n import join, plain, t
from bot.services import committee_out, membership, notify, reports
from bot.services.result import Answer
from storage import office_questions, outbox, people, timers
from storage.timers import Timer

KEY = "question:"  # the dedup key of the committee's copy of a question: its row's id, and her follow-up's message
SHOWN = 300  # characters of her question quoted back to her under an answer
GROUPS_SHOWN = 2  # her residents' groups named in the committee's copy (the latest she wrote in first; no more)


async def offered(ctx: AppContext, msg: Incoming, parsed: ParsedReport | None, lang: str) -> bool:
    """Her words in private that the reader took for no report and that ask something only a person can answer
    (``for_the_office.asks_the_office``) and are not about a report ("修好了吗？"): kept, and answered with the
    offer to pass them to the committee. False when they are no such question, or she is not a resident known from a
    residents' group (then the usual hint)."""
    if not msg.private or parsed is None or not asks_the_office(parsed, msg.text):
        return False
    if next_words.about_a_report(parsed, msg.text):  # "修好了吗？": her open reports' list answers it
        return False
    async with ctx.db.tx() as c:
        if not await membership.known_resident(ctx, c, msg.user_id):
            return False
        question_id = await office_questions.add(c, msg.user_id, msg.user_name, msg.message_id, msg.text, ctx.now())
        button = messages.button(plain(lang, "btn.pass_question"), Action.PASS_QUESTION, question_id)
        await notify.reply(
            ctx,
            c,
            msg,
            t(lang, "office.offer"),
            purpose=Purpose.REPLY,
            markup=messages.keyboard([button]),
            dedup_key=f"qoffer:{question_id}",
        )
    return True


async def pass_on(ctx: AppContext, question_id: int, user_id: int, chat_id: int, message_id: int) -> Answer:
    """Her press on the offer's button: the question goes to the committee chat, with who asked, and the offer says
    where it went, its button gone; in the committee's quiet hours (``for_the_office.read_from``) it waits for their
    end (a timer row: a restart keeps it), and the offer says when it will be read. Anyone else's press, a
    second one, or one on a question forgotten changes nothing and says why."""
    now = ctx.now()
    async with ctx.db.tx() as c:
        q = await office_questions.get(c, question_id)
        if q is None or q.user_id != user_id:
            return Answer("cb.question_gone" if q is None else "cb.question_not_yours", True)
        if not await office_questions.mark_passed(c, q.id, now):
            return Answer("cb.question_passed_before", True)
        lang = await notify.user_language(ctx, c, user_id)
        held = _held_until(ctx, now)
        if held is None:
            await _to_committee(ctx, c, q)
            await notify.edit(ctx, c, chat_id, message_id, t(lang, "office.passed"))
        else:
            await timers.add(c, None, TimerSpec(TimerKind.OFFICE_QUESTION, held, {"question": q.id}), now)
            when = messages.when_label(lang, held, now, ctx.community.tz)
            await notify.edit(ctx, c, chat_id, message_id, t(lang, "office.passed_later", when=when))
    return Answer("cb.question_passed")


def _held_until(ctx: AppContext, now: datetime) -> datetime | None:
    """When words for the committee passed on now reach it (None: at once), by its quiet hours' settings."""
    return read_from(now, ctx.community.tz, ctx.settings.office_quiet_hours())


async def held_due(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    """A question passed on in the committee's quiet hours, or her follow-up under its answer, their end come: it
    goes to the committee chat now (none when she has had it forgotten since, /forget_me); the follow-up's words,
    kept for this alone, are dropped."""
    q = await office_questions.get(c, int(timer.payload.get("question", 0)))
    if q is None:
        return
    if "follow_up" not in timer.payload:
        await _to_committee(ctx, c, q)
    elif more := await office_questions.get(c, int(timer.payload["follow_up"])):
        await _follow_up_to_committee(ctx, c, q, more.message_id, more.text)
        await office_questions.drop(c, more.id)


async def _to_committee(ctx: AppContext, c: aiosqlite.Connection, q: office_questions.Question) -> None:
    """Her question in the committee chat, headed by who asked and, where the bot knows it, her residents' group
    (the committee reads "刘阿姨（幸福里1-5号楼居民群，私聊机器人）", not a name alone among hundreds of residents);
    the latest GROUPS_SHOWN she wrote in, when she is in several."""
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    groups = [
        title for g, _ in await reports.resident_groups(ctx, c, q.user_id) if (title := await people.chat_title(c, g))
    ]
    who = (
        t(lang, "office.who_group", name=q.user_name, group=join(groups[:GROUPS_SHOWN], plain(lang, "list.sep")))
        if groups
        else t(lang, "office.who", name=q.user_name)
    )
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        t(lang, "office.to_committee", who=who, name=q.user_name, text=q.text),
        purpose=Purpose.OFFICE_QUESTION,
        dedup_key=f"{KEY}{q.id}",
    )


async def answered(ctx: AppContext, msg: Incoming, reply_to: int | None) -> bool:
    """Staff's words in the committee chat under a question passed on (or under her follow-up), or an admin's under
    its copy relayed to him in private while the chat is out of reach: sent on to her in private, with her question,
    as a reply to her words they answer, and the writer told they were. False when the words are under no such
    message (read as any words there)."""
    if reply_to is None or not followup.has_words(msg.text):
        return False
    if msg.chat_id != ctx.committee_chat_id and not msg.private:
        return False
    if not permissions.is_staff(permissions.role(ctx.community, msg.user_id)):
        return False
    if msg.private and not ctx.community.is_admin(msg.user_id):  # copies are relayed to admins only
        return False
    async with ctx.db.tx() as c:
        key = await committee_out.key_of(ctx, c, msg.chat_id, reply_to, Purpose.OFFICE_QUESTION)
        ids = key.removeprefix(KEY).split(":") if key else []
        q = await office_questions.get(c, int(ids[0])) if ids else None
        if q is None:
            return False
        lang = await notify.user_language(ctx, c, q.user_id)
        await notify.send(
            ctx,
            c,
            q.user_id,
            t(lang, "office.answer", question=messages.preview(q.text, SHOWN), text=msg.text),
            purpose=Purpose.OFFICE_ANSWER,
            reply_to=int(ids[1]) if len(ids) > 1 else q.message_id,  # her follow-up's, or her question's
            dedup_key=f"qanswer:{q.id}:{msg.chat_id}:{msg.message_id}",
        )
        wlang = await notify.language_in(ctx, c, msg.chat_id, msg.user_id)
        await notify.reply(ctx, c, msg, t(wlang, "office.answer_sent", name=q.user_name), purpose=Purpose.REPLY)
    return True


async def followed_up(ctx: AppContext, msg: Incoming, reply_to: int | None) -> bool:
    """Her words in private under the committee's answer to her question: passed to the committee under that
    question (where a reply reaches her again), and she is told so; in its quiet hours they wait for their end, as
    a question does, kept until then (night review: her follow-up at 23:40 reached the committee at 23:40), and she
    is told when it will read them the first time only. False when they are under no such answer."""
    if reply_to is None or not msg.private or not followup.has_words(msg.text):
        return False
    now = ctx.now()
    async with ctx.db.tx() as c:
        key = await outbox.key_of_sent(c, msg.chat_id, reply_to, Purpose.OFFICE_ANSWER)
        q = await office_questions.get(c, int(key.split(":")[1])) if key else None
        if q is None or q.user_id != msg.user_id:
            return False
        lang = await notify.user_language(ctx, c, msg.user_id)
        held = _held_until(ctx, now)
        if held is None:
            await _follow_up_to_committee(ctx, c, q, msg.message_id, msg.text)
            told = t(lang, "office.follow_up_sent")
        else:
            waiting = await timers.pending_about(c, TimerKind.OFFICE_QUESTION, "question", q.id)
            more = await office_questions.add(c, msg.user_id, msg.user_name, msg.message_id, msg.text, now)
            await office_questions.mark_passed(c, more, now)
            spec = TimerSpec(TimerKind.OFFICE_QUESTION, held, {"question": q.id, "follow_up": more})
            await timers.add(c, None, spec, now)
            when = messages.when_label(lang, held, now, ctx.community.tz)
            told = t(lang, "office.follow_up_kept") if waiting else t(lang, "office.follow_up_later", when=when)
        await notify.reply(ctx, c, msg, told, purpose=Purpose.REPLY)
    return True


async def _follow_up_to_committee(
    ctx: AppContext, c: aiosqlite.Connection, q: office_questions.Question, message_id: int, text: str
) -> None:
    """Her follow-up (her message ``message_id``) in the committee chat, under her question's copy."""
    clang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    first = await outbox.keyed(c, f"{KEY}{q.id}")
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        t(clang, "office.follow_up", name=q.user_name, text=text),
        purpose=Purpose.OFFICE_QUESTION,
        reply_to=first.message_id if first else None,
        dedup_key=f"{KEY}{q.id}:{message_id}",
    )


async def forget(c: aiosqlite.Connection, user_id: int) -> list[str]:
    """/forget_me: her questions are dropped, and the committee's copies of them and of her follow-ups, once sent,
    keep none of her words; her follow-ups still queued are never sent (nothing keeps their words to scrub them by,
    and with neither her name nor her words, and no question to answer, they would tell the committee nothing), and
    those held for the end of the quiet hours are dropped with her questions; her questions' words, for /forget_me's
    scrub of their copies still queued too."""
    asked = await office_questions.forget(c, user_id)
    keys = [f"{KEY}{i}" for i, _ in asked]
    await outbox.forget_keyed(c, keys)
    return [text for _, text in asked]
