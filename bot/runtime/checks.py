"""What Telegram says about the set-up, for `linli check`: the token, privacy mode, chats, workers.

Nothing of it shows on anyone's phone (first-day review: a chat action sent to test each worker showed them
"typing…"): whether a worker pressed Start is what the bot's own records say, or, before the bot ever ran, the
Start presses waiting for its first run (read, not confirmed, as `linli init` reads them); else it cannot be known
without writing to them, and the line says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from telegram import Bot
from telegram.error import ChatMigrated, InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.core.community import Community
from bot.runtime.no_chat import private_chat

IN_CHAT = ("member", "administrator", "creator")
STARTED, REFUSED, BLOCKED = "started", "refused", "blocked"  # what the bot's records say of a person


@dataclass(frozen=True, slots=True)
class Line:
    """One check's result: ready (✓), not ready (✗), or ready but almost surely a mistake (⚠, a warning)."""

    ok: bool
    text: str
    warn: bool = False

    def __str__(self) -> str:
        return ("⚠ " if self.ok and self.warn else "✓ " if self.ok else "✗ ") + self.text


async def telegram_lines(
    settings: Settings, community: Community, reach: Mapping[int, str] | None = None
) -> list[Line]:
    """What Telegram says: the token, privacy mode, the bot's place in each chat, each worker and emergency contact
    reachable. ``reach``: the bot's records of people (STARTED: pressed Start, REFUSED: a message to them was refused
    since, BLOCKED: they blocked the bot); None: there are none yet (the bot never ran), so the Start presses
    waiting for its first run are read."""
    bot = Bot(settings.token, base_url=settings.telegram_api_base_url.rstrip("/"))
    out: list[Line] = []
    try:
        async with bot:
            me = await bot.get_me()
            out.append(Line(True, f"the token works: the bot is @{me.username}"))
            out.append(
                Line(
                    bool(me.can_read_all_group_messages),
                    "privacy mode is off: the bot sees group messages"
                    if me.can_read_all_group_messages
                    else "privacy mode is ON: the bot sees only commands in groups. In BotFather: "
                    "/mybots → the bot → Bot Settings → Group Privacy → Turn off, then remove and "
                    "re-add the bot to each group",
                )
            )
            chats = [("committee chat", community.community.committee_chat_id)]
            chats += [(f"grid {g.id} group", c) for g in community.grids for c in g.chats]
            for label, chat_id in chats:
                out.append(await _chat_line(bot, me.id, label, chat_id))
            username = me.username or "the bot"
            known = dict(reach) if reach is not None else await _waiting_starts(bot)
            for worker in community.workers:
                label = f"worker {worker.name}"
                out.append(await _person_line(bot, worker.telegram_id, label, username, known))
            for contact in community.community.emergency_contacts:  # told of every red event, by DM only
                if community.worker(contact) is None:  # a worker's line says it already
                    out.append(await _person_line(bot, contact, "emergency contact", username, known))
    except InvalidToken:
        out.append(
            Line(False, "Telegram rejected the token: check TELEGRAM_BOT_TOKEN (BotFather: /mybots → API Token)")
        )
    except NetworkError as exc:
        out.append(Line(False, f"cannot reach the Bot API at {settings.telegram_api_base_url} ({exc.message})"))
    return out


async def _chat_line(bot: Bot, bot_id: int, label: str, chat_id: int) -> Line:
    try:
        member = await bot.get_chat_member(chat_id, bot_id)
    except ChatMigrated as exc:  # the bot follows the upgrade by itself; the file should name the new id
        line = await _chat_line(bot, bot_id, label, exc.new_chat_id)
        return Line(
            line.ok,
            f"{label} {chat_id} became the supergroup {exc.new_chat_id} (the bot follows it; write "
            f"{exc.new_chat_id} in the community file in place of {chat_id}): {line.text}",
        )
    except TelegramError as exc:
        return Line(False, f"{label} {chat_id}: the bot cannot see it ({exc.message}); add the bot to the group")
    if member.status in IN_CHAT:
        return Line(True, f"{label} {chat_id}: the bot is a {member.status}")
    if member.status == "restricted" and getattr(member, "is_member", False):
        if getattr(member, "can_send_messages", False):
            return Line(True, f"{label} {chat_id}: the bot is a member (restricted, but it may write)")
        return Line(False, f"{label} {chat_id}: the bot is restricted and may not write there; let it send messages")
    return Line(False, f"{label} {chat_id}: the bot is not in it ({member.status}); add the bot to the group")


async def _waiting_starts(bot: Bot) -> dict[int, str]:
    """The people who pressed Start (or wrote) in private since the bot last read its updates: read without
    confirming them, so the first `linli run` still answers each (none readable, a webhook set: none)."""
    try:
        updates = await bot.get_updates(timeout=0)
    except TelegramError:
        return {}
    return {u.message.chat.id: STARTED for u in updates if u.message is not None and u.message.chat.type == "private"}


async def _person_line(bot: Bot, user_id: int, label: str, username: str, known: Mapping[int, str]) -> Line:
    """Whether the bot can write to a person it must reach in private (a worker, an emergency contact), found out
    without a trace on their phone; one it cannot tell of is a warning (⚠): the bot works, and when a message to
    them is refused the committee is told and the next on duty asked."""
    start = f"ask them to open @{username} and press Start"
    if known.get(user_id) == STARTED:
        return Line(True, f"{label} ({user_id}) pressed Start: the bot can write to them")
    if known.get(user_id) == BLOCKED:  # the bot knows which: not "never started, or blocked"
        return Line(
            True, f"{label} ({user_id}) blocked the bot: phone them and ask them to unblock @{username}", warn=True
        )
    if user_id in known:
        return Line(
            True,
            f"{label} ({user_id}): Telegram refused the bot's last message to them (never started, or blocked the "
            f"bot); {start}",
            warn=True,
        )
    found = await private_chat(bot, user_id)  # silent: Telegram says only whether the bot ever met them
    if found is False:
        return Line(True, f"{label} ({user_id}) has not pressed Start yet: {start}", warn=True)
    if found is not True:
        return Line(True, f"{label} ({user_id}): {found}", warn=True)
    return Line(
        True,
        f"{label} ({user_id}): not known to have pressed Start (check writes to no one, so it cannot tell); if they "
        f"have not, {start}",
        warn=True,
    )
