"""How long an event waited, as the chasers tell it: by the clock, not by their schedule (crash review: after the bot
was down, the committee read "15 minutes unaccepted" of a fire that had waited an hour)."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot
from ids import COMMITTEE, GROUP_A, LI, START, WANG
from steps import first_report

from bot.core.types import Urgency
from bot.fakeapi import FakeTelegram


def minutes_said(fake: FakeTelegram, chat_id: int, needle: str) -> list[int]:
    """The minutes each of the bot's messages to a chat holding ``needle`` says ("已 60 分钟无人接单" → 60)."""
    return [
        int(m["text"].split(needle)[0].split()[-1].removeprefix("已"))
        for m in fake.messages(chat_id)
        if needle in m.get("text", "")
    ]


async def down_for(bot: RunningBot, clock: Clock, minutes: int) -> None:
    """The bot stops, stays down ``minutes`` (its timers fall due meanwhile), and starts again; settled."""
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    clock.at += timedelta(minutes=minutes)
    await bot.start()
    await bot.settle(timers=True)


async def test_after_a_restart_the_committee_is_told_how_long_a_red_really_waited(make_bot: MakeBot) -> None:
    """A fire at 10:00 nobody accepts; the bot is down from 10:01 to 10:50. The committee is told at the start that
    it has waited 50 minutes (the late re-ping: ``escalation.committee_missed``); its re-pings begin again after the
    start, and the committee's "still unaccepted" at the third says 60 minutes (it said 15: the re-ping's schedule)."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    await first_report(bot, "3号楼2单元着火了！快来人", WANG, LI, timers=True)
    await bot.advance(minutes=1)
    await down_for(bot, clock, 49)
    for _ in range(2):
        await bot.advance(minutes=5)
    assert clock.at - START == timedelta(minutes=60)
    assert minutes_said(fake, COMMITTEE, "分钟无人接单") == [50, 60]
    await bot.advance(minutes=10)  # the next re-ping, on time: the clock still counts from the report
    assert minutes_said(fake, COMMITTEE, "分钟无人接单") == [50, 60, 70]


async def test_a_reminder_after_downtime_says_how_long_the_event_really_waited(make_bot: MakeBot) -> None:
    """A green report at 10:00; the bot is down until 11:01, over its reminder (30 minutes) and its escalation (60):
    both fire at the start and say 61 minutes, to the worker, the backup and the committee (they said 30 and 60)."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    await first_report(bot, "4号楼的路灯不亮了", WANG, LI, timers=True)
    await down_for(bot, clock, 61)
    assert minutes_said(fake, WANG, "分钟无人接单") == [61]
    assert minutes_said(fake, LI, "分钟未接单") == [61]
    assert minutes_said(fake, COMMITTEE, "分钟无人接单") == [61]


async def test_a_report_raised_to_red_while_waiting_counts_from_the_report(make_bot: MakeBot) -> None:
    """ "3号楼电梯坏了" waits 10 minutes, then is edited into someone trapped: a red. Its re-pings are counted from
    the change, but the committee's "still unaccepted" at the third (15 minutes after it) says 25: it has waited since
    the report (it said 15)."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    report, _ = await first_report(bot, "3号楼电梯坏了", WANG, LI, timers=True)
    assert (await bot.event(1)).urgency is not Urgency.RED
    await bot.advance(minutes=10)
    fake.edit_message(GROUP_A, report["message_id"], "3号楼电梯坏了，有人被困在里面出不来")
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #1"))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.RED
    for _ in range(3):
        await bot.advance(minutes=5)
    assert minutes_said(fake, COMMITTEE, "分钟无人接单") == [25]


async def test_a_wait_of_a_night_the_bot_was_down_is_told_in_hours(make_bot: MakeBot) -> None:
    """Committee secretary review: the bot down eight hours overnight, the first reminder of a lamp reported the
    evening before read "已 480 分钟无人接单" to the worker and the committee (a weekend down: "2880 分钟"). It
    reads "8 小时" now; under two hours, minutes as before."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    await first_report(bot, "3号楼楼道灯坏了", WANG, LI)
    await down_for(bot, clock, 8 * 60)
    told = bot.fake.messages(WANG) + bot.fake.messages(COMMITTEE)
    said = [m["text"] for m in told if "无人接单" in m.get("text", "")]
    assert len(said) == 2 and all("已 8 小时无人接单" in s for s in said), said
