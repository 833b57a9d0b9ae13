"""Residents' words around a report, merging on as in production (the residents58 sweep): a neighbour's same thing by
another name, with its building said again or not, in English or in Cantonese; her correction of where in English
after a Chinese report, or of her unit alone; and since when, said by her or by a neighbour. Each made a second
event, was asked "Report it?", or was dropped before."""

from __future__ import annotations

import pytest
from harness import MakeBot, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import he_joined, joined, report_then

from bot.core.types import Urgency
from bot.render import messages
from bot.render.i18n import t

HALL3 = "3号楼楼道灯坏了"
LIFT5 = "5座電梯壞咗"


@pytest.mark.parametrize(
    ("first", "words"),
    [
        (HALL3, w)
        for w in (
            "楼梯间的照明灯坏了",
            "3号楼楼梯间的照明灯坏了",
            "the stairway lighting in block 3 is out",
            "声控灯跺脚也不亮",
            "3号楼声控灯跺脚也不亮",
            "走廊的照明不亮了",
            "3号楼楼梯的感应灯拍手都不亮",
            "block 3 stairwell lights are out",
        )
    ]
    + [(LIFT5, w) for w in ("部升降機壞咗呀", "5座部升降機壞咗呀")],
)
async def test_a_neighbours_same_thing_by_another_name_joins_her_report(
    make_bot: MakeBot, first: str, words: str
) -> None:
    """Each made #2 (of no place, or at her building), paging 王师傅 twice for one light or lift: he joins #1."""
    assert await joined(make_bot, first, words) == (True, 1)


@pytest.mark.parametrize(
    "words",
    [
        "3号楼电梯坏了",  # another thing in her building
        "3号楼楼梯间的窗户坏了",
        "3号楼地下车库的照明灯坏了",  # a light, but not where hers is
        "4号楼楼梯间的照明灯坏了",  # her thing in another building
        "the stairway lighting in block 4 is out",
        "路灯跺脚也不亮",
    ],
)
async def test_another_thing_or_her_thing_elsewhere_stays_its_own(make_bot: MakeBot, words: str) -> None:
    assert await joined(make_bot, HALL3, words) == (False, 2)


@pytest.mark.parametrize(
    ("first", "words", "place"),
    [
        ("3号楼1单元楼道灯坏了", "sorry, it's unit 2 not unit 1", ("3", "2")),
        ("3号楼1单元楼道灯坏了", "不好意思，是2单元不是1单元", ("3", "2")),
        ("3号楼电梯坏了", "I mean block 5", ("5", None)),
        ("3号楼电梯坏了", "我是说5号楼", ("5", None)),
    ],
)
async def test_her_correction_of_where_in_other_words_corrects_her_report(
    make_bot: MakeBot, first: str, words: str, place: tuple[str, str | None]
) -> None:
    """Asked "Report it?" (her words named no problem): #1 now stands where she says, and she is told where."""
    bot, mark = await report_then(make_bot, words, first=first, writer=RESIDENT, minutes=1)
    ev = await bot.event(1)
    assert await bot.event_count() == 1 and (ev.building, ev.unit) == place
    where = messages.location_label("zh-Hans", ev)
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "followup.place_corrected", id=1, place=where)]


async def test_her_other_problem_with_sorry_is_no_correction(make_bot: MakeBot) -> None:
    words = "sorry, unit 2 lift is broken too"
    bot, _ = await report_then(make_bot, words, first="3号楼1单元楼道灯坏了", writer=RESIDENT)
    assert (await bot.event(1)).unit == "1"


@pytest.mark.parametrize("words", ["前天就坏了", "其实上周就这样了", "it's been like this since Monday"])
async def test_a_neighbour_telling_since_when_joins_her_report(make_bot: MakeBot, words: str) -> None:
    """#2 of no place, dropped, or asked "Report it?": he is one more resident affected, and told where #1 is."""
    bot, mark = await report_then(make_bot, words, first=HALL3)
    assert await he_joined(bot) == (True, 1)
    lang = "en" if words.isascii() else "zh-Hans"
    place = messages.location_label(lang, await bot.event(1))
    assert sent_texts(bot.fake, GROUP_A, mark) == [t(lang, "merge.added_at", id=1, n=2, place=place)]


async def test_her_own_since_when_with_actually_reaches_her_worker(make_bot: MakeBot) -> None:
    """ "其实上周就这样了" was dropped: 王师傅 reads it as her note of #1."""
    bot, mark = await report_then(make_bot, "其实上周就这样了", first=HALL3, writer=RESIDENT)
    assert await bot.event_count() == 1
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "followup.told", id=1)]
    assert [text for text in sent_texts(bot.fake, WANG, mark) if "#1" in text and "其实上周就这样了" in text]


async def test_a_neighbours_since_when_of_another_problem_is_its_own(make_bot: MakeBot) -> None:
    bot, _ = await report_then(make_bot, "昨晚就开始停水了", first=HALL3)
    assert await he_joined(bot) == (False, 2) and (await bot.event(1)).urgency is Urgency.GREEN


@pytest.mark.parametrize(
    ("words", "writer", "urgency"),
    [
        ("其实上周就这样了", RESIDENT2, Urgency.YELLOW),
        ("其实上周就这样了", RESIDENT, Urgency.YELLOW),
        ("同上，已经坏了一周了", RESIDENT2, Urgency.YELLOW),
        ("it's been like this since last week", RESIDENT2, Urgency.YELLOW),
        ("前天就坏了", RESIDENT2, Urgency.GREEN),
        ("it's been like this since Monday", RESIDENT2, Urgency.GREEN),
    ],
)
async def test_told_it_has_lasted_a_week_or_more_it_is_yellow(
    make_bot: MakeBot, words: str, writer: int, urgency: Urgency
) -> None:
    """The labelling guide reads a problem of a week or more as yellow (a report saying so is): told so after her
    report, #1 stayed green. Its acknowledgement shows the colour it now has."""
    bot, _ = await report_then(make_bot, words, first=HALL3, writer=writer)
    assert await bot.event_count() == 1 and (await bot.event(1)).urgency is urgency
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None and t("zh-Hans", f"urgency.{urgency.value}") in ack["text"]
