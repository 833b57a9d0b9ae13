"""Resident review (stop 47): a reply read as a report of its own, naming no building, is placed where the event it
replies to is."""

from __future__ import annotations

from harness import MakeBot
from ids import GROUP_A, RESIDENT2, WANG
from steps import closed_lift, merging_bot


async def test_someone_trapped_under_the_fixed_lifts_event_is_sent_to_its_building(make_bot: MakeBot) -> None:
    """Under fixed #1 a neighbour writes "又不动了，困在里面了": red #2 paged everyone with "位置：未注明"."""
    bot = await merging_bot(make_bot)
    ack = await closed_lift(bot)
    bot.fake.send_message(GROUP_A, 6004, "又不动了，困在里面了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    ev = await bot.event(2)
    assert ev.urgency.value == "red" and (ev.building, ev.unit) == ("3", "2")
    card = bot.fake.find_message(WANG, "#2")
    assert "3号楼" in card["text"]


async def test_a_reply_naming_its_own_building_keeps_it(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    ack = await closed_lift(bot)
    bot.fake.send_message(GROUP_A, RESIDENT2, "5号楼的电梯也困人了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(2)).building == "5"
