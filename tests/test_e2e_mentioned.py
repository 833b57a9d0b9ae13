"""Words in a residents' group that name the bot and that nothing else took are answered with what it does (day
review: "@bot how do I check what happened with my report?" got silence); once in ten minutes per person; a report
that names the bot is a report, with no such answer, and its words are hers without the bot's name (a sweep: the
worker's card read "内容：@linli_test_bot 3号楼…")."""

from __future__ import annotations

from harness import RunningBot, exchange, under
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.render.i18n import plain


async def test_a_question_to_the_bot_by_name_is_answered_once_in_a_while(running: RunningBot) -> None:
    fake = running.fake
    bot = running.ctx.bot_username
    asked = fake.send_message(GROUP_A, RESIDENT, f"@{bot} 我怎么知道我报的事有没有人管？")
    answer = await fake.wait_for(lambda: under(fake, GROUP_A, asked["message_id"]))
    assert answer["text"] == plain("zh-Hans", "about.mentioned", name="刘阿姨"), answer["text"]
    again = fake.send_message(GROUP_A, RESIDENT, f"@{bot} 在吗")
    await running.settle()
    assert under(fake, GROUP_A, again["message_id"]) is None  # once in ten minutes
    other = fake.send_message(GROUP_A, RESIDENT2, f"谢谢 @{bot}")
    assert await fake.wait_for(lambda: under(fake, GROUP_A, other["message_id"]))


async def test_a_report_naming_the_bot_is_a_report_and_chat_without_it_stays_quiet(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    report = await exchange(fake, GROUP_A, RESIDENT, f"@{running.ctx.bot_username} 3号楼电梯坏了", "#1")
    assert plain("zh-Hans", "about.mentioned", name="刘阿姨") not in report["text"]
    assert (await running.event(1)).text == "3号楼电梯坏了"
    assert "@" not in fake.find_message(WANG, "#1")["text"]
    chat = fake.send_message(GROUP_A, RESIDENT2, "大家晚上好")
    await running.settle()
    assert under(fake, GROUP_A, chat["message_id"]) is None
