"""Her next words within 2 minutes (found in the earlier review): "3号楼2单元楼道灯坏了", then "门铃坏了" a minute
later, with no "also", joined the light's #1 as its words, and the doorbell was never anyone's work. Words the
reader takes for a report that names a thing of its own broken are their own event, in the place she gave a minute
before; words that say more of the same problem (where, since when, how it is) still join it, and a time alone
("已经两天了", no report to the reader) now joins it too (it was read as chat and dropped)."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, press, with_button
from ids import GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action

LIGHT = "3号楼2单元楼道灯坏了"
ENGLISH_LIGHT = "The hallway light in Block 3 is out"


async def first_and_next(make_bot: MakeBot, then: str, first: str = LIGHT) -> RunningBot:
    """刘阿姨 reports the stairwell light of 3号楼2单元 (or `first`) in grid A's group, and a minute later writes
    `then`."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400)
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, first)
    await bot.settle()
    await bot.advance(minutes=1)
    bot.fake.send_message(GROUP_A, RESIDENT, then)
    await bot.settle()
    return bot


@pytest.mark.parametrize("then", ["门铃坏了", "电梯坏了", "水管漏水了", "下水道堵了"])
async def test_another_thing_broken_right_after_is_its_own_event(make_bot: MakeBot, then: str) -> None:
    bot = await first_and_next(make_bot, then)
    assert await bot.event_count() == 2, (await bot.event(1)).text
    assert (await bot.event(1)).text == LIGHT and (await bot.event(2)).text == then
    assert (await bot.event(2)).building == "3"  # her place, said a minute before, as a neighbour's would not be


# words saying more of the same problem (where, since when, how it is), under her report in each language
MORE_OF_IT = {
    LIGHT: [
        "坏了好几天了，晚上黑漆漆的",
        "一直不亮",
        "灯一闪一闪的",
        "已经坏了两天了",
        "楼道的灯还是不亮",
        "从昨天起就坏了",
        "在3楼",
        "已经两天了",
    ],
    ENGLISH_LIGHT: [
        "it's been like this for two days",
        "on the 3rd floor",
        "it has been broken since yesterday",
        "and now it flickers",
    ],
}


@pytest.mark.parametrize(("first", "then"), [(first, then) for first, words in MORE_OF_IT.items() for then in words])
async def test_more_words_of_the_same_problem_still_join_it(make_bot: MakeBot, first: str, then: str) -> None:
    bot = await first_and_next(make_bot, then, first)
    assert await bot.event_count() == 1 and then in (await bot.event(1)).text


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("3号楼2单元楼道灯坏了", "声控灯也不亮"),
        ("3号楼2单元楼道灯坏了", "聲控燈也不亮"),
        ("3号楼2单元电梯坏了", "轿厢也不动了"),
        ("3号楼2单元电梯坏了", "电梯门也关不上了"),  # a part of it
        ("3号楼2单元302厨房水管漏水了", "下水管也在漏"),
        ("The hallway light in Block 3 is out", "the lights are out on the 2nd floor too"),
    ],
)
async def test_the_same_thing_by_another_name_joins_it(make_bot: MakeBot, first: str, then: str) -> None:
    """Found in review: "声控灯也不亮" a minute after "楼道灯坏了" opened a second event and a second card for one
    light. A thing of the family her report named (a light, the lift, a water pipe), of the same kind of problem, is
    her report's thing, whatever its name."""
    bot = await first_and_next(make_bot, then, first)
    assert await bot.event_count() == 1 and then in (await bot.event(1)).text


@pytest.mark.parametrize("then", ["also the doorbell is broken", "my doorbell doesn't work either"])
async def test_another_thing_broken_in_english_is_its_own_event(make_bot: MakeBot, then: str) -> None:
    """Found in review: the rule did not read English: "my doorbell doesn't work either" joined the light's #1."""
    bot = await first_and_next(make_bot, then, ENGLISH_LIGHT)
    assert await bot.event_count() == 2, (await bot.event(1)).text
    assert (await bot.event(1)).text == ENGLISH_LIGHT and (await bot.event(2)).text == then


async def test_another_thing_the_reader_is_unsure_of_is_asked_about_not_joined(make_bot: MakeBot) -> None:
    """ "the lift is stuck too" is a report the reader asks about ("Report it?"); right after her light it joined the
    light's #1 unasked. It is asked about, and her yes makes it #2."""
    bot = await first_and_next(make_bot, "the lift is stuck too", ENGLISH_LIGHT)
    ask = await with_button(bot.fake, GROUP_A, Action.CONFIRM_YES)
    await answer_to(bot.fake, press(bot.fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await bot.settle()
    assert (await bot.event(1)).text == ENGLISH_LIGHT and (await bot.event(2)).text == "the lift is stuck too"
