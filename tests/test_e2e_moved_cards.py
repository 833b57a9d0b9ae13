"""A worker's card of an event moved away from him (handed back, to another grid) says who has it now at every
later edit (found in the worker review: a neighbour joining, or the resident editing, rewrote it as a fresh card
with no state line and no button: an event waiting for him that he could not accept)."""

from __future__ import annotations

from harness import MakeBot, RunningBot, answer_to, exchange, press
from ids import GROUP_A, LI, RESIDENT, RESIDENT2, WANG, ZHAO
from steps import first_report

from bot.core.callbacks import Action


def card(fake, message_id: int) -> dict:  # noqa: ANN001 - the fake Bot API
    """王师傅's message by its id, as it reads now."""
    return next(m for m in fake.messages(WANG) if m["message_id"] == message_id)


async def test_a_card_handed_back_still_names_who_has_it_when_a_neighbour_joins(make_bot: MakeBot) -> None:
    bot = await make_bot(merge_window_s=86400)
    fake = bot.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await bot.settle()
    await answer_to(fake, press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK))
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把您加入"))
    await bot.settle()
    mine = card(fake, dm["message_id"])
    assert "共 2 位" in mine["text"] and "现由李姐负责" in mine["text"], mine["text"]
    assert fake.buttons(WANG, dm["message_id"]) == []
    li = fake.find_message(LI, "#1")
    assert "现由" not in li["text"]  # hers: Accept, not "now with"


async def test_a_card_moved_to_another_grid_still_names_who_has_it_after_the_next_edit(
    running: RunningBot,
) -> None:
    fake = running.fake
    report, dm = await first_report(running, "3号楼2单元楼道灯坏了", WANG, LI, ZHAO)
    fake.edit_message(GROUP_A, report["message_id"], "7号楼1单元楼道灯坏了，一直闪")
    await fake.wait_for(lambda: fake.find_message(ZHAO, "#1"))
    await running.settle()
    fake.edit_message(GROUP_A, report["message_id"], "7号楼1单元楼道灯坏了，一直闪，晚上很黑")
    await running.settle()
    mine = card(fake, dm["message_id"])
    assert "晚上很黑" in mine["text"] and "现由赵师傅负责" in mine["text"], mine["text"]
    assert fake.buttons(WANG, dm["message_id"]) == []
