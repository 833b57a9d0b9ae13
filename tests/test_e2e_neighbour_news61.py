"""Neighbours' words around a red (neighbour61). A neighbour who joined 刘阿姨's red ("我家也是") lowered it with his
own "没事了，人救出来了", as its reporter's words do: now only she (or staff) lowers it, and his words reach its
workers as a neighbour's, she asked whether it is over. A neighbour's news passed on was not kept in the red's log,
so his /forget_me left his words in the staff's messages quoting him: now it reaches them."""

from __future__ import annotations

from harness import MakeBot, RunningBot, exchange, sent_texts, with_button
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG
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
