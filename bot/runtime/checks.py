"""What Telegram says about the set-up, for `linli check`: the token, privacy mode, chats, workers."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.core.community import Community

IN_CHAT = ("member", "administrator", "creator")


@dataclass(frozen=True, slots=True)
class Line:
    """One check's result: ready (✓), not ready (✗), or ready but almost surely a mistake (⚠, a warning)."""

    ok: bool
    text: str
    warn: bool = False

    def __str__(self) -> str:
        return ("⚠ " if self.ok and self.warn else "✓ " if self.ok else "✗ ") + self.text


async def telegram_lines(settings: Settings, community: Community) -> list[Line]:
    """What Telegram says: the token, privacy mode, the bot's place in each chat, each worker and emergency contact
    reachable."""
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
            for worker in community.workers:
                out.append(await _person_line(bot, worker.telegram_id, f"worker {worker.name}", username))
            for contact in community.community.emergency_contacts:  # told of every red event, by DM only
                if community.worker(contact) is None:  # a worker's line says it already
                    out.append(await _person_line(bot, contact, "emergency contact", username))
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


async def _person_line(bot: Bot, user_id: int, label: str, username: str) -> Line:
    """Whether the bot can write to a person it must reach in private: a worker, an emergency contact."""
    try:
        await bot.send_chat_action(user_id, "typing")
    except (Forbidden, BadRequest) as exc:  # 400 "chat not found": the bot has never seen them at all
        if isinstance(exc, Forbidden) or "chat not found" in exc.message.lower():
            return Line(
                False,
                f"{label} ({user_id}) has not started the bot: ask them to open @{username} and press Start",
            )
        return Line(False, f"{label} ({user_id}): {exc.message}")
    except TelegramError as exc:
        return Line(False, f"{label} ({user_id}): {exc.message}")
    return Line(True, f"{label} ({user_id}) can receive messages")
