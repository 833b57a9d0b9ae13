"""A plain yes or no typed without replying, while the writer's own "Report it?" question waits, answers it."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from unsure_examples import UNSURE_LIFT

from bot.render.i18n import plain

ASKED = "这是需要处理的问题吗"


async def asked(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """刘阿姨's "5号楼电梯今天感觉有点怪" and the bot's "Report it?" under it."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, UNSURE_LIFT)
    await bot.settle()
    return bot, bot.fake.find_message(GROUP_A, ASKED)


def now_reads(bot: RunningBot, message: dict) -> str:
    return bot.fake.chats[GROUP_A].messages[message["message_id"]].get("text", "")


async def test_a_yes_typed_without_replying_reports_what_she_was_asked_about(make_bot: MakeBot) -> None:
    """She types "是的" (no reply, as most elderly residents type): #1 is the lift in building 5, the question says
    it was registered; her "对，要报修" after it opens nothing more (it was an empty #2 "位置：未注明")."""
    bot, ask = await asked(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "是的")
    await bot.settle()
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert ev.building == "5" and "电梯" in ev.text
    assert now_reads(bot, ask) == plain("zh-Hans", "confirm.done_yes")
    bot.fake.send_message(GROUP_A, RESIDENT, "对，要报修")
    await bot.settle()
    assert await bot.event_count() == 1


async def test_yes_with_words_typed_without_replying_is_a_yes_with_them(make_bot: MakeBot) -> None:
    """ "对，要报修" alone, no reply: a yes; #1 is the lift in building 5, not "对，要报修" nowhere."""
    bot, _ = await asked(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "对，要报修")
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).building == "5"


@pytest.mark.parametrize("words", ["不用了", "不是报修，随便说说"])
async def test_a_no_typed_without_replying_closes_her_question(make_bot: MakeBot, words: str) -> None:
    """A no, and "不是报修，随便说说" (resident word sweep: it was registered as #1, "不是报修…", a report of no place
    sent to 王师傅): the question says no and nothing is registered."""
    bot, ask = await asked(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 0
    assert now_reads(bot, ask) == plain("zh-Hans", "confirm.done_no")


async def test_a_neighbours_yes_or_a_late_one_answers_nothing(make_bot: MakeBot) -> None:
    """陈先生's "是的" is not hers to give; hers half an hour later more likely answers a neighbour: the question
    still waits for its button."""
    bot, ask = await asked(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT2, "是的")
    await bot.settle()
    await bot.advance(minutes=30)
    bot.fake.send_message(GROUP_A, RESIDENT, "好的")
    await bot.settle()
    assert await bot.event_count() == 0
    assert ASKED in now_reads(bot, ask)


async def test_a_polite_cantonese_yes_typed_without_replying_is_a_yes(make_bot: MakeBot) -> None:
    """ "唔該登記" (please log it; the sweep: the question kept waiting, unanswered)."""
    bot, ask = await asked(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "唔該登記")
    await bot.settle()
    assert await bot.event_count() == 1
    assert now_reads(bot, ask) == plain("zh-Hans", "confirm.done_yes")
