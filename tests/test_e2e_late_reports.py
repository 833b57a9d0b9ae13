"""Reports the bot hears of long after they were written (it was down, or Telegram out of reach): Telegram keeps
them and the bot registers them when it hears of them, and says how late to the resident, the worker and the
committee (operations review: a fire written while the bot restarted was paged 25 minutes later as a fresh one, its
acknowledgement as if at once)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from harness import Clock, MakeBot, RunningBot
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, START, WANG

from bot.core.lateness import minutes_late, written_late
from bot.render.i18n import Waited, plain

ZH = "zh-Hans"
FIRE = "3号楼2单元着火了，好大的烟"


def started(bot: RunningBot) -> None:
    """Both workers of grid A started the bot (a fire pages both)."""
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)


async def fire_and_lift(bot: RunningBot) -> None:
    """A fire told 25 minutes late (#1), then a lift reported on time (#2): every message about them, settled."""
    fake = bot.fake
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    fake.send_message(GROUP_A, RESIDENT2, "5号楼电梯坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await bot.settle()


def assert_told_late(bot: RunningBot, caplog: pytest.LogCaptureFixture, minutes: int) -> None:
    """#1 says it was registered `minutes` late wherever it is told, and the log says so once; #2 nowhere."""
    fake = bot.fake
    ack, card = fake.find_message(GROUP_A, "已登记 #1"), fake.find_message(WANG, "#1")
    alert = fake.find_message(COMMITTEE, "紧急事件 #1")
    assert ack and plain(ZH, "ack.late", late=Waited(minutes)) in ack["text"], ack
    for told in (card, alert):
        assert told and plain(ZH, "dm.late", late=Waited(minutes)) in told["text"], told
    on_time = [fake.find_message(GROUP_A, "已登记 #2"), fake.find_message(WANG, "#2")]
    assert all(m and "⏱" not in m["text"] for m in on_time), on_time
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "after it was sent" in r.msg]
    assert len(said) == 1 and "#1" in said[0] and f"{minutes} minutes" in said[0], said


async def down_while_she_reports(make_bot: MakeBot, caplog: pytest.LogCaptureFixture, down: timedelta) -> RunningBot:
    """The bot stopped while she reports the fire (Telegram keeps it for the bot), started again `down` later: #1
    is told that late wherever it is told (the lift after it on time)."""
    caplog.set_level(logging.WARNING)
    clock = Clock()
    bot = await make_bot(clock=clock)
    started(bot)
    await bot.stop()
    bot.fake.send_message(GROUP_A, RESIDENT, FIRE)
    clock.at += down
    await bot.start()
    await fire_and_lift(bot)
    assert_told_late(bot, caplog, int(down.total_seconds() // 60))
    return bot


async def test_a_report_written_while_the_bot_was_down_says_how_late_it_was_registered(
    make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot is stopped (a restart, a crash) while 刘阿姨 reports a fire; it starts again 25 minutes later."""
    await down_while_she_reports(make_bot, caplog, timedelta(minutes=25))


async def test_a_report_written_while_telegram_was_out_of_reach_says_how_late_it_was_registered(
    make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram refuses the bot's connections for ten minutes (by the bot's clock) while she reports the fire."""
    caplog.set_level(logging.WARNING)
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    started(bot)
    await bot.settle()
    await fake.refuse_connections()
    fake.send_message(GROUP_A, RESIDENT, FIRE)
    clock.at += timedelta(minutes=10)
    await fake.accept_connections()
    await fire_and_lift(bot)
    assert_told_late(bot, caplog, 10)


async def test_a_report_kept_over_a_night_the_bot_was_down_says_how_late_in_hours(
    make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot is down overnight, eight hours, while she reports the fire: it was registered "8 小时" late, as the
    reminders tell such waits, not "480 分钟" to her, the worker and the committee."""
    bot = await down_while_she_reports(make_bot, caplog, timedelta(hours=8))
    assert "480" not in bot.fake.find_message(GROUP_A, "已登记 #1")["text"]


async def test_a_server_clock_a_few_minutes_fast_is_read_against_telegrams(
    make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The server's clock runs five minutes ahead of Telegram's (no NTP on the host): every report heard at once was
    told "registered 5 分钟 late" (review of the change). The bot reads Telegram's clock from the date of each
    message it sends, and keeps what it learnt: a report heard at once is on time, after a restart too, and one kept
    while the bot was down 25 minutes is told 25 minutes late, not 30."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    started(bot)
    bot.fake.follow_clock(lambda: clock.at - timedelta(minutes=5))  # Telegram's own clock, five minutes behind
    bot.fake.user_starts_bot(RESIDENT, send_start=True)  # the bot answers her: a message Telegram dates
    await bot.settle()
    bot.fake.send_message(GROUP_A, RESIDENT2, "7号楼楼道灯坏了")
    ack = await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "已登记 #1"))
    assert "⏱" not in ack["text"], ack["text"]
    await bot.stop()  # a new process: it knows the skew only from the database
    bot.fake.send_message(GROUP_A, RESIDENT, FIRE.replace("3号楼", "9号楼"))
    clock.at += timedelta(minutes=25)
    await bot.start()
    late = await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "已登记 #2"))
    assert plain(ZH, "ack.late", late=Waited(25)) in late["text"], late["text"]


def test_only_words_registered_three_minutes_or_more_after_they_were_sent_are_late() -> None:
    """A burst or a short retry is no lateness; a sent time unknown, or ahead of this clock, is none either."""
    assert written_late(START - timedelta(minutes=3), START) == START - timedelta(minutes=3)
    assert written_late(START - timedelta(minutes=2, seconds=59), START) is None
    assert written_late(START + timedelta(minutes=10), START) is None
    assert written_late(None, START) is None
    assert minutes_late(START - timedelta(minutes=25, seconds=40), START) == 25
    five = 300.0  # this clock five minutes ahead of Telegram's: her words read on it, five minutes later
    assert written_late(START - timedelta(minutes=5), START, five) is None
    assert written_late(START - timedelta(minutes=30), START, five) == START - timedelta(minutes=25)
