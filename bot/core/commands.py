"""The one table of chat commands (pure): who may use each, where, and whether it takes arguments.

`handlers.register` registers a handler for every row, `services.setup.menus` builds Telegram's command
menus from it and `render_help.help_text` each role's /help, so the three cannot disagree.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bot.core.permissions import Role


class Place(StrEnum):
    """Where a command is offered: a private chat, a residents' group, the committee chat."""

    PRIVATE = "private"
    GROUP = "group"
    COMMITTEE = "committee"


@dataclass(frozen=True, slots=True)
class Command:
    """One command. private_only: handled in private chats only (elsewhere Telegram's update is ignored)."""

    name: str
    roles: frozenset[Role]
    places: frozenset[Place]
    args: bool = False  # its help line shows `args.<name>` after the command
    private_only: bool = False
    in_help: bool = True
    needs_console: bool = False


_ALL = frozenset(Role)
_STAFF = frozenset({Role.WORKER, Role.ADMIN})
_WORKER = frozenset({Role.WORKER})
_ADMIN = frozenset({Role.ADMIN})
_P = frozenset({Place.PRIVATE})
_PG = frozenset({Place.PRIVATE, Place.GROUP})
_PC = frozenset({Place.PRIVATE, Place.COMMITTEE})
_EVERYWHERE = frozenset(Place)

COMMANDS: tuple[Command, ...] = (
    Command("start", _ALL, _P, private_only=True, in_help=False),
    Command("help", _ALL, _EVERYWHERE),
    Command("report", _ALL, _PG, args=True),
    Command("status", _ALL, _EVERYWHERE, args=True),
    Command("points", _ALL, _EVERYWHERE),
    Command("whoami", _ALL, _P, private_only=True),
    Command("forget_me", _ALL, _P, private_only=True),
    Command("my", _WORKER, _P),
    Command("skip", _WORKER, _P, private_only=True),
    Command("onduty", _WORKER, _P, args=True),
    Command("offduty", _WORKER, _P, args=True),
    Command("duty", _STAFF, _PC),
    Command("rota", _STAFF, _PC, args=True),
    Command("cover", _STAFF, _PC, args=True),
    Command("swap", _STAFF, _PC, args=True),
    Command("shift", _STAFF, _PC, args=True),
    Command("console", _STAFF, _P, needs_console=True),
    Command("invite", _ADMIN, _P, args=True),
    Command("remove_worker", _ADMIN, _P, args=True),
    Command("inbox", _ADMIN, _P, args=True),
    Command("digest", _ADMIN, _PC, args=True),
    Command("lang", _ADMIN, frozenset({Place.GROUP, Place.COMMITTEE}), args=True),
)


def roles_of(admin: bool, worker: bool) -> frozenset[Role]:
    """Everyone is a resident; a worker and an admin add theirs (an admin may also be a worker)."""
    return frozenset({Role.RESIDENT} | ({Role.WORKER} if worker else set()) | ({Role.ADMIN} if admin else set()))


def listed(
    roles: Collection[Role], place: Place | None = None, console: bool = False, for_help: bool = False
) -> tuple[Command, ...]:
    """The commands people with these roles may use (in one place, or anywhere), in table order."""
    return tuple(
        c
        for c in COMMANDS
        if c.roles & set(roles)
        and (place is None or place in c.places)
        and (console or not c.needs_console)
        and (c.in_help or not for_help)
    )


def menu_languages(community_language: str) -> list[tuple[str | None, str]]:
    """(language_code, catalogue) pairs to set: the default (no code) in the community's language,
    "zh" and "en".

    setMyCommands takes 2-letter ISO 639-1 codes only, so Simplified and Traditional Chinese share
    "zh": it gets the community's own variant when that is Chinese, else zh-Hans. Users of the
    other variant see that menu; the bot's answers still follow their full language tag.
    """
    zh = community_language if community_language.startswith("zh") else "zh-Hans"
    return [(None, community_language), ("zh", zh), ("en", "en")]
