"""Her take-back naming her report ("我想取消报修", "cancel my report") withdraws it in the group however late, while
nobody has accepted it (resident review: twenty minutes on it was only passed to the worker, where her private chat
withdrew it); a take-back naming nothing ("发错了") later is still the worker's to judge."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot
from ids import GROUP_A, RESIDENT, START, WANG

from bot.core import followup
from bot.core.types import Status


@pytest.mark.parametrize(("words", "status"), [("我想取消报修", Status.CANCELLED), ("发错了", Status.DISPATCHED)])
async def test_a_late_take_back_naming_her_report_withdraws_it(make_bot: MakeBot, words: str, status: Status) -> None:
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    await bot.advance(minutes=20)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert (await bot.event(1)).status is status
    assert await bot.event_count() == 1


@pytest.mark.parametrize(
    ("words", "names"),
    [("取消刚才的报修", True), ("撤回我的报修", True), ("cancel my report", True), ("发错了", False), ("取消", False)],
)
def test_a_take_back_naming_her_report(words: str, names: bool) -> None:
    assert followup.cancels_her_report(words) is names
