"""Who is on duty for a grid (or team) at a given instant: shifts from the file plus adjustments.

Adjustments are duty marks (`DutyOverride`, /onduty /offduty) and rota changes (`RotaChange`,
/cover /swap); the `overrides` sequences accept both, so every caller sees rota changes.

Shift days and times are read on the community's wall clock. A shift belongs to the day it starts
on: "mon 20:00-08:00" covers Monday 20:00 to Tuesday 08:00. A wall time that a DST change skips
is taken to mean the instant the clock jumps past it; a repeated wall time means its first pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.core.community import Community, Shift, Worker
from bot.core.rota import RotaChange, holder
from bot.core.types import Role


@dataclass(frozen=True)
class DutyOverride:
    """A worker marked themself on (/onduty) or off (/offduty) duty, until a time or indefinitely.

    `grid_id` None means every grid (off duty) or every grid they have a shift in (on duty).
    """

    worker_id: int
    grid_id: str | None
    on_duty: bool
    until: datetime | None = None

    def applies(self, grid_id: str, at: datetime, community: Community) -> bool:
        """Whether this override is in force for `grid_id` at `at`."""
        if self.until is not None and at >= self.until:
            return False
        if self.grid_id is not None:
            return self.grid_id == grid_id
        if not self.on_duty:
            return True
        return any(s.worker == self.worker_id and s.desk == grid_id for s in community.shifts)


Adjustment = DutyOverride | RotaChange


@dataclass(frozen=True)
class OnDuty:
    """The workers on duty for a grid, each list in file order of their shifts."""

    primary: list[Worker] = field(default_factory=list)
    backup: list[Worker] = field(default_factory=list)

    @property
    def everyone(self) -> list[Worker]:
        """Primaries then backups."""
        return self.primary + self.backup


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("roster times must be timezone-aware datetimes")


def _instant(day: date, minute: int, tz: tzinfo) -> datetime:
    """The UTC instant at which the wall clock in `tz` shows `minute` past midnight of `day`."""
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # `wall` falls in a gap (clocks sprang forward): find the jump, to the minute.
    lo, hi = sorted((first, wall.replace(tzinfo=tz, fold=1).astimezone(UTC)))
    while hi - lo > timedelta(minutes=1):
        mid = lo + (hi - lo) // 2
        mid -= timedelta(seconds=mid.second, microseconds=mid.microsecond)
        if mid.astimezone(tz).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


def _occurrence(shift: Shift, day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The [start, end) instants of `shift` when it starts on `day`."""
    end_day = day + timedelta(days=1) if shift.overnight else day
    return _instant(day, shift.start_minute, tz), _instant(end_day, shift.end_minute, tz)


def _occurrences(shift: Shift, first: date, last: date, tz: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    """Occurrences of `shift` starting on the days first..last (inclusive)."""
    day = first
    while day <= last:
        if day.weekday() in shift.weekdays:
            yield _occurrence(shift, day, tz)
        day += timedelta(days=1)


def active_day(shift: Shift, at_local: datetime) -> date | None:
    """The day the occurrence of `shift` covering `at_local` started on, or None when off."""
    _require_aware(at_local)
    tz = at_local.tzinfo
    assert tz is not None
    today = at_local.date()
    for day in (today - timedelta(days=1), today):
        if day.weekday() in shift.weekdays:
            start, end = _occurrence(shift, day, tz)
            if start <= at_local < end:
                return day
    return None


def _holder(community: Community, worker_id: int, day: date, changes: Sequence[RotaChange]) -> int:
    """Who works a shift after /cover and /swap; a cover by someone no longer a worker (removed, out of the file)
    does not hold: the shift is its own worker's again."""
    held = holder(worker_id, day, changes)
    return held if community.worker(held) is not None else worker_id


def _split(
    overrides: Sequence[Adjustment], changes: Sequence[RotaChange]
) -> tuple[list[DutyOverride], list[RotaChange]]:
    marks = [o for o in overrides if isinstance(o, DutyOverride)]
    return marks, [*changes, *(o for o in overrides if isinstance(o, RotaChange))]


def on_duty(
    community: Community,
    grid_id: str,
    at: datetime,
    overrides: Sequence[Adjustment] = (),
    changes: Sequence[RotaChange] = (),
) -> OnDuty:
    """Primaries and backups on duty for `grid_id` (or a team id) at `at`.

    Rota changes decide who works each shift occurrence; duty marks then apply in order.
    """
    _require_aware(at)
    marks, changes = _split(overrides, changes)
    local = at.astimezone(community.tz)
    roles: dict[int, Role] = {}
    for shift in community.shifts:
        if shift.desk != grid_id:
            continue
        day = active_day(shift, local)
        if day is not None:
            worker_id = _holder(community, shift.worker, day, changes)
            if roles.get(worker_id) != Role.PRIMARY:
                roles[worker_id] = shift.role
    for override in marks:
        if community.worker(override.worker_id) and override.applies(grid_id, at, community):
            if override.on_duty:
                roles.pop(override.worker_id, None)  # re-inserted after the scheduled primaries
                roles[override.worker_id] = Role.PRIMARY
            else:
                roles.pop(override.worker_id, None)
    workers = {wid: community.worker(wid) for wid in roles}
    return OnDuty(
        primary=[w for wid, w in workers.items() if w and roles[wid] == Role.PRIMARY],
        backup=[w for wid, w in workers.items() if w and roles[wid] == Role.BACKUP],
    )


def shift_boundaries(
    community: Community, start: datetime, end: datetime, overrides: Sequence[Adjustment] = ()
) -> list[datetime]:
    """Sorted UTC instants in [start, end) at which a shift starts or ends, or an override expires."""
    _require_aware(start)
    _require_aware(end)
    tz = community.tz
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    found: set[datetime] = set()
    for shift in community.shifts:
        for occurrence in _occurrences(shift, first, last, tz):
            found.update(t for t in occurrence if start <= t < end)
    found.update(
        o.until.astimezone(UTC) for o in overrides if isinstance(o, DutyOverride) and o.until and start <= o.until < end
    )
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Slot:
    """One shift occurrence on a day's rota: who works it (rota changes applied), when, as what."""

    worker_id: int
    start_minute: int
    end_minute: int
    role: Role
    changed: bool = False


def day_rota(community: Community, desk_id: str, day: date, changes: Sequence[RotaChange] = ()) -> list[Slot]:
    """The shifts of a grid or team that start on `day`, primaries first, by start time.

    A backup slot is left out when the same worker already works that time as a primary.
    """
    slots = [
        Slot(worker_id, s.start_minute, s.end_minute, s.role, worker_id != s.worker)
        for s in community.shifts
        if s.desk == desk_id and day.weekday() in s.weekdays
        for worker_id in [_holder(community, s.worker, day, changes)]
    ]
    primary = {(s.worker_id, s.start_minute, s.end_minute) for s in slots if s.role is Role.PRIMARY}
    slots = [s for s in slots if s.role is Role.PRIMARY or (s.worker_id, s.start_minute, s.end_minute) not in primary]
    return sorted(_merged(slots), key=lambda x: (x.role != Role.PRIMARY, x.start_minute, x.end_minute))


def _merged(slots: list[Slot]) -> list[Slot]:
    """One slot for a worker's shifts of one role that overlap or meet (the file's 08–20 and a /shift's 08–18 are
    08–20: set-up review, he stood twice in /rota); apart, they stay apart."""
    out: list[Slot] = []
    for s in sorted(slots, key=lambda x: (x.worker_id, x.role, x.start_minute)):
        last = out[-1] if out else None
        if last is None or (last.worker_id, last.role) != (s.worker_id, s.role) or s.start_minute > _end(last):
            out.append(s)
            continue
        end = max(_end(last), _end(s))
        if end - last.start_minute >= 24 * 60:  # a whole day and more: shown as the shifts it is made of
            out.append(s)
            continue
        out[-1] = replace(last, end_minute=end % (24 * 60) or 24 * 60, changed=last.changed or s.changed)
    return out


def _end(slot: Slot) -> int:
    """The slot's end in minutes from its day's midnight (past 24:00 for one that runs overnight)."""
    return slot.end_minute if slot.end_minute > slot.start_minute else slot.end_minute + 24 * 60
