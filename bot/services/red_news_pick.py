"""A neighbour's press on the "which one?" question his news typed after several reds brought (``red_news``: "人救出
来了" with a lift trapping a child and a fire open in his group; neighbour61: passed on to none): his words kept
reach the staff of the red he pressed, as a neighbour's news of it; only he may press, once, and the question says
where they went."""

from __future__ import annotations

import logging

from bot.context import AppContext
from bot.core import lifecycle, parser
from bot.core.callbacks import arg_id
from bot.core.purpose import Purpose
from bot.core.types import Incoming, Urgency
from bot.render.i18n import t
from bot.services import notify, red_news
from bot.services.result import Answer
from storage import events, outbox

log = logging.getLogger(__name__)

CHOSEN = "red_news_chosen"  # the kept line once he pressed: its words gone on to the red he chose


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
