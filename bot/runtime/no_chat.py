"""At start, the workers the bot has no record of reaching are looked up on Telegram as ``linli check`` does it
(getChat: silent, no trace on their phones; "chat not found" means it never met them, so a message to them would be
refused): a red whose only worker on duty is one of them is acknowledged as the committee's from the start, not
"已通知值班人员" edited a moment later when his card is refused (pages review 62). His card is still tried."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.context import AppContext
from storage import people

log = logging.getLogger(__name__)


async def look_up(bot: Bot, ctx: AppContext) -> None:
    """Record which of the file's workers, neither known to have pressed Start nor refused, Telegram has no private
    chat with (and which it has, since the last start)."""
    async with ctx.db.read() as c:
        ids = [w.telegram_id for w in ctx.community.workers]
        unknown = [i for i in ids if (p := await people.person(c, i)) is None or not (p.started or p.blocked)]
    none, met = [], []
    for user_id in unknown:
        found = await private_chat(bot, user_id)
        if found is True:
            met.append(user_id)
        elif found is False:
            none.append(user_id)
        else:  # not known: the bot tries his card as before
            log.info("getChat %s at start: %s", user_id, found)
    if none or met:
        async with ctx.db.tx() as c:
            await people.set_no_chat(c, none, met)
    if none:
        log.warning("no private chat with worker(s) %s: they must open the bot and press Start", none)


async def private_chat(bot: Bot, user_id: int) -> bool | str:
    """Whether the bot has a private chat with the user (getChat: silent, no trace on their phone): True; False when
    Telegram says "chat not found" (it never met them); else what Telegram said instead (also ``linli check``'s)."""
    try:
        await bot.get_chat(user_id)
    except BadRequest as exc:
        return False if "chat not found" in exc.message.lower() else exc.message
    except TelegramError as exc:
        return exc.message
    return True
