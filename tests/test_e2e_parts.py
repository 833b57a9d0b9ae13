"""A new problem told after a thank-you, in the group: the bot asks its writer "Report it?" (the reader reads the
message part by part, ``bot/core/parser_parts.py``), and a yes registers the part that was asked about, with its
place, not the place of what was fixed."""

from __future__ import annotations

from harness import RunningBot, press, reported
from ids import GROUP_A, RESIDENT, WANG
from steps import asked_with_wang_on
from test_e2e_kinds import answer_to

from bot.core.callbacks import Action
from bot.core.types import Category
from bot.render.i18n import plain

# thanks for building 5's water, then building 7's lift: the question comes from the second part
THANKS_THEN_LIFT_ELSEWHERE = "5号楼的停水已经恢复了，谢谢物业。另外7号楼2单元电梯又坏了"


async def test_a_problem_after_thanks_is_asked_about_and_registered_on_yes(running: RunningBot) -> None:
    fake = running.fake
    ask = await asked_with_wang_on(running, RESIDENT, THANKS_THEN_LIFT_ELSEWHERE)
    assert ask["text"] == plain("zh-Hans", "confirm.ask")
    assert await running.event_count() == 0
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    ev = await running.event(1)
    assert (ev.category, ev.building, ev.unit, ev.reporter_id) == (Category.REPAIR, "7", "2", RESIDENT)


async def test_thanks_alone_gets_no_answer(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    before = len(fake.messages(GROUP_A))
    fake.send_message(GROUP_A, RESIDENT, "昨天的停水已经恢复了，谢谢物业。大家辛苦了！")
    # a report after it: once the bot has answered it, it has read the first
    fake.send_message(GROUP_A, RESIDENT, "5号楼2单元电梯坏了")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    await running.settle()
    bot_lines = [m for m in fake.messages(GROUP_A)[before:] if m.get("from", {}).get("is_bot")]
    assert len(bot_lines) == 1 and "#1" in bot_lines[0]["text"]
    assert await running.event_count() == 1


async def test_a_report_after_an_all_clear_is_placed_where_the_problem_is(running: RunningBot) -> None:
    """Read as a report outright, the message's first building (where the light was fixed) is not the event's."""
    await reported(running, "3栋的灯修好了谢谢师傅。不过8栋楼道的灯又不亮了")
    ev = await running.event(1)
    assert (ev.category, ev.building) == (Category.REPAIR, "8")
