"""Residents' words around a report, merging on as in production (the residents57 sweep): a neighbour's same thing
by another name, her correction of where her problem is, and her thanks then her thing still a little wrong. Each
made a second event, did nothing, or was read as praise before."""

from __future__ import annotations

import html

import pytest
from harness import MakeBot, answer_to, exchange, press, sent_texts
from ids import GROUP_A, RESIDENT, WANG
from steps import HALL_LIGHT, her_closed, joined, merging_bot, report_then

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render import messages
from bot.render.i18n import t

LIFT5 = "5号楼电梯坏了"


@pytest.mark.parametrize(
    ("first", "words"),
    [(HALL_LIGHT, w) for w in ("声控灯不亮了", "楼道照明坏了", "the lights in the stairs are out", "聲控燈唔著")]
    + [(LIFT5, w) for w in ("升降机坏咗", "部升降機仲係壞咗", "升降機冇反應")],
)
async def test_a_neighbours_same_thing_by_another_name_joins_her_report(
    make_bot: MakeBot, first: str, words: str
) -> None:
    """Each made #2 "位置：未注明", paging 王师傅 twice for one light or lift: he joins #1."""
    assert await joined(make_bot, first, words) == (True, 1)


@pytest.mark.parametrize(
    ("first", "words"),
    [(LIFT5, w) for w in ("电梯里的灯坏了", "電梯入面嘅燈唔著", "the light in the lift is out")]
    + [(HALL_LIGHT, w) for w in ("电梯里的灯坏了", "路灯坏了")],
)
async def test_the_lifts_light_or_a_street_light_stays_its_own(make_bot: MakeBot, first: str, words: str) -> None:
    """The lift's light joined the lift (their words share 电梯): it is a report of its own."""
    assert await joined(make_bot, first, words) == (False, 2)


@pytest.mark.parametrize(
    ("first", "words"),
    [
        ("楼上漏水到我家", "不好意思，不是楼上，是我家卫生间漏水"),
        ("楼上漏水到我家", "唔好意思，唔係樓上，係我屋企廁所漏水"),
    ]
    + [(HALL_LIGHT, "不是楼道，是电梯里的灯")],
)
async def test_her_correction_of_where_before_acceptance_corrects_her_report(
    make_bot: MakeBot, first: str, words: str
) -> None:
    """Nothing was done: #1 reads her words with its own (王师傅's card too), and she is shown what now stands."""
    bot, mark = await report_then(make_bot, words, first=first, writer=RESIDENT, minutes=1)
    assert await bot.event_count() == 1 and (await bot.event(1)).text == f"{first}\n{words}"
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "followup.corrected", id=1, text=words)]
    assert html.escape(words) in bot.fake.find_message(WANG, "#1")["text"]


async def test_her_correction_of_where_after_acceptance_reaches_her_worker(make_bot: MakeBot) -> None:
    """Accepted, #1 keeps its words: 王师傅 reads hers (he would have gone upstairs)."""
    bot = await merging_bot(make_bot)
    card = await exchange(bot.fake, GROUP_A, RESIDENT, "楼上漏水到我家", "#1", where=WANG)
    await answer_to(bot.fake, press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "不好意思，不是楼上，是我家卫生间漏水")
    await bot.settle()
    assert (await bot.event(1)).text == "楼上漏水到我家" and await bot.event_count() == 1
    assert [text for text in sent_texts(bot.fake, WANG, mark) if "#1" in text and "我家卫生间漏水" in text]


async def test_not_upstairs_but_the_whole_building_without_water_is_no_word_of_her_leak(make_bot: MakeBot) -> None:
    """An outage her leak never told: not added to #1 as her words (the reader asks whether to report it)."""
    words = "不是楼上的问题，是整栋楼都停水了"
    bot, _ = await report_then(make_bot, words, first="楼上漏水到我家", writer=RESIDENT, minutes=1)
    assert (await bot.event(1)).text == "楼上漏水到我家"


async def answered_after_close(make_bot: MakeBot, first: str, words: str) -> tuple[Status, int]:
    """Her report `first` fixed by 王师傅, "is it fixed?" asked; her `words` under it: #1's status, the events."""
    bot, question = await her_closed(make_bot, first)
    bot.fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=question)
    await bot.settle()
    return (await bot.event(1)).status, await bot.event_count()


@pytest.mark.parametrize(
    ("first", "words"),
    [(HALL_LIGHT, w) for w in ("谢谢王师傅 灯偶尔还会闪", "谢谢师傅灯还是有点暗", "多謝師傅，盞燈仲有啲閃")]
    + [("3号楼2单元电梯坏了", w) for w in ("唔該晒，部電梯仲有少少震", "谢谢师傅 电梯偶尔还会卡一下")],
)
async def test_thanks_then_her_thing_still_a_little_wrong_reopens_it(make_bot: MakeBot, first: str, words: str) -> None:
    """Read as praise (closed) or as a new problem (#2 of no place): a part fixed, #1 opened again."""
    status, count = await answered_after_close(make_bot, first, words)
    assert status is not Status.CLOSED and count == 1


@pytest.mark.parametrize(("words", "events"), [("谢谢王师傅 灯好了", 1), ("谢谢，还有门禁坏了", 2)])
async def test_thanks_and_praise_or_a_second_problem_stay_as_they_were(
    make_bot: MakeBot, words: str, events: int
) -> None:
    assert await answered_after_close(make_bot, HALL_LIGHT, words) == (Status.CLOSED, events)


async def test_a_neighbour_joined_by_another_name_is_told_where(make_bot: MakeBot) -> None:
    bot, mark = await report_then(make_bot, "升降机坏咗", first=LIFT5)
    place = messages.location_label("zh-Hans", await bot.event(1))
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "merge.added_at", id=1, n=2, place=place)]
