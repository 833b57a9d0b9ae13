"""A worker the bot could not reach (who blocked it, or never started it) is back: what waits for him.

While he could not be messaged his waiting events' cards, their reminders and his fix-by reminders were refused
(403); unblocking the bot or pressing Start again brought him nothing but "有新事件时我会在这里通知您", and the events
stayed his, unanswered (worker review). Now he is sent the list of his open events, as /my, a '#12' button each.
The edits of his cards refused meanwhile are made again (a card of work moved to 李姐 read "已由王师傅接单" with
Close), and he is told which events left him and who has them now (worker review).
"""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import lifecycle
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages
from bot.render.fit import fit
from bot.render.i18n import Html, t
from bot.services import notify, queries, unreachable
from storage import events, outbox, people


async def was_unreachable(c: aiosqlite.Connection, user_id: int) -> bool:
    """Whether the bot knew it could not message the person (a 403, or their blocking it): read before they are
    marked as started again."""
    person = await people.person(c, user_id)
    return person is not None and not person.reachable


async def welcome_back(ctx: AppContext, c: aiosqlite.Connection, user_id: int) -> None:
    """A person the bot could not reach can be messaged again: the edits of their messages refused meanwhile are
    made again; a worker is sent his open events, each with a '#12' button that sends its message with its buttons
    (none: nothing is sent), and the events that left him meanwhile, with who has them now."""
    again = await outbox.refused_edits(c, user_id)
    await outbox.requeue(c, [row_id for row_id, _ in again], ctx.now())
    if ctx.community.worker(user_id) is None:
        return
    await unreachable.came_back(ctx, c, user_id)
    evs = await events.open_for(c, user_id)
    lang = await notify.user_language(ctx, c, user_id)
    key = f"back:{user_id}:{int(ctx.now().timestamp())}"
    if evs:
        text, markup = queries.work_list(ctx, lang, t(lang, "back.head", n=len(evs)), evs)
        await notify.send(ctx, c, user_id, text, purpose=Purpose.BRIEF, markup=markup, dedup_key=key)
    mine = {ev.id for ev in evs}
    left: list[Html] = []
    for event_id in dict.fromkeys(e for _, e in again if e is not None and e not in mine):
        ev = await events.get(c, event_id)
        if ev is not None and (ev.assignee_id == user_id or user_id in await events.gave_up_by(c, ev.id)):
            left.append(await _left_line(ctx, c, lang, ev))
    if left:
        text = fit(lang, [t(lang, "back.left_head")], left)
        await notify.send(ctx, c, user_id, text, purpose=Purpose.BRIEF, dedup_key=f"{key}:left")


async def _left_line(ctx: AppContext, c: aiosqlite.Connection, lang: str, ev: Event) -> Html:
    """An event that left him while he was away: its line, and who has it now (or that it is over)."""
    line = messages.nudge_line(lang, ev)
    if not lifecycle.is_open(ev.status):
        return t(lang, "back.left.over", line=line)
    worker = await notify.display_name(ctx, c, ev.assignee_id)
    return t(lang, "back.left.with", line=line, worker=worker) if worker else t(lang, "back.left.nobody", line=line)
