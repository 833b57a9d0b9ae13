"""The clock set back while the bot runs (an NTP step on a host that ran fast): the chasing timers written by the old
clock are not held for the size of the step (operations review: a fire's re-ping due in five minutes came an hour
and five minutes later, after an hour's step back; the sender already followed such a step, the timers did not)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, press
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG
from steps import accepted_by_wang

from bot.core.callbacks import Action
from bot.render.i18n import plain
from bot.runtime import scheduler
from bot.services import chase

ZH = "zh-Hans"


class SteppedClock(Clock):
    """The harness Clock with a monotonic clock beside it, as a host has: both stand still between the test's moves
    (the bot's real monotonic clock ran on, and the seconds a loaded machine took between two of the scheduler's
    looks read as a step that much longer: 3601 s for an hour's), and a step (`step`) moves the wall clock alone."""

    def __init__(self) -> None:
        super().__init__(START)
        self.stepped = timedelta(0)

    def step(self, delta: timedelta) -> None:
        self.at += delta
        self.stepped += delta

    def monotonic(self) -> float:
        return (self.at - self.stepped - START).total_seconds()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SteppedClock:
    """The bot's clock; the scheduler reads its monotonic clock beside it."""
    stepped = SteppedClock()
    monkeypatch.setattr(scheduler, "time", SimpleNamespace(monotonic=stepped.monotonic))
    return stepped


async def brief_times(bot: RunningBot) -> list[int]:
    """When the pending morning briefs are due (epoch seconds)."""
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall("SELECT due_at FROM timers WHERE kind = 'brief' AND status = 'pending'")
    return [int(r[0]) for r in rows]


async def test_a_red_re_ping_is_not_held_for_the_size_of_a_step_back(
    make_bot: MakeBot, clock: SteppedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A fire nobody accepts; the clock is set back an hour, the scheduler's periodic look at its rows comes, then
    five minutes pass: everyone on duty is pinged again then, as without the step (the morning brief, due at a time
    of day, stays where it was); the log says once that the timers were moved."""
    bot = await make_bot(clock=clock)
    fake = bot.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了，好大的烟")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle()
    briefs = await brief_times(bot)
    assert briefs, "no brief planned: proves nothing"
    clock.step(-timedelta(hours=1))
    await bot.app.bot_data["scheduler"].sync()  # its periodic look (TIMER_SYNC_S) at the rows
    await bot.advance(minutes=5)
    reping = plain(ZH, "dm.step.reping", n=1)
    assert fake.find_message(WANG, reping) and fake.find_message(LI, reping)
    assert await brief_times(bot) == briefs  # due at a time of day: 08:00 is 08:00 whatever the step
    told = [r.getMessage() for r in caplog.records if "pending timers moved" in r.getMessage()]
    assert len(told) == 1 and "set back 3600 s; 1 pending" in told[0], told


async def test_waits_written_after_the_step_are_not_moved_with_the_old_ones(make_bot: MakeBot) -> None:
    """The clock is set back an hour; before the scheduler's periodic look 王师傅 accepts #1, and its fix-by
    reminders are written by the new clock. The commit's wake-up is the look that finds the step: only the rows
    written by the old clock come earlier, not his, which would chase him (and tell the committee) an hour early."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle()
    await bot.app.bot_data["scheduler"].sync()  # its look before the step: the clock read as it was
    clock.at -= timedelta(hours=1)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall(
            "SELECT kind, due_at - created_at FROM timers WHERE event_id = 1 AND status = 'pending'"
        )
    fix_by = chase.policy(bot.ctx.settings).due_s((await bot.event(1)).urgency)
    assert dict(map(tuple, rows)).get("overdue") == fix_by, [tuple(r) for r in rows]


@pytest.mark.xfail(strict=True, reason="owner decision: how to follow a step forward (see the review's report)")
async def test_a_clock_set_back_by_mistake_and_put_right_fires_no_chase_early(make_bot: MakeBot) -> None:
    """Finding, not mended: 王师傅 accepted the hall light (fix-by two days on); someone sets the server's date back
    three days by mistake and puts it right a minute later. The step back moved every chasing timer three days
    earlier; the step forward, not followed, leaves them due at once: he is reminded and the committee told #1 is
    past its fix-by time just after he accepted it. Before the change, the round trip left no trace."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    await accepted_by_wang(bot, WANG)
    for step in (timedelta(0), -timedelta(days=3), timedelta(days=3)):  # each with the scheduler's look after it
        clock.at += step
        await bot.app.bot_data["scheduler"].sync()
    await bot.settle(timers=True)
    assert not [m for m in bot.fake.messages(COMMITTEE) if "办结时限" in m.get("text", "")]
