"""A worker the bot could not reach (who blocked it, or never started it) is back: what waits for him.

While he could not be messaged his waiting events' cards, their reminders and his fix-by reminders were refused
(403); unblocking the bot or pressing Start again brought him nothing but "有新事件时我会在这里通知您", and the events
stayed his, unanswered (worker review). Now he is sent the list of his open events, as /my, a '#12' button each.
"""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core.purpose import Purpose
from bot.render.i18n import t
from bot.services import notify, queries
from storage import events, people


async def was_unreachable(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the bot knew it could not message the person (a 403, or their blocking it): read before they are
    marked as started again."""
    person = await people.person(c, user_id)
    return person is not None and not person.reachable


async def welcome_back(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> None:
    """A worker the bot could not reach can be messaged again: his open events, each with a '#12' button that sends
    its message with its buttons (none: nothing is sent)."""
    if ctx.community.worker(user_id) is None:
        return
    evs = await events.open_for(c, user_id)
    if not evs:
        return
    lang = await notify.user_language(ctx, c, user_id)
    text, markup = queries.work_list(ctx, lang, t(lang, "back.head", n=len(evs)), evs)
    key = f"back:{user_id}:{int(ctx.now().timestamp())}"
    await notify.send(ctx, c, user_id, text, purpose=Purpose.BRIEF, markup=markup, dedup_key=key)
