"""Resident review: her next words just after her report, not written as a reply. The acknowledgement of a report
of no place asks where; a place alone from her fills it (and the worker's card); a report typed over quick messages
is one event with all its words; a new problem is still one of its own."""

from __future__ import annotations

import html

import pytest
from harness import MakeBot, RunningBot, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import merging_bot
from test_followup_rules import FINE_ALONE, FINE_THEN_BROKEN

from bot.render.i18n import plain


async def no_place_reported(make_bot: MakeBot) -> RunningBot:
    """刘阿姨 reports "楼道灯坏了" in grid A's group, no place named (merging on, 王师傅 started): the bot, settled."""
    bot = await merging_bot(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "楼道灯坏了")
    await bot.settle()
    return bot


async def her_light_then(make_bot: MakeBot, words: str, minutes: float) -> tuple[RunningBot, int]:
    """刘阿姨 reports "3号楼2单元楼道灯坏了" in grid A's group (merging on, 王师傅 started), then `minutes` on writes
    `words` there, not as a reply: the bot, settled, and the call mark from before her words."""
    bot = await merging_bot(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    return bot, mark


async def test_the_ack_of_no_place_asks_where_and_her_next_place_fills_it(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert "未注明" in ack["text"] and "在哪里" in ack["text"]
    said = len(fake.messages(GROUP_A))
    await bot.advance(minutes=3)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元")
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.building, ev.unit) == ("3", "2") and await bot.event_count() == 1
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert "3号楼2单元" in ack["text"] and "在哪里" not in ack["text"], ack["text"]
    assert len(fake.messages(GROUP_A)) == said  # no message of the bot's more
    card = fake.find_message(WANG, "新事件 #1")
    assert "3号楼2单元" in card["text"] and "补充了位置" in card["text"], card["text"]
    fake.send_message(RESIDENT, RESIDENT, "/status 1")
    fake.send_message(WANG, WANG, "/status 1")
    await bot.settle()
    for chat in (RESIDENT, WANG):  # the step in the timeline, for her and for the worker
        assert "报告人补充位置" in fake.messages(chat)[-1]["text"]


async def test_a_place_written_under_the_ack_fills_it(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "在3号楼2单元", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).building == "3"
    assert "在哪里" not in fake.find_message(GROUP_A, "已登记 #1")["text"]


async def test_a_neighbours_place_or_hers_much_later_fills_nothing(make_bot: MakeBot) -> None:
    bot = await no_place_reported(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT2, "5号楼")
    await bot.settle()
    assert (await bot.event(1)).building is None
    await bot.advance(minutes=30)
    fake.send_message(GROUP_A, RESIDENT, "7号楼")
    await bot.settle()
    assert (await bot.event(1)).building is None


async def test_a_report_in_three_quick_messages_is_one_event_with_all_its_words(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    fake = bot.fake
    for words in ("3号楼2单元", "楼道的灯", "坏了好几天了，晚上黑漆漆的"):
        fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    fake.send_message(WANG, WANG, "/status 1")
    await bot.settle()
    assert "报告人接着补充内容" in fake.messages(WANG)[-1]["text"]
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert (ev.building, ev.unit) == ("3", "2") and "黑漆漆" in ev.text and "楼道的灯" in ev.text
    assert len([m for m in fake.messages(GROUP_A) if "已登记" in (m.get("text") or "")]) == 1
    card = fake.find_message(WANG, "新事件 #1")
    assert "黑漆漆" in card["text"] and "3号楼2单元" in card["text"], card["text"]
    assert not [m for m in fake.messages(WANG) if "#2" in (m.get("text") or "")]


async def test_a_new_problem_right_after_is_its_own_event(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT, "还有楼下的垃圾好几天没人收了，很臭")
    await bot.settle()
    assert await bot.event_count() == 2
    assert "垃圾" not in (await bot.event(1)).text


async def test_forget_me_reaches_the_words_that_joined_her_report(make_bot: MakeBot) -> None:
    """Her later words are logged ("added_words") with her text; /forget_me left them there (review of the stop's
    diff)."""
    from harness import exchange
    from test_e2e_privacy import found_in_database

    bot = await merging_bot(make_bot)
    fake = bot.fake
    for words in ("3号楼2单元", "楼道的灯", "坏了好几天了，晚上黑漆漆的"):
        fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1 and "黑漆漆" in (await bot.event(1)).text
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.settle()
    left = found_in_database(bot.db_path, ["黑漆漆"])
    assert not left, "\n".join(left)


async def test_her_place_with_its_floor_fills_it(make_bot: MakeBot) -> None:
    """ "3号楼2单元5楼" when asked where (resident word sweep: #2 at 3号楼2单元 for the same light, 王师傅 sent twice,
    #1 still of no place): #1 is there, and no other event."""
    bot = await no_place_reported(make_bot)
    await bot.advance(minutes=2)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元5楼")
    await bot.settle()
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert (ev.building, ev.unit) == ("3", "2")
    assert "在哪里" not in bot.fake.find_message(GROUP_A, "已登记 #1")["text"]


async def test_her_light_by_another_name_minutes_later_reaches_its_worker(make_bot: MakeBot) -> None:
    """ "声控灯不亮" ten minutes after "3号楼2单元楼道灯坏了" (resident word sweep: #2 "位置：未注明" for her one
    light): 王师傅 reads it on #1, she is told so; "门铃坏了" then is a thing of its own, #2."""
    bot, mark = await her_light_then(make_bot, "声控灯不亮", minutes=10)
    fake = bot.fake
    assert await bot.event_count() == 1
    assert any("声控灯不亮" in text and "#1" in text for text in sent_texts(fake, WANG, mark))
    assert sent_texts(fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]
    await bot.advance(minutes=5)
    fake.send_message(GROUP_A, RESIDENT, "门铃坏了")
    await bot.settle()
    assert await bot.event_count() == 2


@pytest.mark.parametrize("words", ["昨晚就开始了", "上周就这样了", "从搬进来就这样", "since the weekend 🙄"])
async def test_since_when_right_after_her_report_joins_its_words(make_bot: MakeBot, words: str) -> None:
    """Open-report sweep: "since when" the reader has no word for was dropped, asked "Report it?" or #2 of no
    place. A minute after her report they are its words, on 王师傅's card."""
    bot, mark = await her_light_then(make_bot, words, minutes=1)
    assert await bot.event_count() == 1 and words in (await bot.event(1)).text
    assert sent_texts(bot.fake, GROUP_A, mark) == []  # no "Report it?", no acknowledgement of another
    assert words in html.unescape(bot.fake.find_message(WANG, "新事件 #1")["text"])


@pytest.mark.parametrize(
    "words",
    [
        "昨晚就开始了",
        "从上礼拜一直这样",
        "it's been like this since Monday",
        "前天晚上开始就不亮了",
        "從禮拜一開始就這樣",
    ],
)
async def test_since_when_later_reaches_its_worker(make_bot: MakeBot, words: str) -> None:
    """Ten minutes on: 王师傅 reads her words on #1, and she is told so."""
    bot, mark = await her_light_then(make_bot, words, minutes=10)
    assert await bot.event_count() == 1
    assert [words in html.unescape(text) and "#1" in text for text in sent_texts(bot.fake, WANG, mark)] == [True]
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]


@pytest.mark.parametrize(("words", "events"), [("昨晚就开始下雨了", 1), ("昨晚就开始停水了", 2)])
async def test_since_when_of_something_else_is_not_her_reports(make_bot: MakeBot, words: str, events: int) -> None:
    """Rain since last night is chat; water off since then a problem of its own."""
    bot, mark = await her_light_then(make_bot, words, minutes=10)
    assert await bot.event_count() == events
    assert not [text for text in sent_texts(bot.fake, WANG, mark) if "#1" in text]


@pytest.mark.parametrize(("words", "fine", "problem"), FINE_THEN_BROKEN)
async def test_her_light_fine_then_another_thing_broken_is_a_report_of_it(
    make_bot: MakeBot, words: str, fine: str, problem: str
) -> None:
    """Resident word sweep: "灯是好的，但是门禁坏了" typed below her light reached its worker as a note, and nobody
    was sent for the entry phone. Her light stays as it is (no take-back), its worker reads her words of it, and the
    entry phone is her report #2, acknowledged in the group and sent to 王师傅."""
    bot, mark = await her_light_then(make_bot, words, minutes=5)
    fake = bot.fake
    assert await bot.event_count() == 2
    assert (await bot.event(1)).status.value == "dispatched"
    second = await bot.event(2)
    assert (second.text, second.reporter_id, second.status.value) == (problem, RESIDENT, "dispatched")
    to_wang = [html.unescape(text) for text in sent_texts(fake, WANG, mark)]
    assert any("#1" in text and fine in text for text in to_wang)
    assert any("#2" in text and problem in text for text in to_wang)
    assert any("#2" in text for text in sent_texts(fake, GROUP_A, mark))


@pytest.mark.parametrize("words", FINE_ALONE)
async def test_her_light_fine_with_no_other_thing_is_no_report(make_bot: MakeBot, words: str) -> None:
    bot, _ = await her_light_then(make_bot, words, minutes=5)
    assert await bot.event_count() == 1
