"""The satisfaction question in a residents' group: one question for everyone who cannot be asked in private."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_fix, answer_to, button_data, press
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain
from storage import surveys

NEIGHBOURS = [6001 + i for i in range(25)]


async def bot_on(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=0)
    bot.fake.user_starts_bot(WANG)
    return bot


def questions(bot: RunningBot) -> list[dict]:
    return [m for m in bot.fake.messages(GROUP_A) if button_data(bot.fake, GROUP_A, m["message_id"], Action.RATE)]


async def answers(bot: RunningBot) -> dict[int, tuple[str, str | None]]:
    async with bot.ctx.db.read() as c:
        return {s.user_id: (s.status, s.choice) for s in await surveys.for_event(c, 1)}


async def said(bot: RunningBot, user_id: int, message_id: int, code: str) -> dict:
    answer = await answer_to(bot.fake, press(bot.fake, user_id, GROUP_A, message_id, Action.RATE, code))
    await bot.settle()
    return answer


async def test_25_plus_ones_share_one_question_each_answering_once(make_bot: MakeBot) -> None:
    """The lift is out and 25 neighbours "+1" under #1, none of them (nor 刘阿姨) started the bot. When it is fixed
    the group gets ONE question (it named each of them in a question of its own: 26 at once), naming three; any of
    the 26 may answer, each once (a row each, as the digest counts them); a stranger is told only #1's reporters
    may; one "not solved" reopens #1."""
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯坏了")
    await bot.settle()
    ack = fake.find_message(GROUP_A, "已登记 #1")
    for uid in NEIGHBOURS:
        fake.send_message(GROUP_A, uid, "+1", reply_to_message_id=ack["message_id"])
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    [q] = questions(bot)
    assert "问题解决了吗" in q["text"] and "报告了 #1 的居民都可以点选" in q["text"]
    assert [e["type"] for e in q["entities"]].count("text_mention") == 3
    assert len(await answers(bot)) == 26

    assert (await said(bot, NEIGHBOURS[0], q["message_id"], "ok"))["text"] == plain("zh-Hans", "cb.survey.satisfied")
    assert (await said(bot, RESIDENT, q["message_id"], "meh"))["text"] == plain("zh-Hans", "cb.survey.unsatisfied")
    again = await said(bot, NEIGHBOURS[0], q["message_id"], "meh")
    assert again["text"] == plain("zh-Hans", "cb.survey_already")
    stranger = await said(bot, 7777, q["message_id"], "no")
    assert stranger["text"] == plain("zh-Hans", "cb.not_yours_survey", id=1) == "只有 #1 的报告人可以回答。"
    got = await answers(bot)
    assert got[NEIGHBOURS[0]] == ("answered", "satisfied") and got[RESIDENT] == ("answered", "unsatisfied")
    assert 7777 not in got and sum(1 for s, _ in got.values() if s == "answered") == 2
    assert (await bot.event(1)).status is Status.CLOSED

    await said(bot, NEIGHBOURS[7], q["message_id"], "no")
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert fake.find_message(GROUP_A, "#1 已重新打开")["message_id"] == q["message_id"]
    assert questions(bot) == []


async def test_a_reporter_whose_private_question_bounced_joins_the_group_question(make_bot: MakeBot) -> None:
    """陈先生 started the bot, then blocked it (the bot does not know yet): his private question gets a 403. He is
    asked by the question already in the group (edited to name him too), not by a second one, and his answer
    counts as his."""
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT2, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯坏了")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "3号楼2单元的电梯又坏了")
    await bot.settle()
    fake.blocked.add(RESIDENT2)
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    [q] = questions(bot)
    assert q["text"].startswith("刘阿姨、陈先生：") and "报告了 #1 的居民都可以点选" in q["text"], q["text"]
    await said(bot, RESIDENT2, q["message_id"], "ok")
    assert (await answers(bot))[RESIDENT2] == ("answered", "satisfied")
    assert (await answers(bot))[RESIDENT] == ("open", None)
