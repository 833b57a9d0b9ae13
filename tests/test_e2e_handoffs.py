"""Hand-offs that do not wait for a planned boundary: a /cover of a shift already running, an /offduty, a duty
mark running out, a shift added with /shift, and a boundary the bot was down over; and the morning brief that
comes too late to be sent; and new shift times or a new brief time, written between two runs, taking effect from
their next occurrence."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, DAY_NIGHT_TOML, Clock, MakeBot, RunningBot, exchange, toml_tables
from ids import GROUP_A, LI, RESIDENT, WANG, ZHAO

from bot.core.community_file import parse_community
from bot.core.escalation import TimerKind
from storage import timers


async def day_night(make_bot: MakeBot) -> RunningBot:
    """王 08–20, 李 20–08 in grid A; Monday 10:00 Shanghai; #1 waiting with 王."""
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    await exchange(bot.fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await bot.settle(timers=True)
    return bot


async def test_a_cover_of_a_running_shift_hands_the_waiting_event_over_at_once(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)
    await exchange(bot.fake, LI, LI, "/cover 王师傅 today", "王师傅")  # 李 takes 王's shift of today
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert bot.fake.find_message(LI, "#1")


async def test_offduty_hands_the_waiting_event_over_at_once(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock())  # grid A: 王 primary, 李 backup, all day
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    await exchange(bot.fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await exchange(bot.fake, WANG, WANG, "/offduty", "已设为休息")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert bot.fake.find_message(LI, "交接班")


async def zhao_on_duty_in_a_for_two_hours(make_bot: MakeBot) -> RunningBot:
    """Monday 10:00; 王 off duty, 赵 (grid B) on duty in grid A for two hours, #1 waiting with 赵."""
    bot = await make_bot(None, Clock())  # A: 王 primary all day, 李 backup; B: 赵
    fake = bot.fake
    for u in (WANG, LI, ZHAO):
        fake.user_starts_bot(u)
    await exchange(fake, WANG, WANG, "/offduty", "已设为休息")
    await exchange(fake, ZHAO, ZHAO, "/onduty A 2", "已设为值班")
    await exchange(fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=ZHAO)
    await bot.settle(timers=True)
    return bot


async def test_a_duty_mark_running_out_is_a_boundary(make_bot: MakeBot) -> None:
    bot = await zhao_on_duty_in_a_for_two_hours(make_bot)
    await bot.advance(hours=2, minutes=1)  # 12:01: 赵's two hours in grid A are over
    assert (await bot.event(1)).assignee_id == LI


async def test_a_hand_off_the_bot_was_down_for_follows_who_is_on_duty_now(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)
    await bot.advance(hours=8)  # Monday 18:00
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(hours=15)  # Tuesday 09:00: down over 20:00 (to 李) and 08:00 (back to 王)
    await bot.start()
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == WANG  # on duty now: nothing to move to 李, who is off
    assert not [m for m in bot.fake.messages(LI) if "交接班" in m.get("text", "")]


async def test_a_morning_brief_hours_late_is_not_sent(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)
    await bot.advance(hours=20)  # Tuesday 06:00
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(hours=16)  # Tuesday 22:00: the 08:00 brief is 14 hours late
    await bot.start()
    await bot.settle(timers=True)
    assert not [m for u in (WANG, LI) for m in bot.fake.messages(u) if "早上好" in m.get("text", "")]


async def test_onduty_with_no_grid_to_go_by_asks_which(make_bot: MakeBot) -> None:
    """A worker invited without a grid, in a community of two grids: "/onduty" alone would be on duty nowhere."""
    from ids import ADMIN

    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    msg = await exchange(fake, ADMIN, ADMIN, "/invite", "start=w_")  # no grid named
    code = msg["text"].split("start=")[1].split()[0]
    fake.user(7007, "小周")
    await exchange(fake, 7007, 7007, f"/start {code}", "已登记为网格员")
    asked = await exchange(fake, 7007, 7007, "/onduty", "请写上在哪个网格值班")
    assert "A" in asked["text"] and "B" in asked["text"]
    await exchange(fake, 7007, 7007, "/onduty B", "已设为值班")
    duty = await exchange(fake, 7007, 7007, "/duty", "当前值班")
    assert "小周" in duty["text"]


async def test_a_colour_raised_from_the_console_does_what_the_colour_does(make_bot: MakeBot) -> None:
    """An admin corrects a waiting green event to red: everyone on duty and the committee at once, red's re-pings."""
    from ids import ADMIN, COMMITTEE

    from bot.core.escalation import TimerKind
    from bot.services import steering
    from storage import timers

    bot = await make_bot(None, Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    await exchange(bot.fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await bot.settle(timers=True)
    assert (await steering.correct(bot.ctx, ADMIN, 1, urgency="red")).ok
    await bot.settle(timers=True)
    assert bot.fake.find_message(LI, "#1") and bot.fake.find_message(COMMITTEE, "紧急事件 #1")
    async with bot.ctx.db.read() as c:
        kinds = {t.kind for t in await timers.pending(c) if t.event_id == 1}
    assert TimerKind.REPING in kinds and TimerKind.REMIND not in kinds


async def test_an_event_that_waited_with_no_one_goes_to_whoever_comes_on_duty(make_bot: MakeBot) -> None:
    """Nobody on duty when it came in (the committee was told): it goes to the first worker who comes on, here by
    /onduty; a hand-off boundary does the same."""
    bot = await make_bot(None, Clock())  # grid A: 王 primary, 李 backup, all day
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await exchange(fake, WANG, WANG, "/offduty", "已设为休息")
    await exchange(fake, LI, LI, "/offduty", "已设为休息")
    fake.send_message(GROUP_A, RESIDENT, "4号楼的路灯不亮了")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    await exchange(fake, LI, LI, "/onduty", "已设为值班")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert fake.find_message(LI, "#1")


async def test_a_duty_mark_running_out_while_the_bot_was_down_still_hands_over(make_bot: MakeBot) -> None:
    bot = await zhao_on_duty_in_a_for_two_hours(make_bot)
    await bot.advance(hours=1, minutes=50)  # 11:50
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(minutes=20)  # 12:10: down over 12:00, when 赵's two hours ran out
    await bot.start()
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI


async def test_a_roster_change_in_the_moment_a_boundary_passes_does_not_cancel_its_hand_off(
    make_bot: MakeBot,
) -> None:
    bot = await day_night(make_bot)
    bot.fake.user_starts_bot(ZHAO)
    await bot.advance(hours=9, minutes=59)  # 19:59
    bot.clock.at += timedelta(minutes=1, seconds=5)  # 20:00:05, the 20:00 hand-off not fired yet
    await exchange(bot.fake, ZHAO, ZHAO, "/offduty", "已设为休息")  # someone else's change, in that moment
    await bot.settle()
    await bot.advance(minutes=5)
    assert (await bot.event(1)).assignee_id == LI


def day_night_at(change: str) -> str:
    """王 08:00 to ``change``, 李 ``change`` to 08:00, in grid A."""
    return COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", "start": "08:00", "end": change},
        {"worker": LI, "grid": "A", "start": change, "end": "08:00"},
    )


async def restart(bot: RunningBot, toml: str | None = None, **settings: object) -> None:
    """Stop the bot, change its community file or settings, start it again."""
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    if toml is not None:
        bot.community = parse_community(toml, "t")
    bot.settings.update(settings)
    await bot.start()
    await bot.settle(timers=True)


async def pending(bot: RunningBot, kind: TimerKind) -> list[str]:
    async with bot.ctx.db.read() as c:
        return [x.due_at.isoformat() for x in await timers.pending(c, kind=kind)]


def handoff_notices(bot: RunningBot, user: int) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(user) if "已下班" in m.get("text", "")]


async def test_a_change_of_shift_moved_in_the_file_hands_over_at_the_new_time(make_bot: MakeBot) -> None:
    """Found in the configuration review: the hand-off row planned for 20:00 stayed, so 12:00 passed unseen."""
    bot = await day_night(make_bot)  # Monday 10:00, #1 waiting with 王 (08–20)
    await restart(bot, day_night_at("12:00"))
    assert await pending(bot, TimerKind.HANDOFF) == ["2026-11-23T04:00:00+00:00"]  # Monday 12:00 Shanghai
    await bot.advance(hours=2, minutes=5)
    assert (await bot.event(1)).assignee_id == LI
    assert len(handoff_notices(bot, LI)) == 1


async def test_a_hand_off_due_while_the_bot_was_down_still_runs_once_under_new_shift_times(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)
    await bot.advance(hours=8)  # Monday 18:00
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(hours=3)  # 21:00: down over 20:00, now 李's; the new file moves the change to 22:00
    await restart(bot, day_night_at("22:00"))
    async with bot.ctx.db.read() as c:
        planned = [x for x in await timers.pending(c) if x.kind is TimerKind.HANDOFF]
    assert (await bot.event(1)).assignee_id == WANG  # on duty until 22:00 now: the late 20:00 row moved nothing
    assert [x.due_at.isoformat() for x in planned] == ["2026-11-23T14:00:00+00:00"]  # 22:00, planned once
    await bot.advance(hours=1, minutes=5)
    assert (await bot.event(1)).assignee_id == LI
    assert len(handoff_notices(bot, LI)) == 1


async def test_a_new_brief_time_applies_from_the_next_brief(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)  # Monday 10:00; the brief planned for Tuesday 08:00
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-24T00:00:00+00:00"]
    await restart(bot, daily_brief_time="18:00")
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-23T10:00:00+00:00"]  # Monday 18:00
    await restart(bot)  # an ordinary restart keeps the row as it is
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-23T10:00:00+00:00"]
    await restart(bot, DAY_NIGHT_TOML.replace("Asia/Shanghai", "Asia/Tokyo"))  # a new time zone: the same
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-23T09:00:00+00:00"]  # Monday 18:00 Tokyo
    assert await pending(bot, TimerKind.HANDOFF) == ["2026-11-23T11:00:00+00:00"]  # Monday 20:00 Tokyo


async def test_a_brief_moved_later_the_morning_it_was_sent_is_not_sent_twice(make_bot: MakeBot) -> None:
    bot = await day_night(make_bot)
    await bot.advance(hours=22)  # Tuesday 08:00: the brief (王's one event comes back as its card then: not listed)
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-25T00:00:00+00:00"]  # today's fired
    await restart(bot, daily_brief_time="09:00")
    assert await pending(bot, TimerKind.BRIEF) == ["2026-11-25T01:00:00+00:00"]  # Wednesday 09:00, not today


async def test_a_shift_added_now_takes_the_event_waiting_with_nobody_on_duty(make_bot: MakeBot) -> None:
    """Found in the configuration review: /shift put 李姐 on duty in grid B, but #1 waited there with nobody until the
    next boundary (as after /onduty, it goes to her at once)."""
    from ids import ADMIN, GROUP_B

    bot = await make_bot(None, Clock())  # grid B: 赵 all day
    for u in (LI, ZHAO, ADMIN):
        bot.fake.user_starts_bot(u)
    await exchange(bot.fake, ZHAO, ZHAO, "/offduty", "已设为休息")
    bot.fake.send_message(GROUP_B, RESIDENT, "7号楼的路灯不亮了")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    await exchange(bot.fake, ADMIN, ADMIN, "/shift 李姐 B", "已为李姐排班")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert bot.fake.find_message(LI, "#1")
