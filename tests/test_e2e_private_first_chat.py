"""An elderly resident's first private chat with the bot (sweep): her "什么时候来人？" a minute after her report was
added to its words in silence ("内容：厨房水管漏水了 什么时候来人？", no answer), and her "谢谢你" was answered with a
list of her reports and no "you're welcome". Now the question reaches the worker and she is told how it stands; her
thanks are thanked, then the list."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, sent_texts
from ids import GROUP_A, RESIDENT, WANG

from bot.render.i18n import plain

REPORT = "5栋2单元302厨房水管漏水了"


async def reported_in_private(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "大家好")  # known in a residents' group: her private reports are taken
    await bot.settle()
    bot.fake.send_message(RESIDENT, RESIDENT, REPORT)
    await bot.settle()
    await bot.advance(minutes=1)
    return bot


@pytest.mark.parametrize("chat", [RESIDENT, GROUP_A])
async def test_her_visit_asked_just_after_reaches_the_worker_and_is_answered(make_bot: MakeBot, chat: int) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "大家好")
    await bot.settle()
    fake.send_message(chat, RESIDENT, REPORT)
    await bot.settle()
    await bot.advance(minutes=1)
    mark = fake.mark()
    fake.send_message(chat, RESIDENT, "什么时候来人？")
    await bot.settle()
    assert (await bot.event(1)).text == REPORT  # not her problem's words
    assert any("什么时候来人" in text for text in sent_texts(fake, WANG, mark))  # a message he hears
    assert any("#1" in text for text in sent_texts(fake, chat, mark))  # she is answered with how #1 stands


async def test_her_thanks_are_thanked_before_her_reports_list(make_bot: MakeBot) -> None:
    bot = await reported_in_private(make_bot)
    mark = bot.fake.mark()
    bot.fake.send_message(RESIDENT, RESIDENT, "谢谢你")
    await bot.settle()
    (answer,) = sent_texts(bot.fake, RESIDENT, mark)
    assert answer.startswith(plain("zh-Hans", "private.hint_open_thanks")) and "#1" in answer
