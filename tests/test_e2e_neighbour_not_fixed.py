"""Resident review: a neighbour's "还是没修好" written under a closed event's message got no answer and reached no
one. She may not reopen it (only its reporters may): the committee is told, with the button that reopens it, and
she is told so; her "电梯又坏了" (a report of its own) still opens a new event there."""

from __future__ import annotations

from harness import MakeBot, RunningBot
from ids import COMMITTEE, GROUP_A, RESIDENT2
from steps import closed_lift, merging_bot

from bot.core.callbacks import Action
from bot.core.types import Status

NEIGHBOUR = 6002


async def under_the_fixed_lift(make_bot: MakeBot, user: int, words: str) -> tuple[RunningBot, dict]:
    """刘阿姨's lift #1 fixed (merging on), `user` writes `words` under its acknowledgement: the bot, settled, and
    the acknowledgement."""
    bot = await merging_bot(make_bot)
    ack = await closed_lift(bot)
    bot.fake.send_message(GROUP_A, user, words, reply_to_message_id=ack["message_id"])
    await bot.settle()
    return bot, ack


async def test_a_neighbours_still_not_fixed_reaches_the_committee_and_she_is_told(make_bot: MakeBot) -> None:
    bot, ack = await under_the_fixed_lift(make_bot, NEIGHBOUR, "还是没修好")
    fake = bot.fake
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
    bot, _ = await under_the_fixed_lift(make_bot, RESIDENT2, "电梯又坏了")
    assert await bot.event_count() == 2 and (await bot.event(2)).building == "3"
