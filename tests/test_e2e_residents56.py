"""Residents' words around a report, merging on as in production (the residents56 sweep): 刘阿姨 reported "3号楼2单元
楼道灯坏了" (or the lift); a neighbour's or her own next words, each of which was dropped, asked "Report it?" or made a
second event before."""

from __future__ import annotations

import html

import pytest
from harness import MakeBot, RunningBot, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG, ZHAO
from steps import HALL_LIGHT, accepted_by_wang, closed_lift, her_closed, merging_bot, report_then

from bot.core.types import Status
from bot.render import messages
from bot.render.i18n import t
from storage import reporters


async def neighbours_of(bot: RunningBot, event_id: int = 1) -> set[int]:
    async with bot.ctx.db.read() as c:
        return {r.user_id for r in await reporters.for_event(c, event_id)} - {RESIDENT}


async def standing_one(bot: RunningBot, lang: str, event_id: int = 1) -> str:
    ev = await bot.event(event_id)
    place = messages.location_label(lang, ev)
    return t(lang, "standing.alone", id=event_id, place=place, state=t(lang, f"state.{ev.status.value}"))


@pytest.mark.parametrize("under", [False, True])
@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("物业知道了吗？", "zh-Hans"),
        ("有人跟物业说了吗", "zh-Hans"),
        ("报上去了没有啊", "zh-Hans"),
        ("物業知唔知㗎？", "zh-Hant"),
        ("has anyone told the office?", "en"),
    ],
)
async def test_a_neighbours_question_of_how_it_stands_is_answered(
    make_bot: MakeBot, words: str, lang: str, under: bool
) -> None:
    """A neighbour's "物业知道了吗？" just after her report was dropped (her own got "已转告…#1 现在：待接单"): he is
    answered under his words with #1, its place and its state; no event is made, he is not joined, 王师傅 hears
    nothing more."""
    bot, mark = await report_then(make_bot, words, under=under)
    assert await bot.event_count() == 1 and not await neighbours_of(bot)
    assert sent_texts(bot.fake, GROUP_A, mark) == [await standing_one(bot, lang)]
    assert sent_texts(bot.fake, WANG, mark) == []


async def test_asked_again_while_nothing_moved_is_not_answered_twice(make_bot: MakeBot) -> None:
    bot, mark = await report_then(make_bot, "物业知道了吗？")
    bot.fake.send_message(GROUP_A, RESIDENT2, "师傅知道了没")
    await bot.settle()
    assert sent_texts(bot.fake, GROUP_A, mark) == [await standing_one(bot, "zh-Hans")]


async def test_asked_when_two_reports_were_just_made_lists_both(make_bot: MakeBot) -> None:
    """Which one he means is not guessed: both are listed, each with its place and state."""
    bot, mark = await report_then(make_bot, "物业知道了吗？", also="5号楼电梯坏了")
    lines = []
    for n in (1, 2):
        ev = await bot.event(n)
        place = messages.location_label("zh-Hans", ev)
        lines.append(t("zh-Hans", "standing.line", id=n, place=place, state=t("zh-Hans", "state.dispatched")))
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "standing.several", lines="\n".join(lines))]
    assert await bot.event_count() == 2


@pytest.mark.parametrize(
    ("words", "minutes"),
    [
        ("有人知道快递站几点关门吗", 5),  # another matter
        ("大家吃饭了吗", 5),
        ("物业知道了吗？", 45),  # long after: not of her report
    ],
)
async def test_other_questions_or_long_after_are_not_answered(make_bot: MakeBot, words: str, minutes: float) -> None:
    bot, mark = await report_then(make_bot, words, minutes=minutes)
    assert sent_texts(bot.fake, GROUP_A, mark) == [] and await bot.event_count() == 1


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("楼道的灯是坏了，晚上看不见", "zh-Hans"),
        ("樓梯燈壞咗好耐", "zh-Hant"),
        ("楼到灯坏了", "zh-Hans"),
        ("the corridor light is out", "en"),
    ],
)
async def test_a_neighbours_same_light_in_other_words_joins_her_report(
    make_bot: MakeBot, words: str, lang: str
) -> None:
    """Each made #2 "位置：未注明" (its words too unlike hers), paging 王师傅 twice for one light: he joins #1 and is
    told where #1 is (a wrong join is noticed)."""
    bot, mark = await report_then(make_bot, words)
    assert await bot.event_count() == 1 and await neighbours_of(bot) == {RESIDENT2}
    place = messages.location_label(lang, await bot.event(1))
    assert sent_texts(bot.fake, GROUP_A, mark) == [t(lang, "merge.added_at", id=1, n=2, place=place)]
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "#2" in text]


@pytest.mark.parametrize("words", ["小区门口的路灯坏了", "地下车库的灯坏了", "电梯里的灯坏了", "楼道的窗户玻璃碎了"])
async def test_another_light_or_thing_stays_its_own(make_bot: MakeBot, words: str) -> None:
    bot, _ = await report_then(make_bot, words)
    assert await bot.event_count() == 2 and not await neighbours_of(bot)


async def test_her_own_words_of_the_light_still_join_her_report(make_bot: MakeBot) -> None:
    """The rule is a neighbour's: her own "楼道的灯还是不亮" is hers said again, as before."""
    bot, _ = await report_then(make_bot, "楼道的灯还是不亮", writer=RESIDENT, minutes=5)
    assert await bot.event_count() == 1


@pytest.mark.parametrize("words", ["部電梯仲係唔郁呀！！！", "架電梯仲係唔得"])
async def test_her_cantonese_still_broken_after_her_closed_lift_reopens_it(make_bot: MakeBot, words: str) -> None:
    """ "部電梯仲係唔郁呀！！！" after her lift was closed was a red #2 of no place (the measure word 部 before 電梯
    hid her thing), paging everyone: her #1 is opened again."""
    bot = await merging_bot(make_bot, survey_delay_s=0)
    await closed_lift(bot)
    await bot.advance(minutes=5)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status is not Status.CLOSED


@pytest.mark.parametrize(
    ("first", "words"),
    [
        (HALL_LIGHT, "灯确实坏了！！大家都看到了"),
        (HALL_LIGHT, "確實係壞咗，唔係講笑"),
        (HALL_LIGHT, "灯是真坏了！！！"),
        (HALL_LIGHT, "I'm not making it up, the light is really out"),
        ("3号楼2单元电梯坏了", "电梯真的坏了，不是开玩笑"),
    ],
)
async def test_her_insisting_with_more_words_reaches_her_reports_worker(
    make_bot: MakeBot, first: str, words: str
) -> None:
    """Typed a few minutes after her open report, each was asked "Report it?", dropped, or a red #2 of no place: her
    words reach 王师傅 on #1, and she is told so."""
    bot, mark = await report_then(make_bot, words, first=first, writer=RESIDENT, minutes=5)
    assert await bot.event_count() == 1
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "followup.told", id=1)]
    assert [text for text in sent_texts(bot.fake, WANG, mark) if "#1" in text and html.escape(words) in text]


async def test_her_insisting_on_another_thing_is_no_word_of_her_report(make_bot: MakeBot) -> None:
    """The lift is not her light: not sent to its worker as hers (the reader alone judges it as a report)."""
    bot, mark = await report_then(make_bot, "电梯真的坏了，不是开玩笑", writer=RESIDENT, minutes=5)
    assert t("zh-Hans", "followup.told", id=1) not in sent_texts(bot.fake, GROUP_A, mark)
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "电梯真的坏了" in text]


@pytest.mark.parametrize("under", [False, True])
@pytest.mark.parametrize(
    ("first", "words"),
    [("3号楼2单元电梯坏了", "谢谢，电梯还有点晃"), ("3号楼2单元电梯坏了", "辛苦了，电梯还有点响")],
)
async def test_thanks_then_her_thing_still_a_little_wrong_reopens_it(
    make_bot: MakeBot, first: str, words: str, under: bool
) -> None:
    """Read as nothing, her question left waiting: a part fixed, her report opened again for 王师傅."""
    bot, question = await her_closed(make_bot, first)
    bot.fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=question if under else None)
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status is not Status.CLOSED


@pytest.mark.parametrize(("words", "events"), [("谢谢，电梯好了", 1), ("谢谢，还有门禁坏了", 2)])
async def test_thanks_and_praise_or_a_second_problem_as_before(make_bot: MakeBot, words: str, events: int) -> None:
    bot, question = await her_closed(make_bot, "3号楼2单元电梯坏了")
    bot.fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=question)
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED and await bot.event_count() == events


@pytest.mark.parametrize(
    ("words", "place", "lang"),
    [
        ("写错了，是4号楼不是3号楼", ("4", "2"), "zh-Hans"),
        ("sorry, it's block 5 not 3", ("5", "2"), "zh-Hans"),
        ("唔好意思，係4座唔係3座", ("4", "2"), "zh-Hans"),
    ],
)
async def test_her_place_corrected_before_acceptance_moves_her_report(
    make_bot: MakeBot, words: str, place: tuple[str, str], lang: str
) -> None:
    """It did nothing (or made #2 at the new place): #1 takes the new place and she is told it."""
    bot, mark = await report_then(make_bot, words, writer=RESIDENT, minutes=1)
    ev = await bot.event(1)
    assert await bot.event_count() == 1 and (ev.building, ev.unit) == place
    where = messages.location_label(lang, ev)
    assert sent_texts(bot.fake, GROUP_A, mark) == [t(lang, "followup.place_corrected", id=1, place=where)]


async def test_her_place_corrected_in_another_grid_goes_to_its_worker(make_bot: MakeBot) -> None:
    """7号楼 is grid B's: #1 goes to 赵师傅, as her edit of the report would."""
    bot = await merging_bot(make_bot)
    bot.fake.user_starts_bot(ZHAO)
    bot.fake.send_message(GROUP_A, RESIDENT, HALL_LIGHT)
    await bot.settle()
    await bot.advance(minutes=1)
    bot.fake.send_message(GROUP_A, RESIDENT, "不是3号楼，是7号楼")
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.building, ev.assignee_id) == ("7", ZHAO)


async def test_her_place_corrected_after_acceptance_reaches_her_worker(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    card = await accepted_by_wang(bot)
    assert card
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "写错了，是4号楼不是3号楼")
    await bot.settle()
    assert (await bot.event(1)).building == "3"
    assert [text for text in sent_texts(bot.fake, WANG, mark) if "#1" in text and "4号楼" in text]
