"""The water back after a cut, and not right (sweep of a water cut's morning): "水来了但是是黄的，能喝吗" from the
reporter below her "问题解决了吗？" was silent (her question left waiting: "水来了" was no word of "it works now", and
a question was never a "part fixed"); "还是没水" typed by a neighbour a few minutes after the close opened #2 "位置：
未注明", and "水来了但是是黄的" from a neighbour was silent. Now hers reopens it with her words to the worker, and a
neighbour's reaches the committee to check, with her words, as said under the closed report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, sent_texts
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core import after_close, followup, symptoms

CUT = "3号楼停水了，一滴水都没有"


async def cut_closed(make_bot: MakeBot) -> RunningBot:
    """刘阿姨's water cut, fixed by 王师傅; her "is it fixed?" asked at once."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=0)
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, CUT)
    await bot.settle()
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "#1")["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    return bot


async def said(bot: RunningBot, writer: int, words: str) -> int:
    """Her words typed in the group: the fake's mark before them."""
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, writer, words)
    await bot.settle()
    return mark


@pytest.mark.parametrize(
    "words", ["水来了但是是黄的，能喝吗", "水来了但是是黄的", "the water's back but it's brown, is it safe to drink?"]
)
async def test_her_water_back_but_yellow_reopens_it_with_her_words(make_bot: MakeBot, words: str) -> None:
    bot = await cut_closed(make_bot)
    mark = await said(bot, RESIDENT, words)
    assert [await bot.event_count(), (await bot.event(1)).status.value] == [1, "dispatched"]
    to_him = sent_texts(bot.fake, WANG, mark)
    assert any("重新打开" in text and words.replace("'", "&#x27;") in text for text in to_him), to_him


@pytest.mark.parametrize(
    "words", ["还是没水", "水来了但是是黄的", "水来了，但是水是黄的，能喝吗", "the water's back but it's brown"]
)
async def test_a_neighbours_typed_not_fixed_goes_to_the_committee_with_her_words(make_bot: MakeBot, words: str) -> None:
    bot = await cut_closed(make_bot)
    mark = await said(bot, RESIDENT2, words)
    # a neighbour may not reopen it: the committee checks, and reads her words
    assert [await bot.event_count(), (await bot.event(1)).status.value] == [1, "closed"]
    her = words.replace("'", "&#x27;")
    assert any("邻居陈先生说问题仍未解决" in text and her in text for text in sent_texts(bot.fake, COMMITTEE, mark))
    assert any(text.startswith("#1") for text in sent_texts(bot.fake, GROUP_A, mark))  # she is told
    assert not sent_texts(bot.fake, WANG, mark)


@pytest.mark.parametrize("words", ["5号楼还是没水", "楼道灯还是不亮"])
async def test_another_building_or_problem_is_not_about_the_closed_cut(make_bot: MakeBot, words: str) -> None:
    bot = await cut_closed(make_bot)
    mark = await said(bot, RESIDENT2, words)
    assert not any("邻居陈先生说" in text for text in sent_texts(bot.fake, COMMITTEE, mark))
    assert await bot.event_count() == 2


async def test_hours_later_still_no_water_is_a_report_of_its_own(make_bot: MakeBot) -> None:
    bot = await cut_closed(make_bot)
    bot.clock.at += timedelta(hours=3)
    mark = await said(bot, RESIDENT2, "3号楼还是没水")
    assert not any("邻居陈先生说" in text for text in sent_texts(bot.fake, COMMITTEE, mark))
    assert await bot.event_count() == 2


BACK = ["水来了", "来水了", "有水了", "通电了", "恢复供水了", "the water's back", "power is back on"]
SUPPLY_BACK = {words: True for words in BACK} | {"还没来水": False, "没有水了": False, "水来了又停了": False}


@pytest.mark.parametrize(("words", "back"), SUPPLY_BACK.items())
def test_a_supply_back_is_her_thing_working(words: str, back: bool) -> None:
    assert followup.works_now(words) is back


@pytest.mark.parametrize(
    ("words", "water"),
    [
        ("水是黄的", True),
        ("水很浑浊", True),
        ("水压很低", True),
        ("brown water", True),
        ("it's brown", True),
        ("楼道灯是黄色的灯", False),
        ("浑身都湿透了", False),
        ("墙皮发黄", False),
    ],
)
def test_signs_of_the_water_supply(words: str, water: bool) -> None:
    assert ("water" in symptoms.signs(followup.plain(words))) is water


def test_the_words_before_her_question() -> None:
    assert after_close.before_question("水来了但是是黄的，能喝吗") == "水来了但是是黄的"
    assert after_close.before_question("好一点了吗？但是还在响") == ""
    assert after_close.before_question("修好了") == ""
