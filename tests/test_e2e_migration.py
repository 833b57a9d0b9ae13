"""Groups upgraded to supergroups: what waited in the outbox, and the committee chat's new id."""

from __future__ import annotations

import re

from harness import COMMUNITY_TOML, MakeBot, RunningBot, exchange, in_grid_a, press, until
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.cli.check import check
from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain

ZH = "zh-Hans"

OLD, NEW = -4001, -1004001


async def test_an_edit_queued_before_the_upgrade_changes_no_other_events_message(running: RunningBot) -> None:
    """#1's acknowledgement edit and #2's acknowledgement wait (the group throttled) when the group is upgraded:
    message ids start afresh in the supergroup, so the edit, carrying the old id, would overwrite #2's there."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, OLD)
    await exchange(fake, OLD, RESIDENT, "1号楼楼道灯坏了", "#1")
    dm1 = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    fake.fail_next(None, 429, retry_after=2, times=1000, chat_id=OLD)
    fake.send_message(OLD, RESIDENT2, "2号楼电梯按钮坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    press(fake, WANG, WANG, dm1["message_id"], Action.ACCEPT)

    async def accepted() -> bool:
        return (await running.event(1)).status is Status.ACCEPTED

    await until(accepted)
    fake.migrate_group(OLD, NEW)
    ack2 = await fake.wait_for(lambda: fake.find_message(NEW, "#2"), timeout=15)
    fresh1 = await fake.wait_for(lambda: (m := fake.find_message(NEW, "#1")) and "王师傅" in m["text"] and m or None)
    await running.settle()
    now = {m["message_id"]: m for m in fake.messages(NEW)}
    assert "#2" in now[ack2["message_id"]]["text"] and "#1" not in now[ack2["message_id"]]["text"]
    assert (await running.event(2)).ack_message_id == ack2["message_id"]
    assert (await running.event(1)).ack_message_id == fresh1["message_id"]
    assert "reply_to_message" not in ack2  # its reply target was a message of the old group


OLD_COMMITTEE, NEW_COMMITTEE = -4242, -1004242  # most committee chats begin as basic groups


async def test_an_upgraded_committee_chat_stays_the_committee_chat(make_bot: MakeBot) -> None:
    """The file still names the basic group's id: the bot follows the upgrade (kept in the database, also after a
    restart), asks the admins to write the new id in the file, and linli check accepts the old one."""
    old_file = parse_community(COMMUNITY_TOML.replace(str(COMMITTEE), str(OLD_COMMITTEE)), "t")
    bot = await make_bot(old_file)
    fake = bot.fake
    fake.group(OLD_COMMITTEE, "居委会", type="group", members={ADMIN: "administrator"})
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    fake.migrate_group(OLD_COMMITTEE, NEW_COMMITTEE, by_user_id=ADMIN)
    moved = re.sub("<[^>]+>", "", plain(ZH, "committee.chat_moved", old=OLD_COMMITTEE, new=NEW_COMMITTEE))
    await fake.wait_for(lambda: fake.find_message(NEW_COMMITTEE, moved))

    async def is_the_committee_chat() -> None:
        await exchange(fake, NEW_COMMITTEE, ADMIN, "/report 3号楼电梯坏了", plain(ZH, "report.committee_chat"))
        fake.send_message(NEW_COMMITTEE, ADMIN, "/digest")
        await bot.settle()
        texts = [m.get("text", "") for m in fake.messages(NEW_COMMITTEE) + fake.messages(ADMIN)]
        assert plain(ZH, "digest.refused") not in texts
        waiting = plain(ZH, "setup.group_waiting", community="滨海社区")[:12]  # not a group waiting to be bound
        assert not [t for t in texts if t.startswith(waiting) or str(NEW_COMMITTEE) in t and t != moved]

    await is_the_committee_chat()
    fake.kick_bot(GROUP_A, ADMIN)  # what the committee is told goes to its new id
    await fake.wait_for(lambda: fake.find_message(NEW_COMMITTEE, "幸福里1-5号楼居民群"))
    await fake.wait_until_updates_consumed()
    await bot.stop()
    await bot.start()
    await is_the_committee_chat()
    assert [m["text"] for m in fake.messages(NEW_COMMITTEE)].count(moved) == 1
    lines = [str(line) for line in await check(bot.ctx.settings, old_file)]
    assert any(
        line.startswith(f"✓ committee chat {OLD_COMMITTEE} became the supergroup {NEW_COMMITTEE}") for line in lines
    ), lines


async def _report_then_upgrade(running: RunningBot) -> tuple[int, dict]:
    """#1 reported in the basic group after some chat there (its message id is not 1), then the group upgraded:
    the report's id in the old group, and 王师傅's DM about #1."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, OLD)
    for i in range(3):
        fake.send_message(OLD, RESIDENT2, f"大家早上好{i}")
    report = fake.send_message(OLD, RESIDENT, "1号楼楼道灯坏了")
    dm1 = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    fake.migrate_group(OLD, NEW)
    await running.settle()
    return report["message_id"], dm1


async def _chat_up_to(running: RunningBot, message_id: int) -> None:
    """Neighbours chat in the supergroup (its ids start afresh) until its last message has this id."""
    last = 0
    while last < message_id:
        last = running.fake.send_message(NEW, RESIDENT2, f"今天天气不错 {last}")["message_id"]
    assert last == message_id
    await running.settle()


async def test_nothing_sent_after_the_upgrade_replies_to_the_old_groups_message_ids(running: RunningBot) -> None:
    """The report's id is of the old group's history: in the supergroup it is a neighbour's message, so the fresh
    acknowledgement, posted when #1 is accepted, replies to none."""
    fake = running.fake
    report_id, dm1 = await _report_then_upgrade(running)
    await _chat_up_to(running, report_id + 2)
    press(fake, WANG, WANG, dm1["message_id"], Action.ACCEPT)
    fresh = await fake.wait_for(lambda: (m := fake.find_message(NEW, "#1")) and "王师傅" in m["text"] and m or None)
    await running.settle()
    assert "reply_to_message" not in fresh
    assert not [m for m in fake.messages(NEW) if m.get("from", {}).get("is_bot") and "reply_to_message" in m]


async def test_a_report_in_the_supergroup_with_an_old_reports_id_is_a_report_of_its_own(running: RunningBot) -> None:
    """A report in the supergroup bearing #1's id of the old group is new: not a repeat of #1, left unanswered."""
    fake = running.fake
    report_id, _ = await _report_then_upgrade(running)
    await _chat_up_to(running, report_id - 1)
    report = fake.send_message(NEW, RESIDENT, "2号楼电梯按钮坏了")
    assert report["message_id"] == report_id
    ack = await fake.wait_for(lambda: fake.find_message(NEW, "#2"))
    assert ack["reply_to_message"]["message_id"] == report_id


async def test_a_neighbours_edit_in_the_supergroup_changes_no_report_of_the_old_group(running: RunningBot) -> None:
    """A neighbour edits their message in the supergroup that bears #1's id of the old group: #1 stays as reported."""
    fake = running.fake
    report_id, _ = await _report_then_upgrade(running)
    await _chat_up_to(running, report_id)
    fake.edit_message(NEW, report_id, "5号楼门口垃圾堆了三天没人收")
    await running.settle()
    assert (await running.event(1)).text == "1号楼楼道灯坏了"
