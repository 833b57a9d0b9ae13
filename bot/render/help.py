"""/help from the one command table (`bot.core.commands`): the commands a person's roles may use."""

from __future__ import annotations

from collections.abc import Collection

from bot.core.commands import Command, listed
from bot.core.permissions import Role
from bot.render.i18n import Html, join, t


def top_role(roles: Collection[Role]) -> Role:
    """The role whose heading and closing lines /help shows."""
    return next(r for r in (Role.ADMIN, Role.WORKER, Role.RESIDENT) if r in roles)


def line(lang: str, command: Command, private: bool = True) -> Html:
    """`/name args — what it does` (asked in a group: a command for private chats says so)."""
    usage = join((f"/{command.name}", t(lang, f"args.{command.name}")), " ") if command.args else f"/{command.name}"
    text = t(lang, "help.line", usage=usage, what=t(lang, f"cmd.{command.name}"))
    return join((text, t(lang, "help.in_private")), "") if command.private_only and not private else text


def help_text(lang: str, roles: Collection[Role], console: bool = False, private: bool = True) -> Html:
    """The whole /help message for someone with these roles (``private``: asked in a private chat)."""
    role = top_role(roles)
    lines = [line(lang, c, private) for c in listed(roles, console=console, for_help=True)]
    return join([t(lang, f"help.head.{role}"), *lines, t(lang, f"help.tail.{role}")])
