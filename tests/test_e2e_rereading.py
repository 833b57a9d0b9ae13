"""A report read anew, a resident's edit before acceptance or an admin's correction on the console, goes where a new
report of that reading would: a waiting event follows its new category to the desk that takes it (its worker's DM
says where it went, the new worker is sent it), the teams the new reading alerts are told; accepted work stays with
its worker, and a rise to red alerts whoever a red alerts (bot/services/rerouting.py, chase.on_urgency_raised)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from harness import MakeBot, RunningBot, exchange, press, shown, worker_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_teams import MAINT, MEDIATOR, POLICE, TEAM_WORKERS, TEAMS_TOML, teams_bot

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import t
from bot.services import steering

LITTER = "3号楼楼道里垃圾堆满了没人清理"  # a yellow sanitation report: the grid's 王师傅


@pytest.fixture
async def bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> RunningBot:
    return await teams_bot(fake_tg, make_bot)


def moved_away(fake: FakeTelegram, worker: int, dm: dict, to: str) -> bool:
    """The worker's DM says the event went to `to`, and has no buttons left."""
    now = next(m for m in fake.messages(worker) if m["message_id"] == dm["message_id"])
    return "类别已更正" in now["text"] and to in now["text"] and not fake.buttons(worker, dm["message_id"])


async def test_a_litter_report_corrected_to_repair_goes_to_maintenance(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, LITTER, "#1", where=WANG)
    assert (await steering.correct(bot.ctx, ADMIN, 1, category="repair")).ok
    new = await fake.wait_for(lambda: fake.find_message(MAINT, t("zh-Hans", "dm.step.recategorised")))
    assert "#1" in new["text"]
    await shown(fake, MAINT, new["message_id"], Action.ACCEPT)
    await bot.settle()
    assert moved_away(fake, WANG, dm, "物业刘工")
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, MAINT)
    assert "设施报修" in fake.find_message(GROUP_A, "#1")["text"]  # the acknowledgement reads it anew


async def test_a_repair_corrected_to_a_yellow_dispute_leaves_maintenance_and_alerts_mediation(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=MAINT)
    assert (await steering.correct(bot.ctx, ADMIN, 1, category="dispute", urgency="yellow")).ok
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    alert = await fake.wait_for(lambda: fake.find_message(MEDIATOR, "#1"))
    assert "调解室" in alert["text"] and "王师傅" in alert["text"]
    await bot.settle()
    assert moved_away(fake, MAINT, dm, "王师傅")
    assert (await bot.event(1)).assignee_id == WANG


async def test_a_yellow_report_corrected_to_a_dispute_alerts_mediation(bot: RunningBot) -> None:
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT, LITTER, "#1", where=WANG)
    assert (await steering.correct(bot.ctx, ADMIN, 1, category="dispute")).ok
    await fake.wait_for(lambda: fake.find_message(MEDIATOR, "#1"))
    assert (await bot.event(1)).assignee_id == WANG  # the grid's still: no team takes disputes here


async def test_an_accepted_report_corrected_stays_with_its_worker(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, LITTER, "#1", where=WANG)
    await shown(fake, WANG, dm["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await steering.correct(bot.ctx, ADMIN, 1, category="repair")).ok
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    assert fake.find_message(MAINT, "#1") is None


async def test_a_residents_edit_of_a_litter_report_into_a_lift_goes_to_maintenance(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, LITTER, "#1", where=WANG)
    fake.edit_message(GROUP_A, (await bot.event(1)).message_id, "3号楼电梯坏了")
    await fake.wait_for(lambda: fake.find_message(MAINT, "#1"))
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.category.value, ev.assignee_id) == ("repair", MAINT)
    assert moved_away(fake, WANG, dm, "物业刘工")


async def test_a_light_edited_into_a_fire_leaves_maintenance(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯坏了", "#1", where=MAINT)
    fake.edit_message(GROUP_A, (await bot.event(1)).message_id, "3号楼着火了！楼道里全是烟")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await fake.wait_for(lambda: fake.find_message(POLICE, "#1"))  # what a red does at once, for the new worker
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.urgency.value, ev.assignee_id) == ("red", WANG)
    assert moved_away(fake, MAINT, dm, "王师傅")


async def test_an_accepted_report_corrected_to_red_alerts_whoever_a_red_alerts(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """Its worker keeps it; the police liaison, the emergency contacts, the committee and the group (the emergency
    numbers) hear it as of a red reported now, and the worker is told it is urgent."""
    contact = 3302
    toml = TEAMS_TOML.replace("[community]\n", f"[community]\nemergency_contacts = [{contact}]\n", 1)
    for uid, name in {**TEAM_WORKERS, contact: "应急联系人老钱"}.items():
        fake_tg.user(uid, name)
        fake_tg.user_starts_bot(uid)
    fake_tg.user_starts_bot(WANG)
    bot = await make_bot(parse_community(toml + worker_tables({contact: "应急联系人老钱"}), "teams.toml"))
    dm = await exchange(fake_tg, GROUP_A, RESIDENT, LITTER, "#1", where=WANG)
    await shown(fake_tg, WANG, dm["message_id"], Action.ACCEPT)
    press(fake_tg, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await steering.correct(bot.ctx, ADMIN, 1, category="safety", urgency="red")).ok
    await fake_tg.wait_for(lambda: fake_tg.find_message(POLICE, "#1"))
    await fake_tg.wait_for(lambda: fake_tg.find_message(contact, "#1"))
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "🚨 #1"))
    await fake_tg.wait_for(lambda: fake_tg.find_message(COMMITTEE, "紧急事件 #1"))
    told = await fake_tg.wait_for(lambda: fake_tg.find_message(WANG, "现改为紧急"))
    assert "#1" in told["text"]
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    assert ev.due_at is not None and ev.accepted_at is not None
    assert ev.due_at - ev.accepted_at <= timedelta(hours=4)  # a red's fix-by time
    assert fake_tg.find_message(LI, "#1") is None  # nobody else asked to take what its worker has
