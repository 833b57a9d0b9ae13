"""Several problems in one message, the loose ends (split62): her words of how often or how long under her message
cut into problems reach each problem's worker as words of the whole message, and a 都 of a time ("每天都这样",
"晚上都不亮") is no longer read as "both"; her report said again within the merge window reaches its worker, alone as
within a message naming two problems (and that message, naming no place, is cut, not all of it her note); a message
is cut into problems once however many use cases ask."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, sent_texts
from ids import GROUP_A, RESIDENT, WANG
from test_e2e_several import MAINT, maint_bot, several_reported

from bot.core import several

LIGHT_AND_RUBBISH = "3号楼楼道灯坏了，门口垃圾也没人收"  # #1 the light (maintenance), #2 the rubbish (grid A's 王师傅)


async def test_how_often_under_her_cut_message_reaches_each_worker(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, LIGHT_AND_RUBBISH)
    fake = bot.fake
    assert fake.find_message(MAINT, "新事件 #1") and fake.find_message(WANG, "新事件 #2")
    for words in ("每天都这样", "天天这样"):  # it is so every day: more of her message as a whole, no "which one?"
        fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=said["message_id"])
        await bot.settle()
        assert fake.find_message(MAINT, f"#1 报告人补充：\n「{words}」") is not None, sent_texts(fake, MAINT)
        assert fake.find_message(WANG, f"#2 报告人补充：\n「{words}」") is not None, sent_texts(fake, WANG)
    assert fake.find_message(GROUP_A, "哪一件") is None
    answer = fake.find_message(GROUP_A, "已分别转告")
    assert answer is not None and "#1「3号楼楼道灯坏了」" in answer["text"], sent_texts(fake, GROUP_A)


async def test_a_都_of_a_time_is_not_both_but_one_of_all_still_is(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, LIGHT_AND_RUBBISH)
    fake = bot.fake
    asked = fake.send_message(GROUP_A, RESIDENT, "晚上都不亮", reply_to_message_id=said["message_id"])
    await bot.settle()
    assert fake.find_message(WANG, "「晚上都不亮」") is None  # "at night it is dark": not the rubbish's worker
    question = fake.find_message(GROUP_A, "哪一件")
    assert question is not None and question["reply_to_message"]["message_id"] == asked["message_id"], question
    fake.send_message(GROUP_A, RESIDENT, "两个都还没人来", reply_to_message_id=said["message_id"])  # both: each
    await bot.settle()
    assert fake.find_message(MAINT, "#1 报告人补充：\n「两个都还没人来」") is not None, sent_texts(fake, MAINT)
    assert fake.find_message(WANG, "#2 报告人补充：\n「两个都还没人来」") is not None, sent_texts(fake, WANG)


async def her_light_reported(make_bot: MakeBot) -> RunningBot:
    """刘阿姨's "3号楼楼道灯坏了" (#1, the maintenance worker's) two minutes ago, same-problem merging on."""
    bot = await maint_bot(make_bot, merge_window_s=86400)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯坏了")
    await bot.settle()
    await bot.advance(minutes=2)
    return bot


async def test_her_report_said_again_in_the_window_reaches_its_worker_once(make_bot: MakeBot) -> None:
    bot = await her_light_reported(make_bot)
    fake = bot.fake
    for _ in range(2):  # said twice: its worker reads her words once
        fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯还是不亮")
        await bot.settle()
    assert await bot.event_count() == 1  # not a new event
    notes = [text for text in sent_texts(fake, MAINT) if "报告人补充" in text]
    assert notes == ["💬 #1 报告人补充：\n「3号楼楼道灯还是不亮」"], sent_texts(fake, MAINT)
    assert fake.find_message(GROUP_A, "您已经报告过这个问题（#1）：待接单") is not None, sent_texts(fake, GROUP_A)
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯坏了！")  # her report posted again: nothing new for him
    await bot.settle()
    assert [text for text in sent_texts(fake, MAINT) if "报告人补充" in text] == notes


@pytest.mark.parametrize("text", [LIGHT_AND_RUBBISH, "3号楼楼道灯还是不亮，门口垃圾也没人收"])
async def test_a_message_is_cut_into_problems_once(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The reviewer saw a message cut up to three times in one pass (her next words, a neighbour's "mine too", the
    report): it is cut once, and its parts passed along."""
    bot = await maint_bot(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼楼道灯坏了")
    await bot.settle()
    cuts = []
    real = several.problems
    monkeypatch.setattr(several, "problems", lambda *args: cuts.append(args) or real(*args))
    fake.send_message(GROUP_A, RESIDENT, text)
    await bot.settle()
    assert len(cuts) == 1, cuts
    assert fake.find_message(WANG, "门口垃圾也没人收") is not None  # and cut as before


async def test_her_light_chased_with_a_new_problem_is_cut_not_all_her_lights_note(make_bot: MakeBot) -> None:
    bot = await her_light_reported(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "楼道灯还是不亮，门口垃圾也没人收")
    await bot.settle()
    assert await bot.event_count() == 2, sent_texts(fake, GROUP_A)  # the rubbish: an event of its own
    assert fake.find_message(WANG, "新事件 #2") is not None, sent_texts(fake, WANG)
    notes = [text for text in sent_texts(fake, MAINT) if "报告人补充" in text]
    assert notes == ["💬 #1 报告人补充：\n「楼道灯还是不亮」"], sent_texts(fake, MAINT)
