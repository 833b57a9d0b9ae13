"""A worker whose card of an event is far up the chat (or deleted) gets it again, with its buttons, from what the bot
tells him of it: /my, the morning brief and a single fix-by reminder carry a '#12' button for each event (found in
the worker review: none had one, and "办结后请点「办结」" sent him scrolling for a card he had cleared)."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, data_of, exchange, press, shown
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action


async def accepted_one(bot: RunningBot) -> dict:
    """王师傅 accepts #1 and deletes its card (Telegram tells the bot nothing); #2 waits for him."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await shown(fake, WANG, dm["message_id"], Action.ACCEPT)
    await answer_to(fake, press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT))
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼路灯不亮", "#2", where=WANG)
    await bot.settle(timers=True)
    fake.delete_message(WANG, dm["message_id"])
    return dm


async def card_again(bot: RunningBot, message: dict, event_id: int, action: Action) -> dict:
    """Press the message's '#N' button: the event's card comes again below, with ``action`` among its buttons."""
    fake = bot.fake
    before = len(fake.messages(WANG))
    await answer_to(fake, press(fake, WANG, WANG, message["message_id"], Action.SHOW))
    await bot.settle()
    card = next(m for m in fake.messages(WANG)[before:] if f"#{event_id}" in m["text"])
    await shown(fake, WANG, card["message_id"], action)
    return card


async def test_my_gives_each_event_its_card_again(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_one(bot)
    mine = await exchange(fake, WANG, WANG, "/my", "待办事件（2）")
    data = data_of(fake, WANG, mine["message_id"])
    assert data == ["v1:shw:1", "v1:shw:2"], data
    assert "点下方编号" in mine["text"]
    card = await card_again(bot, mine, 1, Action.CLOSE)  # the accepted one: Close and Hand back
    press(fake, WANG, WANG, card["message_id"], Action.CLOSE)
    await shown(fake, WANG, card["message_id"], Action.CLOSE_FIXED)


async def test_the_fix_by_reminder_and_the_brief_bring_the_card_back(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_one(bot)
    await bot.advance(hours=22)  # 08:00 next day: the brief
    brief = await fake.wait_for(lambda: fake.find_message(WANG, "早上好"))
    assert data_of(fake, WANG, brief["message_id"]) == ["v1:shw:1", "v1:shw:2"]
    await bot.advance(hours=14, minutes=1)  # 75% of the green fix-by time: the reminder, alone
    remind = await fake.wait_for(lambda: fake.find_message(WANG, "办结时限"))
    assert data_of(fake, WANG, remind["message_id"]) == ["v1:shw:1"]
    await card_again(bot, remind, 1, Action.CLOSE)
