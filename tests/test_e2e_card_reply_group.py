"""A worker's words under his card of a report made in a residents' group (worker review: "明天下午三点上门" was
answered with how to use the buttons, and the resident never heard it): they reach her in private when she can be
messaged there; otherwise he is offered to say them in her group, under her report, and only his press posts them."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, answer_under, button_data, press
from ids import GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action
from bot.render.i18n import plain

LEAK = "3号楼2单元302厨房水管漏水了"


async def accepted_leak(make_bot: MakeBot, she_started: bool) -> tuple[RunningBot, dict, dict]:
    """刘阿姨 reports the leak in grid A's group (having started the bot in private, or not); 王师傅 accepts it: the
    bot, her report, and his card."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    if she_started:
        fake.user_starts_bot(RESIDENT, send_start=True)
    report = fake.send_message(GROUP_A, RESIDENT, LEAK)
    await bot.settle()
    card = fake.find_message(WANG, "#1")
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    return bot, report, card


async def test_his_words_reach_her_in_private_when_she_can_be_messaged(make_bot: MakeBot) -> None:
    bot, _, card = await accepted_leak(make_bot, she_started=True)
    told = await answer_under(bot.fake, WANG, "明天下午三点上门，家里要留人", card["message_id"])
    assert told["text"] == plain("zh-Hans", "card_reply.relayed", id=1)
    got = await bot.fake.wait_for(lambda: bot.fake.find_message(RESIDENT, "明天下午三点上门，家里要留人"))
    assert "王师傅" in got["text"] and "#1" in got["text"]
    assert "reply_to_message" not in got  # the group's message id names nothing in her private chat
    # her answer under them reaches him
    bot.fake.send_message(RESIDENT, RESIDENT, "好的，我下午在家", reply_to_message_id=got["message_id"])
    await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "我下午在家"))


async def test_otherwise_his_press_says_them_in_her_group_once(make_bot: MakeBot) -> None:
    bot, report, card = await accepted_leak(make_bot, she_started=False)
    fake = bot.fake
    words = "需要买配件，明天上午再来"
    offer = await answer_under(fake, WANG, words, card["message_id"])
    assert offer["text"] == plain("zh-Hans", "card_reply.offer_group", id=1)
    assert fake.find_message(GROUP_A, words) is None  # nothing in the group before he chooses
    data = button_data(fake, WANG, offer["message_id"], Action.SAY_IN_GROUP)
    fake.press_button(LI, WANG, offer["message_id"], data)  # not his words: refused
    await bot.settle()
    assert fake.find_message(GROUP_A, words) is None

    query = press(fake, WANG, WANG, offer["message_id"], Action.SAY_IN_GROUP)
    assert (await answer_to(fake, query)).get("text") == plain("zh-Hans", "card_reply.posted", id=1)
    said = await fake.wait_for(lambda: fake.find_message(GROUP_A, words))
    assert said["reply_to_message"]["message_id"] == report["message_id"] and "王师傅" in said["text"]
    assert fake.buttons(WANG, offer["message_id"]) == []
    fake.press_button(WANG, WANG, offer["message_id"], data)  # a slow phone's second press
    await bot.settle()
    assert [m["message_id"] for m in fake.messages(GROUP_A) if words in m.get("text", "")] == [said["message_id"]]
    # her answer under them in the group reaches him
    fake.send_message(GROUP_A, RESIDENT, "好的，明天上午我在家", reply_to_message_id=said["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "明天上午我在家"))


@pytest.mark.parametrize(("words", "events"), [("家里没人，敲门没人应", 1), ("家里没人，但是闻到煤气味", 2)])
async def test_nobody_home_at_his_visit_is_news_for_her_not_a_red(make_bot: MakeBot, words: str, events: int) -> None:
    """ "家里没人，敲门没人应" under his card of her leak was read as an unresponsive person: a red #2 paging everyone.
    It is news of his visit, for her; a danger beside it ("闻到煤气味") is still its own red report."""
    bot, _, card = await accepted_leak(make_bot, she_started=True)
    await answer_under(bot.fake, WANG, words, card["message_id"])
    await bot.settle()
    assert await bot.event_count() == events
    assert (bot.fake.find_message(RESIDENT, words) is not None) is (events == 1)
