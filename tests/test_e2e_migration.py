"""Groups upgraded to supergroups: what waited in the outbox, and the committee chat's new id."""

from __future__ import annotations

from harness import RunningBot, exchange, press, until
from ids import RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.runtime import setup

OLD, NEW = -4001, -1004001


async def in_grid_a(running: RunningBot, chat_id: int) -> None:
    """A basic group added to grid A's chats."""
    running.fake.group(chat_id, "老群", type="group")
    running.ctx.community = running.ctx.community.model_validate(
        {
            **running.ctx.community.model_dump(),
            "grids": [
                {**g.model_dump(), "chats": [*g.chats, chat_id]} if g.id == "A" else g.model_dump()
                for g in running.ctx.community.grids
            ],
        }
    )
    await setup.sync_community(running.ctx)


async def test_an_edit_queued_before_the_upgrade_changes_no_other_events_message(running: RunningBot) -> None:
    """#1's acknowledgement edit and #2's acknowledgement wait (the group throttled) when the group is upgraded:
    message ids start afresh in the supergroup, so the edit, carrying the old id, would overwrite #2's there."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, OLD)
    await exchange(fake, OLD, RESIDENT, "1号楼楼道灯坏了", "#1")
    dm1 = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    fake.fail_next(None, 429, retry_after=2, times=1000, chat_id=OLD)
    fake.send_message(OLD, RESIDENT2, "2号楼电梯按钮坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    press(fake, WANG, WANG, dm1["message_id"], Action.ACCEPT)

    async def accepted() -> bool:
        return (await running.event(1)).status is Status.ACCEPTED

    await until(accepted)
    fake.migrate_group(OLD, NEW)
    ack2 = await fake.wait_for(lambda: fake.find_message(NEW, "#2"), timeout=15)
    fresh1 = await fake.wait_for(lambda: (m := fake.find_message(NEW, "#1")) and "王师傅" in m["text"] and m or None)
    await running.settle()
    now = {m["message_id"]: m for m in fake.messages(NEW)}
    assert "#2" in now[ack2["message_id"]]["text"] and "#1" not in now[ack2["message_id"]]["text"]
    assert (await running.event(2)).ack_message_id == ack2["message_id"]
    assert (await running.event(1)).ack_message_id == fresh1["message_id"]
    assert "reply_to_message" not in ack2  # its reply target was a message of the old group
