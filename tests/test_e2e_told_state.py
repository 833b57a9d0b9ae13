"""Her question about her open report ("怎么还没人来修？", "有人管吗？") reaches its worker and is answered with
how it stands (resident review: she read only "已转告负责 #1 的工作人员" and still did not know whether anyone had taken
it); her other words are answered as before."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, press
from ids import GROUP_A, RESIDENT, START, WANG

from bot.core import followup
from bot.core.callbacks import Action
from bot.render.i18n import t


async def answered(bot: RunningBot, words: str) -> str:
    """刘阿姨 types `words` in the group (replying to nothing); the bot's answer under them."""
    sent = bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    found = [
        m for m in bot.fake.messages(GROUP_A) if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
    ]
    assert len(found) == 1, found
    return found[0]["text"]


async def test_her_question_is_answered_with_how_it_stands(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    await bot.advance(minutes=20)
    waiting = t("zh-Hans", "state.dispatched")
    assert await answered(bot, "怎么还没人来修？") == t("zh-Hans", "followup.told_asked", id=1, state=waiting)
    card = bot.fake.find_message(WANG, "新事件 #1")
    await answer_to(bot.fake, press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    taken = t("zh-Hans", "state.accepted") + t("zh-Hans", "followup.by", worker="王师傅")
    assert await answered(bot, "有人管吗？") == t("zh-Hans", "followup.told_asked", id=1, state=taken)
    assert bot.fake.find_message(WANG, "有人管吗") is not None  # and he reads it


@pytest.mark.parametrize("words", ["我的报修怎么样了？", "我之前反映的问题有进展吗", "any update on my report?"])
async def test_her_question_naming_her_report_is_answered_in_the_group(make_bot: MakeBot, words: str) -> None:
    """Read as no report, it was dropped in the group (only her private chat listed her open reports)."""
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    await bot.advance(minutes=20)
    told = await answered(bot, words)
    assert told.endswith(t("zh-Hans", "state.dispatched") + "。") and "#1" in told, told
    assert await bot.event_count() == 1


@pytest.mark.parametrize(
    ("words", "asks"),
    [
        ("我的报修怎么样了？", True),
        ("我报的事有人管吗", True),
        ("my report status?", True),
        ("我的报修电话多少", False),
        ("我的灯坏了", False),
        ("my report: the lift in block 5 is broken", False),
    ],
)
def test_words_asking_how_her_report_stands(words: str, asks: bool) -> None:
    assert followup.asks_about_her_report(words) is asks
