"""A green report when nobody is on duty waits for the next shift (day-in-the-life review: a hall light reported at
22:00 in a community whose workers work days paged the committee at once and again an hour later, and its writer read
"no one on duty; passed to the committee"). Its writer is told when the shift starts; the committee is not called at
night; the worker coming on gets it. Yellow and red are told at once, as before."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, exchange, press, toml_tables
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain

DAYTIME = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "primary"},
    {"worker": LI, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "backup"},
)
MONDAY_22 = START + timedelta(hours=12)  # START is Monday 10:00 in Shanghai


async def at_night(make_bot: MakeBot, text: str) -> RunningBot:
    """Monday 22:00, workers on duty 08:30-17:30 on weekdays: 刘阿姨 reports `text` in grid A's group."""
    bot = await make_bot(parse_community(DAYTIME, "t"), Clock(MONDAY_22))
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    bot.fake.send_message(GROUP_A, RESIDENT, text)
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "#1"))
    await bot.settle(timers=True)
    return bot


async def test_a_green_at_night_waits_for_the_morning_shift(make_bot: MakeBot) -> None:
    bot = await at_night(make_bot, "3号楼2单元楼道灯坏了")
    fake = bot.fake
    ack = fake.find_message(GROUP_A, "#1")
    assert plain("zh-Hans", "ack.off_hours", when=plain("zh-Hans", "when.tomorrow", hm="08:30")) in ack["text"]
    await bot.advance(hours=2)  # the hour that called the committee before
    assert fake.messages(COMMITTEE) == []
    assert (await bot.event(1)).assignee_id is None
    await bot.advance(hours=8, minutes=30)  # Tuesday 08:30: the shift comes on
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert "3号楼2单元楼道灯坏了" in card["text"]
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, WANG)
    edited = fake.find_message(GROUP_A, "#1")
    assert plain("zh-Hans", "ack.notified") in edited["text"] and "🌙" not in edited["text"]
    assert fake.messages(COMMITTEE) == []


async def test_a_yellow_at_night_is_told_to_the_committee_as_before(make_bot: MakeBot) -> None:
    bot = await at_night(make_bot, "4号楼停水了，一整天都没水")
    assert (await bot.event(1)).urgency.value == "yellow"
    assert bot.fake.messages(COMMITTEE)
    assert "🌙" not in bot.fake.find_message(GROUP_A, "#1")["text"]


async def test_a_green_with_no_shift_coming_is_the_committees_at_once(make_bot: MakeBot) -> None:
    toml = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(  # one shift a week, on Saturday
        "shifts", {"worker": WANG, "grid": "A", "days": "sat", "start": "08:30", "end": "17:30", "role": "primary"}
    )
    bot = await make_bot(parse_community(toml, "t"), Clock(MONDAY_22))
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    ack = await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "#1"))
    assert plain("zh-Hans", "ack.committee") in ack["text"]
    await bot.fake.wait_for(lambda: bot.fake.messages(COMMITTEE) or None)


async def test_a_day_worker_whose_shift_starts_after_the_brief_still_gets_it(make_bot: MakeBot) -> None:
    """The brief is at 08:00 (DAILY_BRIEF_TIME), the day shift from 08:30: 王师傅, with yesterday's accepted work,
    gets it; 李姐, holding nothing, is not told "nothing open" half an hour before her shift's hand-off."""
    bot = await make_bot(parse_community(DAYTIME, "t"), Clock(START))  # Monday 10:00: on duty
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    await bot.advance(hours=22, minutes=5)  # Tuesday 08:05
    brief = await fake.wait_for(lambda: fake.find_message(WANG, plain("zh-Hans", "brief.head", n=1)))
    assert "#1" in brief["text"]
    assert not fake.find_message(LI, plain("zh-Hans", "brief.none"))


async def test_a_red_waiting_overnight_counts_only_the_reminders_someone_got(make_bot: MakeBot) -> None:
    """A red at 23:00 with nobody on duty is re-pinged to no one all night; the worker coming on at 08:30 read
    "🚨 紧急事件仍无人接单（第 10 次提醒）" on his first."""
    bot = await at_night(make_bot, "5号楼电梯里关着人，喊了半天没人应！！")
    assert (await bot.event(1)).urgency.value == "red"
    for _ in range(21):  # Tuesday 08:45, half an hour at a time, as the night's re-pings come
        await bot.advance(minutes=30)
    reping = await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "仍无人接单"))
    assert "（第 1 次提醒）" in reping["text"], reping["text"]
