"""The cards of those asked to help with an event that is not theirs (the backup when it escalates, everyone on duty
paged for a red) offer ✋ Accept alone (found in the worker review): their ↩️ Hand back only ever answered
"这不是您的任务，无法操作", since hand-back belongs to the worker the event was given to, who keeps his."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, press
from ids import GROUP_A, LI, RESIDENT2, WANG
from steps import first_report

from bot.core.callbacks import Action, decode


def actions(bot: RunningBot, chat_id: int, message_id: int) -> list[Action]:
    """The actions of the message's buttons, in order."""
    found = [decode(b.get("callback_data")) for b in bot.fake.buttons(chat_id, message_id)]
    return [cb.action for cb in found if cb is not None]


async def test_the_backup_asked_to_help_is_offered_accept_alone(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    await first_report(bot, "3号楼2单元楼道灯坏了", WANG, LI)
    await bot.advance(minutes=61)  # nobody accepted: the backup is asked to help
    help_card = bot.fake.find_message(LI, "#1")
    assert actions(bot, LI, help_card["message_id"]) == [Action.ACCEPT]
    assert actions(bot, WANG, bot.fake.find_message(WANG, "#1")["message_id"]) == [Action.ACCEPT, Action.HAND_BACK]
    await answer_to(bot.fake, press(bot.fake, LI, LI, help_card["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).assignee_id == LI


async def test_a_red_paged_to_everyone_offers_hand_back_to_its_worker_alone(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    _, paged = await first_report(bot, "3号楼2单元着火了，浓烟很大", WANG, LI, where=LI)
    assert actions(bot, LI, paged["message_id"]) == [Action.ACCEPT]
    assert actions(bot, WANG, bot.fake.find_message(WANG, "#1")["message_id"]) == [Action.ACCEPT, Action.HAND_BACK]
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")
    bot.fake.send_message(GROUP_A, RESIDENT2, "+1", reply_to_message_id=ack["message_id"])  # the cards are edited
    await bot.settle()
    edited = actions(bot, LI, paged["message_id"])
    assert Action.ACCEPT in edited and Action.HAND_BACK not in edited, edited
