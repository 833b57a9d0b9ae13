"""A worker's words under a close's question for a reason (worker review: "取消" typed there closed #1 as "cannot
fix", and the resident read "暂时无法解决。原因：取消"; "👍" was told to her as the reason): "取消" / "算了，先不关" /
"cancel" take the close back, words-less answers are asked for words, and a real reason closes it as before."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, answer_under, press
from ids import GROUP_A, RESIDENT, START, WANG

from bot.core.callbacks import Action
from bot.core.types import Outcome, Status
from bot.core.worker_words import cancels
from bot.render.i18n import plain


async def asked_for_a_reason(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """王师傅 accepts 刘阿姨's leak, taps ✔️ Close, then "cannot fix": the bot, and its question for the reason."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元302厨房水管漏水了")
    await bot.settle()
    card = fake.find_message(WANG, "#1")
    for action in (Action.ACCEPT, Action.CLOSE, Action.CLOSE_CANNOT):
        await answer_to(fake, press(fake, WANG, WANG, card["message_id"], action))
        await bot.settle()
    return bot, fake.messages(WANG)[-1]


@pytest.mark.parametrize("words", ["取消", "算了，先不关", "点错了", "cancel"])
async def test_taking_the_close_back_leaves_it_his_and_tells_her_nothing(make_bot: MakeBot, words: str) -> None:
    bot, question = await asked_for_a_reason(make_bot)
    group_before = len(bot.fake.messages(GROUP_A))
    told = await answer_under(bot.fake, WANG, words, question["message_id"])
    assert told["text"] == plain("zh-Hans", "worker_words.close_taken_back", id=1)
    ev = await bot.event(1)
    assert (ev.status, ev.outcome, ev.assignee_id) == (Status.ACCEPTED, None, WANG)
    await bot.settle()
    assert len(bot.fake.messages(GROUP_A)) == group_before
    # the question no longer waits: his next words under it are his, not a reason
    await answer_under(bot.fake, WANG, "水管要整段换", question["message_id"])
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_an_answer_without_words_is_asked_for_words_then_the_reason_closes_it(make_bot: MakeBot) -> None:
    bot, question = await asked_for_a_reason(make_bot)
    told = await answer_under(bot.fake, WANG, "👍", question["message_id"])
    assert told["text"] == plain("zh-Hans", "worker_words.note_needs_words", id=1)
    assert (await bot.event(1)).status is Status.ACCEPTED
    told = await answer_under(bot.fake, WANG, "需要整段更换水管，要业委会批准", question["message_id"])
    ev = await bot.event(1)
    assert (ev.status, ev.outcome, ev.outcome_note) == (
        Status.CLOSED,
        Outcome.CANNOT_FIX,
        "需要整段更换水管，要业委会批准",
    )


@pytest.mark.parametrize("words", ["需要整段更换水管", "已转给自来水公司", "好的", "取消了吗", "#12", "12345"])
def test_a_reason_or_an_answer_is_no_taking_back(words: str) -> None:
    assert not cancels(words)
