"""Resident review: her next words just after her report, not written as a reply. The acknowledgement of a report
of no place asks where; a place alone from her fills it (and the worker's card); a report typed over quick messages
is one event with all its words; a new problem is still one of its own."""

from __future__ import annotations

from harness import MakeBot, RunningBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import merging_bot


async def no_place_reported(make_bot: MakeBot) -> RunningBot:
    """刘阿姨 reports "楼道灯坏了" in grid A's group, no place named (merging on, 王师傅 started): the bot, settled."""
    bot = await merging_bot(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "楼道灯坏了")
    await bot.settle()
    return bot


async def test_the_ack_of_no_place_asks_where_and_her_next_place_fills_it(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert "未注明" in ack["text"] and "在哪里" in ack["text"]
    said = len(fake.messages(GROUP_A))
    await bot.advance(minutes=3)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元")
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.building, ev.unit) == ("3", "2") and await bot.event_count() == 1
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert "3号楼2单元" in ack["text"] and "在哪里" not in ack["text"], ack["text"]
    assert len(fake.messages(GROUP_A)) == said  # no message of the bot's more
    card = fake.find_message(WANG, "新事件 #1")
    assert "3号楼2单元" in card["text"] and "补充了位置" in card["text"], card["text"]
    fake.send_message(RESIDENT, RESIDENT, "/status 1")
    fake.send_message(WANG, WANG, "/status 1")
    await bot.settle()
    for chat in (RESIDENT, WANG):  # the step in the timeline, for her and for the worker
        assert "报告人补充位置" in fake.messages(chat)[-1]["text"]


async def test_a_place_written_under_the_ack_fills_it(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "在3号楼2单元", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).building == "3"
    assert "在哪里" not in fake.find_message(GROUP_A, "已登记 #1")["text"]


async def test_a_neighbours_place_or_hers_much_later_fills_nothing(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT2, "5号楼")
    await bot.settle()
    assert (await bot.event(1)).building is None
    await bot.advance(minutes=30)
    fake.send_message(GROUP_A, RESIDENT, "7号楼")
    await bot.settle()
    assert (await bot.event(1)).building is None


async def test_a_report_in_three_quick_messages_is_one_event_with_all_its_words(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    fake = bot.fake
    for words in ("3号楼2单元", "楼道的灯", "坏了好几天了，晚上黑漆漆的"):
        fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    fake.send_message(WANG, WANG, "/status 1")
    await bot.settle()
    assert "报告人接着补充内容" in fake.messages(WANG)[-1]["text"]
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert (ev.building, ev.unit) == ("3", "2") and "黑漆漆" in ev.text and "楼道的灯" in ev.text
    assert len([m for m in fake.messages(GROUP_A) if "已登记" in (m.get("text") or "")]) == 1
    card = fake.find_message(WANG, "新事件 #1")
    assert "黑漆漆" in card["text"] and "3号楼2单元" in card["text"], card["text"]
    assert not [m for m in fake.messages(WANG) if "#2" in (m.get("text") or "")]


async def test_a_new_problem_right_after_is_its_own_event(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT, "还有楼下的垃圾好几天没人收了，很臭")
    await bot.settle()
    assert await bot.event_count() == 2
    assert "垃圾" not in (await bot.event(1)).text


async def test_forget_me_reaches_the_words_that_joined_her_report(make_bot: MakeBot) -> None:
    """Her later words are logged ("added_words") with her text; /forget_me left them there (review of the stop's
    diff)."""
    from harness import exchange
    from test_e2e_privacy import found_in_database

    bot = await merging_bot(make_bot)
    fake = bot.fake
    for words in ("3号楼2单元", "楼道的灯", "坏了好几天了，晚上黑漆漆的"):
        fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1 and "黑漆漆" in (await bot.event(1)).text
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    left = found_in_database(bot.db_path, ["黑漆漆"])
    assert not left, "\n".join(left)
