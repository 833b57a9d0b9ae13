"""What the committee reads when the bot starts again after being down at night with a fire nobody accepted (outage
review): the fire is told at the start, with how long it has waited, beside the other events still waiting, not 20
minutes later at the third re-ping after the start; and not as "pinged several times", which nobody was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness import Clock, MakeBot, RunningBot, sent_texts
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG

from bot.render.i18n import Waited, plain

FIRE = "3号楼2单元着火了！快来人"
NIGHT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai


async def down_two_hours(make_bot: MakeBot, *reports: tuple[int, str]) -> tuple[RunningBot, int]:
    """Reports at 23:00 that nobody accepts; the bot stops two minutes later and starts again two hours after:
    the call mark of the start, once what the start fired is sent."""
    clock = Clock(NIGHT)
    bot = await make_bot(clock=clock, first_dm_cards=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    for who, words in reports:
        fake.send_message(GROUP_A, who, words)
    await fake.wait_for(lambda: fake.find_message(WANG, f"#{len(reports)}"))
    await bot.settle(timers=True)
    clock.at += timedelta(minutes=2)
    await bot.stop()
    clock.at += timedelta(hours=2)
    mark = len(fake.calls)
    await bot.start()
    await bot.settle(timers=True)
    return bot, mark


async def test_a_fire_waiting_when_the_bot_starts_again_is_told_to_the_committee_at_once(make_bot: MakeBot) -> None:
    """The fire alone: the committee hears at the start that it has waited two hours and that the workers were
    pinged again now (before: nothing until the third re-ping after the start, "已多次提醒")."""
    bot, mark = await down_two_hours(make_bot, (RESIDENT, FIRE))
    committee = sent_texts(bot.fake, COMMITTEE, mark)
    assert len(committee) == 1 and "#1" in committee[0] and "2 小时" in committee[0], committee
    assert "多次提醒" not in committee[0]
    said = plain("zh-Hans", "committee.red_waiting_late", id=1, urgency="🔴 紧急", waited=Waited(122), worker="王师傅")
    assert committee == [said], committee


async def test_a_fire_waiting_when_the_bot_starts_again_is_in_the_committee_s_list(make_bot: MakeBot) -> None:
    """The fire and a yellow waiting: one list to the committee at the start names both (before: the yellow only)."""
    bot, mark = await down_two_hours(make_bot, (RESIDENT, FIRE), (RESIDENT2, "4号楼门口垃圾没人收"))
    committee = sent_texts(bot.fake, COMMITTEE, mark)
    assert len(committee) == 1 and "#1" in committee[0] and "#2" in committee[0], committee
