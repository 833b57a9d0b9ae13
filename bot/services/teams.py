"""Team alerts: teams whose `notify_on` rules match an event hear about it (the three-colour warning)."""

from __future__ import annotations

from collections.abc import Collection

import aiosqlite

from bot.context import AppContext
from bot.core import routing
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages
from bot.render.i18n import join, t
from bot.services import notify
from storage import events, people


async def alert(ctx: AppContext, c: aiosqlite.Connection, ev: Event, already: Collection[int] = ()) -> list[int]:
    """DM each alerted team's people on duty (or all its members) not already pinged; returns who."""
    now = ctx.now()
    teams = routing.alerted_teams(ctx.community, ev.category, ev.urgency, ev.grid_id)
    if not teams:
        return []
    overrides = await people.adjustments(c, now)
    title = await people.chat_title(c, ev.chat_id)
    worker = await notify.display_name(ctx, c, ev.assignee_id)
    told: list[int] = []
    for team in teams:
        for user_id in routing.team_recipients(ctx.community, team, now, overrides):
            if user_id in already or user_id in told:
                continue
            lang = await notify.user_language(ctx, c, user_id)
            head = t(lang, "team.alert", team=team.name, worker=worker or t(lang, "duty.nobody"))
            text = join((head, messages.worker_text(lang, ev, title, ev.reporter_name)))
            await notify.send(
                ctx,
                c,
                user_id,
                text,
                purpose=Purpose.TEAM_ALERT,
                event_id=ev.id,
                dedup_key=f"team:{ev.id}:{team.id}:{user_id}:{ev.reopened_count}",
            )
            told.append(user_id)
        await events.log(c, ev.id, now, "team_alerted", None, team.id)
    return told
