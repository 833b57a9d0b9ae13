"""Team alerts: teams whose `notify_on` rules match an event hear about it (the three-colour warning); one that
cannot be delivered, or an emergency contact's message, is told to the committee."""

from __future__ import annotations

from collections.abc import Collection

import aiosqlite

from bot.context import AppContext
from bot.core import routing
from bot.core.purpose import Purpose
from bot.core.types import Event
from bot.render import messages
from bot.render.fit import names
from bot.render.i18n import join, t
from bot.services import extras, notify
from storage import events, people

ALERTS = frozenset({Purpose.TEAM_ALERT, Purpose.EMERGENCY_CONTACT})  # told of an event, with no buttons


async def alert(
    ctx: AppContext, c: aiosqlite.Connection, ev: Event, already: Collection[int] = (), before: Event | None = None
) -> list[int]:
    """DM each alerted team's people on duty (or all its members) not already pinged; returns who.

    before: the event as it read before a change of category or colour: the teams that reading alerted already
    heard of it and are left out."""
    now = ctx.now()
    teams = routing.alerted_teams(ctx.community, ev.category, ev.urgency, ev.grid_id)
    if before is not None:
        told = {x.id for x in routing.alerted_teams(ctx.community, before.category, before.urgency, before.grid_id)}
        teams = [team for team in teams if team.id not in told]
    if not teams:
        return []
    overrides = await people.adjustments(c, now)
    x = await extras.dm_extras(c, ev)
    worker = await notify.display_name(ctx, c, ev.assignee_id)
    red_round = await notify.red_round(c, ev)  # a red lowered and raised again alerts them again
    told: list[int] = []
    for team in teams:
        for user_id in routing.team_recipients(ctx.community, team, now, overrides):
            if user_id in already or user_id in told:
                continue
            lang = await notify.user_language(ctx, c, user_id)
            head = t(lang, "team.alert", team=team.name, worker=worker or t(lang, "duty.nobody"))
            text = await extras.told_text(ctx, c, ev, user_id, lang, head, x)
            await notify.send(
                ctx,
                c,
                user_id,
                text,
                purpose=Purpose.TEAM_ALERT,
                event_id=ev.id,
                dedup_key=f"team:{ev.id}:{team.id}:{user_id}:{red_round}",
            )
            told.append(user_id)
        await events.log(c, ev.id, now, "team_alerted", None, team.id)
    return told


async def alert_failed(
    ctx: AppContext,
    c: aiosqlite.Connection,
    event_id: int,
    purpose: Purpose | None,
    user_id: int,
    error: str,
    unreachable: bool,
) -> None:
    """A team's alert or an emergency contact's message could not be delivered: the committee is told at once who
    was not reached about which event (once per person and event, whatever the colour or reopening), so someone
    phones them. Unreachable (403) marks them so, as a worker is. The group is not told: a police liaison or a
    private person named in a residents' group would be a breach of their privacy, and could do nothing there."""
    ev = await events.get(c, event_id)
    if ev is None:
        return
    if unreachable:
        await people.mark_unreachable(c, user_id)
    await events.log(c, ev.id, ctx.now(), "dm_failed", None, f"{user_id}: {error[:200]}")
    lang = await notify.group_language(ctx, c, ctx.committee_chat_id)
    if purpose is Purpose.TEAM_ALERT:
        teams = [tm.name for tm in ctx.community.teams if user_id in tm.members]
        role = names(lang, teams, 5) if teams else t(lang, "committee.alert_role.team")
    else:
        role = t(lang, "committee.alert_role.contact")
    lines = [
        t(
            lang,
            "committee.alert_unreachable",
            id=ev.id,
            urgency=messages.urgency_label(lang, ev.urgency),
            person=await notify.display_name(ctx, c, user_id) or str(user_id),
            role=role,
            reason=t(lang, "committee.alert_reason_blocked") if unreachable else error[:200],
        )
    ]
    worker = ctx.community.worker(user_id)
    if worker is not None and worker.phone:
        lines.append(t(lang, "committee.alert_phone", phone=worker.phone))
    await notify.send(
        ctx,
        c,
        ctx.committee_chat_id,
        join(lines),
        purpose=Purpose.COMMITTEE,
        event_id=ev.id,
        dedup_key=f"alert_unreach:{ev.id}:{user_id}",
    )
