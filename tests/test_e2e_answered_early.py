"""Her words about her report typed after its close and before her "is it fixed?" question is due (two hours by
default) answer that question (residents' day: "灯修好了，谢谢王师傅" an hour after the close was dropped, and the
question came later all the same; "灯好了，就是有点暗" was lost; "修好了，但是师傅态度不好" was asked "Report it?")."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, fixed_by_wang, under
from ids import GROUP_A, RESIDENT, RESIDENT2, START, WANG

from bot.core.types import Status
from bot.render.i18n import plain


async def closed_an_hour_ago(make_bot: MakeBot, *started: int) -> RunningBot:
    """刘阿姨's hall light, fixed by 王师傅; an hour has passed, her question not yet due."""
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    for user in started:
        bot.fake.user_starts_bot(user, send_start=True)
    await bot.settle()
    await fixed_by_wang(bot, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.advance(hours=1)
    return bot


async def choices(bot: RunningBot) -> list[tuple[int, str, str | None]]:
    """Every survey row: who, its status, its choice."""
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall("SELECT user_id, status, choice FROM surveys ORDER BY id")
    return [tuple(r) for r in rows]


def questions(bot: RunningBot, chat_id: int) -> list[dict]:
    """The "is it fixed?" questions the bot put in a chat."""
    return [m for m in bot.fake.messages(chat_id) if "问题解决了吗" in (m.get("text") or "")]


async def test_her_thanks_typed_before_the_question_answer_it(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot)
    fake = bot.fake
    said = fake.send_message(GROUP_A, RESIDENT, "灯修好了，谢谢王师傅👍")
    reply = await fake.wait_for(lambda: under(fake, GROUP_A, said["message_id"]))
    assert reply["text"] == plain("zh-Hans", "survey.done.satisfied", id=1)
    await bot.advance(hours=2)  # when the question was due: she is not asked what she already said
    assert questions(bot, GROUP_A) == []
    assert await choices(bot) == [(RESIDENT, "answered", "satisfied")]


async def test_started_she_is_not_asked_again_in_private(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot, RESIDENT)
    bot.fake.send_message(GROUP_A, RESIDENT, "thanks, the light works now")
    await bot.settle()
    await bot.advance(hours=2)
    assert questions(bot, RESIDENT) == [] and questions(bot, GROUP_A) == []
    assert await choices(bot) == [(RESIDENT, "answered", "satisfied")]


async def test_a_part_still_wrong_before_the_question_opens_it_again(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "灯好了，就是有点暗")
    await fake.wait_for(lambda: fake.find_message(WANG, "灯好了，就是有点暗"))
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_her_complaint_of_the_handling_is_her_answer_not_a_report(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "修好了，但是师傅态度不好")
    await bot.settle()
    assert await choices(bot) == [(RESIDENT, "answered", "unsatisfied")]
    assert await bot.event_count() == 1
    assert not bot.fake.find_message(GROUP_A, "需要处理的问题吗")


async def test_a_neighbours_thanks_answer_nothing(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT2, "修好了，谢谢师傅")
    await bot.settle()
    await bot.advance(hours=2)
    assert len(questions(bot, GROUP_A)) == 1
    assert await choices(bot) == [(RESIDENT, "open", None)]


async def test_once_the_question_was_due_the_words_answer_it_as_before(make_bot: MakeBot) -> None:
    bot = await closed_an_hour_ago(make_bot)
    await bot.advance(hours=2)
    assert len(questions(bot, GROUP_A)) == 1
    bot.fake.send_message(GROUP_A, RESIDENT, "修好了，谢谢")
    await bot.settle()
    assert await choices(bot) == [(RESIDENT, "answered", "satisfied")]
