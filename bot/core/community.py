"""The community: grids, buildings, chats, workers, teams and shifts as validated data.

Over 300 lines: one pydantic model per table of the community file, each with its checks. Reading
the file and wording its errors is `bot/core/community_file.py`.
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from bot.core.types import Category, Role, Urgency

DEFAULT_EMERGENCY_NUMBERS = {"fire": "119", "ambulance": "120", "police": "110"}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class CommunityError(Exception):
    """The community file cannot be used; the message is one sentence a committee member can act on."""


class Problem(ValueError):
    """A cross-check failure that knows which key it is about."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


# ---------------------------------------------------------------- value parsing


@lru_cache(maxsize=256)
def parse_days(spec: str) -> frozenset[int]:
    """'mon-fri', 'sat,sun', 'mon,wed-fri', 'fri-mon' (wraps) → weekday numbers (Monday = 0)."""

    def day(name: str) -> int:
        name = name.strip().lower()
        if name in DAY_NAMES:
            return DAY_NAMES.index(name)
        if name in _FULL_DAY_NAMES:
            return _FULL_DAY_NAMES.index(name)
        raise ValueError(name)

    days: set[int] = set()
    try:
        for part in spec.split(","):
            if "-" in part:
                first, last = (day(p) for p in part.split("-", 1))
                days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
            else:
                days.add(day(part))
    except ValueError:
        raise ValueError(
            f'{spec!r} is not a valid list of days; write e.g. "mon-sun", "mon-fri", "sat,sun" or "mon,wed-fri"'
        ) from None
    return frozenset(days)


_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


@lru_cache(maxsize=256)
def parse_hhmm(value: str) -> int:
    """'HH:MM' (00:00–24:00) → minutes after midnight (0–1440)."""
    m = _HHMM.match(value)
    if m:
        hours, minutes = int(m[1]), int(m[2])
        if (hours < 24 and minutes < 60) or (hours == 24 and minutes == 0):
            return hours * 60 + minutes
    raise ValueError(f'{value!r} is not a time of day; write it as "HH:MM" between "00:00" and "24:00"')


def _time_to_text(value: Any) -> Any:
    """Accept a TOML local time (start = 08:00:00) as well as the string "08:00"."""
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise ValueError(f'{value.isoformat()!r} has seconds; write it as "HH:MM"')
        return value.strftime("%H:%M")
    return value


def _int_to_text(value: Any) -> Any:
    """Building numbers may be written without quotes: buildings = [1, 2]."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def normalise_building(building: str) -> str:
    """The form buildings are compared in: the building the reader finds in it ("3号楼", "三栋", "Block 3"
    and "3" are all "3"; "10a" is "10A"), else the text trimmed and upper-case."""
    from bot.core.parser_location import extract_location
    from bot.core.text_norm import normalize

    text = building.strip()
    found = extract_location(normalize(text + "号楼")).building or extract_location(normalize(text)).building
    return found or text.upper()


UserId = Annotated[StrictInt, Field(gt=0)]
ChatId = Annotated[StrictInt, Field(lt=0)]
Name = Annotated[StrictStr, Field(min_length=1)]
HHMM = Annotated[StrictStr, BeforeValidator(_time_to_text)]
Building = Annotated[StrictStr, BeforeValidator(_int_to_text), Field(min_length=1)]


# ---------------------------------------------------------------- models


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CommunityInfo(_Model):
    """The [community] table."""

    name: Name
    timezone: StrictStr
    committee_chat_id: ChatId
    admins: list[UserId] = Field(min_length=1)
    language: Literal["zh-Hans", "zh-Hant", "en"] = "zh-Hans"
    emergency_contacts: list[UserId] = []
    emergency_numbers: dict[str, StrictStr] = Field(default_factory=lambda: dict(DEFAULT_EMERGENCY_NUMBERS))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'{value!r} is not a known time zone; use a name like "Asia/Shanghai"') from None
        return value

    @field_validator("emergency_numbers")
    @classmethod
    def _with_defaults(cls, value: dict[str, str]) -> dict[str, str]:
        return {**DEFAULT_EMERGENCY_NUMBERS, **value}


class Grid(_Model):
    """One [[grids]] entry: an area with its buildings and resident group chats."""

    id: Name
    name: Name
    buildings: list[Building] = []
    chats: list[ChatId] = []


class Worker(_Model):
    """One [[workers]] entry: a grid worker."""

    telegram_id: UserId
    name: Name
    phone: StrictStr | None = None


def parse_rule(rule: str) -> tuple[Urgency | None, Category | None]:
    """A team's notify_on rule: "red", "dispute" or "yellow:dispute" → (urgency, category); None = any."""
    urgency: Urgency | None = None
    category: Category | None = None
    for part in rule.strip().lower().split(":", 1) if rule.strip() else [""]:
        if part in Urgency.__members__.values() and urgency is None and category is None:
            urgency = Urgency(part)
        elif part in Category.__members__.values() and category is None:
            category = Category(part)
        else:
            raise ValueError(
                f'{rule!r} is not a rule; write a colour ("red"), a category ("dispute") or both ("yellow:dispute")'
            )
    return urgency, category


class Team(_Model):
    """One [[teams]] entry: a desk (maintenance, mediation, security, police liaison) with its own rota.

    Reports of a category in `categories` go to the team's worker on duty instead of the grid's;
    `notify_on` rules ("red", "yellow:dispute") also alert the team. `grids` empty means every grid.
    """

    id: Name
    name: Name
    members: list[UserId] = Field(min_length=1)
    categories: list[Category] = []
    grids: list[StrictStr] = []
    notify_on: list[StrictStr] = []

    @field_validator("notify_on")
    @classmethod
    def _valid_rules(cls, value: list[str]) -> list[str]:
        for rule in value:
            parse_rule(rule)
        return value

    def covers(self, grid_id: str | None) -> bool:
        """Whether the team works in this grid (an empty `grids` list means all)."""
        return not self.grids or grid_id in self.grids

    def notified_by(self, urgency: Urgency, category: Category) -> bool:
        """Whether one of the `notify_on` rules matches an event of this colour and category."""
        for rule in self.notify_on:
            want_u, want_c = parse_rule(rule)
            if want_u in (None, urgency) and want_c in (None, category):
                return True
        return False


class Shift(_Model):
    """One [[shifts]] entry: a worker on duty for a grid (or a team) on some days between two times."""

    worker: StrictInt
    grid: StrictStr | None = None
    team: StrictStr | None = None
    days: StrictStr = "mon-sun"
    start: HHMM
    end: HHMM
    role: Role = Role.PRIMARY

    @field_validator("days")
    @classmethod
    def _valid_days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("start")
    @classmethod
    def _valid_start(cls, value: str) -> str:
        if parse_hhmm(value) == 24 * 60:
            raise ValueError('cannot be "24:00"; a shift starting at midnight starts at "00:00"')
        return value

    @field_validator("end")
    @classmethod
    def _valid_end(cls, value: str) -> str:
        parse_hhmm(value)
        return value

    @property
    def desk(self) -> str:
        """The desk whose rota this shift belongs to: its team id, else its grid id (ids never collide)."""
        return self.team or self.grid or ""

    @property
    def weekdays(self) -> frozenset[int]:
        """The days (Monday = 0) on which this shift starts."""
        return parse_days(self.days)

    @property
    def start_minute(self) -> int:
        """Minutes after local midnight at which the shift starts."""
        return parse_hhmm(self.start)

    @property
    def end_minute(self) -> int:
        """Minutes after local midnight at which it ends, on the next day if `overnight`."""
        return parse_hhmm(self.end)

    @property
    def overnight(self) -> bool:
        """True when the shift ends on the day after it starts (end <= start)."""
        return self.end_minute <= self.start_minute


class Community(_Model):
    """The whole community file, cross-checked, with lookups for routing and duty."""

    community: CommunityInfo
    grids: list[Grid] = []
    workers: list[Worker] = []
    teams: list[Team] = []
    shifts: list[Shift] = []

    _by_building: dict[str, Grid] = PrivateAttr(default_factory=dict)
    _by_chat: dict[int, Grid] = PrivateAttr(default_factory=dict)
    _by_grid_id: dict[str, Grid] = PrivateAttr(default_factory=dict)
    _by_worker: dict[int, Worker] = PrivateAttr(default_factory=dict)
    _by_team_id: dict[str, Team] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _cross_check(self) -> Community:
        grid_ids: dict[str, int] = {}
        buildings: dict[str, int] = {}
        chats: dict[int, int] = {}
        for i, grid in enumerate(self.grids):
            if grid.id in grid_ids:
                raise Problem(
                    ("grids", i, "id"),
                    f"{grid.id!r} is already the id of grids[{grid_ids[grid.id]}]; grid ids must be unique",
                )
            grid_ids[grid.id] = i
            for j, building in enumerate(grid.buildings):
                key = normalise_building(building)
                if buildings.get(key, i) != i:
                    other = self.grids[buildings[key]].id
                    raise Problem(
                        ("grids", i, "buildings", j),
                        f"{building!r} is already in grid {other!r}; a building belongs to one grid only",
                    )
                buildings[key] = i
            for j, chat in enumerate(grid.chats):
                if chats.get(chat, i) != i:
                    other = self.grids[chats[chat]].id
                    raise Problem(
                        ("grids", i, "chats", j),
                        f"{chat} is already a chat of grid {other!r}; a chat belongs to one grid only",
                    )
                if chat == self.community.committee_chat_id:
                    raise Problem(
                        ("grids", i, "chats", j),
                        f"{chat} is the committee chat; list only resident group chats here",
                    )
                chats[chat] = i
        worker_ids: dict[int, int] = {}
        for i, worker in enumerate(self.workers):
            if worker.telegram_id in worker_ids:
                raise Problem(
                    ("workers", i, "telegram_id"),
                    f"{worker.telegram_id} is already listed as workers[{worker_ids[worker.telegram_id]}]; "
                    "each worker is listed once",
                )
            worker_ids[worker.telegram_id] = i
        team_ids = self._check_teams(grid_ids, worker_ids)
        for i, shift in enumerate(self.shifts):
            if shift.worker not in worker_ids:
                raise Problem(
                    ("shifts", i, "worker"),
                    f"{shift.worker} is not a listed worker; add a [[workers]] entry or correct the id",
                )
            if (shift.grid is None) == (shift.team is None):
                raise Problem(
                    ("shifts", i, "grid"),
                    'needs exactly one of grid = "<grid id>" or team = "<team id>"',
                )
            if shift.team is not None:
                if shift.team not in team_ids:
                    known = ", ".join(repr(t) for t in team_ids) or "none yet"
                    raise Problem(("shifts", i, "team"), f"{shift.team!r} is not a listed team id (teams: {known})")
                if shift.worker not in self.teams[team_ids[shift.team]].members:
                    raise Problem(
                        ("shifts", i, "worker"),
                        f"{shift.worker} is not a member of team {shift.team!r}; add them to its members",
                    )
            elif shift.grid not in grid_ids:
                known = ", ".join(repr(g) for g in grid_ids) or "none yet"
                raise Problem(("shifts", i, "grid"), f"{shift.grid!r} is not a listed grid id (grids: {known})")
        return self

    def _check_teams(self, grid_ids: dict[str, int], worker_ids: dict[int, int]) -> dict[str, int]:
        """Team ids unique and distinct from grid ids; members, grids known. Returns id → index."""
        team_ids: dict[str, int] = {}
        for i, team in enumerate(self.teams):
            if team.id in team_ids or team.id in grid_ids:
                what = f"teams[{team_ids[team.id]}]" if team.id in team_ids else "a grid"
                raise Problem(
                    ("teams", i, "id"),
                    f"{team.id!r} is already the id of {what}; team ids must differ from each other and from grid ids",
                )
            team_ids[team.id] = i
            for j, member in enumerate(team.members):
                if member not in worker_ids:
                    raise Problem(
                        ("teams", i, "members", j),
                        f"{member} is not a listed worker; add a [[workers]] entry or correct the id",
                    )
            for j, grid_id in enumerate(team.grids):
                if grid_id not in grid_ids:
                    known = ", ".join(repr(g) for g in grid_ids) or "none yet"
                    raise Problem(("teams", i, "grids", j), f"{grid_id!r} is not a listed grid id (grids: {known})")
        return team_ids

    def model_post_init(self, context: Any, /) -> None:
        """Build the lookup tables once."""
        for grid in self.grids:
            self._by_grid_id[grid.id] = grid
            self._by_chat.update(dict.fromkeys(grid.chats, grid))
            self._by_building.update({normalise_building(b): grid for b in grid.buildings})
        self._by_worker.update({w.telegram_id: w for w in self.workers})
        self._by_team_id.update({t.id: t for t in self.teams})

    @property
    def tz(self) -> ZoneInfo:
        """The community's time zone."""
        return ZoneInfo(self.community.timezone)

    def grid(self, grid_id: str | None) -> Grid | None:
        """The grid with this id, or None."""
        return self._by_grid_id.get(grid_id) if grid_id is not None else None

    def team(self, team_id: str | None) -> Team | None:
        """The team with this id, or None."""
        return self._by_team_id.get(team_id) if team_id is not None else None

    @property
    def desk_ids(self) -> list[str]:
        """Every desk (a rota of its own): the grid ids, then the team ids."""
        return [g.id for g in self.grids] + [t.id for t in self.teams]

    def desk_name(self, desk_id: str) -> str:
        """The name of a grid or team, or its id."""
        desk = self.grid(desk_id) or self.team(desk_id)
        return desk.name if desk else desk_id

    def desk_labels(self, teams: bool = True) -> list[str]:
        """Each grid (and team) as someone may type it, for a refusal to list: "第一网格 (A)", or the id alone."""
        ids = self.desk_ids if teams else [g.id for g in self.grids]
        return [d if self.desk_name(d) == d else f"{self.desk_name(d)} ({d})" for d in ids]

    def desk_named(self, text: str) -> str | None:
        """The grid or team a person typed: its id in any case ("a"), or the name the bot shows for it ("第一网格");
        None when it is neither."""
        wanted = text.strip().casefold()
        return next((d for d in self.desk_ids if wanted in (d.casefold(), self.desk_name(d).casefold())), None)

    def grid_for_building(self, building: str | None) -> Grid | None:
        """The grid a building belongs to (compared trimmed and upper-case), or None."""
        return self._by_building.get(normalise_building(building)) if building else None

    def grid_for_chat(self, chat_id: int) -> Grid | None:
        """The grid whose resident chat this is, or None."""
        return self._by_chat.get(chat_id)

    def route(self, building: str | None, chat_id: int) -> Grid | None:
        """The grid a report goes to: its building's grid if known, else its chat's grid."""
        return self.grid_for_building(building) or self.grid_for_chat(chat_id)

    def worker(self, telegram_id: int) -> Worker | None:
        """The listed worker with this Telegram id, or None."""
        return self._by_worker.get(telegram_id)

    def is_admin(self, user_id: int) -> bool:
        """Whether this Telegram user is a committee admin."""
        return user_id in self.community.admins
