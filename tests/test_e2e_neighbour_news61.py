"""Neighbours' words around a red (neighbour61). In a busy group, 老周's "赶紧关总阀" three minutes after 刘阿姨's red
burst pipe reached the worker of his own street lamp as "💬 #2 报告人补充" ("赶紧" read as a chase of it): a bare
urge naming none of his report's things, just after a neighbour's newer red, is now her red's news. A neighbour who
joined 刘阿姨's red ("我家也是") lowered it with his own "没事了，人救出来了", as its reporter's words do: now only she
(or staff) lowers it, and his words reach its workers as a neighbour's, she asked whether it is over. A neighbour's
news passed on was not kept in the red's log, so his /forget_me left his words in the staff's messages quoting him:
now it reaches them. With several reds open, news typed loose reached none: now the one it names, else its
writer is asked which, a button each only he may press."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, exchange, press, sent_texts, with_button
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, RESIDENT3, WANG
from test_e2e_neighbour_news import RED, red_reported, told
from test_e2e_privacy import found_in_database

from bot.core.callbacks import Action
from bot.core.types import Urgency


async def said(bot: RunningBot, user: int, words: str, under: int | None = None, minutes: int = 0) -> int:
    """A resident's words in the group (under a message, or typed loose), so many minutes on: the mark before."""
    if minutes:
        await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, user, words, reply_to_message_id=under)
    await bot.settle()
    return mark


async def test_a_joiners_over_words_are_news_not_a_lowering(make_bot: MakeBot) -> None:
    bot, report = await red_reported(make_bot)
    joined = await said(bot, RESIDENT2, "我家也是", under=report["message_id"])
    assert any("#1" in text for text in sent_texts(bot.fake, GROUP_A, joined))  # he joined her red
    for under in (None, report["message_id"]):  # typed loose, or under her report
        mark = await said(bot, RESIDENT2, "没事了，人救出来了", under=under, minutes=1)
        assert (await bot.event(1)).urgency is Urgency.RED  # a joiner alone does not lower it
        for chat in (WANG, LI, COMMITTEE):
            assert told(bot, chat, mark, "人救出来了"), chat
    assert await with_button(bot.fake, GROUP_A, Action.HER_OVER)  # she is asked, with her button
    await said(bot, RESIDENT, "人救出来了，孩子没事", minutes=1)  # her own words lower it, as they always did
    assert (await bot.event(1)).urgency is Urgency.YELLOW


async def test_forget_me_reaches_the_staffs_messages_quoting_his_news(make_bot: MakeBot) -> None:
    bot, _ = await red_reported(make_bot)
    news = "人救出来了，是我家老二背出来的"
    mark = await said(bot, RESIDENT2, news)
    assert told(bot, WANG, mark, news) and any(news in text for text in sent_texts(bot.fake, COMMITTEE, mark))
    bot.fake.user_starts_bot(RESIDENT2, send_start=True)
    await exchange(bot.fake, RESIDENT2, RESIDENT2, "/forget_me confirm", "deleted")
    await bot.settle()
    left = found_in_database(bot.db_path, ["我家老二背出来"])
    assert not left, "\n".join(left)
    assert RED in (await bot.event(1)).text  # her report is hers, untouched


async def busy_group(make_bot: MakeBot) -> RunningBot:
    """陈先生's hall light (#1), 老周's street lamp (#2), then 刘阿姨's burst pipe (#3, red), five minutes apart."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    bot.fake.user(RESIDENT3, "老周")
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await said(bot, RESIDENT2, "5号楼楼道灯坏了")
    await said(bot, RESIDENT3, "3号楼门口的路灯不亮了", minutes=5)
    await said(bot, RESIDENT, "3号楼2单元水管爆了，水喷得到处都是", minutes=5)
    assert [(await bot.event(n)).urgency is Urgency.RED for n in (1, 2, 3)] == [False, False, True]
    return bot


async def test_an_urge_after_a_neighbours_red_is_news_of_it(make_bot: MakeBot) -> None:
    bot = await busy_group(make_bot)
    mark = await said(bot, RESIDENT3, "赶紧关总阀", minutes=3)
    for chat in (WANG, LI, COMMITTEE):  # the red's staff read it as a neighbour's, with no button
        assert any(
            "#3" in text and "邻居" in text and "赶紧关总阀" in text for text in sent_texts(bot.fake, chat, mark)
        )
    assert not any("#2" in text for text in sent_texts(bot.fake, WANG, mark))  # not his lamp's
    group = sent_texts(bot.fake, GROUP_A, mark)
    assert any("已转告 #3" in text for text in group) and not any("险情已经过去了吗" in text for text in group)
    assert await bot.event_count() == 3 and (await bot.event(3)).urgency is Urgency.RED
    burst = bot.fake.find_message(GROUP_A, "已登记 #3")["message_id"]
    mark = await said(bot, RESIDENT3, "快点关总阀啊", under=burst)  # under her red: its news, no danger to check
    assert any("#3" in text and "快点关总阀" in text for text in sent_texts(bot.fake, LI, mark))
    assert not any("快点关总阀" in text and "邻居" not in text for text in sent_texts(bot.fake, COMMITTEE, mark))
    assert not any("是，请登记" in str(c.params) for c in bot.fake.calls[mark:])
    mark = await said(bot, RESIDENT3, "我的路灯赶紧修一下", minutes=1)  # his lamp named: his chase of it
    assert any("#2" in text and "路灯赶紧修" in text for text in sent_texts(bot.fake, WANG, mark))
    ack = bot.fake.find_message(GROUP_A, "已登记 #2")["message_id"]
    mark = await said(bot, RESIDENT3, "赶紧修", under=ack)  # under his own acknowledgement: his
    assert any("#2" in text and "赶紧修" in text for text in sent_texts(bot.fake, WANG, mark))
    assert not any("#3" in text for text in sent_texts(bot.fake, LI, mark))


async def two_reds(make_bot: MakeBot) -> RunningBot:
    """刘阿姨's lift trapping a child (#1), then 老周's fire in building 5 (#2), two minutes apart."""
    bot, _ = await red_reported(make_bot)
    bot.fake.user(RESIDENT3, "老周")
    await said(bot, RESIDENT3, "5号楼楼道里着火了，好多烟")
    assert (await bot.event(2)).urgency is Urgency.RED
    return bot


async def test_news_naming_one_of_several_reds_reaches_that_one(make_bot: MakeBot) -> None:
    bot = await two_reds(make_bot)
    mark = await said(bot, RESIDENT2, "火已经灭了", minutes=1)
    assert any("#2" in text and "火已经灭了" in text for text in sent_texts(bot.fake, WANG, mark))
    assert not any("#1" in text for text in sent_texts(bot.fake, WANG, mark))
    asked = [text for text in sent_texts(bot.fake, GROUP_A, mark) if "险情已经过去了吗" in text]
    assert asked and all("#2" in text for text in asked)  # 老周 is asked, not 刘阿姨


async def test_news_naming_none_of_several_reds_asks_him_which(make_bot: MakeBot) -> None:
    bot = await two_reds(make_bot)
    news = "人救出来了，是楼下小伙子帮忙的"
    mark = await said(bot, RESIDENT2, news, minutes=1)
    for chat in (WANG, LI, COMMITTEE):  # to no red yet: it may be about either
        assert not any(news in text for text in sent_texts(bot.fake, chat, mark)), chat
    question = await with_button(bot.fake, GROUP_A, Action.RED_WHICH)
    labels = [row[0]["text"] for row in question["reply_markup"]["inline_keyboard"]]
    assert [label.split()[0] for label in labels] == ["#2", "#1"]
    forged = press(bot.fake, RESIDENT, GROUP_A, question["message_id"], Action.RED_WHICH)  # 刘阿姨 is not asked
    assert (await answer_to(bot.fake, forged))["show_alert"]
    await bot.settle()
    assert not any(news in text for text in sent_texts(bot.fake, WANG, mark))
    first, second = (row[0]["callback_data"] for row in question["reply_markup"]["inline_keyboard"])
    bot.fake.press_button(RESIDENT2, GROUP_A, question["message_id"], second)  # he presses #1
    await bot.settle()
    for chat in (WANG, LI, COMMITTEE):
        assert told(bot, chat, mark, news), chat
        assert not any("#2" in text and news in text for text in sent_texts(bot.fake, chat, mark)), chat
    assert "#1" in bot.fake.find_message(GROUP_A, "已转告")["text"]
    assert (await bot.event(1)).urgency is Urgency.RED  # news alone lowers nothing
    again = bot.fake.press_button(RESIDENT2, GROUP_A, question["message_id"], first)  # a stale #2 pressed after
    assert (await answer_to(bot.fake, again))["show_alert"]
    await bot.settle()
    assert not any("#2" in text and news in text for text in sent_texts(bot.fake, WANG, mark))
    bot.fake.user_starts_bot(RESIDENT2, send_start=True)
    await exchange(bot.fake, RESIDENT2, RESIDENT2, "/forget_me confirm", "deleted")
    await bot.settle()
    assert not found_in_database(bot.db_path, ["楼下小伙子帮忙"])
