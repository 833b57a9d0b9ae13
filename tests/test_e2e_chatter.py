"""A resident chatting to the bot in private ("hi", "are you there?", ten lines in a minute) was answered at every
line with how to write a report. Now the same answer is given once in ten minutes per person; a report, or a
different answer (their open reports, once one changed), comes at once; every message is still stored."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, exchange, press
from ids import GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.render.i18n import plain

CHATTER = ["你好", "在吗", "有人吗", "喂", "？？", "hello", "hi", "在不在", "怎么不回", "are you there"]
HOW = plain("zh-Hans", "private.how_to_report")
OPEN = plain("zh-Hans", "private.hint_open")


def said(bot: RunningBot, needle: str) -> int:
    """How many of the bot's messages to 刘阿姨 in private hold `needle`."""
    return sum(needle in m.get("text", "") for m in bot.fake.messages(RESIDENT))


async def chat(bot: RunningBot, lines: list[str]) -> None:
    """刘阿姨 writes these lines to the bot in private, a few seconds apart."""
    for line in lines:
        bot.fake.send_message(RESIDENT, RESIDENT, line)
        await bot.advance(seconds=5)


async def test_chatter_in_private_is_answered_once_a_while_and_a_change_at_once(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group
    await bot.settle()
    await chat(bot, CHATTER)
    assert said(bot, HOW) == 1, [m["text"][:30] for m in fake.messages(RESIDENT)]
    async with bot.ctx.db.read() as c:  # nothing lost: every line stored and handled
        rows = await c.execute_fetchall("SELECT status FROM inbox WHERE lane = ? AND user_id = ?", (RESIDENT, RESIDENT))
    assert [r[0] for r in rows].count("done") >= len(CHATTER), rows
    await bot.advance(minutes=10)
    await chat(bot, ["在吗", "有人吗"])
    assert said(bot, HOW) == 2  # ten minutes on: told again, once
    # a report is answered at once, and then her open report is shown, once, until it changes
    await exchange(fake, RESIDENT, RESIDENT, "3号楼2单元楼道灯坏了", "#1")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle()
    await chat(bot, ["修了吗", "怎么样了", "有人管吗"])
    assert said(bot, OPEN) == 1 and said(bot, HOW) == 2
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle()
    await chat(bot, ["修了吗", "怎么样了"])
    assert said(bot, OPEN) == 2, [m["text"][:30] for m in fake.messages(RESIDENT)]
    await exchange(fake, RESIDENT, RESIDENT, "/help", "/status")  # a command: answered as ever


async def test_thanks_for_a_fix_is_welcomed_not_asked_for_a_report(make_bot: MakeBot) -> None:
    """ "修好了，谢谢" with no report open (resident review: she was told "请描述需要处理的问题，并写上楼号单元", as if
    she had to report it again)."""
    bot = await make_bot(None, Clock())
    bot.fake.user_starts_bot(RESIDENT, send_start=True)
    bot.fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await bot.settle()
    await exchange(bot.fake, RESIDENT, RESIDENT, "修好了，谢谢", plain("zh-Hans", "private.you_are_welcome"), timeout=5)
