"""A worker's "今天去不了" typed under his card (worker review: the answer said "tap Hand back on the card", which had
scrolled out of sight on his phone, and was the same for one the event was only sent to, whose card has no Hand back):
his own event's answer carries the Hand back button, which works as the card's; one sent to him too is told it is
not his to hand back."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, answer_under, exchange, press
from ids import GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain


async def said_under_card(make_bot: MakeBot, report: str, worker: int, words: str) -> tuple[RunningBot, dict]:
    """刘阿姨 reports `report` in grid A's group (王师傅 on duty, 李姐 his backup, both started the bot); `worker`
    writes `words` under his card of #1: the bot, and its answer to them."""
    bot = await make_bot(None, Clock(START))
    for started in (WANG, LI):
        bot.fake.user_starts_bot(started)
    await exchange(bot.fake, GROUP_A, RESIDENT, report, "#1")
    card = await bot.fake.wait_for(lambda: bot.fake.find_message(worker, "#1"))
    await bot.settle()
    return bot, await answer_under(bot.fake, worker, words, card["message_id"])


async def test_his_cannot_go_is_answered_with_the_hand_back_button_which_hands_it_back(make_bot: MakeBot) -> None:
    bot, told = await said_under_card(make_bot, "3号楼2单元楼道灯坏了", WANG, "我在外面，今天去不了")
    assert told["text"] == plain("zh-Hans", "worker_words.hand_back", id=1)
    assert (await bot.event(1)).status is Status.DISPATCHED  # words alone hand nothing back
    query = press(bot.fake, WANG, WANG, told["message_id"], Action.HAND_BACK)
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.handed_back", id=1)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, LI)  # the next on duty has it
    await bot.fake.wait_for(lambda: bot.fake.find_message(LI, "#1"))


async def test_one_it_was_only_sent_to_is_told_there_is_nothing_to_hand_back(make_bot: MakeBot) -> None:
    """A red goes to everyone on duty: 李姐, the backup, is told #1 is not hers; no button, nothing changes."""
    bot, told = await said_under_card(make_bot, "3号楼2单元着火了，浓烟很大！", LI, "我今天休息去不了")
    assert told["text"] == plain("zh-Hans", "worker_words.not_yours", id=1)
    assert not told.get("reply_markup", {}).get("inline_keyboard")
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, WANG)
