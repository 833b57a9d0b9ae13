"""The sender's bound on calls taken or sent and not yet written (what a kill can send twice)."""

from __future__ import annotations

import asyncio

from bot.runtime.sender import CONCURRENCY, OutboxSender


async def test_lanes_waiting_together_take_no_more_than_the_bound() -> None:
    sender = OutboxSender(ctx=None, bot=None)  # type: ignore[arg-type]  # only the slot counting is used
    sender._calls = 2 * CONCURRENCY - 1
    taken: list[int] = []

    async def lane(i: int) -> None:
        await sender._take_slot()
        taken.append(i)

    lanes = [asyncio.create_task(lane(i)) for i in range(5)]
    await asyncio.sleep(0.05)
    assert len(taken) == 1 and sender._calls == 2 * CONCURRENCY  # one slot was free: one lane took it

    sender._calls -= 1  # a call ended and its result was written
    async with sender._committed:
        sender._committed.notify_all()
    await asyncio.sleep(0.05)
    assert len(taken) == 2 and sender._calls == 2 * CONCURRENCY

    sender._stopping = True  # stopping lets every waiting lane go
    async with sender._committed:
        sender._committed.notify_all()
    await asyncio.gather(*lanes)
    assert sorted(taken) == list(range(5))
