"""A red the reader is unsure of: the writer may say "not urgent", once, and only the writer (issue 11)."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, answer_to, data_of, exchange
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from steps import first_report
from test_e2e_teams import POLICE, TEAM_WORKERS, TEAMS_TOML
from test_reader import constant_reader

import bot.core.parser as parser_mod
from bot.core.callbacks import Action, encode
from bot.core.community_file import parse_community
from bot.core.escalation import TimerKind
from bot.core.types import Urgency
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import events, timers

UNSURE_RED = constant_reader(report=5.0, red=-0.5, category="safety")  # P(red) between the floor and "sure"
SURE_RED = constant_reader(report=5.0, red=4.0, category="safety")


async def test_writer_says_not_urgent(running: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    fake = running.fake
    for worker in (WANG, LI, ADMIN):
        fake.user_starts_bot(worker)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道里好像有点味道，大家注意一下", "已登记 #1")
    await running.settle()
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
        assert ev.urgency is Urgency.RED and ev.urgency_unsure
        assert any(t.kind == TimerKind.REPING for t in await timers.pending(c))
    assert fake.find_message(LI, "#1")  # red: everyone on duty was pinged at once
    data = encode(Action.NOT_URGENT, 1)
    assert data_of(fake, GROUP_A, ack["message_id"]) == [data]

    # another resident, and a worker, may not lower it
    for other in (RESIDENT2, WANG):
        answer = await answer_to(fake, fake.press_button(other, GROUP_A, ack["message_id"], data))
        assert answer["show_alert"]
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED

    answer = await answer_to(fake, fake.press_button(RESIDENT, GROUP_A, ack["message_id"], data))
    assert not answer.get("show_alert")
    await running.settle()
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
        assert ev.urgency is Urgency.YELLOW and not ev.urgency_unsure
        kinds = {t.kind for t in await timers.pending(c)}
        assert TimerKind.REPING not in kinds and TimerKind.REMIND in kinds  # yellow's reminders now
        log = [(x.actor_id, x.action) for x in await events.timeline(c, 1)]
    assert (RESIDENT, "urgency_lowered") in log
    assert fake.buttons(GROUP_A, ack["message_id"]) == []  # the choice is gone from the acknowledgement
    assert "🟡" in fake.find_message(GROUP_A, "已登记 #1")["text"]
    assert fake.find_message(COMMITTEE, "不紧急")  # the committee, who had the red alert, is told
    # the emergency numbers posted under it say so (UX review: "#1 是紧急情况…请立即拨打" stayed in the group)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, plain("zh-Hans", "emergency.withdrawn", id=1)[:12]))
    assert not fake.find_message(GROUP_A, "是紧急情况")

    # once only
    answer = await answer_to(fake, fake.press_button(RESIDENT, GROUP_A, ack["message_id"], data))
    assert answer["show_alert"]
    async with running.ctx.db.read() as c:
        assert sum(x.action == "urgency_lowered" for x in await events.timeline(c, 1)) == 1


async def test_a_sure_red_offers_no_choice(running: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser_mod, "default_reader", lambda: SURE_RED)
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元302厨房着火了，浓烟滚滚！", "已登记 #1")
    await running.settle()
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
    assert ev.urgency is Urgency.RED and not ev.urgency_unsure
    assert fake.buttons(GROUP_A, ack["message_id"]) == []
    # a forged "not urgent" press changes nothing
    forged = fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    answer = await answer_to(fake, forged)
    assert answer["show_alert"]
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED


async def test_the_emergency_numbers_follow_the_acknowledgement_they_refer_to(running: RunningBot) -> None:
    """A red report's acknowledgement "✅ 已登记 #1" comes first in the group, then the emergency numbers "🚨 #1"."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "5号楼电梯里有人被困！")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))
    await running.settle()
    texts = [m["text"] for m in fake.sent_to(GROUP_A)]
    ack = next(i for i, x in enumerate(texts) if "已登记 #1" in x)
    emergency = next(i for i, x in enumerate(texts) if "🚨 #1" in x)
    assert ack < emergency, texts


async def test_a_report_edited_into_a_danger_does_all_red_does(running: RunningBot) -> None:
    """ "3号楼电梯坏了" edited before acceptance to "…有人被困在里面": the backup, the committee and the emergency
    numbers at once, and red's re-pings; an edit back to harmless words never lowers it."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    assert not fake.find_message(LI, "#1") and not fake.find_message(COMMITTEE, "#1")
    fake.edit_message(GROUP_A, report["message_id"], "3号楼电梯坏了，有人被困在里面出不来")
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))  # everyone on duty
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #1"))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED
        kinds = {t.kind for t in await timers.pending(c) if t.event_id == 1}
    assert TimerKind.REPING in kinds and TimerKind.REMIND not in kinds  # red's timers, not green's
    fake.edit_message(GROUP_A, report["message_id"], "3号楼电梯是不是有点慢")
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED


async def test_a_second_resident_reporting_the_danger_makes_an_unsure_red_sure(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first writer's "not urgent" goes once a neighbour reports the same danger (merged into it)."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    running.ctx.settings = running.ctx.settings.model_copy(update={"merge_window_s": 3600})
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道里有烟味", "已登记 #1")
    await running.settle()
    assert fake.buttons(GROUP_A, ack["message_id"])  # "not urgent" offered
    fake.send_message(GROUP_A, RESIDENT2, "3号楼2单元楼道里有烟味，好大的烟")
    await running.settle()
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
        assert await events.get(c, 2) is None  # merged into #1
    assert ev.urgency is Urgency.RED and not ev.urgency_unsure
    assert fake.buttons(GROUP_A, ack["message_id"]) == []
    answer = await answer_to(
        fake, fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    )
    assert answer["show_alert"]
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED


async def test_a_red_lowered_then_raised_again_is_told_again(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unsure red its writer called "not urgent", then edited into a danger again: the committee, who heard it
    was not urgent, hears it is red again, and everyone on duty is asked again."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    fake = running.fake
    report, ack = await first_report(
        running, "3号楼2单元楼道里好像有点味道，大家注意一下", WANG, LI, ADMIN, where=GROUP_A, needle="已登记 #1"
    )
    answer = await answer_to(
        fake, fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    )
    assert not answer.get("show_alert")
    await running.settle()
    committee_before = len(fake.sent_to(COMMITTEE))
    li_before = len(fake.sent_to(LI))
    fake.edit_message(GROUP_A, report["message_id"], "3号楼2单元楼道里煤气味越来越重了，快来人")
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED
    assert len(fake.sent_to(COMMITTEE)) > committee_before, [m["text"] for m in fake.sent_to(COMMITTEE)]
    assert len(fake.sent_to(LI)) > li_before, [m["text"] for m in fake.sent_to(LI)]


async def test_a_red_lowered_then_raised_again_alerts_the_teams_red_alerts_again(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The police liaison (a team alerted by any red) heard of the unsure red; its writer called it "not urgent",
    then edited it into a danger again: the emergency contact hears it again, and so does the liaison, as a red
    reported now would make them (the liaison's alert was once per round, swallowed)."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    contact = 3302
    toml = TEAMS_TOML.replace("[community]\n", f"[community]\nemergency_contacts = [{contact}]\n", 1)
    for uid, name in {**TEAM_WORKERS, contact: "老钱"}.items():
        fake_tg.user(uid, name)
        fake_tg.user_starts_bot(uid)
    for worker in (WANG, LI, ADMIN):
        fake_tg.user_starts_bot(worker)
    running = await make_bot(parse_community(toml, "teams.toml"))
    report = fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道里好像有点味道，大家注意一下")
    ack = await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "已登记 #1"))
    await running.settle()
    assert len(fake_tg.sent_to(POLICE)) == 1 and len(fake_tg.sent_to(contact)) == 1
    fake_tg.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.YELLOW
    fake_tg.edit_message(GROUP_A, report["message_id"], "3号楼2单元楼道里煤气味越来越重了，快来人")
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.RED
    assert len(fake_tg.sent_to(contact)) == 2
    assert len(fake_tg.sent_to(POLICE)) == 2, [m["text"][:40] for m in fake_tg.sent_to(POLICE)]


async def test_a_neighbour_reporting_the_danger_after_not_urgent_is_a_red_again(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its writer said "not urgent"; a neighbour then reports the danger, in the group or under the
    acknowledgement: not taken into the lowered event, but a red of its own, with all a red does (a review of
    stop 30 asked whether the yellow swallowed it)."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    running.ctx.settings = running.ctx.settings.model_copy(update={"merge_window_s": 3600})
    fake = running.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道里有烟味", "已登记 #1")
    await running.settle()
    answer = await answer_to(
        fake, fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    )
    assert not answer.get("show_alert")
    await running.settle()
    fake.send_message(GROUP_A, RESIDENT2, "我家门口也有烟味，好大的烟", reply_to_message_id=ack["message_id"])
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).urgency is Urgency.YELLOW
        ev = await events.get(c, 2)
        kinds = {t.kind for t in await timers.pending(c) if t.event_id == 2}
    assert ev is not None and ev.urgency is Urgency.RED and TimerKind.REPING in kinds
    assert fake.find_message(LI, "#2")  # everyone on duty asked
