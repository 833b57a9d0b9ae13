"""Use case: a neighbour's "still not fixed" typed in her group just after a report there was closed ("还是没水" a
few minutes after 王师傅 closed "3号楼停水了", "水来了但是是黄的"). Written under the closed report it reached the
committee to check; typed below, replying to nothing, it opened a new event of no place, and the worker read "还是没水
· 位置：未注明" with nothing to tell him which water (sweep of a water cut's morning). Now it is read as said under the
report it is about: the committee checks that report and she is told so. Only when her words show that report's
problem, name no other building, and one report fits (which one she means is not guessed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.context import AppContext
from bot.core import after_close, followup, next_words, parser, permissions
from bot.core.types import Incoming, ParsedReport, Status
from bot.render.i18n import normalize
from bot.services import followups
from storage import events, reporters

# "still" typed this soon after a close is about it; later it is a report of its own
JUST_CLOSED = timedelta(hours=2)


async def typed_after_close(ctx: AppContext, msg: Incoming, parsed: ParsedReport) -> int | None:
    """The closed report a neighbour's typed "not (all) fixed" is about, once the committee is told to check it; None
    when her words say no such thing, she is staff or one of its reporters (her own words follow her rules), or no
    report, or more than one, fits."""
    if msg.private or msg.forwarded or permissions.role(ctx.community, msg.user_id) is not permissions.Role.RESIDENT:
        return None
    lang = normalize(msg.language_code, ctx.language)
    words, still = msg.text, parsed
    if after_close.partly_fixed(parsed, words, lang):  # "水来了但是是黄的，能喝吗": what is still wrong, "是黄的"
        words = followup.after_contrast(after_close.before_question(followup.plain(words)) or words) or words
        if words != msg.text:  # the reader may call it sanitation; it is the supply's: the signs decide whose
            still = replace(parser.parse(words, lang), category=None)
    elif not followup.says_not_fixed(parsed, words):
        return None
    now = ctx.now()
    async with ctx.db.tx() as c:
        closed = [
            ev
            for ev in await events.of_chat_since(c, msg.chat_id, now - JUST_CLOSED)
            if ev.status is Status.CLOSED and ev.closed_at is not None and ev.message_id < msg.message_id
        ]
        if not closed:
            return None
        every = await reporters.for_events(c, [ev.id for ev in closed])
        fits = [
            ev
            for ev in closed
            if parsed.building in (None, ev.building)
            and next_words.same_problem(
                still,
                words,
                [ev.text] + [r.text for r in every[ev.id] if r.text],
                ev.category,
            )
        ]
        if len(fits) != 1:
            return None
        ev = fits[0]
        if permissions.reported(msg.user_id, ev, every[ev.id]):
            return None
        return ev.id if await followups.neighbour_not_fixed(ctx, c, ev, msg) else None
