"""A closed report edited by its writer (robustness review, then the diff review of that change): an edit into a
danger it did not tell, or into "not fixed", opens the event again as her words under it would; words the report
already said, an edit long after, or the edit of a duplicate open nothing, and the committee is told why it opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, text_in
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG
from test_e2e_surveys import close_as_duplicate, three_neighbours

from bot.core.types import Status, Urgency
from bot.render.i18n import plain

LIGHT = "3号楼2单元楼道灯坏了"
LEAK = "3号楼2单元楼道里水管漏水，水流到楼梯上了"  # yellow


async def _reported_and_fixed(bot: RunningBot, words: str = LIGHT) -> dict:
    """刘阿姨 reports ``words``, 王师傅 closes #1 as fixed; her report."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, words)
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await accept_and_fix(fake, WANG, dm["message_id"])
    await fake.wait_for(lambda: "已办结" in text_in(fake, GROUP_A, "已登记 #1") or None)
    await bot.settle()
    return report


@pytest.mark.parametrize(
    ("words", "red"),
    [("3号楼2单元楼道着火了！浓烟很大", True), ("修完第二天又不亮了，还是坏的", False)],
)
async def test_a_closed_report_edited_into_a_danger_or_not_fixed_opens_again(
    running: RunningBot, words: str, red: bool
) -> None:
    """Found in the robustness review: the reporter of a closed event edited her report into a fire (or into "not
    fixed"), and the edit was only logged: no event, no emergency numbers, no one told. It opens again, as her words
    under it would, and takes the new words (a fire: red, with what red does)."""
    fake = running.fake
    report = await _reported_and_fixed(running)
    fake.edit_message(GROUP_A, report["message_id"], words)
    await running.settle()
    ev = await running.event(1)
    assert ev.status.value == "dispatched" and ev.text == words
    assert (ev.urgency is Urgency.RED) is red
    if red:
        await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))


async def test_a_closed_report_edited_by_the_reporter_into_other_words_stays_closed(running: RunningBot) -> None:
    fake = running.fake
    report = await _reported_and_fixed(running)
    fake.edit_message(GROUP_A, report["message_id"], "3号楼2单元楼道灯坏了，谢谢师傅")
    await running.settle()
    assert (await running.event(1)).status.value == "closed"


async def test_a_typo_fixed_in_a_closed_again_report_does_not_reopen_it(make_bot: MakeBot) -> None:
    """'又坏了' was in the report itself; she adds a comma-and-please after it was fixed: nothing new is said."""
    bot = await make_bot(clock=Clock())
    report = await _reported_and_fixed(bot, "3号楼电梯又坏了")
    bot.fake.edit_message(GROUP_A, report["message_id"], "3号楼电梯又坏了，请尽快修")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED, "a typo fix reopened the fixed event"


async def test_an_edit_a_month_after_closing_does_not_reopen(make_bot: MakeBot) -> None:
    """Words under the event reopen it only within followup.REOPEN_WITHIN (7 days); the edit has no limit."""
    bot = await make_bot(clock=Clock())
    report = await _reported_and_fixed(bot)
    bot.clock.at += timedelta(days=40)
    bot.fake.edit_message(GROUP_A, report["message_id"], "修完第二天又不亮了，还是坏的")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED, "reopened 40 days after it was closed"


async def test_a_duplicate_edited_is_not_reopened_beside_its_original(make_bot: MakeBot) -> None:
    """#2 closed as a duplicate of #1 (its reporter now handled under #1): his typo fix opens #2 again, two events
    and two workers' cards for one lift."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    mine = fake.send_message(GROUP_A, RESIDENT2, "3号楼电梯又不动了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await bot.settle()
    await close_as_duplicate(bot, 2, 1)
    fake.edit_message(GROUP_A, mine["message_id"], "3号楼电梯又不动了！")
    await bot.settle()
    assert (await bot.event(1)).status is not Status.CLOSED
    assert (await bot.event(2)).status is Status.CLOSED, "the duplicate #2 was reopened beside #1"


async def test_a_closed_leak_edited_into_a_fire_is_not_called_not_solved(running: RunningBot) -> None:
    fake = running.fake
    report = await _reported_and_fixed(running, LEAK)
    fake.edit_message(GROUP_A, report["message_id"], "3号楼2单元楼道着火了！浓烟很大")
    await running.settle()
    said = plain("zh-Hans", "committee.alert.reopened")
    texts = [m.get("text", "") for m in fake.messages(COMMITTEE)]
    wrong = [x for x in texts if said in x]
    assert not wrong, f"the committee is told the resident says it is still not solved: {wrong}"
    assert [x for x in texts if plain("zh-Hans", "committee.alert.reopened_edit") in x and "着火" in x]
