"""The community file edited while events are open (found in the review of chats and people over months): a
worker taken out of it keeps no event, and an event of a grid merged away goes to the grid that has it now."""

from __future__ import annotations

from harness import (
    ALL_DAY,
    COMMUNITY_TOML,
    DAY_NIGHT_TOML,
    Clock,
    MakeBot,
    RunningBot,
    all_day_staff,
    exchange,
    press,
    toml_tables,
    worker_tables,
)
from ids import ADMIN, COMMITTEE, GROUP_A, GROUP_B, LI, RESIDENT, START, WANG, ZHAO

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import t
from storage import events

LAMP = "4号楼的路灯不亮了"
WANG_ONLY_A = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts",
    {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "08:00", "end": "20:00"},
    {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "08:00", "end": "20:00"},
)
WITHOUT_WANG = (  # 王师傅 left: 李姐 is grid A's primary now
    COMMUNITY_TOML.split("[[workers]]")[0] + all_day_staff((LI, "A", "primary"), (ZHAO, "B", "primary"))
)
B_MERGED_INTO_A = (
    COMMUNITY_TOML.split("[[grids]]")[0]
    + toml_tables(
        "grids",
        {"id": "A", "name": "第一网格", "buildings": [str(i) for i in range(1, 9)], "chats": [GROUP_A, GROUP_B]},
    )
    + all_day_staff((WANG, "A", "primary"), (LI, "A", "backup"), (ZHAO, "A", "backup"))
)


def texts(bot: RunningBot, chat: int) -> list[str]:
    return [m.get("text", "") or m.get("caption", "") for m in bot.fake.messages(chat)]


async def restart_with(bot: RunningBot, toml: str) -> None:
    await bot.fake.wait_until_updates_consumed()
    await bot.stop()
    bot.community = parse_community(toml, "t")
    await bot.start()
    await bot.settle(timers=True)


async def started(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(None, Clock())
    for u in (WANG, LI, ZHAO, ADMIN):
        bot.fake.user_starts_bot(u)
    return bot


async def test_a_worker_taken_out_of_the_file_keeps_no_waiting_event(make_bot: MakeBot) -> None:
    bot = await started(make_bot)
    await exchange(bot.fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    wang_before, committee_before = len(texts(bot, WANG)), len(texts(bot, COMMITTEE))
    await restart_with(bot, WITHOUT_WANG)
    ev = await bot.event(1)
    assert ev.assignee_id == LI and ev.status is Status.DISPATCHED
    assert any(t("zh-Hans", "dm.step.worker_left", worker="王师傅") in x for x in texts(bot, LI))
    told = t("zh-Hans", "committee.worker_left", worker="王师傅", ids="#1")
    assert told in texts(bot, COMMITTEE)[committee_before:]
    # found in the persona review: his message said "🔄 已交接给下一班（李姐）。" though no shift ended
    dm = bot.fake.find_message(WANG, "#1")["text"]
    assert "负责人已不在网格员名单中，已转给李姐" in dm and "交接给下一班" not in dm, dm
    await bot.advance(minutes=31)  # the green reminder goes to 李姐, not to 王师傅
    assert texts(bot, WANG)[wang_before:] == []
    async with bot.ctx.db.read() as c:
        assert ("left", f"{WANG}>{LI}") in [(x.action, x.detail) for x in await events.timeline(c, 1)]


async def test_accepted_work_of_a_worker_who_left_waits_again_for_whoever_is_on_duty(make_bot: MakeBot) -> None:
    bot = await started(make_bot)
    dm = await exchange(bot.fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    press(bot.fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.fake.wait_for(lambda: (m := bot.fake.find_message(GROUP_A, "#1")) and "王师傅" in m["text"] or None)
    await bot.settle(timers=True)
    wang_before = len(texts(bot, WANG))
    await restart_with(bot, WITHOUT_WANG)
    ev = await bot.event(1)
    assert ev.assignee_id == LI and ev.status is Status.DISPATCHED and ev.accepted_at is None
    assert bot.fake.buttons(WANG, dm["message_id"]) == []  # his Close is gone
    await bot.advance(hours=37)  # 75 % of the fix-by time he had: nothing more to him
    assert texts(bot, WANG)[wang_before:] == []


async def test_a_worker_who_left_with_nobody_on_duty_to_take_it_tells_the_committee(make_bot: MakeBot) -> None:
    bot = await started(make_bot)
    await exchange(bot.fake, GROUP_B, RESIDENT, "7号楼的路灯不亮了", "#1", where=ZHAO)
    await bot.settle(timers=True)
    committee_before = len(texts(bot, COMMITTEE))
    only_a = COMMUNITY_TOML.split("[[workers]]")[0] + worker_tables({WANG: "王师傅", LI: "李姐"})
    only_a += toml_tables("shifts", {"worker": WANG, "grid": "A", **ALL_DAY, "role": "primary"})
    await restart_with(bot, only_a)  # 赵师傅 left and grid B has nobody
    ev = await bot.event(1)
    assert ev.assignee_id is None and ev.status is Status.DISPATCHED
    told = t("zh-Hans", "committee.worker_left_nobody", worker="赵师傅", ids="#1")
    assert told in texts(bot, COMMITTEE)[committee_before:]
    dm = bot.fake.find_message(ZHAO, "#1")["text"]  # not "handed back": he did not give it up
    assert "负责人已不在网格员名单中，等待居委会安排" in dm and "已退回" not in dm, dm


async def test_an_event_of_a_grid_merged_away_goes_to_the_grid_that_has_it_now(make_bot: MakeBot) -> None:
    bot = await started(make_bot)
    await exchange(bot.fake, ZHAO, ZHAO, "/offduty", "已设为休息")  # nobody on duty in B: #1 waits with no one
    await exchange(bot.fake, GROUP_B, RESIDENT, "7号楼的路灯不亮了", "#1")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    await restart_with(bot, B_MERGED_INTO_A)
    ev = await bot.event(1)
    assert ev.grid_id == "A" and ev.assignee_id == WANG
    assert any("#1" in x for x in texts(bot, WANG))


async def test_remove_worker_takes_an_invited_worker_off_with_their_work(make_bot: MakeBot) -> None:
    """Found in the same review: a worker who joined by invite link could never be removed (loaded from the
    database at every start, whatever the file said): after leaving he could still /onduty and get reports."""
    bot = await started(make_bot)
    fake = bot.fake
    invite = await exchange(fake, ADMIN, ADMIN, "/invite A", "start=w_")
    code = invite["text"].split("start=")[1].split()[0]
    fake.user(7007, "小周")
    await exchange(fake, 7007, 7007, f"/start {code}", "小周")
    await exchange(fake, WANG, WANG, "/offduty", "已设为休息")
    await exchange(fake, 7007, 7007, "/onduty A", "已设为值班")
    await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=7007)  # 小周 is the one on duty: it is his
    await exchange(fake, WANG, WANG, "/onduty", "已设为值班")
    answer = await exchange(fake, ADMIN, ADMIN, "/remove_worker 小周", "已移除")
    assert answer["text"] == t("zh-Hans", "remove_worker.done", name="小周", n=1)
    ev = await bot.event(1)
    assert ev.assignee_id in (WANG, LI) and ev.status is Status.DISPATCHED
    assert bot.ctx.community.worker(7007) is None
    await bot.settle()  # the edit of his DM is queued with the answer: wait for it, not for the answer alone
    dm = fake.find_message(7007, "#1")["text"]  # found in the persona review: "已交接给下一班" though no shift ended
    assert "负责人已不在网格员名单中" in dm and "交接给下一班" not in dm, dm
    refused = await exchange(fake, 7007, 7007, "/onduty A", "")
    assert "已设为值班" not in refused["text"]  # duty.on_ok: he is no worker now
    await restart_with(bot, COMMUNITY_TOML)  # and he stays removed after a start
    assert bot.ctx.community.worker(7007) is None


async def test_remove_worker_points_to_the_file_for_a_listed_worker(make_bot: MakeBot) -> None:
    bot = await started(make_bot)
    answer = await exchange(bot.fake, ADMIN, ADMIN, "/remove_worker 王师傅", "王师傅")
    assert answer["text"] == t("zh-Hans", "remove_worker.in_file", name="王师傅")
    assert bot.ctx.community.worker(WANG) is not None
    refused = await exchange(bot.fake, WANG, WANG, "/remove_worker 李姐", "")
    assert refused["text"] == t("zh-Hans", "only.admin")  # a worker may not
    assert bot.ctx.community.worker(LI) is not None


async def test_a_shift_covered_by_a_removed_worker_goes_back_to_its_own_worker(make_bot: MakeBot) -> None:
    """小周 (invited) covers 王's Monday shift; the admin removes 小周 ('off every rota'). A report on Monday
    should reach 王 (whose shift it is), not nobody."""
    bot = await make_bot(parse_community(WANG_ONLY_A, "t"), Clock(START))  # Monday 10:00
    fake = bot.fake
    for u in (WANG, ZHAO, ADMIN):
        fake.user_starts_bot(u)
    invite = await exchange(fake, ADMIN, ADMIN, "/invite A", "start=w_")
    code = invite["text"].split("start=")[1].split()[0]
    fake.user(7007, "小周")
    await exchange(fake, 7007, 7007, f"/start {code}", "小周")
    await exchange(fake, ADMIN, ADMIN, "/cover 王师傅 2026-11-23 小周", "替")
    await bot.settle(timers=True)
    await exchange(fake, ADMIN, ADMIN, "/remove_worker 小周", "已移除")
    await bot.settle(timers=True)
    await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.assignee_id == WANG, f"Monday report after 小周's removal went to {ev.assignee_id} (nobody on duty)"


async def test_an_event_of_a_removed_grid_nobody_can_route_is_not_silently_orphaned(make_bot: MakeBot) -> None:
    """Grid B merged into A by its buildings, its group not (yet) listed: a building-less report of B's group,
    waiting with nobody, is neither moved nor reported to the committee: it waits for ever, silently."""

    merged = (
        COMMUNITY_TOML.split("[[grids]]")[0]
        + toml_tables(
            "grids", {"id": "A", "name": "第一网格", "buildings": [str(i) for i in range(1, 9)], "chats": [GROUP_A]}
        )
        + worker_tables({WANG: "王师傅", LI: "李姐", ZHAO: "赵师傅"})
        + toml_tables("shifts", {"worker": WANG, "grid": "A", **ALL_DAY, "role": "primary"})
    )
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    for u in (WANG, LI, ZHAO, ADMIN):
        fake.user_starts_bot(u)
    await exchange(fake, ZHAO, ZHAO, "/offduty", "已设为休息")
    await exchange(fake, GROUP_B, RESIDENT, "楼道的路灯不亮了", "#1")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.assignee_id is None and ev.grid_id == "B", ev
    await bot.advance(hours=2)
    await fake.wait_until_updates_consumed()
    committee_before = len(fake.messages(COMMITTEE))
    await bot.stop()
    bot.community = parse_community(merged, "t")
    await bot.start()
    await bot.settle(timers=True)
    await bot.advance(days=2)
    ev = await bot.event(1)
    new_committee = [m.get("text", "") for m in fake.messages(COMMITTEE)[committee_before:]]
    assert ev.assignee_id is not None or any("#1" in x for x in new_committee), (
        f"#1 left on removed grid {ev.grid_id!r} with nobody, committee told nothing: {new_committee}"
    )


async def test_a_leavers_event_goes_to_the_worker_on_duty_it_was_once_handed_off_from(make_bot: MakeBot) -> None:
    """王 day, 李 night: a 19:00 report is 王's, at 20:00 李's. 李 leaves (file edited, 王 now all day):
    at start 王 is on duty, yet the committee hears 'no one on duty can take #1'."""

    bot = await make_bot(parse_community(DAY_NIGHT_TOML, "t"), Clock(START))  # Monday 10:00
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    await bot.advance(hours=9)  # 19:00
    await exchange(fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=70)  # 20:10: 李's
    assert (await bot.event(1)).assignee_id == LI
    await fake.wait_until_updates_consumed()
    committee_before = len(fake.messages(COMMITTEE))
    await bot.stop()
    bot.community = parse_community(
        COMMUNITY_TOML.split("[[workers]]")[0]
        + worker_tables({WANG: "王师傅", ZHAO: "赵师傅"})
        + toml_tables("shifts", {"worker": WANG, "grid": "A", **ALL_DAY, "role": "primary"}),
        "t",
    )
    await bot.start()
    await bot.settle(timers=True)
    ev = await bot.event(1)
    told = [m.get("text", "") for m in fake.messages(COMMITTEE)[committee_before:]]
    assert ev.assignee_id == WANG, f"王 is on duty, #1 is {ev.assignee_id}; committee: {told}"


async def test_a_building_moved_to_another_grid_takes_its_open_events_there(make_bot: MakeBot) -> None:
    """Found in the configuration review: building 4 moved to grid B in the file, its open events stayed in A."""
    moved = B_MERGED_INTO_A.split("[[grids]]")[0] + toml_tables(
        "grids",
        {"id": "A", "name": "第一网格", "buildings": ["1", "2", "3", "5"], "chats": [GROUP_A]},
        {"id": "B", "name": "第二网格", "buildings": ["4", "6", "7", "8"], "chats": [GROUP_B]},
    )
    moved += "[[workers]]" + B_MERGED_INTO_A.split("[[workers]]", 1)[1].split("[[shifts]]")[0]
    moved += toml_tables("shifts", {"worker": WANG, "grid": "A", **ALL_DAY}, {"worker": ZHAO, "grid": "B", **ALL_DAY})
    bot = await started(make_bot)
    await exchange(bot.fake, GROUP_A, RESIDENT, LAMP, "#1", where=WANG)
    dm = await exchange(bot.fake, GROUP_A, RESIDENT, "4号楼门禁坏了", "#2", where=WANG)
    press(bot.fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    await restart_with(bot, moved)
    one, two = await bot.event(1), await bot.event(2)
    assert (one.grid_id, one.assignee_id, two.grid_id, two.assignee_id) == ("B", ZHAO, "B", WANG)
    assert any("#1" in x for x in texts(bot, ZHAO))
    async with bot.ctx.db.read() as c:
        assert ("regrid", "A>B") in [(x.action, x.detail) for x in await events.timeline(c, 1)]
    press(bot.fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)  # to grid B's worker, not A's backup
    await bot.settle(timers=True)
    assert (await bot.event(2)).assignee_id == ZHAO
