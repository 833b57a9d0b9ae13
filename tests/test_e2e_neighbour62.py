"""Neighbours' words around an open red (neighbour62). 孙奶奶's "怎么还没人来", two minutes after 刘阿姨's red burst
pipe, reached the worker of her own hall light of the morning as "💬 #1 报告人补充" (and from 陈先生, who had no report,
it joined the red as his "mine too"): a chase for help just after a neighbour's red is now news of the red, for its
staff and the committee, answered with how the red stands; under her own acknowledgement it is hers as before.
News naming a kind of danger goes to the red of that kind (``core.hazard_kinds``): "水止住了" with a pot boiled dry
and a burst pipe open asked which, since "水" was water's in both; a Hong Kong neighbour's "𨋢" was no lift.
A neighbour's non-report naming the kind of danger of a red just made ("车库电动车着火了，没人受伤") was silent: its
news now. "您说的是哪一件险情？" nobody answered stayed up with its buttons: settled three minutes on."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, exchange, sent_texts, with_button
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, RESIDENT3, WANG
from test_e2e_neighbour_news61 import said, two_reds
from test_e2e_privacy import found_in_database

from bot.core.callbacks import Action
from bot.core.types import Urgency
from storage import reporters

HALL = "3号楼1单元楼道灯坏了，晚上太黑了"
BURST = "3号楼2单元水管爆了，水喷得到处都是"


def news_of(bot: RunningBot, chat: int, mark: int, number: int, words: str) -> bool:
    """Whether a chat got a neighbour's words as news of red #number since the mark."""
    return any(f"#{number}" in t and "邻居" in t and words in t for t in sent_texts(bot.fake, chat, mark))


async def hall_then_burst(make_bot: MakeBot) -> RunningBot:
    """孙奶奶's hall light in the morning (#1), 刘阿姨's burst pipe (#2, red) three hours on."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT3, HALL)
    await said(bot, RESIDENT, BURST, minutes=180)
    assert [(await bot.event(n)).urgency is Urgency.RED for n in (1, 2)] == [False, True]
    return bot


async def test_nobody_came_after_a_neighbours_red_is_news_of_the_red(make_bot: MakeBot) -> None:
    bot = await hall_then_burst(make_bot)
    mark = await said(bot, RESIDENT3, "怎么还没人来", minutes=2)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 2, "怎么还没人来"), chat
    assert not any("#1" in text for text in sent_texts(bot.fake, WANG, mark))  # not her hall light's
    assert "已转告负责 #2 的工作人员。#2 现在：待接单。" in sent_texts(bot.fake, GROUP_A, mark)
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")["message_id"]
    mark = await said(bot, RESIDENT3, "怎么还没人来", under=ack, minutes=1)  # under her own acknowledgement: hers
    assert any("#1" in text and "怎么还没人来" in text for text in sent_texts(bot.fake, WANG, mark))
    assert not any("#2" in text for text in sent_texts(bot.fake, LI, mark))


async def test_nobody_came_from_one_with_no_report_is_news_not_a_me_too(make_bot: MakeBot) -> None:
    bot = await hall_then_burst(make_bot)
    mark = await said(bot, RESIDENT2, "怎么还没人来啊？快点来人", minutes=2)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 2, "怎么还没人来啊？快点来人"), chat
    async with bot.ctx.db.read() as c:
        assert RESIDENT2 not in [r.user_id for r in await reporters.for_event(c, 2)]  # he did not join it
    assert await bot.event_count() == 2
    assert "已转告负责 #2 的工作人员。#2 现在：待接单。" in sent_texts(bot.fake, GROUP_A, mark)
    mark = await said(bot, RESIDENT, "怎么还没人来", minutes=1)  # its own reporter's chase: hers, as before
    assert any("#2" in text and "报告人" in text for text in sent_texts(bot.fake, WANG, mark))
    assert not news_of(bot, WANG, mark, 2, "怎么还没人来")


async def test_news_goes_to_the_red_of_its_kind_not_every_red_with_water_in_it(make_bot: MakeBot) -> None:
    """A pot boiled dry and a burst pipe were both water's ("水" was a word of water): "水止住了" asked which."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT3, "5号楼厨房锅里的水烧干了，冒烟了")
    await said(bot, RESIDENT, BURST, minutes=2)
    assert [(await bot.event(n)).urgency is Urgency.RED for n in (1, 2)] == [True, True]
    mark = await said(bot, RESIDENT2, "水止住了，没事了", minutes=1)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 2, "水止住了"), chat
        assert not any("#1" in text for text in sent_texts(bot.fake, chat, mark)), chat
    group = sent_texts(bot.fake, GROUP_A, mark)
    assert not any("哪一件" in text for text in group)
    assert any("#2" in text and "险情已经过去了吗" in text for text in group)  # 刘阿姨 is asked, not 孙奶奶


async def test_a_hong_kong_neighbours_lift_news_names_the_lift(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT, "3号楼2单元电梯困人了，有小孩在里面")
    await said(bot, RESIDENT3, "5号楼楼道里着火了，好多烟", minutes=2)
    mark = await said(bot, RESIDENT2, "𨋢入面啲人救咗出嚟", minutes=1)  # "𨋢": a lift, in Cantonese
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 1, "救咗出嚟"), chat
        assert not any("#2" in text for text in sent_texts(bot.fake, chat, mark)), chat
    assert not any("哪一件" in text for text in sent_texts(bot.fake, GROUP_A, mark))


GARAGE = "车库电动车着火了，没人受伤"


async def fire_reported(make_bot: MakeBot) -> RunningBot:
    """刘阿姨's fire in the garage (#1, red), 王师傅 and 李姐 paged."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT, "3号楼车库着火了，好大的烟")
    return bot


async def test_a_neighbours_words_of_the_reds_danger_are_its_news(make_bot: MakeBot) -> None:
    """The reader takes "车库电动车着火了，没人受伤" for no report, and nothing read it against the open fire."""
    bot = await fire_reported(make_bot)
    mark = await said(bot, RESIDENT3, GARAGE, minutes=1)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 1, GARAGE), chat
    group = sent_texts(bot.fake, GROUP_A, mark)
    assert "谢谢，已转告 #1 的工作人员。" in group and not any("险情已经过去了吗" in text for text in group)
    assert await bot.event_count() == 1 and (await bot.event(1)).urgency is Urgency.RED
    mark = await said(bot, RESIDENT2, "今晚吃火锅，谁来？", minutes=1)  # no danger: chat
    assert not sent_texts(bot.fake, WANG, mark) and not sent_texts(bot.fake, GROUP_A, mark)
    mark = await said(bot, RESIDENT2, GARAGE, minutes=40)  # long after the fire: not read as its news
    assert not any(GARAGE in text for text in sent_texts(bot.fake, WANG, mark))


async def test_her_own_words_of_her_reds_danger_reach_its_worker(make_bot: MakeBot) -> None:
    """The same words from the fire's own reporter were silent too."""
    bot = await fire_reported(make_bot)
    mark = await said(bot, RESIDENT, GARAGE, minutes=1)
    assert any("#1" in text and "报告人补充" in text and GARAGE in text for text in sent_texts(bot.fake, WANG, mark))
    assert "已转告负责 #1 的工作人员。" in sent_texts(bot.fake, GROUP_A, mark)
    assert await bot.event_count() == 1 and (await bot.event(1)).urgency is Urgency.RED


async def test_which_red_unanswered_goes_to_the_committee_and_loses_its_buttons(make_bot: MakeBot) -> None:
    """ "您说的是哪一件险情？" nobody answers stayed up with its buttons, his news with no one."""
    bot = await two_reds(make_bot)
    news = "人救出来了，是楼下小伙子帮忙的"
    await said(bot, RESIDENT2, news, minutes=1)
    question = await with_button(bot.fake, GROUP_A, Action.RED_WHICH)
    stale = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    mark = bot.fake.mark()
    await bot.advance(minutes=2)
    assert not sent_texts(bot.fake, COMMITTEE, mark)  # he still has time
    await bot.advance(minutes=1)
    note = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if news in text]
    assert len(note) == 1 and "#2、#1" in note[0] and "没说是哪一件" in note[0]
    for chat in (WANG, LI):  # to no red's workers: it may be about either
        assert not any(news in text for text in sent_texts(bot.fake, chat, mark)), chat
    edited = [c.params for c in bot.fake.calls[mark:] if c.method == "editMessageText"]
    edited = [p for p in edited if int(p["message_id"]) == question["message_id"]]
    assert edited and "转告居委会" in edited[-1]["text"]
    assert not edited[-1]["reply_markup"]["inline_keyboard"]  # its buttons gone
    late = bot.fake.press_button(RESIDENT2, GROUP_A, question["message_id"], stale)
    assert (await answer_to(bot.fake, late))["show_alert"]  # a press on a stale copy: already done
    await bot.settle()
    assert not any(news in text for text in sent_texts(bot.fake, WANG, mark))
    assert [(await bot.event(n)).urgency for n in (1, 2)] == [Urgency.RED, Urgency.RED]
    bot.fake.user_starts_bot(RESIDENT2, send_start=True)
    await exchange(bot.fake, RESIDENT2, RESIDENT2, "/forget_me confirm", "deleted")
    await bot.settle()
    assert not found_in_database(bot.db_path, ["楼下小伙子帮忙"])


async def test_which_red_unanswered_with_one_red_left_goes_to_that_one(make_bot: MakeBot) -> None:
    bot = await two_reds(make_bot)
    news = "人救出来了，是楼下小伙子帮忙的"
    await said(bot, RESIDENT2, news, minutes=1)
    question = await with_button(bot.fake, GROUP_A, Action.RED_WHICH)
    await said(bot, RESIDENT3, "火灭了，没人受伤", minutes=1)  # the fire's reporter: #2 is no longer red
    assert (await bot.event(2)).urgency is Urgency.YELLOW
    mark = bot.fake.mark()
    await bot.advance(minutes=2)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 1, news), chat
        assert not any("#2" in text and news in text for text in sent_texts(bot.fake, chat, mark)), chat
    edited = [c.params for c in bot.fake.calls[mark:] if c.method == "editMessageText"]
    assert any(int(p["message_id"]) == question["message_id"] and "已转告 #1" in p["text"] for p in edited)
