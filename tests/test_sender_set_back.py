"""The clock set back while the bot runs (an NTP step on a host that ran fast): a chat with a retry pending is not
held for the size of the step (crash review: a group's acknowledgement after a 429 "retry after 2" waited an hour,
its later reports' acknowledgements, a red one's too, behind it). At a start ``app._clamp_waits`` does as much."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import Clock, MakeBot, until
from ids import GROUP_A, RESIDENT, WANG

from bot.core.timeutil import SetBack


def test_a_step_back_is_told_by_the_monotonic_clock() -> None:
    """The clock reading earlier than before is a step back of that much and the time that passed meanwhile; a clock
    that runs on, or stands still (a test's), is none."""
    watch = SetBack()
    assert watch.seen(1_000.0, 50.0) == 0.0  # the first reading
    assert watch.seen(1_010.0, 60.0) == 0.0
    assert watch.seen(1_010.0, 65.0) == 0.0  # standing still
    assert watch.seen(1_010.0 - 3_600, 67.0) == 3_602.0  # set back an hour, two seconds after the last reading
    assert watch.seen(1_010.0 - 3_590, 77.0) == 0.0  # and running on from there


async def test_a_clock_set_back_while_running_does_not_hold_a_chat_for_the_size_of_the_step(
    make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The group's acknowledgement gets a 429 "retry after 2"; then the clock is set back an hour. The acknowledgement
    goes when its two seconds are over, not an hour later; the sender says once that it moved the wait."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.fail_next(None, 429, retry_after=2, chat_id=GROUP_A)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")

    async def retry_written() -> bool:
        async with bot.ctx.db.read() as c:
            return bool(await c.execute_fetchall("SELECT 1 FROM outbox WHERE chat_id = ? AND attempts > 0", (GROUP_A,)))

    await until(retry_written)
    clock.at -= timedelta(hours=1)

    async def step_seen() -> bool:
        return any("clock was set back" in r.getMessage() for r in caplog.records)

    await until(step_seen)
    # the two seconds pass on the bot's clock too (a test's clock stands still: a pass woken just after the step, by
    # the worker's card queued then on a loaded machine, moved the wait by the step alone, and it waited on for ever)
    clock.at += timedelta(seconds=3)

    def acknowledged() -> bool | None:
        return (
            any(
                c.ok
                and c.method == "sendMessage"
                and c.params.get("chat_id") == GROUP_A
                and (c.params.get("reply_parameters") or {}).get("message_id") == report["message_id"]
                for c in fake.calls
            )
            or None
        )

    await fake.wait_for(acknowledged, timeout=15)
    await bot.settle()
    assert fake.find_message(WANG, "#1")
    told = [r.getMessage() for r in caplog.records if "clock was set back" in r.getMessage()]
    assert len(told) == 1 and "1 queued retries" in told[0], told
