"""The night's reminders (pages review 61): a yellow's fix-by time passing at 02:00 waits for its worker's shift (a
danger still open does not: ``test_e2e_night60``); a worker going off duty at 23:00 with nobody coming on does not
have the committee asked to arrange the work he accepted and keeps; a reminder due at a shift's start stays there
when the clock is set back (a point in time, not a wait)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from harness import Clock, MakeBot, RunningBot, press, sent_texts
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG
from test_e2e_night60 import EVENING, LI, MONDAY_2220
from test_timers_set_back import SteppedClock

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status, Urgency
from bot.render.i18n import plain
from bot.runtime import scheduler

WATER = "4号楼停水了，一整天都没水"


async def yellow_accepted_late(make_bot: MakeBot, clock: Clock | None = None) -> RunningBot:
    """Monday 22:20 a water outage (yellow, fix-by four hours after its Accept); 王师傅, on duty until 23:00 (then
    nobody until 李姐 at 08:00, and he again at 14:00), accepts it at 22:24: fix by Tuesday 02:24."""
    clock = clock or Clock(MONDAY_2220)
    bot = await make_bot(parse_community(EVENING, "t"), clock, yellow_due_s=4 * 3600)
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, WATER)
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    await bot.advance(minutes=4)
    press(bot.fake, WANG, WANG, bot.fake.find_message(WANG, "#1")["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.ACCEPTED
    return bot


async def said_until(bot: RunningBot, hours: float, mark: int) -> list[tuple[str, int, str]]:
    """Ten minutes at a time until ``hours`` after Monday 22:20: what the committee and 王师傅 were sent, each with
    the local time at the end of the ten minutes it came in (22:24 on: 08:04 for 08:00)."""
    said = []
    while bot.ctx.now() < MONDAY_2220 + timedelta(hours=hours):
        await bot.advance(minutes=10)
        hour = (bot.ctx.now() + timedelta(hours=8)).strftime("%H:%M")
        said += [(hour, chat, text) for chat in (COMMITTEE, WANG) for text in sent_texts(bot.fake, chat, mark)]
        mark = bot.fake.mark()
    return said


def fix_by_notes(said: list[tuple[str, int, str]]) -> list[tuple[str, int]]:
    """When, and to whom, a fix-by reminder or an overdue notice went."""
    return [(hour, chat) for hour, chat, text in said if text.startswith(("⏰", "⌛"))]


async def test_a_yellow_s_fix_by_time_passing_at_night_waits_for_its_worker_s_shift(make_bot: MakeBot) -> None:
    """Night review: "⏰ 办结时限是 02:24" at 01:24 and "⌛ 已超过办结时限" at 02:24 woke 王师傅 for a water outage he
    sees to when his shift starts; he hears at 14:00 (a timer row: a restart keeps it), the committee at 08:00."""
    bot = await yellow_accepted_late(make_bot)
    mark = bot.fake.mark()
    said = await said_until(bot, 5, mark)  # Tuesday 03:20
    assert fix_by_notes(said) == [], said
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    await bot.start()
    said = await said_until(bot, 16.5, bot.fake.mark())  # Tuesday 14:50
    assert fix_by_notes(said) == [("08:04", COMMITTEE), ("14:04", WANG)], said
    [told] = [text for _, chat, text in said if chat == WANG and text.startswith("⌛")]
    assert told.startswith(plain("zh-Hans", "dm.overdue", id=1, due="11-24 02:24")), told


async def test_work_the_leaving_worker_accepted_is_not_for_the_committee_to_arrange(make_bot: MakeBot) -> None:
    """23:00, nobody coming on: the committee read "未办结事件：#1，请居委会安排" of the outage 王师傅 had accepted and
    keeps; only #2, which nobody took, is asked for, #1 counted in a line."""
    bot = await yellow_accepted_late(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT2, "2号楼门口的垃圾三天没人收了")
    await bot.settle(timers=True)
    assert ((ev := await bot.event(2)).status, ev.assignee_id) == (Status.DISPATCHED, WANG)
    mark = bot.fake.mark()
    await bot.advance(minutes=40)  # 23:04
    [note] = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if text.startswith("🔄")]
    assert note.splitlines() == [
        plain("zh-Hans", "committee.handoff_nobody", worker="王师傅", ids="#2"),
        plain("zh-Hans", "committee.handoff_nobody_kept", n=1, worker="王师傅"),
    ], note


async def test_a_worker_going_off_with_only_work_he_keeps_asks_the_committee_nothing(make_bot: MakeBot) -> None:
    bot = await yellow_accepted_late(make_bot)
    mark = bot.fake.mark()
    await bot.advance(minutes=40)  # 23:04
    assert not [text for text in sent_texts(bot.fake, COMMITTEE, mark) if "#1" in text]
    assert any(text.startswith("🔄") for text in sent_texts(bot.fake, WANG, mark))  # he is told it stays his


@pytest.fixture
def stepped(monkeypatch: pytest.MonkeyPatch) -> SteppedClock:
    """The bot's clock at Monday 22:20, with a monotonic clock beside it that the scheduler reads."""
    clock = SteppedClock()
    clock.at = MONDAY_2220
    monkeypatch.setattr(scheduler, "time", SimpleNamespace(monotonic=clock.monotonic))
    return clock


async def test_a_notice_due_at_a_shift_s_start_stays_there_when_the_clock_is_set_back(
    make_bot: MakeBot, stepped: SteppedClock
) -> None:
    """The review: the committee's part of the overdue notice, due when the next shift starts (08:00), was moved an
    hour earlier by a clock set back an hour at 03:00, as a wait would be; so was his, due at 14:00."""
    bot = await yellow_accepted_late(make_bot, stepped)
    await said_until(bot, 4.7, bot.fake.mark())  # Tuesday 03:02: both notices wait for a shift's start
    stepped.step(-timedelta(hours=1))  # 02:02 by the host's clock put right
    await bot.app.bot_data["scheduler"].sync()  # its periodic look (TIMER_SYNC_S) at the rows
    said = await said_until(bot, 16.5, bot.fake.mark())
    assert fix_by_notes(said) == [("08:04", COMMITTEE), ("14:04", WANG)], said
