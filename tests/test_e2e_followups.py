"""Words written as a reply to an event's messages belong to that event (end to end): a neighbour joins it, the
reporter's words reach the worker, "还没修好" under a closed one opens it again; small talk and a problem
elsewhere are read as any message."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from storage import events, reporters


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(clock=Clock())


async def reported(bot: RunningBot) -> tuple[dict, dict]:
    """刘阿姨 reports the lift; the report and the acknowledgement."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    return report, ack


async def actions(bot: RunningBot, event_id: int = 1) -> list[str]:
    async with bot.ctx.db.read() as c:
        return [line.action for line in await events.timeline(c, event_id)]


async def count_events(bot: RunningBot) -> int:
    async with bot.ctx.db.read() as c:
        return (await (await c.execute("SELECT COUNT(*) FROM events")).fetchone())[0]


async def test_a_neighbour_replying_joins_the_event(bot: RunningBot) -> None:
    fake = bot.fake
    report, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT2, "我家也是", reply_to_message_id=report["message_id"])
    added = await fake.wait_for(lambda: fake.find_message(GROUP_A, "共 2 位居民反映"))
    assert "#1" in added["text"]
    fake.send_message(GROUP_A, 5003, "电梯还是没修好，又坏了", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "共 3 位居民反映"))
    async with bot.ctx.db.read() as c:
        assert {r.user_id for r in await reporters.for_event(c, 1)} == {RESIDENT, RESIDENT2, 5003}
    assert await count_events(bot) == 1


async def test_the_reporters_words_reach_the_worker(bot: RunningBot) -> None:
    fake = bot.fake
    _, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT, "已经好了不用来了", reply_to_message_id=ack["message_id"])
    note = await fake.wait_for(lambda: fake.find_message(WANG, "报告人补充"))
    assert "已经好了不用来了" in note["text"] and "#1" in note["text"]
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转告负责 #1 的工作人员"))
    assert "reporter_note" in await actions(bot)
    assert (await bot.event(1)).status.value == "dispatched"  # the worker decides; nothing closes by itself


async def test_not_fixed_under_a_closed_event_opens_it_again(bot: RunningBot) -> None:
    fake = bot.fake
    _, ack = await reported(bot)
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await fake.wait_for(lambda: "已办结" in fake.find_message(GROUP_A, "已登记 #1")["text"] or None)
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "还没修好", reply_to_message_id=ack["message_id"])  # not the reporter
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1 已重新打开"))
    ev = await bot.event(1)
    assert ev.status.value == "dispatched" and ev.reopened_count == 1
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))


async def test_small_talk_and_a_problem_elsewhere_are_read_as_any_message(bot: RunningBot) -> None:
    fake = bot.fake
    report, ack = await reported(bot)
    before = len(fake.messages(GROUP_A))
    fake.send_message(GROUP_A, RESIDENT2, "谢谢提醒", reply_to_message_id=report["message_id"])
    fake.send_message(GROUP_A, RESIDENT2, "哈哈", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert len(fake.messages(GROUP_A)) == before
    fake.send_message(GROUP_A, RESIDENT2, "5号楼1单元门口下水道堵了", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
