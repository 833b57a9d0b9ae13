"""A neighbour's words a few minutes after another resident's report in the residents' group, merging on (as in
production): 刘阿姨 reported "3号楼2单元楼道灯坏了"; 陈先生's words about the same light join her event, his own
problem stays an event of its own (sweep of neighbours' words: each below opened #2 for the one light)."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, sent_texts
from ids import GROUP_A, GROUP_B, RESIDENT2, WANG
from steps import report_then as her_light_then

from bot.render.i18n import t
from storage import reporters


async def joined(bot: RunningBot) -> bool:
    async with bot.ctx.db.read() as c:
        return RESIDENT2 in {r.user_id for r in await reporters.for_event(c, 1)}


@pytest.mark.parametrize("words", ["楼道灯确实坏了", "对，楼道灯不亮好几天了", "樓道燈確實壞咗"])
async def test_a_neighbours_same_problem_naming_no_place_joins_her_report(make_bot: MakeBot, words: str) -> None:
    """It opened #2 "位置：未注明" for her light: he joins #1, told where #1 is (a wrong join is noticed)."""
    bot, mark = await her_light_then(make_bot, words)
    assert await bot.event_count() == 1 and await joined(bot)
    lang = "zh-Hant" if "樓" in words else "zh-Hans"
    place = t(lang, "loc.building", b="3") + t(lang, "loc.sep") + t(lang, "loc.unit", u="2")
    assert sent_texts(bot.fake, GROUP_A, mark) == [t(lang, "merge.added_at", id=1, n=2, place=place)]
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "#2" in text]


@pytest.mark.parametrize(
    ("words", "minutes", "chat"),
    [
        ("5号楼楼道灯坏了", 3, GROUP_A),  # another building
        ("楼道窗户坏了", 3, GROUP_A),  # another thing
        ("楼道灯冒烟了，有焦味", 3, GROUP_A),  # a danger: a red of its own
        ("楼道灯确实坏了", 45, GROUP_A),  # long after: more likely another light
        ("楼道灯确实坏了", 3, GROUP_B),  # another group
    ],
)
async def test_another_place_thing_danger_time_or_group_stays_its_own(
    make_bot: MakeBot, words: str, minutes: float, chat: int
) -> None:
    bot, _ = await her_light_then(make_bot, words, minutes=minutes, chat=chat)
    assert await bot.event_count() == 2 and not await joined(bot)


NEIGHBOURS_WORDS = [
    "是的，晚上黑漆漆的很危险",
    "對啊，晚上很暗很危險",
    "物业什么时候来修？",
    "我们楼也是，好几天了",
    "同上，已经坏了一周了",
    "Yes, it's really dark at night, dangerous for the elderly",
]


@pytest.mark.parametrize("words", NEIGHBOURS_WORDS)
async def test_a_neighbour_agreeing_or_asking_just_after_her_report_joins_it(make_bot: MakeBot, words: str) -> None:
    """Typed a few minutes after her hall light, each opened #2 (safety yellow, or repair, "位置：未注明") for the one
    light: he is one more resident affected by #1, told so; 王师傅 gets no second card."""
    bot, mark = await her_light_then(make_bot, words)
    assert await bot.event_count() == 1 and await joined(bot)
    assert [text for text in sent_texts(bot.fake, GROUP_A, mark) if "#1" in text]
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "#2" in text]


@pytest.mark.parametrize("words", [*NEIGHBOURS_WORDS, "确实，晚上上楼看不见", "是的"])
async def test_the_same_under_her_report_joins_it(make_bot: MakeBot, words: str) -> None:
    """Under her report, "是的，晚上黑漆漆的很危险" opened #2 at her place (safety), "物业什么时候来修？" #2."""
    bot, _ = await her_light_then(make_bot, words, under=True)
    assert await bot.event_count() == 1 and await joined(bot)


@pytest.mark.parametrize("under", [False, True])
@pytest.mark.parametrize("words", ["是的，而且电梯也坏了", "5号楼电梯坏了", "同上，另外5号楼门口下水道堵了"])
async def test_his_own_problem_stays_its_own_typed_or_under_her_report(
    make_bot: MakeBot, words: str, under: bool
) -> None:
    bot, _ = await her_light_then(make_bot, words, under=under)
    assert await bot.event_count() == 2 and not await joined(bot)


@pytest.mark.parametrize("under", [False, True])
@pytest.mark.parametrize("words", ["对，楼道里还有煤气味", "是的，我们家水管也漏了", "谢谢刘阿姨反映", "我也是刚下班"])
async def test_a_danger_another_problem_or_chat_joins_nothing(make_bot: MakeBot, words: str, under: bool) -> None:
    """A danger is asked about or raised as its own, a leak is his; thanks and chat are no report of anything."""
    bot, _ = await her_light_then(make_bot, words, under=under)
    assert not await joined(bot)


async def test_agreeing_typed_when_two_reports_were_just_made_joins_neither(make_bot: MakeBot) -> None:
    """ "是的，晚上黑漆漆的" typed after two reports of the chat: which one is not guessed."""
    bot, _ = await her_light_then(make_bot, "物业什么时候来修？", also="5号楼电梯坏了")
    async with bot.ctx.db.read() as c:
        assert RESIDENT2 not in {r.user_id for e in (1, 2) for r in await reporters.for_event(c, e)}
