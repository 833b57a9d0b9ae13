"""The morning brief when DAILY_BRIEF_TIME moves between two runs (found in the second diff review): moved earlier
past the restart, today's brief comes at once instead of none today; sent late after an outage, then moved later,
it is not sent twice the same morning."""

from __future__ import annotations

from datetime import timedelta

from harness import MakeBot, RunningBot, press, shown
from ids import LI, WANG
from test_e2e_handoffs import day_night, restart

from bot.core.callbacks import Action


def briefs(bot: RunningBot, user: int) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(user) if "早上好" in m.get("text", "")]


async def test_a_brief_moved_earlier_past_the_restart_still_comes_today(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)  # Monday 10:00 Shanghai; the brief planned Tuesday 08:00
    await bot.advance(hours=12)  # Monday 22:00: #1 handed to 李 at 20:00, then her reminders (not at 07:30: a card
    await bot.advance(hours=2)  # of that moment is not listed in a brief beside it)
    await bot.advance(hours=7, minutes=30)  # Tuesday 07:30: none yet today
    await restart(bot, daily_brief_time="07:00")
    await bot.advance(minutes=5)
    assert len(briefs(bot, WANG) + briefs(bot, LI)) >= 1  # today's, at once
    sent = len(briefs(bot, WANG) + briefs(bot, LI))
    await bot.advance(hours=16)  # to Tuesday 23:35: no second one today
    assert len(briefs(bot, WANG) + briefs(bot, LI)) == sent


async def wang_took_it(make_bot: MakeBot) -> RunningBot:
    """``day_night``, 王 having accepted #1: it stays his, and no card of it comes with a morning's brief (a brief
    lists no event whose card comes as it does)."""
    bot = await day_night(make_bot)
    card = bot.fake.find_message(WANG, "#1")
    await shown(bot.fake, WANG, card["message_id"], Action.ACCEPT)
    press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    return bot


async def test_a_late_brief_then_moved_later_is_sent_once_that_morning(make_bot: MakeBot) -> None:
    bot = await wang_took_it(make_bot)
    await bot.advance(hours=21, minutes=55)  # Tuesday 07:55
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(minutes=15)  # down over the 08:00 brief
    await restart(bot, daily_brief_time="09:00")
    await bot.advance(hours=1)  # Tuesday 09:10
    assert len(briefs(bot, WANG)) == 1


async def test_a_brief_skipped_as_too_late_leaves_today_its_brief_at_the_new_time(make_bot: MakeBot) -> None:
    """Found in the third diff review: down from 07:55 to 12:00 (the 08:00 brief too late to send), restarted with
    the brief at 14:00: none that day, the skipped one counted as sent."""
    bot = await wang_took_it(make_bot)
    await bot.advance(hours=21, minutes=55)  # Tuesday 07:55
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(hours=4, minutes=5)  # Tuesday 12:00
    await restart(bot, daily_brief_time="14:00")
    await bot.advance(hours=2, minutes=10)  # Tuesday 14:10
    assert len(briefs(bot, WANG)) == 1
