"""Accept after an event changed hands: a hand-back, an admin's reassignment, a shift's hand-off, two presses at
once. Who may take it is who it is with now (or who was asked and did not give it up); a hand-back is void once
the event is given to that worker again."""

from __future__ import annotations

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, exchange, press, toml_tables
from ids import ADMIN, GROUP_A, LI, RESIDENT, START, WANG

from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import t
from bot.services import steering


def actions(fake: FakeTelegram, chat_id: int, message_id: int) -> set[Action]:
    return {decode(b.get("callback_data")).action for b in fake.buttons(chat_id, message_id)}


async def handed_back_to_li(running: RunningBot) -> tuple[dict, dict]:
    """A report to 王, who hands it back: it goes to 李. The report and 王's DM."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    report = fake.send_message(GROUP_A, RESIDENT, "4号楼的路灯不亮了")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    await running.settle()
    return report, dm


async def test_a_photo_after_a_hand_back_does_not_give_accept_back(running: RunningBot) -> None:
    fake = running.fake
    report, dm = await handed_back_to_li(running)
    dm_li = fake.find_message(LI, "#1")
    fake.send_message(GROUP_A, RESIDENT, reply_to_message_id=report["message_id"], photo=True)  # the DMs are edited
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "照片") or None)
    await running.settle()
    assert actions(fake, WANG, dm["message_id"]).isdisjoint({Action.ACCEPT, Action.HAND_BACK})
    assert Action.ACCEPT in actions(fake, LI, dm_li["message_id"])


async def test_a_worker_reassigned_away_cannot_take_it_back(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    report = fake.send_message(GROUP_A, RESIDENT, "4号楼的路灯不亮了")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert (await steering.reassign(running.ctx, ADMIN, 1, LI)).ok  # the admin gives it to 李姐 (console)
    fake.send_message(GROUP_A, RESIDENT, reply_to_message_id=report["message_id"], photo=True)
    await running.settle()
    assert Action.ACCEPT not in actions(fake, WANG, dm["message_id"])
    answer = await answer_to(fake, fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1"))  # an old button
    assert answer["text"] == t("zh-Hans", "cb.with_other", id=1, worker="李姐")  # refused, saying who has it
    ev = await running.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == LI


async def test_a_worker_who_handed_back_can_accept_once_given_it_again(running: RunningBot) -> None:
    fake = running.fake
    _, dm = await handed_back_to_li(running)
    assert (await steering.reassign(running.ctx, ADMIN, 1, WANG)).ok
    await running.settle()
    new_dm = [m for m in fake.messages(WANG) if "#1" in m.get("text", "")][-1]
    assert new_dm["message_id"] != dm["message_id"]
    answer = await answer_to(fake, press(fake, WANG, WANG, new_dm["message_id"], Action.ACCEPT))
    assert "已接单" in answer["text"]
    ev = await running.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id == WANG


SHIFTS = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
    {"worker": LI, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "20:00", "role": "primary"},
)


async def test_a_shift_hand_off_to_a_worker_who_handed_back_lets_them_accept(make_bot: MakeBot) -> None:
    bot = await make_bot(comm=parse_community(SHIFTS, "c.toml"), clock=Clock(START))  # Monday 10:00
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    dm = await exchange(fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await bot.settle()
    assert (await bot.event(1)).assignee_id == LI
    await bot.advance(hours=10, minutes=1)  # past 20:00: 李姐 goes off, the event moves to 王师傅
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG
    new_dm = [m for m in fake.messages(WANG) if "#1" in m.get("text", "") and fake.buttons(WANG, m["message_id"])][-1]
    answer = await answer_to(fake, press(fake, WANG, WANG, new_dm["message_id"], Action.ACCEPT))
    assert "已接单" in answer["text"]
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_two_workers_press_accept_at_once_the_second_hears_it_was_taken(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼着火了，楼道里全是烟", "#1", where=WANG)  # red: both asked
    dm_li = await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    q1 = fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1")
    q2 = fake.press_button(LI, LI, dm_li["message_id"], "v1:acc:1")
    a1, a2 = await answer_to(fake, q1), await answer_to(fake, q2)
    ev = await running.event(1)
    assert ev.status is Status.ACCEPTED and ev.assignee_id in (WANG, LI)
    winner, loser = (a1, a2) if ev.assignee_id == WANG else (a2, a1)
    assert "已接单" in winner["text"]
    assert "已有其他值班人员接单" in loser["text"]


async def test_a_double_tap_on_accept_is_not_refused(running: RunningBot) -> None:
    running.fake.user_starts_bot(WANG)
    dm = await exchange(running.fake, GROUP_A, RESIDENT, "5号楼2单元楼道堆满了杂物", "#1", where=WANG)
    taps = [press(running.fake, WANG, WANG, dm["message_id"], Action.ACCEPT) for _ in range(2)]  # before any edit
    answers = [await answer_to(running.fake, q) for q in taps]
    assert all("已接单" in a["text"] for a in answers)  # the second: "accepted", not "not your task"
    assert (await running.event(1)).assignee_id == WANG


async def test_an_admins_hand_back_of_a_workers_event_goes_to_someone_else(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.user_starts_bot(ADMIN)
    dm = await exchange(fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await answer_to(fake, fake.press_button(ADMIN, WANG, dm["message_id"], "v1:hb:1"))  # admins may act on any
    await running.settle()
    ev = await running.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == LI


async def test_after_an_admins_hand_back_the_worker_cannot_take_it_back(running: RunningBot) -> None:
    fake = running.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    report = fake.send_message(GROUP_A, RESIDENT, "4号楼的路灯不亮了")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await answer_to(fake, fake.press_button(ADMIN, WANG, dm["message_id"], "v1:hb:1"))
    await running.settle()
    assert (await running.event(1)).assignee_id == LI
    fake.send_message(GROUP_A, RESIDENT, reply_to_message_id=report["message_id"], photo=True)  # DMs edited
    await running.settle()
    assert Action.ACCEPT not in actions(fake, WANG, dm["message_id"])
    answer = await answer_to(fake, fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1"))
    assert answer["text"] == t("zh-Hans", "cb.with_other", id=1, worker="李姐")  # refused, saying who has it
    assert (await running.event(1)).assignee_id == LI


async def test_an_edit_into_a_danger_does_not_ping_who_handed_it_back(running: RunningBot) -> None:
    fake = running.fake
    report, _ = await handed_back_to_li(running)
    before = len([m for m in fake.messages(WANG) if "#1" in m.get("text", "")])
    fake.edit_message(GROUP_A, report["message_id"], "4号楼着火了，楼道里全是烟")
    await running.settle()
    assert len([m for m in fake.messages(WANG) if "#1" in m.get("text", "")]) == before


async def test_after_a_hand_back_the_new_worker_is_told_it_is_theirs(running: RunningBot) -> None:
    """The worker it moved to is not told "handed back, waiting to be reassigned" (found in review); the one
    who gave it up reads whom it went to."""
    fake = running.fake
    _, dm = await handed_back_to_li(running)
    dm_li = fake.find_message(LI, "#1")
    assert "现在转给您了" in dm_li["text"] and "等待重新派单" not in dm_li["text"]
    assert Action.ACCEPT in actions(fake, LI, dm_li["message_id"])
    assert "现转给李姐" in fake.find_message(WANG, "#1")["text"]
