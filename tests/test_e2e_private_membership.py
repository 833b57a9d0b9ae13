"""Second diff review (stop 46), mended: a resident let in by getChatMember (a member of grid B's group who never
wrote there) and reporting in private without a building is sent to grid A's worker: the group Telegram named is
not kept as hers."""

from __future__ import annotations

from harness import RunningBot, exchange
from ids import GROUP_B, RESIDENT3, WANG, ZHAO


async def test_member_of_group_b_reporting_privately_goes_to_grid_b(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    fake.user(RESIDENT3, "孙奶奶")
    fake.set_member(GROUP_B, RESIDENT3, "member")
    fake.user_starts_bot(RESIDENT3, send_start=True)
    await exchange(fake, RESIDENT3, RESIDENT3, "我家楼道灯坏了，晚上很黑", "已登记 #1")
    await running.settle()
    ev = await running.event(1)
    assert ev.grid_id == "B", (ev.grid_id, ev.assignee_id)


async def test_start_greets_a_member_who_never_wrote_and_points_a_stranger_to_the_group(running: RunningBot) -> None:
    """/start told a stranger to describe the problem here, then refused the report as a stranger's: a person in
    no residents' group is told to write in their building's group; one Telegram says is in one (who only reads
    it) is greeted as a neighbour who may report here."""
    fake = running.fake
    fake.user(RESIDENT3, "孙奶奶")
    stranger = await exchange(fake, RESIDENT3, RESIDENT3, "/start", "报事助手")
    assert "居民群里直接说" in stranger["text"] and "只受理居民群里的邻居" in stranger["text"]
    fake.user(RESIDENT3 + 1, "周阿姨")
    fake.set_member(GROUP_B, RESIDENT3 + 1, "member")
    neighbour = await exchange(fake, RESIDENT3 + 1, RESIDENT3 + 1, "/start", "报事助手")
    assert "直接描述问题即可" in neighbour["text"] and "只受理" not in neighbour["text"]
    await exchange(fake, RESIDENT3 + 1, RESIDENT3 + 1, "我家楼道灯坏了，晚上很黑", "已登记 #1")
