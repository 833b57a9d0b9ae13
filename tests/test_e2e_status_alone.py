"""Resident review: "/status" with no number (an elderly resident does not remember "#1") lists the open events to
ask about: in private her own reports, in a group the group's latest, each with its number."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG


async def bot_on(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    return bot


async def test_status_alone_in_private_lists_her_open_reports(make_bot: MakeBot) -> None:
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT2, "5号楼门口的下水道堵了")
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, "/status")
    await bot.settle()
    answer = fake.messages(RESIDENT)[-1]["text"]
    assert "您反映的未办结事件" in answer and "#1" in answer and "3号楼2单元" in answer, answer
    assert "#2" not in answer  # a neighbour's


async def test_status_alone_in_the_group_lists_its_latest_open_events(make_bot: MakeBot) -> None:
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT2, "5号楼门口的下水道堵了")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "/status")
    await bot.settle()
    answer = fake.messages(GROUP_A)[-1]["text"]
    assert "本群最近未办结的事件" in answer and "#1" in answer and "#2" in answer, answer


async def test_status_alone_with_nothing_open_says_so_and_how_to_ask(make_bot: MakeBot) -> None:
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(RESIDENT, RESIDENT, "/status")
    await bot.settle()
    assert "没有未办结的报事" in fake.messages(RESIDENT)[-1]["text"]
