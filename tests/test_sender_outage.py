"""Crash review (stop 47): after Telegram was down a while, a chat's queue waited up to 5 minutes for its first row's
next try, so a fire reported just after Telegram came back was acknowledged minutes late. Rows failing on the
network or a 5xx are tried again at least every 30 s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness import MakeBot, until
from ids import GROUP_A, RESIDENT, WANG

from bot.fakeapi import FakeTelegram
from bot.runtime.sender import OUTAGE_BACKOFF_S

LOADED_S = 60  # s: a wait for the bot's own work gives up only this late (a loaded machine is slow, not wrong)


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

    def tries() -> int:
        return sum(1 for c in fake.calls if c.params.get("chat_id") == GROUP_A and c.status == 502)

    async def written() -> bool:  # every failed try is stored, with its next try's time (the sender's own work)
        async with bot.ctx.db.read() as c:
            [(n,)] = await c.execute_fetchall("SELECT TOTAL(attempts) FROM outbox WHERE chat_id = ?", (GROUP_A,))
        return n == tries()

    await fake.wait_for(tries)
    for _ in range(12):  # the rows are tried and fail, each wait passing on the clock
        await until(written, timeout=LOADED_S, what="the failed try written")
        async with bot.ctx.db.read() as c:
            [(due,)] = await c.execute_fetchall(
                "SELECT MAX(not_before) FROM outbox WHERE status = 'pending' AND chat_id = ?", (GROUP_A,)
            )
        assert due - clock().timestamp() <= OUTAGE_BACKOFF_S + 1
        clock.offset += timedelta(seconds=max(0, due - clock().timestamp()) + 1)
        before = tries()
        bot.ctx.wake_outbox()  # its wait was reckoned on the clock before the move
        await fake.wait_for(lambda: tries() > before, timeout=LOADED_S)  # noqa: B023 - waited for here
    await until(written, timeout=LOADED_S, what="the failed try written")
    fake.clear_faults()
    clock.offset += timedelta(seconds=OUTAGE_BACKOFF_S + 1)
    bot.ctx.wake_outbox()
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"), timeout=LOADED_S)
