"""Timers end to end through the fake Bot API, with a clock the tests move (no sleeping for minutes).

Over 300 lines: each timer kind end to end on one moving clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from harness import (
    COMMUNITY_TOML,
    DAY_NIGHT_TOML,
    Clock,
    MakeBot,
    RunningBot,
    accept_and_close,
    accept_and_fix,
    answer_to,
    button_data,
    exchange,
    press,
)
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, START, WANG, ZHAO
from steps import first_report

from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.core.escalation import Step, TimerKind, TimerSpec
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.services import nudges
from bot.services import timers as timer_service
from storage import events, surveys, timers

CONTACT = 3001


@pytest.fixture
async def bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> RunningBot:
    fake_tg.user(CONTACT, "应急联系人")
    comm = parse_community(COMMUNITY_TOML.replace("admins = [", f"emergency_contacts = [{CONTACT}]\nadmins = ["), "t")
    return await make_bot(comm, Clock())


def count(fake: FakeTelegram, chat_id: int, needle: str) -> int:
    return sum(
        needle in c.params.get("text", "")
        for c in fake.calls_to("sendMessage", ok=True)
        if int(c.params["chat_id"]) == chat_id
    )


async def log_actions(bot: RunningBot, event_id: int = 1) -> list[str]:
    async with bot.ctx.db.read() as c:
        return [x.action for x in await events.timeline(c, event_id)]


async def report(bot: RunningBot, text: str, user: int = RESIDENT) -> dict:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, user, text, "#1", where=WANG)
    await bot.settle(timers=True)
    return dm


async def report_accepted(bot: RunningBot) -> None:
    """A green report, accepted by 王师傅 (the group's acknowledgement names him), its timers settled."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await report(bot, "4号楼的路灯不亮了")
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (ev := fake.find_message(GROUP_A, "#1")) and "王师傅" in ev["text"] or None)
    await bot.settle(timers=True)


async def test_green_reminds_then_escalates_to_backup_and_committee(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await report(bot, "4号楼的路灯不亮了")
    assert count(fake, COMMITTEE, "#1") == 0 and count(fake, LI, "#1") == 0
    await bot.advance(minutes=29)
    assert count(fake, WANG, "提醒") == 0
    await bot.advance(minutes=1)
    assert count(fake, WANG, "30 分钟无人接单") == 1
    await bot.advance(minutes=30)
    assert count(fake, LI, "60 分钟未接单") == 1
    assert count(fake, COMMITTEE, "⏫ 事件 #1") == 1
    assert {"reminded", "escalated"} <= set(await log_actions(bot))


async def test_a_timer_for_an_accepted_event_does_nothing(bot: RunningBot) -> None:
    fake = bot.fake
    await report_accepted(bot)
    async with bot.ctx.db.read() as c:
        rows = await timers.for_event(c, 1)
    assert {(t.kind, t.status) for t in rows} >= {
        (TimerKind.REMIND, "cancelled"),
        (TimerKind.ESCALATE, "cancelled"),
        (TimerKind.DUE_REMIND, "pending"),
        (TimerKind.OVERDUE, "pending"),
    }
    # Even a waiting-kind timer that was never cancelled does nothing once the event is accepted.
    async with bot.ctx.db.tx() as c:
        stray = await timers.add(c, 1, TimerSpec(TimerKind.REMIND, START), START)
    assert await timer_service.fire(bot.ctx, stray) is Step.NOTHING
    assert await timer_service.fire(bot.ctx, stray) is Step.NOTHING  # and never twice
    await bot.advance(hours=2)
    assert count(fake, WANG, "无人接单") == 0 and count(fake, COMMITTEE, "#1") == 0


async def test_accepted_event_reminded_at_75_percent_then_overdue_to_committee(bot: RunningBot) -> None:
    fake = bot.fake
    await report_accepted(bot)
    assert (await bot.event(1)).due_at == START + timedelta(hours=48)
    await bot.advance(hours=36)
    assert count(fake, WANG, "办结时限是") == 1 and count(fake, COMMITTEE, "超过办结时限") == 0
    await bot.advance(hours=12)
    assert count(fake, COMMITTEE, "超过办结时限") == 1 and count(fake, WANG, "已超过办结时限") == 1
    assert "overdue" in await log_actions(bot)


async def test_with_no_one_else_on_duty_the_committee_is_not_told_a_backup_was_pinged(bot: RunningBot) -> None:
    """Grid B has one worker: its escalation and its red alert say no one else could be pinged; in the committee
    chat's own language (its /lang), every part of them."""
    fake = bot.fake
    fake.user_starts_bot(ZHAO)
    await exchange(fake, COMMITTEE, ADMIN, "/lang en", "English")
    await exchange(fake, GROUP_B, RESIDENT, "7号楼的路灯不亮了", "#1", where=ZHAO)
    await bot.settle(timers=True)
    await bot.advance(minutes=60)
    told = fake.find_message(COMMITTEE, "no one else on duty can be pinged")
    assert told is not None and "backup has been pinged" not in told["text"]
    assert "赵师傅" in told["text"] and "一般" not in told["text"]  # the colour in English too
    await exchange(fake, GROUP_B, RESIDENT, "8号楼着火了！快来人", "#2", where=ZHAO)
    await bot.settle(timers=True)
    alert = fake.find_message(COMMITTEE, "Urgent report #2")
    assert alert is not None and "no one else on duty can be" in alert["text"] and "紧急" not in alert["text"]


async def test_red_pings_everyone_at_once_and_repings_until_accepted(bot: RunningBot) -> None:
    fake = bot.fake
    for u in (WANG, LI, CONTACT):
        fake.user_starts_bot(u)
    report_msg = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency.value == "red"
    assert count(fake, LI, "#1") == 1 and count(fake, CONTACT, "#1") == 1
    assert count(fake, COMMITTEE, "紧急事件 #1") == 1
    sos = fake.find_message(GROUP_A, "119")
    assert sos and "120" in sos["text"] and "110" in sos["text"]
    assert sos["reply_to_message"]["message_id"] == report_msg["message_id"]
    await bot.advance(minutes=5)
    assert count(fake, WANG, "第 1 次提醒") == 1 and count(fake, LI, "第 1 次提醒") == 1
    await bot.advance(minutes=5)
    assert count(fake, WANG, "第 2 次提醒") == 1
    dm = fake.find_message(LI, "第 2 次提醒")
    press(fake, LI, LI, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (ev := fake.find_message(GROUP_A, "已登记")) and "李姐" in ev["text"] or None)
    await bot.settle(timers=True)
    await bot.advance(minutes=15)
    assert count(fake, WANG, "次提醒") == 2  # nothing after the acceptance


async def a_fire_for_wang_and_li(bot: RunningBot) -> FakeTelegram:
    """王师傅 and 李姐 started the bot; a red (a fire) is reported and sent to them: the fake API."""
    await first_report(bot, "3号楼2单元着火了！快来人", WANG, LI, timers=True)
    return bot.fake


async def test_red_repings_back_off_and_the_committee_keeps_hearing_it_is_unaccepted(bot: RunningBot) -> None:
    """Nobody takes a red for an hour and a half: re-pings at 5, 10, 15 minutes, then 25, 45 and 85 (not 18 of
    them); the committee hears it is still waiting from the third on, each time."""
    fake = await a_fire_for_wang_and_li(bot)
    for _ in range(18):
        await bot.advance(minutes=5)
    assert count(fake, WANG, "次提醒") == 6 and count(fake, LI, "次提醒") == 6
    told = [m["text"] for m in fake.messages(COMMITTEE)]
    waiting = [w for w in told if "紧急事件 #1" in w and "分钟无人接单" in w]
    assert [w.split("已 ")[1].split(" 分钟")[0] for w in waiting] == ["15", "25", "45", "85"]


async def test_one_live_copy_per_worker_a_change_edits_only_the_newest(bot: RunningBot) -> None:
    """Each re-ping is a new copy of the red DM; the copy before it is deleted once, and an acceptance edits the
    newest copy alone (not every copy: 70 edits per worker after 30 minutes of ten reds)."""
    fake = await a_fire_for_wang_and_li(bot)
    for _ in range(3):
        await bot.advance(minutes=5)
    copies = [m for m in fake.messages(WANG) if "#1" in m.get("text", "")]
    assert len(copies) == 1 and fake.buttons(WANG, copies[0]["message_id"])  # the third re-ping
    deleted = [c for c in fake.calls if c.method == "deleteMessage" and int(c.params["chat_id"]) == WANG]
    assert len(deleted) == 3  # the first DM and two re-pings, each once
    mark = len(fake.calls)
    newest_li = [m for m in fake.messages(LI) if "#1" in m.get("text", "")][-1]
    press(fake, LI, LI, newest_li["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (ev := fake.find_message(GROUP_A, "已登记")) and "李姐" in ev["text"] or None)
    await bot.settle(timers=True)
    edits = [c for c in fake.calls[mark:] if c.method.startswith("edit") and int(c.params["chat_id"]) == WANG]
    assert [int(c.params["message_id"]) for c in edits] == [copies[-1]["message_id"]]
    assert "李姐" in fake.messages(WANG)[-1]["text"]


OUTAGES = ("1号楼1单元停电了", "2号楼3单元停电了", "5号楼2单元停电了")


async def test_reminders_and_escalations_due_together_are_one_list_per_person(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three yellow outages at once: at 15 minutes 王师傅 gets one list of the three (not three reminders), with a
    '#' button each that brings that event's message back with its buttons; at 30 minutes 李姐 and the committee
    get one list each. A crash before the commit loses none of it."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    for i, words in enumerate(OUTAGES):
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda n=i + 1: fake.find_message(WANG, f"#{n} "))
    await bot.settle(timers=True)
    real = nudges.tell

    async def crash(*args):  # the list is queued, then the process "dies" before the commit
        await real(*args)
        raise RuntimeError("power cut")

    monkeypatch.setattr(nudges, "tell", crash)
    async with bot.ctx.db.read() as c:
        first = next(t for t in await timers.pending(c) if t.kind is TimerKind.REMIND)
    with pytest.raises(RuntimeError):
        await timer_service.fire(bot.ctx, first.id)
    monkeypatch.setattr(nudges, "tell", real)
    async with bot.ctx.db.read() as c:
        assert sum(t.kind is TimerKind.REMIND for t in await timers.pending(c)) == 3
    mark = len(fake.calls)
    await bot.advance(minutes=15)
    [reminder] = [c.params for c in fake.calls[mark:] if c.method == "sendMessage" and int(c.params["chat_id"]) == WANG]
    assert "3 个事件仍无人接单" in reminder["text"] and all(f"#{n} " in reminder["text"] for n in (1, 2, 3))
    listed = fake.messages(WANG)[-1]
    assert [decode(b["callback_data"]).id for b in fake.buttons(WANG, listed["message_id"])] == [1, 2, 3]
    press(fake, WANG, WANG, listed["message_id"], Action.SHOW)  # the first button: #1
    copy = await fake.wait_for(lambda: (m := fake.messages(WANG)[-1]) and "新事件 #1 " in m["text"] and m or None)
    press(fake, WANG, WANG, copy["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (ev := fake.find_message(GROUP_A, "已登记 #1")) and "王师傅" in ev["text"] or None)
    await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(minutes=15)
    sent = [c.params for c in fake.calls[mark:] if c.method == "sendMessage"]
    [to_li] = [p["text"] for p in sent if int(p["chat_id"]) == LI]
    [to_committee] = [p["text"] for p in sent if int(p["chat_id"]) == COMMITTEE]
    assert "值班人员仍未接这 2 个事件，请您协助" in to_li and "2 个事件仍无人接单" in to_committee  # help asked
    for text in (to_li, to_committee):
        assert "#2 " in text and "#3 " in text and "#1 " not in text
    listed = fake.messages(LI)[-1]
    press(fake, LI, LI, listed["message_id"], Action.SHOW)  # 李姐 had no message of #2: now she has, and takes it
    copy = await fake.wait_for(lambda: (m := fake.messages(LI)[-1]) and "新事件 #2 " in m["text"] and m or None)
    await bot.settle(timers=True)  # its delivery recorded: she was asked, so her Accept holds
    press(fake, LI, LI, copy["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (ev := fake.find_message(GROUP_A, "已登记 #2")) and "李姐" in ev["text"] or None)


async def test_red_repings_skip_who_handed_it_back_and_the_committee_hears_when_no_one_is_left(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)
    dm_li = [m for m in fake.messages(LI) if "#1" in m.get("text", "")][-1]
    press(fake, LI, LI, dm_li["message_id"], Action.HAND_BACK)
    await bot.settle(timers=True)
    for _ in range(6):
        await bot.advance(minutes=5)
    assert count(fake, WANG, "次提醒") == 0 and count(fake, LI, "次提醒") == 0  # their Accept would be refused
    # told once, not every five minutes: both gave it back (pages review 62: its pages follow, not a re-ping's note)
    assert count(fake, COMMITTEE, "王师傅、李姐已退回") == 1 and count(fake, COMMITTEE, "没有可以再提醒") == 0


async def test_restart_fires_overdue_timers_once_and_keeps_future_ones(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    dm = await report(bot, "4号楼的路灯不亮了")
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼门口垃圾桶满了", "#2", where=WANG)
    press(fake, WANG, WANG, fake.find_message(WANG, "#2")["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: (e := fake.find_message(GROUP_A, "#2")) and "王师傅" in e["text"] or None)
    await bot.settle(timers=True)
    assert dm
    await fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += timedelta(minutes=61)  # both waiting timers of #1 became due while the bot was down
    await bot.start()
    await bot.settle(timers=True)
    # each says how long #1 has waited by the clock, not by its schedule (test_e2e_waited)
    assert count(fake, WANG, "61 分钟无人接单") == 1
    assert count(fake, LI, "61 分钟未接单") == 1 and count(fake, COMMITTEE, "⏫ 事件 #1") == 1
    async with bot.ctx.db.read() as c:
        future = [t for t in await timers.pending(c) if t.event_id == 2]
    assert {t.kind for t in future} == {TimerKind.DUE_REMIND, TimerKind.OVERDUE}
    jobs = {j.name for j in bot.app.job_queue.jobs()}
    # Rows due within the scheduler's horizon have a job; later ones get it at a later periodic sync.
    horizon = bot.ctx.now() + bot.app.bot_data["scheduler"].horizon
    assert all((f"timer:{t.id}" in jobs) == (t.due_at < horizon) for t in future)
    await fake.wait_until_updates_consumed()
    await bot.restart()
    await bot.settle(timers=True)
    assert count(fake, WANG, "61 分钟无人接单") == 1 and count(fake, LI, "61 分钟未接单") == 1
    assert count(fake, COMMITTEE, "⏫ 事件 #1") == 1


async def test_a_timer_row_of_a_kind_this_release_does_not_know_is_skipped_and_the_others_fire(
    bot: RunningBot,
) -> None:
    """A newer release's timer row read after a rollback (its kind unknown here) failed every read of timer rows
    (``TimerKind('…')``): its job raised and was scheduled again at every sync, the harness's settle and /status's
    reads raised. Now it is logged, marked failed once due, and every other timer fires."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await report(bot, "4号楼的路灯不亮了")
    async with bot.ctx.db.tx() as c:
        await c.execute(
            "INSERT INTO timers (event_id, kind, due_at, payload, created_at) VALUES (1, 'from_a_newer_release', ?,"
            " '{}', ?)",
            (int((START + timedelta(minutes=5)).timestamp()), int(START.timestamp())),
        )
    async with bot.ctx.db.read() as c:
        assert {t.kind for t in await timers.for_event(c, 1)} == {TimerKind.REMIND, TimerKind.ESCALATE}
        assert await timers.pending_kinds(c, 1) == {TimerKind.REMIND, TimerKind.ESCALATE}
    await bot.advance(minutes=10)
    async with bot.ctx.db.read() as c:
        [(status,)] = await c.execute_fetchall("SELECT status FROM timers WHERE kind = 'from_a_newer_release'")
    assert status == "failed"
    await bot.advance(minutes=20)
    assert count(fake, WANG, "30 分钟无人接单") == 1  # the event's own timers fire as ever


async def test_crash_mid_firing_leaves_the_timer_pending_and_it_fires_once(bot: RunningBot, monkeypatch) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await report(bot, "4号楼的路灯不亮了")
    async with bot.ctx.db.read() as c:
        remind = next(t for t in await timers.pending(c) if t.kind is TimerKind.REMIND)
    real = timer_service.ACTIONS[Step.REMIND]

    async def crash(*args):  # the DM is queued, then the process "dies" before the commit
        await real(*args)
        raise RuntimeError("power cut")

    monkeypatch.setitem(timer_service.ACTIONS, Step.REMIND, crash)
    with pytest.raises(RuntimeError):
        await timer_service.fire(bot.ctx, remind.id)
    monkeypatch.setitem(timer_service.ACTIONS, Step.REMIND, real)
    async with bot.ctx.db.read() as c:
        assert (await timers.get(c, remind.id)).status == "pending"
    await bot.advance(minutes=30)
    assert count(fake, WANG, "30 分钟无人接单") == 1


async def close_fixed(bot: RunningBot, dm: dict) -> None:
    fake = bot.fake
    await accept_and_fix(fake, WANG, dm["message_id"])
    await fake.wait_for(lambda: "已办结" in (fake.find_message(GROUP_A, "已登记") or {}).get("text", "") or None)
    await bot.settle(timers=True)


async def report_fixed(bot: RunningBot, text: str) -> None:
    """刘阿姨 reports `text`; 王师傅 (who started the bot) accepts it and closes it as fixed."""
    bot.fake.user_starts_bot(WANG)
    await close_fixed(bot, await report(bot, text))


async def test_not_solved_reopens_to_the_same_worker(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await report_fixed(bot, "1号楼屋顶漏水，家里天花板都湿了")
    await bot.advance(minutes=119)
    assert fake.find_message(RESIDENT, "问题解决了吗") is None
    await bot.advance(minutes=1)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题解决了吗"))
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "no")
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG and ev.reopened_count == 1
    await fake.wait_for(lambda: "重新打开" in (fake.find_message(GROUP_A, "已登记") or {}).get("text", "") or None)
    assert "reopened" in await log_actions(bot)
    await fake.wait_for(lambda: "重新打开" in (fake.find_message(RESIDENT, "#1：") or {}).get("text", "") or None)
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
        kinds = {t.kind for t in await timers.pending(c) if t.event_id == 1}
    assert (s.status, s.choice, s.worker_id, s.chat_id) == ("answered", "not_solved", WANG, RESIDENT)
    assert {TimerKind.REMIND, TimerKind.ESCALATE} <= kinds  # chased again
    # Closed again: round 2 gets its own survey.
    dm2 = fake.find_message(WANG, "重新打开")
    await close_fixed(bot, dm2)
    await bot.advance(hours=2)
    async with bot.ctx.db.read() as c:
        assert [x.round for x in await surveys.for_event(c, 1)] == [1, 2]


async def test_after_cannot_fix_the_survey_asks_about_the_handling_not_whether_it_is_solved(bot: RunningBot) -> None:
    """ "Is it solved?" after "cannot fix" would invite "not solved", sending it back to who said it cannot be: the
    resident is asked whether they are satisfied with the handling, two buttons, and nothing reopens."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    dm = await report(bot, "1号楼屋顶漏水，家里天花板都湿了")
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "原因"))
    fake.send_message(WANG, WANG, "需要物业申请维修基金")
    await bot.settle(timers=True)
    await bot.advance(hours=2)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "处理和说明满意吗"))
    assert "问题解决了吗" not in ask["text"]
    assert {b["text"] for b in fake.buttons(RESIDENT, ask["message_id"])} == {"😊 满意", "😐 不满意"}
    data = button_data(fake, RESIDENT, ask["message_id"], Action.RATE, "meh")
    assert data.endswith(":meh")
    forged = await answer_to(fake, fake.press_button(RESIDENT, RESIDENT, ask["message_id"], data[: -len("meh")] + "no"))
    assert forged.get("show_alert")
    await answer_to(fake, press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "meh"))
    await fake.wait_for(lambda: "对处理不满意" in (fake.find_message(RESIDENT, "#1：") or {}).get("text", "") or None)
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED and ev.reopened_count == 0
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
    assert (s.status, s.choice) == ("answered", "unsatisfied")


async def test_group_survey_only_the_reporter_may_answer(bot: RunningBot) -> None:
    fake = bot.fake
    await report_fixed(bot, "1号楼屋顶漏水")  # the reporter never started the bot: asked in the group
    await bot.advance(hours=2)
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))
    qid = press(fake, RESIDENT2, GROUP_A, ask["message_id"], Action.RATE, "no")
    answer = await answer_to(fake, qid)
    assert answer.get("show_alert") and "Only the residents who reported #1" in answer["text"]  # 陈先生 reads English
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.CLOSED
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
    assert s.status == "open" and s.chat_id == GROUP_A
    qid = press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.RATE, "ok")
    thanks = await answer_to(fake, qid)
    assert thanks["text"] == "谢谢！"  # told by the button's answer, no group message (tests/test_group_calls.py)
    await bot.settle(timers=True)
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
    assert (s.status, s.choice) == ("answered", "satisfied")
    assert (await bot.event(1)).status is Status.CLOSED
    # answered, the question says so and loses its buttons (resident review: they stayed and no longer worked)
    await fake.wait_for(lambda: not button_data(fake, GROUP_A, ask["message_id"], Action.RATE, "no") or None)
    assert (await bot.event(1)).status is Status.CLOSED


async def test_unanswered_survey_expires_after_48_hours(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await report_fixed(bot, "1号楼屋顶漏水")
    await bot.advance(hours=2)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题解决了吗"))
    await bot.advance(hours=47)
    async with bot.ctx.db.read() as c:
        assert (await surveys.for_event(c, 1))[0].status == "open"
    await bot.advance(hours=1)
    async with bot.ctx.db.read() as c:
        assert (await surveys.for_event(c, 1))[0].status == "unanswered"
    await fake.wait_for(
        lambda: (
            "未回复" in next(m for m in fake.messages(RESIDENT) if m["message_id"] == ask["message_id"])["text"] or None
        )
    )
    assert fake.buttons(RESIDENT, ask["message_id"]) == []
    assert "survey_unanswered" in await log_actions(bot)


async def test_daily_brief_at_8_lists_open_events_oldest_first(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await report(bot, "4号楼的路灯不亮了")
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼门口垃圾桶满了", "#2", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(hours=21, minutes=59)  # 07:59 next day
    assert fake.find_message(WANG, "早上好") is None
    await bot.advance(minutes=1)
    brief = await fake.wait_for(lambda: fake.find_message(WANG, "早上好"))
    assert brief["text"].index("#1") < brief["text"].index("#2")
    assert fake.find_message(LI, "没有未办结事件")
    async with bot.ctx.db.read() as c:
        [nxt] = [t for t in await timers.pending(c) if t.kind is TimerKind.BRIEF]
    assert nxt.due_at == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # tomorrow 08:00 Shanghai


async def test_no_daily_brief_to_a_worker_who_blocked_the_bot(bot: RunningBot) -> None:
    """Robustness review: a worker who blocked the bot was sent a brief every morning, each a 403 and a warning;
    the committee was told when a message first failed, and an unblock makes them reachable again."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.block_bot(LI)
    await report(bot, "4号楼的路灯不亮了")
    await bot.settle(timers=True)
    mark = fake.mark()
    await bot.advance(hours=22)  # 08:00 next day
    await fake.wait_for(lambda: fake.find_message(WANG, "早上好"))
    await bot.settle(timers=True)
    to_li = [c for c in fake.calls[mark:] if c.method == "sendMessage" and int(c.params["chat_id"]) == LI]
    assert not [c for c in to_li if "早上好" in c.params.get("text", "")]  # known to have blocked it: not tried


async def test_shift_end_hands_unaccepted_events_to_the_next_worker(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await report(bot, "4号楼的路灯不亮了")
    await bot.advance(hours=9, minutes=59)
    assert fake.find_message(LI, "交接班") is None
    await bot.advance(minutes=1)  # 20:00 Shanghai
    notice = await fake.wait_for(lambda: fake.find_message(LI, "王师傅已下班"))
    assert "#1" in notice["text"]
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == LI
    assert "handed_off" in await log_actions(bot)
    dm = await fake.wait_for(lambda: fake.find_message(LI, "上一班未接单"))
    assert button_data(fake, LI, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: "已交接给下一班" in (fake.find_message(WANG, "#1") or {}).get("text", "") or None)


async def test_many_timers_due_together_are_each_claimed_once(bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wave of timers falling due together: one claim transaction per timer, however the wakes interleave."""
    claims: list[int] = []
    real_claim = timers.claim

    async def counting(c, timer_id, now):  # noqa: ANN001, ANN202
        claims.append(timer_id)
        return await real_claim(c, timer_id, now)

    monkeypatch.setattr(timers, "claim", counting)
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle(timers=True)
    async with bot.ctx.db.tx() as c:
        ids = await timers.add_all(
            c,
            1,
            [TimerSpec(TimerKind.REMIND, bot.clock() + timedelta(minutes=1), {"after_s": 60}) for _ in range(200)],
            bot.clock(),
        )
    claims.clear()
    bot.ctx.wake_timers()
    await bot.advance(minutes=2)
    fired = [i for i in claims if i in set(ids)]
    assert sorted(fired) == sorted(ids)  # every timer claimed exactly once: no second job for a row
    scheduler = bot.app.bot_data["scheduler"]
    assert scheduler.syncs < 100  # wakes from 200 firings merged, not one sync each


async def test_no_older_copy_a_worker_was_sent_keeps_buttons(bot: RunningBot) -> None:
    """Re-pings send a worker new copies of the event; once accepted, no older copy still offers Accept (a
    press on an old copy's Hand back used to send an accepted red event back to waiting; found in review): the
    older copies went when the next was sent, and the newest alone has Close."""
    fake = bot.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    await bot.advance(minutes=5)
    await bot.advance(minutes=5)
    copies = [m for m in fake.messages(WANG) if "#1" in m.get("text", "")]
    assert len(copies) == 1  # the older copies deleted
    press(fake, WANG, WANG, copies[-1]["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert not button_data(fake, WANG, copies[-1]["message_id"], Action.ACCEPT)
    assert button_data(fake, WANG, copies[-1]["message_id"], Action.CLOSE)
    for m in fake.messages(LI):
        if "#1" in m.get("text", ""):
            assert not fake.buttons(LI, m["message_id"])
