"""A bare "我家也是" after two reports just made (neighbour60): 刘阿姨's "3号楼楼道灯坏了" and 孙奶奶's
"5号楼停水了" in the same minute, then 陈先生's "我家也是" joined the newest without asking. Now he is asked which, a
button each with its number and first words, that only he may press; his press joins that one. Words naming the
problem ("我家也停水了") still choose by it, and after one report alone his "我家也是" joins it as before."""

from __future__ import annotations

from harness import MakeBot, RunningBot, answer_to, button_data, press, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3
from steps import merging_bot

from bot.core.callbacks import Action
from storage import reporters

HALL = "3号楼楼道灯坏了"
WATER = "5号楼停水了"


async def two_then(make_bot: MakeBot, words: str, *, second: bool = True) -> tuple[RunningBot, int]:
    """刘阿姨's hall light (#1) and, told so, 孙奶奶's water cut (#2) a moment later, then 陈先生's words: the bot and
    the call mark before his words."""
    bot = await merging_bot(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, HALL)
    if second:
        bot.fake.send_message(GROUP_A, RESIDENT3, WATER)
    await bot.settle()
    await bot.advance(minutes=1)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT2, words)
    await bot.settle()
    return bot, mark


async def joined(bot: RunningBot) -> list[int]:
    """The events 陈先生 is among the reporters of."""
    async with bot.ctx.db.read() as c:
        every = await reporters.for_events(c, [1, 2])
    return [n for n, reps in every.items() if RESIDENT2 in {r.user_id for r in reps}]


def question(bot: RunningBot) -> dict:
    """The bot's latest message in the group with a "which one" button."""
    found = [m for m in bot.fake.messages(GROUP_A) if button_data(bot.fake, GROUP_A, m["message_id"], Action.MINE_TOO)]
    assert found, "no question"
    return found[-1]


async def test_mine_too_after_two_reports_asks_which_by_buttons(make_bot: MakeBot) -> None:
    bot, mark = await two_then(make_bot, "我家也是")
    assert await joined(bot) == []
    asked = question(bot)
    labels = [b["text"] for row in asked["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [f"#1 {HALL}", f"#2 {WATER}"], labels
    assert len(sent_texts(bot.fake, GROUP_A, mark)) == 1
    refused = press(bot.fake, RESIDENT3, GROUP_A, asked["message_id"], Action.MINE_TOO, None)  # not his to press
    assert (await answer_to(bot.fake, refused))["show_alert"]
    await bot.settle()
    assert await joined(bot) == []


async def test_his_press_joins_the_one_he_pressed(make_bot: MakeBot) -> None:
    bot, _ = await two_then(make_bot, "我家也是")
    asked = question(bot)
    pick = next(
        b["callback_data"]
        for row in asked["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"].startswith("#1 ")
    )
    bot.fake.press_button(RESIDENT2, GROUP_A, asked["message_id"], pick)
    await bot.settle()
    assert await joined(bot) == [1]
    assert not button_data(bot.fake, GROUP_A, asked["message_id"], Action.MINE_TOO)  # answered: no buttons


async def test_words_naming_the_problem_choose_by_it(make_bot: MakeBot) -> None:
    bot, _ = await two_then(make_bot, "我家也停水了")
    assert await joined(bot) == [2]


async def test_after_one_report_mine_too_joins_it(make_bot: MakeBot) -> None:
    bot, _ = await two_then(make_bot, "我家也是", second=False)
    assert await joined(bot) == [1]
