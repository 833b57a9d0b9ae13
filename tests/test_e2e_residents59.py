"""Residents' words after a report, in any language (what residents58 left): her words in English about her two
private reports made in Chinese (and the reverse) named none of their things, so "no need to come for the tap, I
fixed it" got the "which one?" list; a thing's names now cross languages in one table (``core.thing_table``)."""

from __future__ import annotations

from html import escape

import pytest
from harness import MakeBot, RunningBot, press, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import merging_bot, report_then
from test_e2e_her_two_reports import LIGHT, TAP, said, two_private_reports

from bot.core import her_reports
from bot.core.callbacks import Action
from bot.core.types import Status, Urgency
from bot.render.i18n import t
from storage import reporters

TAP_EN, LIGHT_EN = "Kitchen tap keeps dripping, block 3 unit 2 flat 502", "Also the bathroom light is out"


CHINESE, ENGLISH = (TAP, LIGHT), (TAP_EN, LIGHT_EN)


@pytest.mark.parametrize(
    ("reports", "words", "number"),
    [
        (CHINESE, "no need to come for the tap, I fixed it", 1),
        (CHINESE, "no need to come for the faucet, I tightened it myself", 1),
        (CHINESE, "the tap is fine now, no need to come", 1),
        (CHINESE, "no need to come for the light, it works again", 2),
        (CHINESE, "水喉我自己整好咗，唔使嚟喇", 1),  # Cantonese: her tap by its Hong Kong name
        (ENGLISH, "水龙头我自己拧紧了，不用来了", 1),
        (ENGLISH, "水龙头不用修了", 1),
        (ENGLISH, "灯不用修了，已经好了", 2),
    ],
)
async def test_her_words_in_another_language_naming_one_report_reach_its_worker_alone(
    make_bot: MakeBot, reports: tuple[str, str], words: str, number: int
) -> None:
    """Her reports in one language (a dripping kitchen tap, a bathroom light), her words in another: the list of both
    came back. Its worker reads her words (or, "fine now" before he accepted it, it is withdrawn); the other is left
    as it was."""
    bot = await two_private_reports(make_bot, *reports, post=reports is CHINESE)
    to_her, to_him = await said(bot, words)
    other = 3 - number
    assert len(to_her) == 1 and f"#{number}" in to_her[0] and f"#{other}" not in to_her[0], to_her
    assert not [text for text in to_him if f"#{other}" in text], to_him
    withdrawn = (await bot.event(number)).status is Status.CANCELLED
    assert withdrawn or (len(to_him) == 1 and f"#{number}" in to_him[0] and words in to_him[0]), to_him


@pytest.mark.parametrize(
    ("reports", "parts"),
    [
        (CHINESE, ("no need to come for the tap, I fixed it", "the light still needs fixing")),
        (ENGLISH, ("水龙头我自己拧紧了，不用来了", "灯还是要修")),
    ],
)
async def test_her_words_turning_from_her_tap_to_her_light_in_another_language_reach_each_ones_worker(
    make_bot: MakeBot, reports: tuple[str, str], parts: tuple[str, str]
) -> None:
    bot = await two_private_reports(make_bot, *reports, post=reports is CHINESE)
    to_her, to_him = await said(bot, "。".join(parts))
    for number, part in enumerate(parts, 1):
        assert [text for text in to_him if f"#{number}" in text and part in text], to_him
        assert [text for text in to_her if f"#{number}" in text], to_her


async def test_no_visit_for_another_thing_names_neither_of_her_reports(make_bot: MakeBot) -> None:
    """The lift is neither her tap nor her light, in either language: not taken for one of them."""
    bot = await two_private_reports(make_bot)
    to_her, to_him = await said(bot, "no need to come for the lift")
    assert not any("#1" in text or "#2" in text for text in to_him), to_him
    assert not (len(to_her) == 1 and ("#1" in to_her[0]) != ("#2" in to_her[0])), to_her


def test_a_things_names_in_every_language_name_one_report() -> None:
    chinese = [["厨房水龙头一直滴水，3号楼2单元502"], ["还有卫生间的灯也不亮了"], ["5号楼电梯坏了"]]
    english = [[TAP_EN], [LIGHT_EN], ["The lift in block 5 is broken"]]
    for words, index in (("the tap is fixed", 0), ("水龙头好了", 0), ("the bulb is fine", 1), ("燈好返喇", 1)):
        assert her_reports.named(words, chinese) == [index], words
        assert her_reports.named(words, english) == [index], words
    for words in ("the elevator works now", "升降機冇事喇", "电梯好了"):
        assert her_reports.named(words, chinese) == [2] and her_reports.named(words, english) == [2], words
    assert her_reports.named("the toilet is fine", chinese) == []  # no thing of hers
    assert her_reports.named("门禁好了", english) == []


HALL3, LIFT3 = "3号楼楼道灯坏了", "3号楼电梯坏了"


async def his_reports(bot: RunningBot) -> list[int]:
    """The events 陈先生 is among the reporters of."""
    count = await bot.event_count()
    async with bot.ctx.db.read() as c:
        every = await reporters.for_events(c, list(range(1, count + 1)))
    return [n for n, reps in every.items() if RESIDENT2 in {r.user_id for r in reps}]


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("前天就这样了", "zh-Hans"),
        ("其实上周就这样了", "zh-Hans"),
        ("好几天了都", "zh-Hans"),
        ("it's been like this since Monday", "en"),
    ],
)
async def test_a_neighbours_since_when_after_two_reports_asks_which(make_bot: MakeBot, words: str, lang: str) -> None:
    """Two reports of different things in the group a minute apart (her hall light, her lift), then a neighbour's
    since when, naming neither: it fell through (dropped, asked "Report it?", or #3 of no place). He is asked which,
    each named; nothing is joined, nothing made, no colour raised."""
    bot, mark = await report_then(make_bot, words, first=HALL3, also=LIFT3)
    assert await bot.event_count() == 2 and await his_reports(bot) == []
    assert [(await bot.event(n)).urgency for n in (1, 2)] == [Urgency.GREEN, Urgency.GREEN]
    answers = sent_texts(bot.fake, GROUP_A, mark)
    assert len(answers) == 1 and t(lang, "merge.which_head") in answers[0], answers
    asked = bot.fake.find_message(GROUP_A, answers[0][:8])
    labels = [b["text"] for row in asked["reply_markup"]["inline_keyboard"] for b in row]  # each named on its button
    assert labels[0].startswith("#1 ") and "楼道灯" in labels[0] and labels[1].startswith("#2 ") and "电梯" in labels[1]


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("灯前天就不亮了", 1),
        ("楼道灯从上礼拜就一直这样", 1),
        ("the light has been out since Monday", 1),
        ("电梯前天就坏了", 2),
        ("the lift has been like this since Monday", 2),
    ],
)
async def test_a_neighbours_since_when_naming_one_of_two_reports_joins_it(
    make_bot: MakeBot, words: str, number: int
) -> None:
    bot, _ = await report_then(make_bot, words, first=HALL3, also=LIFT3)
    assert await bot.event_count() == 2 and await his_reports(bot) == [number]


@pytest.mark.parametrize(
    "words", ["门禁前天就坏了", "5号楼的灯前天就不亮了", "the gate intercom has been broken since Monday"]
)
async def test_a_neighbours_since_when_of_another_thing_or_building_joins_neither(
    make_bot: MakeBot, words: str
) -> None:
    bot, mark = await report_then(make_bot, words, first=HALL3, also=LIFT3)
    assert await his_reports(bot) in ([], [3])
    assert not [text for text in sent_texts(bot.fake, GROUP_A, mark) if "#1" in text and "#2" in text]  # no "which?"


# words of a week or more, by a neighbour or by her, before 王师傅 accepted #1 or after
LONG = ("其实上周就这样了", "同上，已经坏了一周了", "it's been like this since last week")
RAISING = [(w, RESIDENT2, False) for w in LONG]
RAISING += [("其实上周就这样了", RESIDENT, False), ("其实上周就这样了", RESIDENT2, True)]


@pytest.mark.parametrize(("words", "writer", "accepted"), RAISING)
async def test_a_colour_raised_by_words_is_told_to_its_worker_with_them(
    make_bot: MakeBot, words: str, writer: int, accepted: bool
) -> None:
    """Green to yellow by words of a week or more: only his card was edited, which makes no sound. 王师傅 (on duty
    and given it, or having accepted it) gets a new short message naming #1, its colour and the words."""
    bot = await merging_bot(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, HALL3)
    await bot.settle()
    if accepted:
        press(bot.fake, WANG, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"], Action.ACCEPT)
        await bot.settle()
    await bot.advance(minutes=3)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, writer, words)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    told = [text for text in sent_texts(bot.fake, WANG, mark) if t("zh-Hans", "dm.raised", id=1) in text]
    assert len(told) == 1 and f"「{escape(words)}」" in told[0], sent_texts(bot.fake, WANG, mark)


async def test_words_of_days_raise_nothing_and_tell_nothing(make_bot: MakeBot) -> None:
    bot, mark = await report_then(make_bot, "前天就坏了", first=HALL3)
    assert (await bot.event(1)).urgency is Urgency.GREEN
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "⚠️ #1" in text]
