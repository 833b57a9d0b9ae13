"""Neighbours' words around an open red (neighbour62). 孙奶奶's "怎么还没人来", two minutes after 刘阿姨's red burst
pipe, reached the worker of her own hall light of the morning as "💬 #1 报告人补充" (and from 陈先生, who had no report,
it joined the red as his "mine too"): a chase for help just after a neighbour's red is now news of the red, for its
staff and the committee, answered with how the red stands; under her own acknowledgement it is hers as before.
News naming a kind of danger goes to the red of that kind (``core.hazard_kinds``): "水止住了" with a pot boiled dry
and a burst pipe open asked which, since "水" was water's in both; a Hong Kong neighbour's "𨋢" was no lift."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, sent_texts
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, RESIDENT3, WANG
from test_e2e_neighbour_news61 import said

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


async def test_a_neighbours_words_of_the_reds_danger_are_its_news(make_bot: MakeBot) -> None:
    """The reader takes "车库电动车着火了，没人受伤" for no report, and nothing read it against the open fire."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT, "3号楼车库着火了，好大的烟")
    words = "车库电动车着火了，没人受伤"
    mark = await said(bot, RESIDENT3, words, minutes=1)
    for chat in (WANG, LI, COMMITTEE):
        assert news_of(bot, chat, mark, 1, words), chat
    group = sent_texts(bot.fake, GROUP_A, mark)
    assert "谢谢，已转告 #1 的工作人员。" in group and not any("险情已经过去了吗" in text for text in group)
    assert await bot.event_count() == 1 and (await bot.event(1)).urgency is Urgency.RED
    mark = await said(bot, RESIDENT2, "今晚吃火锅，谁来？", minutes=1)  # no danger: chat
    assert not sent_texts(bot.fake, WANG, mark) and not sent_texts(bot.fake, GROUP_A, mark)
    mark = await said(bot, RESIDENT2, words, minutes=40)  # long after the fire: not read as its news
    assert not any(words in text for text in sent_texts(bot.fake, WANG, mark))
