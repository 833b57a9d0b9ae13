"""Her words said again around her own report (resident word sweep): "still not working" with exclamation marks
opened a red #2 of no place, paging everyone; her thing said fine and then another problem ("灯没事了，不过下水道堵了")
reached her light's worker as a note, or opened her light again; a correction in other words ("不好意思说错了，不是
漏水，是下水道堵了", in English after a Chinese report) was dropped or opened #2; thanks before a second problem left
her "is it fixed?" question waiting. A danger said with marks is still red: its own red event, or her open report of
its thing raised to red (neighbour60)."""

from __future__ import annotations

import html

import pytest
from harness import MakeBot, sent_texts
from ids import GROUP_A, RESIDENT, WANG
from steps import accepted_by_wang
from test_e2e_after_close import answers, closed, say
from test_e2e_same_problem import her_report_then

from bot.core.types import Urgency
from bot.render.i18n import t

LIGHT = "3号楼2单元楼道灯坏了"
LIFT = "3号楼2单元电梯坏了"
LEAK = "3号楼2单元家里漏水了"
LIFT_EN = "the lift in block 3 unit 2 is broken"
LIFT_HK = "3號樓2單元電梯壞咗"

STILL_SHOUTED = [
    (LIGHT, "真的不亮！！！"),
    (LIGHT, "还是不亮啊！！！"),
    (LIFT_EN, "lift still not working!!"),
    (LIFT_HK, "電梯仲係壞㗎！！"),
    (LIFT, "电梯还不能用！！！！"),
]


@pytest.mark.parametrize(("first", "then"), STILL_SHOUTED)
async def test_still_not_working_shouted_under_her_open_report_reaches_its_worker(
    make_bot: MakeBot, first: str, then: str
) -> None:
    """Five minutes on, "真的不亮！！！": no red #2 of no place; 王师傅 reads her words on #1, which stays as it was."""
    bot, mark = await her_report_then(make_bot, first, then, minutes=5)
    assert await bot.event_count() == 1
    assert (await bot.event(1)).urgency is not Urgency.RED
    assert [then in html.unescape(text) and "#1" in text for text in sent_texts(bot.fake, WANG, mark)] == [True]


@pytest.mark.parametrize(("first", "then"), STILL_SHOUTED)
async def test_still_not_working_shouted_after_her_closed_report_opens_it_again(
    make_bot: MakeBot, first: str, then: str
) -> None:
    bot, q = await closed(make_bot, first)
    await say(bot, q, then, replying=False)
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value != "closed"
    assert await answers(bot) == {RESIDENT: ("answered", "not_solved")}


@pytest.mark.parametrize("state", ["open", "closed"])
@pytest.mark.parametrize(("first", "then"), [(LIFT, "电梯里关着人了！！！"), (LIGHT, "着火了！！")])
async def test_a_danger_said_with_marks_is_its_own_red_event(
    make_bot: MakeBot, first: str, then: str, state: str
) -> None:
    if state == "open":
        bot, _ = await her_report_then(make_bot, first, then, minutes=5)
    else:
        bot, q = await closed(make_bot, first)
        await say(bot, q, then, replying=False)
    if state == "open" and first == LIFT:  # her open lift's own danger raises it (neighbour60): #1 is the red
        assert await bot.event_count() == 1 and (await bot.event(1)).urgency is Urgency.RED
        return
    assert await bot.event_count() == 2
    assert (await bot.event(2)).urgency is Urgency.RED


@pytest.mark.parametrize(
    ("first", "then", "hers", "problem"),
    [
        (LIGHT, "灯没事了，不过下水道堵了", "灯没事了", "下水道堵了"),
        (LIGHT, "灯现在亮了，但是电梯又坏了", "灯现在亮了", "电梯又坏了"),
        (LIFT_HK, "電梯冇事喇，不過樓梯燈唔著", "電梯冇事喇", "樓梯燈唔著"),
        (LIFT_EN, "the lift works, but the hallway light is out", "the lift works", "the hallway light is out"),
    ],
)
async def test_hers_fine_now_then_another_problem_under_her_open_report(
    make_bot: MakeBot, first: str, then: str, hers: str, problem: str
) -> None:
    """Her words of her thing reach its worker on #1; the other problem is her report #2, acknowledged."""
    bot, mark = await her_report_then(make_bot, first, then, minutes=5)
    assert await bot.event_count() == 2
    assert (await bot.event(2)).text == problem
    wang = [html.unescape(text) for text in sent_texts(bot.fake, WANG, mark)]
    assert any("#1" in text and hers in text for text in wang)
    assert any("#2" in text for text in sent_texts(bot.fake, GROUP_A, mark))


@pytest.mark.parametrize(
    ("first", "then", "problem"),
    [
        (LIGHT, "灯没事了，不过下水道堵了", "下水道堵了"),
        (LIGHT, "灯亮了，但是电梯坏了", "电梯坏了"),
        (LIFT_EN, "the lift works, but the gate intercom is broken", "the gate intercom is broken"),
        (LIGHT, "谢谢还有门禁坏了", "门禁坏了"),
        (LIGHT, "谢谢王师傅还有单元门门禁坏了麻烦来看看", "单元门门禁坏了麻烦来看看"),
        (LIGHT, "謝謝師傅，還有門禁也壞了", "門禁也壞了"),
    ],
)
async def test_fixed_or_thanks_then_another_problem_after_her_closed_report(
    make_bot: MakeBot, first: str, then: str, problem: str
) -> None:
    """Typed below her question: her answer is recorded (#1 stays closed), the other problem is her report #2."""
    bot, q = await closed(make_bot, first)
    await say(bot, q, then, replying=False)
    assert await answers(bot) == {RESIDENT: ("answered", "satisfied")}
    assert (await bot.event(1)).status.value == "closed"
    assert await bot.event_count() == 2
    assert (await bot.event(2)).text == problem


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (LEAK, "不好意思说错了，不是漏水，是下水道堵了"),
        (LIGHT, "correction: it's the gate intercom that is broken, not the light"),
        (LIGHT, "sorry my mistake, not the light, the lift is broken"),
    ],
)
async def test_a_correction_in_other_words_corrects_her_report(make_bot: MakeBot, first: str, then: str) -> None:
    """Before anyone accepted it: no #2, #1 reads her words with its own, and she is told it is corrected."""
    bot, mark = await her_report_then(make_bot, first, then, minutes=5)
    assert await bot.event_count() == 1
    assert (await bot.event(1)).text == f"{first}\n{then}"
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "followup.corrected", id=1, text=then)]


async def test_a_correction_in_english_after_acceptance_reaches_its_worker(make_bot: MakeBot) -> None:
    bot = await make_bot()
    await accepted_by_wang(bot, WANG)
    mark = bot.fake.mark()
    words = "correction: it's the gate intercom that is broken, not the light"
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1
    assert [words in html.unescape(text) and "#1" in text for text in sent_texts(bot.fake, WANG, mark)] == [True]
