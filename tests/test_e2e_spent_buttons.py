"""Resident review: a question answered keeps no buttons that no longer work. A satisfaction question in the group
asking her alone says her answer once she taps; one shared by neighbours loses its buttons when the last of them
answered; a "Report it?" question whose message was edited into a report says it was logged, with no buttons."""

from __future__ import annotations

from harness import MakeBot, RunningBot, accept_and_fix, answer_to, press
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import merging_bot
from unsure_examples import UNSURE_LIFT

from bot.core.callbacks import Action


def text_of(bot: RunningBot, message_id: int) -> str:
    return next(m["text"] for m in bot.fake.messages(GROUP_A) if m["message_id"] == message_id)


def assert_spent(bot: RunningBot, question: dict, says: str) -> None:
    """The group's question has no buttons left, and its text now holds `says`."""
    assert bot.fake.buttons(GROUP_A, question["message_id"]) == []
    assert says in text_of(bot, question["message_id"])


async def fixed(bot: RunningBot) -> dict:
    """#1 fixed by 王师傅: the group's satisfaction question."""
    fake = bot.fake
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    return fake.find_message(GROUP_A, "问题解决了吗")


async def rated(bot: RunningBot, user: int, question: dict, rating: str) -> None:
    """`user` answers the group's satisfaction question with the button of `rating`; settled."""
    fake = bot.fake
    await answer_to(fake, press(fake, user, GROUP_A, question["message_id"], Action.RATE, rating))
    await bot.settle()


async def test_her_own_question_in_the_group_loses_its_buttons_when_answered(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot, survey_delay_s=0)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    q = await fixed(bot)
    assert fake.buttons(GROUP_A, q["message_id"])
    await rated(bot, RESIDENT, q, "ok")
    assert_spent(bot, q, "感谢您的反馈")


async def test_a_shared_question_loses_its_buttons_when_all_answered(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot, survey_delay_s=0)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯坏了")
    await bot.settle()
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT2, "+1", reply_to_message_id=ack["message_id"])
    await bot.settle()
    q = await fixed(bot)
    await rated(bot, RESIDENT2, q, "ok")
    assert fake.buttons(GROUP_A, q["message_id"]), "刘阿姨 may still answer"
    await rated(bot, RESIDENT, q, "meh")
    assert_spent(bot, q, "问题解决了吗")


async def test_an_asked_message_edited_into_a_report_answers_its_question(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot, survey_delay_s=0)
    fake = bot.fake
    m = fake.send_message(GROUP_A, RESIDENT, UNSURE_LIFT)
    await bot.settle()
    q = fake.find_message(GROUP_A, "这是需要处理的问题吗")
    fake.edit_message(GROUP_A, m["message_id"], "5号楼2单元电梯坏了，停在3楼不动")
    await bot.settle()
    assert await bot.event_count() == 1
    assert_spent(bot, q, "修改后的消息已登记")
