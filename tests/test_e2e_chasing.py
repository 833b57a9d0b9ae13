"""A waiting event is never left unchased (found in the time review): it keeps reminders after it changes hands,
it goes to whoever comes on duty when its worker is off, the morning brief comes after the hand-off of the same
minute, and no "hurry, due at 10:00" is sent at 11:00.

Over 300 lines: each way an event changes hands (a shift, a hand-back, an edit, the console) has its story here."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, DAY_NIGHT_TOML, Clock, MakeBot, RunningBot, exchange, press, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG, ZHAO
from steps import handed_back_by_wang

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.escalation import DISPATCH_KINDS
from bot.core.types import Status
from bot.render.i18n import Waited, t
from bot.services import steering
from storage import events, timers

LAMP = "4号楼的路灯不亮了"  # green
DAY_ONLY = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts", {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "20:00"}
)
WEEKDAY_WEEKEND = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00"},
    {"worker": LI, "grid": "A", "days": "sat-sun", "start": "08:00", "end": "20:00"},
)


async def friday_evening_report(make_bot: MakeBot) -> RunningBot:
    """王 Mon–Fri 08–20, 李 Sat–Sun 08–20; a lamp reported on Friday 19:40, with 王."""
    bot = await make_bot(parse_community(WEEKDAY_WEEKEND, "t"), Clock(START))  # Monday 10:00
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI)
    await bot.advance(days=4, hours=9, minutes=40)  # Friday 19:40
    bot.fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == WANG
    return bot


def sent_to(fake, chat_id: int, needle: str) -> list[str]:
    """Texts of the messages sent to a chat that hold `needle`."""
    return [
        c.params.get("text", "")
        for c in fake.calls_to("sendMessage", ok=True)
        if int(c.params["chat_id"]) == chat_id and needle in c.params.get("text", "")
    ]


async def chased(bot, event_id: int) -> bool:
    async with bot.ctx.db.read() as c:
        return bool(DISPATCH_KINDS & await timers.pending_kinds(c, event_id))


async def test_an_event_from_the_night_is_chased_once_the_morning_worker_has_it(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(DAY_ONLY, "t"), Clock(START))  # Monday 10:00
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await bot.advance(hours=12)  # Monday 22:00: nobody on duty
    fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    await bot.advance(hours=1)  # its 30 and 60 minute timers fire with nobody: the committee is told
    await bot.advance(hours=9, minutes=1)  # Tuesday 08:01: 王 comes on duty and gets it
    ev = await bot.event(1)
    assert ev.assignee_id == WANG and ev.status is Status.DISPATCHED
    assert await chased(bot, 1)
    before = len(sent_to(fake, WANG, "#1"))
    await bot.advance(minutes=31)  # 王 has not answered: reminded
    assert len(sent_to(fake, WANG, "#1")) > before


async def test_an_event_handed_back_after_its_escalation_is_chased_again(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))  # grid A: 王 primary, 李 backup, all day
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    dm = await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=61)  # reminded, escalated: its waiting timers are spent
    assert not fake.buttons(WANG, dm["message_id"])  # the reminder is the live copy now, with the buttons
    live = [m for m in fake.messages(WANG) if "#1" in m.get("text", "")][-1]
    press(fake, WANG, WANG, live["message_id"], Action.HAND_BACK)  # it is 李's now
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert await chased(bot, 1)
    committee_before = len(sent_to(fake, COMMITTEE, "#1"))
    await bot.advance(minutes=61)
    assert len(sent_to(fake, COMMITTEE, "#1")) > committee_before  # 李 did not answer either: escalated again


async def test_a_waiting_event_left_with_a_worker_off_shift_goes_to_the_next_one_on(make_bot: MakeBot) -> None:
    """王 Mon–Fri 08–20, 李 Sat–Sun 08–20: a Friday 19:40 report stays with 王 at 20:00 (nobody comes on), and is
    李's when she comes on on Saturday, not 王's until Monday."""
    bot = await friday_evening_report(make_bot)
    fake = bot.fake
    await bot.advance(minutes=30)  # 20:10: 王 off, nobody on
    assert (await bot.event(1)).assignee_id == WANG
    await bot.advance(hours=12)  # Saturday 08:10: 李 is on
    ev = await bot.event(1)
    assert ev.assignee_id == LI and ev.status is Status.DISPATCHED
    assert sent_to(fake, LI, "#1") and await chased(bot, 1)
    async with bot.ctx.db.read() as c:
        log = [(line.action, line.detail) for line in await events.timeline(c, 1)]
    assert ("handed_off", f"{WANG}>{LI}") in log


async def test_a_worker_taken_off_the_rota_does_not_keep_a_waiting_event(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(DAY_ONLY, "t"), Clock(START))  # Monday 10:00
    fake = bot.fake
    for u in (WANG, ZHAO, ADMIN):
        fake.user_starts_bot(u)
    await bot.advance(hours=11)  # Monday 21:00
    await exchange(fake, ADMIN, ADMIN, "/shift 赵师傅 A mon-sun 20:00-08:00", "已为赵师傅排班")  # night cover
    await bot.settle(timers=True)
    fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == ZHAO
    await exchange(fake, ADMIN, ADMIN, "/shift 赵师傅 clear", "排班")  # 赵 leaves the night rota
    await bot.settle(timers=True)
    await bot.advance(hours=11, minutes=1)  # Tuesday 08:01: 王 comes on
    assert (await bot.event(1)).assignee_id == WANG
    assert sent_to(fake, WANG, "#1")


async def test_the_morning_brief_comes_after_the_hand_off_of_the_same_minute(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START))  # 王 08–20, 李 20–08
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await bot.advance(hours=11)  # Monday 21:00: 李 on the night shift
    fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    await bot.advance(hours=11, minutes=5)  # Tuesday 08:05: the hand-off and the brief (both 08:00) fired
    assert (await bot.event(1)).assignee_id == WANG
    nothing = t("zh-Hans", "brief.none")
    assert not sent_to(fake, WANG, nothing)  # not "nothing open" just before #1 becomes his
    # nor a brief listing #1 beside its card of that second (worker day review 59): the card says it
    assert not sent_to(fake, WANG, t("zh-Hans", "brief.head", n=1)) and fake.find_message(WANG, "新事件 #1")


async def test_no_due_soon_reminder_after_the_fix_by_time(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))  # Monday 10:00
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (e := fake.find_message(GROUP_A, "#1")) and "王师傅" in e["text"] or None)
    await bot.settle(timers=True)
    await bot.advance(hours=35)  # Tuesday 21:00: the 75 % reminder is due at 22:00
    await fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(hours=14)  # down until Wednesday 11:00, past the fix-by time (Wednesday 10:00)
    await bot.start()
    await bot.settle(timers=True)
    due_soon = t("zh-Hans", "dm.due_soon", id=1, due="")[:12]  # "⏰ 事件 #1 的办结时限是"
    texts = [c.params["text"] for c in fake.calls_to("sendMessage", ok=True) if int(c.params["chat_id"]) == WANG]
    assert not any(due_soon in x for x in texts)
    async with bot.ctx.db.read() as c:
        fired = {tm.kind.value for tm in await timers.for_event(c, 1) if tm.status == "done"}
    assert "overdue" in fired


async def test_a_stranded_event_goes_back_to_the_weekday_worker_on_monday(make_bot: MakeBot) -> None:
    """The commit's own story, one weekend later: Friday 19:40 -> 王; Saturday 08:00 -> 李 (stranded);
    李 off from Sunday 20:00; on Monday 08:00 王 is on duty and 李 is not: it should be 王's."""
    bot = await friday_evening_report(make_bot)
    await bot.advance(hours=12, minutes=30)  # Saturday 08:10: 李's
    assert (await bot.event(1)).assignee_id == LI
    await bot.advance(days=1, hours=12)  # Sunday 20:10: 李 off, nobody on
    await bot.advance(hours=12)  # Monday 08:10: 王 on duty, 李 is not
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED
    assert ev.assignee_id == WANG, f"Monday 08:10, 王 on duty, event still held by off-duty {ev.assignee_id}"


async def test_offduty_then_onduty_gets_the_event_back(make_bot: MakeBot) -> None:
    """王 /offduty: #1 goes to 李; 李 /offduty: nobody on, it stays with her; 王 /onduty: he is the only one on
    duty; the stranded sweep should give it to him."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    await exchange(fake, WANG, WANG, "/offduty", "已设为休息")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    await exchange(fake, LI, LI, "/offduty", "已设为休息")
    await bot.settle(timers=True)
    await exchange(fake, WANG, WANG, "/onduty", "已设为值班")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.assignee_id == WANG, f"王 is the only one on duty; #1 still with off-duty {ev.assignee_id}"


async def given_to_zhao(make_bot: MakeBot) -> RunningBot:
    """Grid A's #1 given from the console to 赵师傅, grid B's worker (off duty for A)."""
    bot = await make_bot(None, Clock(START))
    for u in (WANG, LI, ZHAO, ADMIN):
        bot.fake.user_starts_bot(u)
    await exchange(bot.fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    assert (await steering.reassign(bot.ctx, ADMIN, 1, ZHAO)).ok
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == ZHAO
    return bot


async def test_an_admins_choice_of_a_worker_off_duty_stands_through_a_roster_change(make_bot: MakeBot) -> None:
    """Found in the diff review: an admin gives grid A's #1 to 赵师傅 (grid B's worker) from the console; 李's
    /onduty (or a shift boundary, or a restart) gave it to her, undoing the committee's choice without a word."""
    bot = await given_to_zhao(make_bot)
    fake = bot.fake
    await exchange(fake, LI, LI, "/onduty", "已设为值班")  # 李 marks herself on duty: a roster change
    await bot.settle(timers=True)
    ev = await bot.event(1)
    async with bot.ctx.db.read() as c:
        log = [(x.action, x.detail) for x in await events.timeline(c, 1)]
    assert ev.assignee_id == ZHAO, f"the admin's choice undone: #1 now {ev.assignee_id}; log {log[-3:]}"


async def test_an_admins_choice_of_a_worker_off_duty_stands_through_a_restart(make_bot: MakeBot) -> None:
    bot = await given_to_zhao(make_bot)
    fake = bot.fake
    await fake.wait_until_updates_consumed()
    await bot.stop()
    await bot.start()
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.assignee_id == ZHAO, f"after a restart #1 is {ev.assignee_id}'s, not the admin's choice 赵师傅"


WEEKDAYS_TWO = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(  # 王 and 赵 weekdays 08–20, 李 weekends
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00", "role": "primary"},
    {"worker": ZHAO, "grid": "A", "days": "mon-fri", "start": "08:00", "end": "20:00", "role": "backup"},
    {"worker": LI, "grid": "A", "days": "sat-sun", "start": "08:00", "end": "20:00", "role": "primary"},
)


async def test_an_admins_choice_of_a_worker_on_duty_moves_on_when_their_shift_ends(make_bot: MakeBot) -> None:
    """Found in the second diff review: the admin gives Friday's #1 to 赵, on duty then; nobody comes on at 20:00;
    on Saturday 李 is on duty all day: #1 is hers, not kept for 赵 until Monday (only a choice of someone off duty
    is kept for them)."""
    bot = await make_bot(parse_community(WEEKDAYS_TWO, "t"), Clock(START))  # Monday 10:00
    for u in (WANG, LI, ZHAO, ADMIN):
        bot.fake.user_starts_bot(u)
    await bot.advance(days=4)  # Friday 10:00
    await exchange(bot.fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    assert (await steering.reassign(bot.ctx, ADMIN, 1, ZHAO)).ok
    await bot.settle(timers=True)
    await bot.advance(hours=10, minutes=10)  # Friday 20:10: nobody on
    await bot.advance(hours=12)  # Saturday 08:10: 李 on duty
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == LI


async def test_an_event_its_only_worker_handed_back_stays_with_the_committee(make_bot: MakeBot) -> None:
    """Found in the second diff review: 王, alone on duty, hands #1 back (the committee is asked to assign it); at
    an unrelated boundary (grid B's 20:00) it went back to him, "nobody was on duty, it is yours now"."""
    toml = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
        {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "08:00", "end": "20:00", "role": "primary"},
    )
    bot = await handed_back_by_wang(make_bot, toml, LAMP)  # Monday 10:00
    await bot.advance(hours=10, minutes=5)  # 20:05: grid B's boundary
    assert (await bot.event(1)).assignee_id is None


async def test_an_event_handed_back_to_no_one_is_not_said_to_have_found_no_one_on_duty(make_bot: MakeBot) -> None:
    """Found in the persona review: 王 (on duty, 李 from 20:00) hands back #1; the group read "暂无值班人员" and at
    20:00 李 read "this event had no worker on duty to go to". Both now say it was handed back."""
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START))  # Monday 10:00: 王 08–20, 李 20–08
    fake = bot.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    dm = await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)
    ack = fake.find_message(GROUP_A, "已登记 #1")["text"]
    assert "已退回" in ack and "暂无值班人员" not in ack, ack
    await bot.advance(hours=10, minutes=5)  # 20:05: 李 comes on
    assert (await bot.event(1)).assignee_id == LI
    assert sent_to(fake, LI, t("zh-Hans", "dm.step.handed_back")) and not sent_to(fake, LI, "没有值班人员可派")


async def test_an_event_moved_to_another_grid_by_an_edit_is_chased_there(make_bot: MakeBot) -> None:
    """Nobody on duty in grid A at night: its lamp waits, its timers fire with nobody; the resident corrects the
    building to one of grid B's, whose 赵师傅 is on duty: he gets it and is reminded (as after a recategorising edit),
    not left unchased."""
    night_a = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "20:00"},
        {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00"},
    )
    bot = await make_bot(parse_community(night_a, "t"), Clock(START))  # Monday 10:00
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    await bot.advance(hours=12)  # Monday 22:00: nobody on duty in grid A
    report = fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    await bot.advance(hours=1)  # its 30 and 60 minute timers fire with nobody: the committee is told
    assert not await chased(bot, 1)
    fake.edit_message(GROUP_A, report["message_id"], "7号楼的路灯不亮了")
    await fake.wait_for(lambda: fake.find_message(ZHAO, "#1"))
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.grid_id, ev.assignee_id) == ("B", ZHAO)
    assert await chased(bot, 1)


async def test_an_event_handed_off_at_a_shift_change_is_chased_afresh_for_the_worker_coming_on(
    make_bot: MakeBot,
) -> None:
    """Found in the worker review: 李 (night, to 08:00) gets a lamp at 07:10, is reminded at 07:40 and does not take
    it; at 08:00 it is 王's. Its old clock ran on: at 08:10 the committee read "60 minutes unaccepted (now: 王师傅)"
    ten minutes after he got it, and he was never reminded. Now his own chase starts at 08:00: reminded at 08:30,
    the backup and the committee told at 09:00."""
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START - timedelta(hours=2, minutes=50)))
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    fake.send_message(GROUP_A, RESIDENT, LAMP)  # 07:10 in Shanghai: 李's night shift
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    for _ in range(10):  # to 08:00, five minutes at a time
        await bot.advance(minutes=5)
    await bot.advance(minutes=1)  # 08:01
    assert (await bot.event(1)).assignee_id == WANG and sent_to(fake, WANG, t("zh-Hans", "dm.step.handoff"))
    reminder = t("zh-Hans", "dm.step.reminder", waited=Waited(30))
    assert sent_to(fake, LI, reminder) and not sent_to(fake, WANG, reminder)
    for _ in range(5):  # to 08:26
        await bot.advance(minutes=5)
    assert not sent_to(fake, COMMITTEE, "#1"), sent_to(fake, COMMITTEE, "#1")
    await bot.advance(minutes=5)  # 08:31: his own reminder, due at 08:30, says how long he has had it by the clock
    assert sent_to(fake, WANG, t("zh-Hans", "dm.step.reminder", waited=Waited(31)))
    assert not sent_to(fake, COMMITTEE, "#1")
    for _ in range(6):  # 09:01: nobody took it in his hour either
        await bot.advance(minutes=5)
    assert sent_to(fake, COMMITTEE, "⏫ 事件 #1")


async def test_a_red_handed_off_at_a_shift_change_keeps_its_re_ping_clock(make_bot: MakeBot) -> None:
    """A red reported at 07:55 and handed off at 08:00: its re-pings run on (王 among those pinged), and the
    committee still hears "still unaccepted" a quarter of an hour after the report, not a quarter after 08:00."""
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START - timedelta(hours=2, minutes=5)))
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元501着火了，浓烟很大")  # 07:55
    await bot.settle(timers=True)
    for _ in range(3):  # 08:10
        await bot.advance(minutes=5)
    assert (await bot.event(1)).assignee_id == WANG
    assert sent_to(fake, WANG, t("zh-Hans", "dm.step.reping", n=2))
    await bot.advance(minutes=1)  # 08:11: the third re-ping, 15 minutes after the report
    assert sent_to(fake, COMMITTEE, "15 分钟无人接单")


async def test_an_event_handed_back_while_waiting_is_chased_afresh_for_its_new_worker(make_bot: MakeBot) -> None:
    """王 is reminded of a lamp at 30 minutes and hands it back at 40: 李 is reminded 30 minutes after she got it,
    and the committee told an hour after she got it, not twenty minutes after."""
    bot = await make_bot(None, Clock(START))  # grid A: 王 primary, 李 backup, all day
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=40)  # the reminder due at 30 fires as the clock reaches 40, and says so
    assert sent_to(fake, WANG, t("zh-Hans", "dm.step.reminder", waited=Waited(40)))
    live = [m for m in fake.messages(WANG) if "#1" in m.get("text", "")][-1]
    press(fake, WANG, WANG, live["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    await bot.advance(minutes=25)  # 65 minutes after the report
    assert not sent_to(fake, COMMITTEE, "⏫ 事件 #1")
    await bot.advance(minutes=6)  # 71: 31 after she got it
    assert sent_to(fake, LI, t("zh-Hans", "dm.step.reminder", waited=Waited(31)))
    await bot.advance(minutes=30)
    assert sent_to(fake, COMMITTEE, "⏫ 事件 #1")
