"""The core loop through real HTTP: report → event → worker → accept → close."""

from __future__ import annotations

from harness import MakeBot, RunningBot, answer_to, exchange, press, shown, text_in
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, RESIDENT2, WANG, ZHAO

from bot.core.callbacks import Action
from bot.core.types import Incoming, Outcome, Status
from bot.fakeapi import FakeTelegram
from storage import events


async def test_report_accept_close(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上上楼看不见")

    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    assert ack["reply_to_message"]["message_id"] == report["message_id"]
    assert "3号楼" in ack["text"] and "2单元" in ack["text"]
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert "楼道灯" in dm["text"]
    labels = [b["text"] for row in dm["reply_markup"]["inline_keyboard"] for b in row]
    assert any("接单" in x for x in labels) and any("退回" in x for x in labels)

    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: "王师傅" in (fake.find_message(GROUP_A, "#1") or {}).get("text", "") or None)
    ev = await running.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id == WANG

    dm = fake.find_message(WANG, "#1")  # its buttons change too, in a lane of its own: wait for them
    await shown(fake, WANG, dm["message_id"], Action.CLOSE)
    press(fake, WANG, WANG, dm["message_id"], Action.CLOSE)
    await shown(fake, WANG, dm["message_id"], Action.CLOSE_FIXED)
    press(fake, WANG, WANG, dm["message_id"], Action.CLOSE_FIXED)
    await fake.wait_for(lambda: "已办结" in text_in(fake, GROUP_A, "#1") or None)
    ev = await running.event(1)
    assert ev.status is Status.CLOSED and ev.outcome is Outcome.FIXED
    # The reporter (who never started the bot) reads the outcome in the acknowledgement, a reply to the report;
    # no further group message now: the survey names them later (tests/test_group_calls.py).
    told = fake.find_message(GROUP_A, "已办结")
    assert told is not None and told["reply_to_message"]["message_id"] == report["message_id"]
    await running.settle()
    assert fake.find_message(GROUP_A, "已处理完毕") is None


async def test_chit_chat_is_ignored(running: RunningBot) -> None:
    fake = running.fake
    for text in ("大家早上好", "谢谢王师傅！", "收到", "明天几点停水？"):
        fake.send_message(GROUP_A, RESIDENT, text)
    await fake.wait_until_updates_consumed()
    await running.settle()
    assert fake.messages(GROUP_A) == []  # no acknowledgement, no question
    async with running.ctx.db.read() as c:
        assert await events.get(c, 1) is None


async def test_forged_press_by_a_resident_changes_nothing(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "5栋电梯坏了，困了好久没人修", "#1", where=WANG)
    qid = fake.press_button(RESIDENT, WANG, dm["message_id"], "v1:acc:1")
    answer = await answer_to(fake, qid)
    assert answer.get("show_alert") and "不是您的任务" in answer["text"]
    qid = fake.press_button(RESIDENT, GROUP_A, 1, "v1:cls:1:zzzzzzzzz")
    await answer_to(fake, qid)
    ev = await running.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG


async def test_dm_403_falls_back_to_group_and_committee(running: RunningBot) -> None:
    fake = running.fake
    # 王师傅 never started the bot: Telegram answers 403.
    mention = await exchange(fake, GROUP_A, RESIDENT, "2号楼1单元水管漏水", "请查看事件 #1")
    assert "王师傅" in mention["text"]
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "#1"))
    # and the backup on duty (李姐, who started the bot) is asked too
    fake.user_starts_bot(LI)
    await running.settle()


async def test_duplicate_update_makes_one_event(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ZHAO)
    msg = fake.send_message(GROUP_B, RESIDENT2, "7号楼1单元302厨房冒烟了！快来人")
    await fake.wait_for(lambda: fake.find_message(GROUP_B, "#1"))
    from bot.services import reports

    again = await reports.report_received(
        running.ctx, Incoming(GROUP_B, msg["message_id"], RESIDENT2, "陈先生", None, "en", msg["text"])
    )
    assert again.fate is reports.Fate.DUPLICATE
    await running.settle()
    # one acknowledgement (a red report also gets the emergency numbers, a separate reply)
    assert len([m for m in fake.messages(GROUP_B) if "#1" in m["text"] and "已登记" in m["text"]]) == 1


async def test_admin_may_act_resident_report_in_other_grid(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ZHAO)
    # Building 7 belongs to grid B even when written in grid A's chat.
    await exchange(fake, GROUP_A, RESIDENT, "7号楼门口的垃圾桶满了两天没人清", "#1", where=ZHAO)
    qid = fake.press_button(ADMIN, ZHAO, fake.find_message(ZHAO, "#1")["message_id"], "v1:acc:1")
    await answer_to(fake, qid)
    ev = await running.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id == ADMIN


async def test_a_worker_the_bot_never_met_is_handled_like_one_who_never_started_it(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """Telegram answers 400 "chat not found", not 403, for a person the bot has never seen (a worker whose id was
    typed into the community file before they opened the bot): the same fallback, and the other menus are set."""
    fake = fake_tg
    fake.user(WANG, "王师傅", met=False)
    fake.user_starts_bot(LI)
    bot = await make_bot()
    menus = set(fake.commands)
    assert any(f'"chat_id": {ADMIN},' in k for k in menus) and not any(f'"chat_id": {WANG},' in k for k in menus)
    mention = await exchange(fake, GROUP_A, RESIDENT, "2号楼1单元水管漏水", "请查看事件 #1")
    assert "王师傅" in mention["text"]
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))  # the backup is asked at once
    await bot.settle()
    assert not fake.find_message(COMMITTEE, "未能送达")  # not "a message failed": he cannot be reached
    fake.user_starts_bot(WANG, send_start=True)  # he opens the bot: now his menu can be set
    await bot.settle()
    assert any(f'"chat_id": {WANG},' in k for k in fake.commands)


async def test_a_private_report_of_no_place_goes_to_the_grid_of_her_group(running: RunningBot) -> None:
    """No building: the grid of the residents' group she is known in (B), not the first grid; known in the groups of
    two grids, the one she wrote in last, and the committee is told the place is unknown."""
    bot, fake = running, running.fake
    for person in (WANG, ZHAO, RESIDENT, RESIDENT2):
        fake.user_starts_bot(person, send_start=person in (RESIDENT, RESIDENT2))
    fake.send_message(GROUP_B, RESIDENT, "大家早上好")  # known in grid B's group only
    fake.send_message(GROUP_B, RESIDENT2, "大家早上好")
    fake.send_message(GROUP_A, RESIDENT2, "谢谢王师傅！")  # and in grid A's, later
    await bot.settle()
    await exchange(fake, RESIDENT, RESIDENT, "我们楼道里垃圾堆满了没人清理", "#1", where=ZHAO)
    assert (await bot.event(1)).grid_id == "B" and fake.find_message(WANG, "#1") is None
    await exchange(fake, RESIDENT2, RESIDENT2, "我们楼道里的灯坏了好几天了", "#2", where=WANG)
    unknown = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "无法从其所在的居民群判断网格"))
    assert "#2" in unknown["text"] and "第一网格" in unknown["text"] and (await bot.event(2)).grid_id == "A"
    await bot.settle()
    assert not any("#1" in m["text"] and "判断网格" in m["text"] for m in fake.messages(COMMITTEE))
