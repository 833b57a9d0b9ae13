"""The events one message was cut into (``core.several``: "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收" is #1, #2 and #3):
what she says of the whole message reaches each of them. Her place told after it places them all, and her message
taken back (edited into "不好意思发错了", or so answered under it) takes each back."""

from __future__ import annotations

import aiosqlite

from bot.context import AppContext
from bot.core import several
from bot.core.parser_location import Location
from bot.core.types import Event, Incoming
from bot.services import extras, placing, withdrawal
from storage import events


async def of_message(c: aiosqlite.Connection, ev: Event) -> list[Event]:
    """Every event of the event's message, its own first ([ev] for a message of one problem)."""
    if (part := several.part_of(ev.message_id)) is None:
        return [ev, *await extras.further(c, ev)]
    own = part[0]  # as stored: negated, once the group became a supergroup (``events.move_chat``)
    return await events.by_messages(c, ev.chat_id, [own, -own, *several.part_keys(own)])


async def placed_too(ctx: AppContext, c: aiosqlite.Connection, ev: Event, msg: Incoming, place: Location) -> None:
    """The place she told after her message placed ``ev``: the other problems of it with no place are there too."""
    for other in await of_message(c, ev):
        if other.id != ev.id and other.building is None:
            await placing.fill(ctx, c, other, msg, place)


async def taken_back_too(ctx: AppContext, c: aiosqlite.Connection, ev: Event, user_id: int, text: str) -> None:
    """Her message took back its own event ``ev``: its further problems are taken back too, each as it stands
    (waiting for a worker: withdrawn; accepted: its worker reads her words)."""
    for other in await extras.further(c, ev):
        await withdrawal.taken_back(ctx, c, other, user_id, text)
