"""Which rota a report goes to: the teams that take its category, then its grid.

Pure. A "desk" is a rota id: a team id or a grid id (they never collide). An event goes to the
first desk with someone on duty; nobody anywhere means the committee. Teams whose `notify_on`
rules match the event's colour and category are alerted besides.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from bot.core import roster
from bot.core.community import Community, Team, Worker
from bot.core.roster import Adjustment, OnDuty
from bot.core.types import Category, Urgency


def desks(community: Community, category: Category | None, grid_id: str | None) -> list[str]:
    """The rotas to try in order: teams taking `category` in this grid (file order), then the grid."""
    teams = [t.id for t in community.teams if category in t.categories and t.covers(grid_id)]
    return teams + ([grid_id] if grid_id else [])


def works_on(community: Community, category: Category | None, grid_id: str | None, desk_ids: Collection[str]) -> bool:
    """Whether an event of this category in this grid is work of one of these desks (its grid, or a team taking
    it there)."""
    return not set(desks(community, category, grid_id)).isdisjoint(desk_ids)


def on_duty(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
) -> OnDuty:
    """Everyone on duty for an event, desk by desk: the team's primaries and backups come first."""
    primary: dict[int, Worker] = {}
    backup: dict[int, Worker] = {}
    for desk in desks(community, category, grid_id):
        duty = roster.on_duty(community, desk, at, overrides)
        for w in duty.primary:
            primary.setdefault(w.telegram_id, w)
        for w in duty.backup:
            backup.setdefault(w.telegram_id, w)
    return OnDuty(list(primary.values()), [w for wid, w in backup.items() if wid not in primary])


def on_duty_first(community: Community, duty: OnDuty) -> list[tuple[Worker, bool]]:
    """Every worker, those on duty for an event (``on_duty``) first, each with whether they are (whom an admin may
    give it to: the console's reassign list, the committee's "send to …" buttons)."""
    on = {w.telegram_id for w in duty.everyone}
    return [(w, True) for w in duty.everyone] + [(w, False) for w in community.workers if w.telegram_id not in on]


def in_order(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
) -> list[tuple[int, Worker]]:
    """Everyone on duty for an event in the order a new report tries them, each with the index of their desk:
    the first desk's primaries then its backups, then the next desk's (a worker once, at their first desk)."""
    seen: set[int] = set()
    out: list[tuple[int, Worker]] = []
    for index, desk in enumerate(desks(community, category, grid_id)):
        for w in roster.on_duty(community, desk, at, overrides).everyone:
            if w.telegram_id not in seen:
                seen.add(w.telegram_id)
                out.append((index, w))
    return out


def next_assignee(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
    exclude: Collection[int] = (),
    fallback: bool = False,
) -> Worker | None:
    """The first desk's primary then backup not excluded, else the next desk's; None: the committee.

    fallback: when only those excluded are on duty, the first of them (who handed an event back, rather than no
    one)."""
    order = [w for _, w in in_order(community, category, grid_id, at, overrides)]
    return next((w for w in order if w.telegram_id not in exclude), order[0] if fallback and order else None)


# a green report with nobody on duty waits for the next shift when one starts within this (a weekend), rather than
# calling the committee at night for a hall light; past it (a long holiday) the committee is told as before
OFF_HOURS_WAIT = timedelta(days=3)


def next_shift(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
) -> datetime | None:
    """When someone next comes on duty for an event nobody is on duty for at `at`: the first shift boundary within
    OFF_HOURS_WAIT at which someone is. None: someone is on duty now, or no one comes soon (a long holiday)."""
    if in_order(community, category, grid_id, at, overrides):
        return None
    for boundary in roster.shift_boundaries(community, at, at + OFF_HOURS_WAIT, overrides):
        if boundary > at and in_order(community, category, grid_id, boundary, overrides):
            return boundary
    return None


def next_on_duty(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    worker_id: int,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
) -> datetime | None:
    """When a worker next comes on duty for an event after `at` (the first shift boundary within OFF_HOURS_WAIT at
    which he is), or None: a night instruction's card waits for then (``services.instructions``)."""
    for boundary in roster.shift_boundaries(community, at, at + OFF_HOURS_WAIT, overrides):
        on = on_duty(community, category, grid_id, boundary, overrides).everyone
        if boundary > at and worker_id in {w.telegram_id for w in on}:
            return boundary
    return None


def waits_for_shift(
    community: Community,
    category: Category | None,
    grid_id: str | None,
    urgency: Urgency,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
) -> datetime | None:
    """When a report nobody is on duty for at `at` is next someone's, if it may wait for them quietly: a green one,
    and someone comes on duty for it within OFF_HOURS_WAIT (``next_shift``). None: it may not wait (not green,
    someone is on duty now, or no one comes soon). A yellow one waits too, but the committee is told at once
    (``services.chase.on_dispatched``); a red never waits."""
    return next_shift(community, category, grid_id, at, overrides) if urgency is Urgency.GREEN else None


def alerted_teams(community: Community, category: Category, urgency: Urgency, grid_id: str | None) -> list[Team]:
    """Teams to alert besides the assignee: their `notify_on` matches and they work in the grid."""
    return [t for t in community.teams if t.covers(grid_id) and t.notified_by(urgency, category)]


def team_recipients(community: Community, team: Team, at: datetime, overrides: Sequence[Adjustment] = ()) -> list[int]:
    """Who of a team gets an alert: those on duty, or every member when nobody is."""
    duty = roster.on_duty(community, team.id, at, overrides).everyone
    return [w.telegram_id for w in duty] or list(team.members)
