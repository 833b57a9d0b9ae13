"""Privacy review: a private report kept out of its group (🙈 anonymous, 🔒 not posted) stays out of it when it is
closed. A neighbour whose group report joined it is asked in the group without the closer's note (written for her,
it may name her room) and without the "after" photo (taken in her flat); she is told both in private."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_close
from ids import GROUP_A, RESIDENT, WANG
from steps import private_report_joined_in_the_group

from bot.core.callbacks import Action

NOTE = "302室家里没人，无法入户检修"


async def closed_cannot_fix(bot: RunningBot) -> None:
    """王师傅 closes #1 "cannot fix" with a note naming her room."""
    fake = bot.fake
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_CANNOT)
    await bot.settle()
    fake.send_message(WANG, WANG, NOTE)
    await bot.settle()


@pytest.mark.parametrize("choice", ["a", "x", "n"])
async def test_the_closers_note_reaches_the_group_only_when_she_posted_it_there_with_her_name(
    make_bot: MakeBot, choice: str
) -> None:
    """Anonymous (a) or not posted (x): 孙奶奶's question in the group said "原因：302室家里没人…"; now it asks
    about the handling without the reason. Posted with her name (n): the group read her room already, and the
    question quotes the reason as before. 刘阿姨 reads the reason in private either way."""
    bot = await private_report_joined_in_the_group(make_bot, choice, survey_delay_s=0)
    fake = bot.fake
    await closed_cannot_fix(bot)
    asked = await fake.wait_for(lambda: fake.find_message(GROUP_A, "只有报告人本人可以点选"))
    assert "暂时无法解决" in asked["text"], asked["text"]
    leaked = [m["text"] for m in fake.messages(GROUP_A) if "302" in m["text"]]
    if choice == "n":
        assert "原因：302室家里没人" in asked["text"], asked["text"]
    else:
        assert not leaked, leaked
    assert any(NOTE in m["text"] for m in fake.messages(RESIDENT)), [m["text"] for m in fake.messages(RESIDENT)]


def photos_to(bot: RunningBot, chat_id: int) -> list[dict]:
    """The photos the bot sent to a chat."""
    sent = [c for c in bot.fake.calls if c.ok and c.method == "sendPhoto"]
    return [c.params for c in sent if int(c.params["chat_id"]) == chat_id]


async def fixed_with_an_after_photo(bot: RunningBot) -> None:
    """王师傅 closes #1 as fixed and sends the "after" photo (taken in her bathroom)."""
    fake = bot.fake
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_FIXED)
    await bot.settle()
    fake.send_message(WANG, WANG, photo=True)
    await bot.settle()


async def test_the_after_photo_of_an_anonymous_report_stays_out_of_the_group(make_bot: MakeBot) -> None:
    """Questions out at once: the photo was sent to 孙奶奶's question in the group as soon as 王师傅 sent it."""
    bot = await private_report_joined_in_the_group(make_bot, "a", survey_delay_s=0)
    await fixed_with_an_after_photo(bot)
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "只有报告人本人可以点选"))
    assert photos_to(bot, GROUP_A) == [] and len(photos_to(bot, RESIDENT)) == 1


async def test_the_after_photo_sent_with_a_later_question_stays_out_of_the_group(make_bot: MakeBot) -> None:
    """Questions two hours after the close: the photo went with 孙奶奶's question in the group."""
    bot = await private_report_joined_in_the_group(make_bot, "x", clock=Clock())
    await fixed_with_an_after_photo(bot)
    await bot.advance(hours=3)
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "只有报告人本人可以点选"))
    assert photos_to(bot, GROUP_A) == [] and len(photos_to(bot, RESIDENT)) == 1
