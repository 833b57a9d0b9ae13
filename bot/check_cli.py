"""`linli check`: is everything ready? The settings, the community file, the token (getMe), privacy mode,
the bot in every listed chat, every worker reachable, every building readable from messages.

Prints one line per check (✓ ready, ✗ not ready, with what to do) and exits 0 when all are ready,
1 when something is not, 2 when the settings or the community file cannot be read.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from bot.config import Settings, SettingsError, load_settings
from bot.core.community import Community, CommunityError, load_community, normalise_building
from bot.core.parser import read_rules

IN_CHAT = ("member", "administrator", "creator")


@dataclass(frozen=True, slots=True)
class Line:
    """One check's result."""

    ok: bool
    text: str

    def __str__(self) -> str:
        return ("✓ " if self.ok else "✗ ") + self.text


def building_lines(community: Community) -> list[Line]:
    """Every building of the file, read back from the ways residents write it (pure: no Telegram)."""
    out = []
    for grid in community.grids:
        for building in grid.buildings:
            want = normalise_building(building)
            forms = [f"{building}号楼电梯坏了", f"{building}栋门口漏水", f"Building {building} lift is broken"]
            if all(read_rules(f).location.building == want for f in forms[:2]):
                continue
            out.append(Line(False, f"grid {grid.id}: building {building!r} is not read from messages such as "
                                   f"{forms[0]!r}; write it as residents do (e.g. \"3\", \"10A\", \"A\")"))
    if not out:
        n = sum(len(g.buildings) for g in community.grids)
        out.append(Line(True, f"all {n} buildings are read from messages as the file names them"))
    return out


async def telegram_lines(settings: Settings, community: Community) -> list[Line]:
    """What Telegram says: the token, privacy mode, the bot's place in each chat, each worker reachable."""
    bot = Bot(settings.token, base_url=settings.telegram_api_base_url.rstrip("/"))
    out: list[Line] = []
    try:
        async with bot:
            me = await bot.get_me()
            out.append(Line(True, f"the token works: the bot is @{me.username}"))
            out.append(Line(bool(me.can_read_all_group_messages),
                            "privacy mode is off: the bot sees group messages" if me.can_read_all_group_messages
                            else "privacy mode is ON: the bot sees only commands in groups. In BotFather: "
                                 "/mybots → the bot → Bot Settings → Group Privacy → Turn off, then remove and "
                                 "re-add the bot to each group"))
            chats = [("committee chat", community.community.committee_chat_id)]
            chats += [(f"grid {g.id} group", c) for g in community.grids for c in g.chats]
            for label, chat_id in chats:
                out.append(await _chat_line(bot, me.id, label, chat_id))
            for worker in community.workers:
                out.append(await _worker_line(bot, worker.telegram_id, worker.name, me.username or "the bot"))
    except InvalidToken:
        out.append(Line(False, "Telegram rejected the token: check TELEGRAM_BOT_TOKEN "
                               "(BotFather: /mybots → API Token)"))
    except NetworkError as exc:
        out.append(Line(False, f"cannot reach the Bot API at {settings.telegram_api_base_url} ({exc.message})"))
    return out


async def _chat_line(bot: Bot, bot_id: int, label: str, chat_id: int) -> Line:
    try:
        member = await bot.get_chat_member(chat_id, bot_id)
    except TelegramError as exc:
        return Line(False, f"{label} {chat_id}: the bot cannot see it ({exc.message}); add the bot to the group")
    if member.status in IN_CHAT:
        return Line(True, f"{label} {chat_id}: the bot is a {member.status}")
    return Line(False, f"{label} {chat_id}: the bot is not in it ({member.status}); add the bot to the group")


async def _worker_line(bot: Bot, user_id: int, name: str, username: str) -> Line:
    try:
        await bot.send_chat_action(user_id, "typing")
    except Forbidden:
        return Line(False, f"worker {name} ({user_id}) has not started the bot: ask them to open @{username} "
                           "and press Start")
    except TelegramError as exc:
        return Line(False, f"worker {name} ({user_id}): {exc.message}")
    return Line(True, f"worker {name} ({user_id}) can receive messages")


async def check(settings: Settings, community: Community) -> list[Line]:
    """Every check, in the order a secretary would fix them."""
    return [*(await telegram_lines(settings, community)), *building_lines(community)]


def main(argv: list[str] | None = None) -> int:
    """`linli check`."""
    try:
        settings = load_settings()
        settings.check_token()
        print(f"✓ settings read ({Path('.env').resolve() if Path('.env').exists() else 'environment'})")
        community = load_community(settings.community_file)
        print(f"✓ {settings.community_file}: {len(community.grids)} grids, {len(community.workers)} workers")
    except (SettingsError, CommunityError) as exc:
        print(f"✗ {exc}")
        return 2
    lines = asyncio.run(check(settings, community))
    for line in lines:
        print(line)
    bad = sum(not line.ok for line in lines)
    print("ready." if not bad else f"{bad} thing{'s' if bad != 1 else ''} to fix before `linli run`.")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
