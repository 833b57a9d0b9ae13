"""A neighbour's press on the "which one?" question his news typed after several reds brought (``red_news``: "人救出
来了" with a lift trapping a child and a fire open in his group; neighbour61: passed on to none): his words kept
reach the staff of the red he pressed, as a neighbour's news of it; only he may press, once, and the question says
where they went. Neighbour62: a question nobody answers is settled after ``red_news.WHICH_WAIT`` (a timer row,
``unanswered``): it stayed up with its buttons, his news with no one."""

from __future__ import annotations

import logging

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle, parser
from bot.core.callbacks import arg_id
from bot.core.purpose import Purpose
from bot.core.types import Event, Incoming, Urgency
from bot.render.fit import names
from bot.render.i18n import t
from bot.services import notify, red_news
from bot.services.result import Answer
from storage import events, outbox
from storage.timers import Timer

log = logging.getLogger(__name__)

CHOSEN = "red_news_chosen"  # the kept line once he pressed: its words gone on to the red he chose
LAPSED = "red_news_lapsed"  # the kept line once nobody pressed in time: its words gone on without him


async def pressed(
    ctx: AppContext, event_id: int, arg: str | None, user_id: int, name: str, pressed_on: tuple[int, int]
) -> Answer:
    """He pressed "#N …" (``arg``: the log line of his words kept; ``pressed_on``: the question's chat and id): his
    words reach that red's staff (``red_news.tell``), and the question is edited to say they were passed on. Anyone
    else's press is refused; a second press, or one on a red no longer open and red, is answered so."""
    line_id = arg_id(arg)
    chat_id, message_id = pressed_on
    async with ctx.db.tx() as c:
        line = await events.logged(c, line_id) if line_id is not None else None
        if line is None or line.action not in (red_news.ASKED, CHOSEN):
            return Answer("cb.unknown", True)
        if line.actor_id != user_id:
            log.warning("refused a 'which red' press on #%s by user %s", event_id, user_id)
            return Answer("cb.not_yours_which", True)
        ev = await events.get(c, event_id)
        still = ev is not None and ev.urgency is Urgency.RED and lifecycle.is_open(ev.status)
        words = line.detail or ""
        if ev is None or not still or not await events.take_kept(c, line_id, red_news.ASKED, CHOSEN):
            return Answer("cb.already_done", True)
        his = await outbox.reply_of_sent(c, chat_id, message_id) or message_id
        msg = Incoming(chat_id, his, user_id, name, None, None, words)
        await red_news.tell(ctx, c, ev, msg, parser.parse(words, ctx.language), thank=False)
        lang = await notify.language_in(ctx, c, chat_id, user_id)
        await notify.edit(
            ctx, c, chat_id, message_id, t(lang, "red_news.passed_on", id=ev.id), None, Purpose.EDIT, ev.id
        )
    return Answer.of("cb.which_part", id=event_id)


async def unanswered(ctx: AppContext, c: aiosqlite.Connection, timer: Timer, ev: Event | None) -> None:
    """Nobody pressed "#N …" within ``red_news.WHICH_WAIT``: his words kept go to the one red of those he was asked
    about still open and red, as his news of it; with several still so, to the committee, saying he did not say which
    (never to a red they may not be about); with none, nowhere. The question loses its buttons and says what was
    done. Nothing when he pressed (his line taken), and no words when /forget_me took them."""
    line_id = int(timer.payload.get("line", 0))
    line = await events.logged(c, line_id)
    if line is None or not await events.take_kept(c, line_id, red_news.ASKED, LAPSED):
        return
    words, chat_id, asked = line.detail or "", int(timer.payload["chat"]), int(timer.payload["asked"])
    reds = [ev if ev and int(n) == ev.id else await events.get(c, int(n)) for n in timer.payload.get("reds", [])]
    still = [red for red in reds if red and red.urgency is Urgency.RED and lifecycle.is_open(red.status)]
    question = await outbox.keyed(c, red_news.which_key(chat_id, asked))
    where = question.message_id if question is not None else None  # None: never sent, nothing to edit
    if not words:  # /forget_me took them: its buttons go
        if where:
            await notify.edit_markup(ctx, c, chat_id, where, {"inline_keyboard": []}, timer.event_id)
        return
    lang = await notify.language_in(ctx, c, chat_id, line.actor_id or 0)
    said = t(lang, "red_news.which_over")
    if len(still) == 1:
        msg = Incoming(chat_id, asked, line.actor_id or 0, "", None, None, words)
        await red_news.tell(ctx, c, still[0], msg, parser.parse(words, ctx.language), thank=False)
        said = t(lang, "red_news.passed_on", id=still[0].id)
    elif still:
        await events.log(c, still[0].id, ctx.now(), "neighbour_news", line.actor_id, words)  # for his /forget_me
        clang = await notify.group_language(ctx, c, ctx.committee_chat_id)
        ids = names(clang, [f"#{red.id}" for red in still], len(still))
        once = f"red_news_unsaid:{line_id}"
        await notify.committee(ctx, c, "red_news.which_unsaid", still[0].id, dedup_key=once, words=words, ids=ids)
        said = t(lang, "red_news.which_to_committee")
    if where:  # its buttons go, and it says what was done
        await notify.edit(ctx, c, chat_id, where, said, None, Purpose.EDIT, timer.event_id)
    log.info("#%s: a 'which red?' unanswered, his words settled (%d reds open)", timer.event_id, len(still))
