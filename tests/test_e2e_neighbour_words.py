"""A neighbour's words a few minutes after another resident's report in the residents' group, merging on (as in
production): 刘阿姨 reported "3号楼2单元楼道灯坏了"; 陈先生's words about the same light join her event, his own
problem stays an event of its own (sweep of neighbours' words: each below opened #2 for the one light)."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, sent_texts
from ids import GROUP_A, GROUP_B, RESIDENT, RESIDENT2, WANG
from steps import merging_bot

from bot.render.i18n import t
from storage import reporters

HALL_LIGHT = "3号楼2单元楼道灯坏了"


async def her_light_then(
    make_bot: MakeBot, words: str, *, minutes: float = 3, chat: int = GROUP_A, under: bool = False
) -> tuple:
    """刘阿姨 reports the hall light (#1, 王师傅 paged); `minutes` later 陈先生 writes `words` in `chat`, replying to
    nothing (or, ``under``, under her report): the bot, and the outbox mark before his words."""
    bot = await merging_bot(make_bot)
    report = bot.fake.send_message(GROUP_A, RESIDENT, HALL_LIGHT)
    await bot.settle()
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(chat, RESIDENT2, words, reply_to_message_id=report["message_id"] if under else None)
    await bot.settle()
    return bot, mark


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
