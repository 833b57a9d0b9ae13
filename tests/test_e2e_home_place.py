"""A report in her home ("卫生间的灯也不亮了") takes her flat from her open report of it, made minutes or hours
before (private review: three minutes after "厨房水龙头一直滴水，3号楼2单元502" it was #2 "位置：未注明", and she was
asked where she lives); a report of no home room later, or after a report of no flat, is placed as before."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, exchange
from ids import GROUP_A, RESIDENT, START, WANG

TAP = "你好，我家厨房水龙头一直滴水，关不紧，3号楼2单元502"


async def then(make_bot: MakeBot, chat: int, first: str, later: str, hours: float = 0.05) -> RunningBot:
    """刘阿姨 reports `first` in `chat`, then `later` after some hours: the bot, with #2 made."""
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(RESIDENT, send_start=True)
    bot.fake.send_message(GROUP_A, RESIDENT, "大家好")  # a neighbour of the group: she may report in private
    await bot.settle()
    await exchange(bot.fake, chat, RESIDENT, first, "#1")
    await bot.advance(hours=hours)
    await exchange(bot.fake, chat, RESIDENT, later, "#2")
    return bot


async def test_a_room_of_her_home_in_private_takes_her_flat(make_bot: MakeBot) -> None:
    bot = await then(make_bot, RESIDENT, TAP, "还有卫生间的灯也不亮了")
    ev = await bot.event(2)
    assert (ev.building, ev.unit, ev.room) == ("3", "2", "502")


async def test_hours_later_in_the_group_her_bedroom_is_her_flat_too(make_bot: MakeBot) -> None:
    bot = await then(make_bot, GROUP_A, TAP, "我家卧室的插座没电了", hours=5)
    ev = await bot.event(2)
    assert (ev.building, ev.unit, ev.room) == ("3", "2", "502")


async def test_no_home_words_an_hour_later_are_placed_as_before(make_bot: MakeBot) -> None:
    bot = await then(make_bot, GROUP_A, TAP, "小区门口的路灯不亮了", hours=1)
    assert (await bot.event(2)).building is None


async def test_her_home_after_a_report_of_no_flat_is_asked_where(make_bot: MakeBot) -> None:
    bot = await then(make_bot, GROUP_A, "3号楼2单元楼道灯坏了", "卫生间的水管漏水了", hours=1)
    assert (await bot.event(2)).building is None  # she never said her flat: where is it?


async def test_a_flat_upstairs_is_not_hers(make_bot: MakeBot) -> None:
    bot = await then(make_bot, GROUP_A, "3号楼2单元楼上602漏水到我家了", "我家卧室的插座没电了", hours=1)
    assert (await bot.event(2)).room is None
