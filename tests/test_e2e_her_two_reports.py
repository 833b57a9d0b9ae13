"""Her words about one of her two open private reports (a resident's private-chat sweep: her dripping kitchen tap,
then her bathroom light): "水龙头我自己拧紧了，不用来了" was answered with a list of both, "不用来了" was no word about
a report at all, and "水龙头我自己拧紧了，不用来了，灯还是要修" joined the light's event as more words (its card
edited to read "…水龙头我自己拧紧了，不用来了，灯还是要修", the tap's worker still sent). Now words naming a thing of
one of them go to that one's worker, part by part where they turn from one to the other; the list names each."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, press, sent_texts
from ids import RESIDENT, WANG
from steps import her_private_chat_open

from bot.core import her_reports
from bot.core.callbacks import Action

TAP = "厨房水龙头一直滴水，3号楼2单元502"
LIGHT = "还有卫生间的灯也不亮了"


async def two_private_reports(make_bot: MakeBot, tap: str = TAP, light: str = LIGHT, post: bool = True) -> RunningBot:
    """刘阿姨 reports her tap (#1) and her light (#2) in private, neither posted in her group (``post``: she answers
    "post it in your group?" with "no"; else she leaves it unanswered)."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400)
    fake = bot.fake
    await her_private_chat_open(bot)
    for number, text in enumerate((tap, light), 1):
        fake.send_message(RESIDENT, RESIDENT, text)
        await bot.settle()
        if post:
            ask = await fake.wait_for(lambda n=number: fake.find_message(RESIDENT, f"#{n} 已登记。要不要"))
            press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "x")
            await bot.settle()
    assert [(await bot.event(n)).text for n in (1, 2)] == [tap, light]
    return bot


async def said(bot: RunningBot, words: str) -> tuple[list[str], list[str]]:
    """Her words in private: what she and 王师傅 were sent after them."""
    mark = bot.fake.mark()
    bot.fake.send_message(RESIDENT, RESIDENT, words)
    await bot.settle()
    return sent_texts(bot.fake, RESIDENT, mark), sent_texts(bot.fake, WANG, mark)


async def test_words_turning_from_her_tap_to_her_light_reach_each_ones_worker(make_bot: MakeBot) -> None:
    bot = await two_private_reports(make_bot)
    to_her, to_him = await said(bot, "水龙头我自己拧紧了，不用来了，灯还是要修")
    assert any("#1" in text and "「水龙头我自己拧紧了，不用来了」" in text for text in to_him), to_him
    assert any("#2" in text and "「灯还是要修」" in text for text in to_him), to_him
    assert [text for text in to_her if "#1" in text] and [text for text in to_her if "#2" in text], to_her
    assert [(await bot.event(n)).text for n in (1, 2)] == [TAP, LIGHT]  # nothing joined the light's words


@pytest.mark.parametrize("words", ["水龙头我自己拧紧了，不用来了", "水龙头不用修了"])
async def test_words_naming_her_tap_reach_its_worker_alone(make_bot: MakeBot, words: str) -> None:
    bot = await two_private_reports(make_bot)
    to_her, to_him = await said(bot, words)
    assert len(to_him) == 1 and "#1" in to_him[0] and words in to_him[0], to_him
    assert len(to_her) == 1 and "#1" in to_her[0] and "#2" not in to_her[0], to_her


async def test_no_visit_naming_neither_is_answered_with_her_reports_each_named(make_bot: MakeBot) -> None:
    bot = await two_private_reports(make_bot)
    to_her, to_him = await said(bot, "不用来了")
    assert not to_him
    assert len(to_her) == 1 and "#1 厨房水龙头" in to_her[0] and "#2 还有卫生间的灯" in to_her[0], to_her
    assert "您说的是哪一个？" in to_her[0]  # and how to say which


async def test_in_english_no_visit_for_her_tap_reaches_its_worker(make_bot: MakeBot) -> None:
    tap, light = "Kitchen tap keeps dripping, block 3 unit 2 flat 502", "Also the bathroom light is out"
    bot = await two_private_reports(make_bot, tap, light, post=False)
    to_her, to_him = await said(bot, "no need to come for the tap, I tightened it myself")
    assert len(to_him) == 1 and "#1" in to_him[0] and "tightened" in to_him[0], to_him
    assert len(to_her) == 1 and "#2" not in to_her[0], to_her


def test_her_words_cut_by_the_report_each_part_names() -> None:
    reports = [[TAP], [LIGHT]]
    assert her_reports.parts_by_report("水龙头我自己拧紧了，不用来了，灯还是要修", reports) == [
        (0, "水龙头我自己拧紧了，不用来了"),
        (1, "灯还是要修"),
    ]
    assert her_reports.parts_by_report("灯还是要修。水龙头不用了", reports) == [(1, "灯还是要修"), (0, "水龙头不用了")]
    assert her_reports.parts_by_report("水龙头和灯都不用修了", reports) == []  # one clause, both: not guessed
    assert her_reports.parts_by_report("不用来了，灯还是要修", reports) == []  # the first part names neither
    assert her_reports.named("水龙头不用修了", reports) == [0]
