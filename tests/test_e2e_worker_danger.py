"""Worker review (stop 47): a danger a worker writes to the bot while a close's question waits is a report, not the
question's answer; the question still waits for its answer."""

from __future__ import annotations

from harness import RunningBot, accept_and_close, exchange
from ids import GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action


async def test_a_danger_written_after_fixing_is_reported_not_taken_as_skip_the_photo(running: RunningBot) -> None:
    """After ✅ the card asks for an "after" photo; "5号楼2单元着火了，浓烟很大" was answered "好的，#1 不附照片。"
    and no event was made, nobody paged."""
    fake = running.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    await fake.wait_for(lambda: "处理后的照片" in (fake.find_message(WANG, "#1") or {}).get("text", "") or None)
    await running.settle()
    fake.send_message(WANG, WANG, "5号楼2单元着火了，浓烟很大")
    await running.settle()
    assert await running.event_count() == 2 and fake.find_message(WANG, "不附照片") is None
    assert (await running.event(2)).urgency.value == "red"


async def test_a_danger_written_while_a_reason_is_asked_does_not_close_the_event(running: RunningBot) -> None:
    """While "⛔ 无法解决" asked for the reason, the fire's words closed #1 with them as its reason (posted in the
    group under the light's report) and the fire reached no one. The reason typed after still closes #1."""
    fake = running.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, card["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "原因"))
    fake.send_message(WANG, WANG, "5号楼2单元着火了，浓烟很大")
    await running.settle()
    assert await running.event_count() == 2 and (await running.event(1)).status.value == "accepted"
    fake.send_message(WANG, WANG, "灯座线路老化，需要物业大修")
    await running.settle()
    ev = await running.event(1)
    assert ev.status.value == "closed" and ev.outcome_note == "灯座线路老化，需要物业大修"
