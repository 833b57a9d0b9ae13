"""Crash review (stop 47): after Telegram was down a while, a chat's queue waited up to 5 minutes for its first row's
next try, so a fire reported just after Telegram came back was acknowledged minutes late. Rows failing on the
network or a 5xx are tried again at least every 30 s."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from harness import MakeBot
from ids import GROUP_A, RESIDENT, WANG

from bot.fakeapi import FakeTelegram
from bot.runtime.sender import OUTAGE_BACKOFF_S


class RealClock:
    """Real time plus an offset the test moves on (an outage's hour passes in seconds)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def test_a_chat_is_tried_again_within_half_a_minute_however_long_telegram_was_down(
    make_bot: MakeBot, fake_tg: FakeTelegram
) -> None:
    fake = fake_tg
    clock = RealClock()
    bot = await make_bot(clock=clock)
    fake.user_starts_bot(WANG)
    fake.fail_next("sendMessage", 502, times=10**6, chat_id=GROUP_A)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: any(c.params.get("chat_id") == GROUP_A and c.status == 502 for c in fake.calls))
    for _ in range(12):  # the rows are tried and fail, each wait passing on the clock
        async with bot.ctx.db.read() as c:
            [(due,)] = await c.execute_fetchall(
                "SELECT MAX(not_before) FROM outbox WHERE status = 'pending' AND chat_id = ?", (GROUP_A,)
            )
        assert due - clock().timestamp() <= OUTAGE_BACKOFF_S + 1
        clock.offset += timedelta(seconds=max(0, due - clock().timestamp()) + 1)
        tries = sum(1 for c in fake.calls if c.params.get("chat_id") == GROUP_A)
        for _ in range(100):
            bot.ctx.wake_outbox()
            await asyncio.sleep(0.05)
            if sum(1 for c in fake.calls if c.params.get("chat_id") == GROUP_A) > tries:
                break
        else:
            raise AssertionError("no new try")
    fake.clear_faults()
    bot.ctx.wake_outbox()
    clock.offset += timedelta(seconds=OUTAGE_BACKOFF_S + 1)
    bot.ctx.wake_outbox()
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
