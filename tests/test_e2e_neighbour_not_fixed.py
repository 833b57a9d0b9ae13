"""Resident review: a neighbour's "还是没修好" written under a closed event's message got no answer and reached no
one. She may not reopen it (only its reporters may): the committee is told, with the button that reopens it, and
she is told so; her "电梯又坏了" (a report of its own) still opens a new event there."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_fix
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.core.types import Status

NEIGHBOUR = 6002


async def closed_lift(bot: RunningBot) -> dict:
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯坏了")
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    return fake.find_message(GROUP_A, "已登记 #1")


async def test_a_neighbours_still_not_fixed_reaches_the_committee_and_she_is_told(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), merge_window_s=86400)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await closed_lift(bot)
    fake.send_message(GROUP_A, NEIGHBOUR, "还是没修好", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED  # she did not report it: not reopened by her
    told = fake.messages(GROUP_A)[-1]
    assert "#1" in told["text"] and "已转告居委会" in told["text"], told["text"]
    note = fake.find_message(COMMITTEE, "邻居")
    assert note is not None and "#1" in note["text"]
    reopen = f":{Action.REOPEN.value}:1"
    assert any(b.get("callback_data", "").endswith(reopen) for b in fake.buttons(COMMITTEE, note["message_id"]))
    fake.send_message(GROUP_A, NEIGHBOUR, "还是没修好", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert fake.messages(GROUP_A)[-1]["message_id"] == told["message_id"]  # said once


async def test_a_neighbours_broken_again_is_still_a_report_there(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), merge_window_s=86400)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await closed_lift(bot)
    fake.send_message(GROUP_A, RESIDENT2, "电梯又坏了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert await bot.event_count() == 2 and (await bot.event(2)).building == "3"
