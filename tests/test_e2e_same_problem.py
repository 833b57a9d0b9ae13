"""Her next words about the same problem in other words (found in review): "家里漏水了", then a few minutes later
"天花板一直在滴水", opened #2 for one leak (the dripping ceiling is what the leak looks like), and "the hallway light
is still out" after "the hallway light in block 3 is out" opened #2 too, where "灯还是不亮" chases her report. Words
that show her open report's problem by a sign of its family, naming no other thing or place, are hers: right after
it they join its words; later its worker reads them and she is told so. Another thing, place or kind of problem is
still an event of its own."""

from __future__ import annotations

import html

import pytest
from harness import Clock, MakeBot, RunningBot, sent_texts
from ids import GROUP_A, RESIDENT, WANG
from steps import first_report, known_in_a_group

from bot.render.i18n import plain

LEAK = "3号楼2单元家里漏水了"
LIGHT_EN = "the hallway light in block 3 is out"


async def her_report_then(make_bot: MakeBot, first: str, then: str, minutes: int) -> tuple[RunningBot, int]:
    """刘阿姨 reports `first` in grid A's group (王师傅 has its card), and `minutes` later writes `then`, replying to
    nothing: the bot and the outbox mark before `then`."""
    bot = await make_bot(clock=Clock())
    known_in_a_group(bot.fake, RESIDENT)
    await first_report(bot, first, WANG)
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, then)
    await bot.settle()
    return bot, mark


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (LEAK, "天花板一直在滴水"),
        (LEAK, "墙上也在渗水"),
        (LEAK, "还在漏水"),
        (LEAK, "卫生间也在漏水"),  # a room of the home she said: where her leak shows
        (LEAK, "厨房天花板也在滴水"),
        ("3號樓2單元家裡漏水了", "天花板一直在滴水"),
        ("block 3 unit 2, my flat is leaking", "the bathroom is leaking too"),
        (LIGHT_EN, "the hallway light is still out"),
        (LIGHT_EN, "it's still dark in the hallway"),
    ],
)
async def test_her_problem_in_other_words_later_reaches_its_worker(make_bot: MakeBot, first: str, then: str) -> None:
    """Five minutes on: one event; 王师傅 reads her words on #1 and she is told so in the group. A room of her home
    ("卫生间也在漏水" after "家里漏水了") opened #2 for the one leak in her flat (found in the stop-51 review)."""
    bot, mark = await her_report_then(make_bot, first, then, minutes=5)
    assert await bot.event_count() == 1
    assert [then in html.unescape(text) and "#1" in text for text in sent_texts(bot.fake, WANG, mark)] == [True]
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]


@pytest.mark.parametrize(("first", "then"), [(LEAK, "天花板一直在滴水"), (LEAK, "地上都是积水")])
async def test_her_problem_in_other_words_right_after_joins_its_words(make_bot: MakeBot, first: str, then: str) -> None:
    """A minute on, before anyone accepted it, her words are #1's words (its card shows them)."""
    bot, _ = await her_report_then(make_bot, first, then, minutes=1)
    assert await bot.event_count() == 1
    assert (await bot.event(1)).text == f"{first}\n{then}"


@pytest.mark.parametrize("minutes", [1, 5])
@pytest.mark.parametrize(
    ("first", "then"),
    [
        (LEAK, "楼上也漏水了"),  # another place
        ("3号楼2单元楼道漏水了", "卫生间也在漏水"),  # a room, but the hallway was hers, not her home
        (LEAK, "5号楼也漏水了"),
        (LEAK, "楼道灯也不亮了"),  # another kind of problem
        (LEAK, "下水道堵了"),
        ("3号楼2单元电梯坏了", "楼道灯也坏了"),
        (LIGHT_EN, "the ceiling is leaking"),
    ],
)
async def test_another_problem_thing_or_place_is_still_its_own_event(
    make_bot: MakeBot, first: str, then: str, minutes: int
) -> None:
    bot, _ = await her_report_then(make_bot, first, then, minutes=minutes)
    assert await bot.event_count() == 2
    assert (await bot.event(1)).text == first and (await bot.event(2)).text == then


async def test_another_light_in_another_place_typed_later_is_its_own_event(make_bot: MakeBot) -> None:
    """ "门口的灯也不亮" five minutes after her hall light: a light, but at the door, which her words never named (a
    minute after, a light of the family of hers joins it: ``test_e2e_own_problems``)."""
    bot, _ = await her_report_then(make_bot, "3号楼2单元楼道灯坏了", "门口的灯也不亮", minutes=5)
    assert await bot.event_count() == 2


async def test_with_her_light_and_her_leak_open_the_dripping_ceiling_goes_to_the_leak(make_bot: MakeBot) -> None:
    """Her hall light (#1) and, a few minutes on, her leak (#2) are open; half an hour on "天花板一直在滴水" is the
    leak's: one more event opens for neither, and #1's card gets no word of it."""
    bot, _ = await her_report_then(make_bot, "3号楼2单元楼道灯坏了", "3号楼2单元家里漏水了", minutes=5)
    assert await bot.event_count() == 2
    await bot.advance(minutes=30)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "天花板一直在滴水")
    await bot.settle()
    assert await bot.event_count() == 2
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=2)]
    assert [("#2" in text, "天花板一直在滴水" in text) for text in sent_texts(bot.fake, WANG, mark)] == [(True, True)]
