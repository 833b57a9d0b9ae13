"""Set-up inside Telegram (issue 15): a group the file does not list, bound by an admin's button press;
reports written while it waited become events; /whoami; invited workers put on a rota with /shift."""

from __future__ import annotations

import json

from harness import COMMUNITY_TOML, RunningBot, community, exchange, press, text_in
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.cli.check import check
from bot.core.callbacks import MAX_BYTES, Action, decode
from bot.core.community_file import parse_community
from storage import events, setup

NEW_GROUP = -1005550001111


def _commands(params: dict) -> list[dict]:
    commands = params["commands"]
    return json.loads(commands) if isinstance(commands, str) else commands


async def added_to_new_group(running: RunningBot) -> dict:
    """The bot is added to a group no grid lists; returns the admin's private message with the buttons."""
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    fake.group(NEW_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(NEW_GROUP, RESIDENT)
    return await fake.wait_for(lambda: fake.find_message(ADMIN, str(NEW_GROUP)))


async def test_unknown_group_is_bound_by_an_admin_and_its_kept_report_dispatched(running: RunningBot) -> None:
    fake = running.fake
    dm = await added_to_new_group(running)
    waiting = await fake.wait_for(lambda: fake.find_message(NEW_GROUP, "等居委会设置"))
    assert "滨海社区" in waiting["text"]
    assert "幸福里新楼居民群" in dm["text"] and f"chats = [-1001234567890, {NEW_GROUP}]" in dm["text"]
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, str(NEW_GROUP)))
    buttons = fake.buttons(ADMIN, dm["message_id"])
    assert [b["text"] for b in buttons][:2] == ["绑定到第一网格", "绑定到第二网格"]
    assert decode(buttons[2]["callback_data"]).action is Action.LEAVE  # type: ignore[union-attr]  # "not ours, leave"
    assert all(len(b["callback_data"].encode()) <= MAX_BYTES for b in buttons)

    # a resident reports before anyone bound the group: kept, the resident and the committee are told
    await exchange(fake, NEW_GROUP, RESIDENT, "电梯坏了，有人被困在里面", "已记下")
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "有人被困"))
    await running.settle()
    async with running.ctx.db.read() as c:
        assert await events.get(c, 1) is None

    # a resident cannot bind; a forged press (a grid that does not exist, a row that does not exist) is refused
    fake.press_button(RESIDENT, ADMIN, dm["message_id"], buttons[0]["callback_data"])
    fake.press_button(ADMIN, ADMIN, dm["message_id"], buttons[0]["callback_data"][:-1] + "9")
    fake.press_button(ADMIN, ADMIN, dm["message_id"], "v1:bnd:999:0")
    await running.settle()
    assert running.ctx.community.grid_for_chat(NEW_GROUP) is None

    press(fake, ADMIN, ADMIN, dm["message_id"], Action.BIND, "0")  # grid A, the first
    await fake.wait_for(lambda: fake.find_message(NEW_GROUP, "已绑定到第一网格"))
    await fake.wait_for(lambda: fake.find_message(NEW_GROUP, "已登记 #1"))  # the kept report, now an event
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))  # dispatched to grid A's worker on duty
    await fake.wait_for(lambda: "chats" in text_in(fake, ADMIN, "已绑定到第一网格") or None)  # the edit may come last
    assert fake.buttons(ADMIN, dm["message_id"]) == []
    # the committee reads who bound it by name, not by id (README review: "1001已把群…绑定")
    bound = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "绑定到第一网格"))
    admin = fake.ensure_user(ADMIN)["first_name"]
    assert admin in bound["text"] and f"{ADMIN}已" not in bound["text"], bound["text"]

    # a second press changes nothing; a new report is routed at once, no restart
    fake.press_button(ADMIN, ADMIN, dm["message_id"], buttons[1]["callback_data"])
    await exchange(fake, NEW_GROUP, RESIDENT, "3号楼门口路灯不亮了", "#2", where=WANG)
    await running.settle()
    assert running.ctx.community.grid_for_chat(NEW_GROUP).id == "A"

    # the binding survives a restart
    await running.restart()
    assert running.ctx.community.grid_for_chat(NEW_GROUP).id == "A"
    await exchange(fake, NEW_GROUP, RESIDENT, "2号楼楼道里堆满了杂物", "#3", where=WANG)
    async with running.ctx.db.read() as c:
        [row] = await setup.chats(c)
        assert (row.chat_id, row.grid_id, row.bound_by) == (NEW_GROUP, "A", ADMIN)
        assert await setup.pending(c) == []
    text = "\n".join(map(str, await check(running.ctx.settings, community())))  # `linli check` shows it
    assert f"✓ group {NEW_GROUP} (幸福里新楼居民群): bound to grid A in Telegram by {ADMIN}" in text
    assert f"✓ grid A group {NEW_GROUP}: the bot is a member" in text


async def test_linli_check_names_a_group_still_waiting(running: RunningBot) -> None:
    await added_to_new_group(running)
    await running.settle()
    text = "\n".join(map(str, await check(running.ctx.settings, community())))
    assert f"⚠ group {NEW_GROUP} (幸福里新楼居民群): waiting to be bound" in text  # not ✗: the rest works
    assert "presses a bind button in their private chat with the bot" in text


async def test_linli_check_lets_pass_a_group_that_removed_the_bot_before_it_was_bound(running: RunningBot) -> None:
    """Added to a group by mistake and removed a minute later: `linli check` said "✗ … belongs to no grid" and
    exited 1 for ever, so `linli check && linli run` never started the bot again (set-up review)."""
    await added_to_new_group(running)
    running.fake.kick_bot(NEW_GROUP, RESIDENT)
    await running.settle()
    lines = [line for line in await check(running.ctx.settings, community()) if f"group {NEW_GROUP} " in line.text]
    assert lines and all(line.ok for line in lines), [str(x) for x in lines]


async def test_committee_chat_and_listed_groups_are_not_waiting(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    fake.add_bot(COMMITTEE, ADMIN)
    fake.send_message(COMMITTEE, ADMIN, "3号楼电梯坏了")
    await running.settle()
    assert fake.find_message(ADMIN, "群 ID") is None
    async with running.ctx.db.read() as c:
        assert await setup.chats(c) == []


async def test_whoami_gives_id_and_role(running: RunningBot) -> None:
    fake = running.fake
    me = await exchange(fake, RESIDENT, RESIDENT, "/whoami", "Telegram ID")
    assert str(RESIDENT) in me["text"] and "居民" in me["text"]
    me = await exchange(fake, ADMIN, ADMIN, "/whoami", "Telegram ID")
    assert str(ADMIN) in me["text"] and "居委会管理员" in me["text"]


async def test_invited_worker_is_shown_to_admins_and_put_on_a_shift(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    msg = await exchange(fake, ADMIN, ADMIN, "/invite B", "start=w_")
    code = msg["text"].split("start=")[1].split()[0]
    new = 7007
    fake.user(new, "小周")
    note = await exchange(fake, new, new, f"/start {code}", "打开了邀请链接", where=ADMIN)
    assert f"telegram_id = {new}" in note["text"] and 'name = "小周"' in note["text"]
    assert f"/shift {new} B" in note["text"]
    menu = await fake.wait_for_call("setMyCommands", lambda params: str(new) in str(params.get("scope")))
    assert {"my", "skip", "onduty"} <= {c["command"] for c in _commands(menu.params)}  # the workers' menu at once

    await exchange(fake, RESIDENT, RESIDENT, "/shift 小周 B", "仅供网格员和居委会")
    # a worker puts themself on their own grid's rota, not on another's (its events would be theirs to see)
    await exchange(fake, new, new, "/shift 小周 A", "平时不在「第一网格」值班")
    await exchange(fake, ADMIN, ADMIN, "/shift 小周 B mon-sun 00:00-24:00 banana", "用法：/shift")
    ok = await exchange(fake, ADMIN, ADMIN, "/shift 小周 B mon-sun 00:00-24:00 backup", "已为小周排班")
    assert "team" not in ok["text"] and 'grid = "B"' in ok["text"] and 'role = "backup"' in ok["text"]
    assert ok["text"].split("\n")[0].endswith("00:00–24:00（备班）。")  # said, not only in the file's lines
    duty = await exchange(fake, ADMIN, ADMIN, "/duty", "当前值班")
    assert "小周" in duty["text"]

    await running.restart()  # the shift is a row: still there
    assert any(s.worker == new for s in running.ctx.community.shifts)
    await exchange(fake, ADMIN, ADMIN, "/shift 小周 clear", "用命令加的 1 个排班")
    assert not any(s.worker == new for s in running.ctx.community.shifts)


async def test_a_shift_pasted_into_the_file_counts_once_and_goes_when_the_file_drops_it(running: RunningBot) -> None:
    """Found in the configuration review: the shift added by /shift counted twice once its lines were in the file,
    and kept 李姐 on grid B's rota after the committee took her off it in the file."""
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    ok = await exchange(fake, ADMIN, ADMIN, "/shift 李姐 B mon-sun 00:00-24:00 backup", "已为李姐排班")
    lines = ok["text"].split("community.toml：\n", 1)[1]

    def on_b() -> int:
        return len([s for s in running.ctx.community.shifts if s.worker == LI and s.grid == "B"])

    assert on_b() == 1
    await exchange(fake, ADMIN, ADMIN, "/shift 李姐 B sun,mon-sat 00:00-24:00 backup", "李姐已有这个排班")
    running.community = parse_community(COMMUNITY_TOML + "\n" + lines + "\n", "t")  # pasted, as the bot said
    await running.restart()
    assert on_b() == 1
    await exchange(fake, ADMIN, ADMIN, "/shift 李姐 clear", "用命令加的 0 个排班")  # the file's, not chat's, now
    assert on_b() == 1
    running.community = parse_community(COMMUNITY_TOML, "t")  # months later: off grid B in the file
    await running.restart()
    assert on_b() == 0
    duty = await exchange(fake, ADMIN, ADMIN, "/duty", "当前值班")
    assert duty["text"].count("李姐") == 1, duty["text"]  # grid A's backup only


async def test_the_lines_the_admin_gets_bind_the_group_when_pasted(running: RunningBot) -> None:
    dm = await added_to_new_group(running)
    line = next(x for x in dm["text"].splitlines() if x.startswith("chats = [") and "-1001234567890" in x)
    pasted = parse_community(COMMUNITY_TOML.replace(f"chats = [{GROUP_A}]", line), "community.toml")
    assert pasted.grid_for_chat(NEW_GROUP).id == "A"


async def test_a_report_kept_before_the_group_became_a_supergroup_is_answered_as_a_reply_to_nothing(
    running: RunningBot,
) -> None:
    """Kept while the basic group waited; the group upgraded, then bound: its id is of the old group's history,
    a neighbour's message in the supergroup, so its acknowledgement replies to none."""
    fake = running.fake
    old, new = -4005, -1004005
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(WANG)
    fake.group(old, "幸福里新楼居民群", type="group")
    fake.add_bot(old, RESIDENT)
    dm = await fake.wait_for(lambda: fake.find_message(ADMIN, str(old)))
    for i in range(3):
        fake.send_message(old, RESIDENT, f"大家好{i}")
    await exchange(fake, old, RESIDENT, "电梯坏了，有人被困在里面", "已记下")
    await running.settle()
    fake.migrate_group(old, new)
    for i in range(8):
        fake.send_message(new, RESIDENT, f"今天天气不错{i}")
    await running.settle()
    press(fake, ADMIN, ADMIN, dm["message_id"], Action.BIND, "0")
    ack = await fake.wait_for(lambda: fake.find_message(new, "已登记 #1"))
    assert "reply_to_message" not in ack


async def test_an_admin_who_starts_the_bot_later_gets_the_bind_buttons(running: RunningBot) -> None:
    """Private-chat review: the bot was added to a new group while the only admin had never pressed Start; the
    committee read "管理员已收到私信" but the buttons failed (403), and pressing Start later sent only a greeting."""
    fake = running.fake
    fake.group(NEW_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(NEW_GROUP, RESIDENT)
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, str(NEW_GROUP)))
    await running.settle()
    assert fake.find_message(ADMIN, str(NEW_GROUP)) is None  # could not be sent
    fake.user_starts_bot(ADMIN, send_start=True)
    dm = await fake.wait_for(lambda: fake.find_message(ADMIN, str(NEW_GROUP)))
    assert [b["text"] for b in fake.buttons(ADMIN, dm["message_id"])][:2] == ["绑定到第一网格", "绑定到第二网格"]
    fake.send_message(ADMIN, ADMIN, "/start")  # once only
    await running.settle()
    assert len([m for m in fake.messages(ADMIN) if str(NEW_GROUP) in m.get("text", "")]) == 1


async def test_privacy_mode_left_on_is_told_to_the_committee_once_a_day(make_fake, tmp_path) -> None:  # noqa: ANN001
    """The BotFather step skipped: every report in a group the bot is no admin of is unseen. The committee chat
    hears it at start, not only the log; a restart the same day does not say it again."""
    from harness import RunningBot, populate

    from bot.render.i18n import plain

    told = plain("zh-Hans", "committee.privacy_on")[:20]
    fake = await make_fake(can_read_all_group_messages=False)
    populate(fake)
    for _ in range(2):  # a start, and a restart the same day
        bot = RunningBot(fake, tmp_path / "linli.db")
        await bot.start()
        try:
            await bot.settle()
        finally:
            await bot.stop()
    assert sum(m["text"].startswith(told) for m in fake.messages(COMMITTEE)) == 1


async def test_an_admin_has_the_bot_leave_a_group_that_is_not_the_communitys(running: RunningBot) -> None:
    """Anyone can add the bot to any group. An admin's "not ours, leave" under its message: the group is told, the
    bot leaves, the strangers' kept words are dropped; a resident's press is refused (set-up review)."""
    fake = running.fake
    dm = await added_to_new_group(running)
    await exchange(fake, NEW_GROUP, RESIDENT, "电梯坏了，有人被困在里面", "已记下")
    await running.settle()
    press(fake, RESIDENT, ADMIN, dm["message_id"], Action.LEAVE)
    await running.settle()
    assert fake.chats[NEW_GROUP].bot_status != "left"
    press(fake, ADMIN, ADMIN, dm["message_id"], Action.LEAVE)
    await running.settle()
    assert fake.chats[NEW_GROUP].bot_status == "left"
    assert fake.find_message(NEW_GROUP, "机器人已退出")
    assert fake.buttons(ADMIN, dm["message_id"]) == [] and "已退出" in text_in(fake, ADMIN, "已退出")
    assert fake.find_message(COMMITTEE, "不是本社区的群")
    async with running.ctx.db.read() as c:
        assert await setup.chats(c) == [] and await setup.waiting_count(c, NEW_GROUP) == 0
    fake.add_bot(NEW_GROUP, RESIDENT)  # added again: a waiting group again, with its buttons
    await running.settle()
    again = [m for m in fake.messages(ADMIN) if str(NEW_GROUP) in m["text"]]
    assert again and again[-1]["message_id"] != dm["message_id"], again


async def test_a_waiting_group_shows_the_committee_a_few_reports_then_counts_them(running: RunningBot) -> None:
    """Thirty reports in a group nobody bound were thirty messages in the committee chat; now the first few are
    shown one by one, the rest kept without a message each, and a danger is always shown."""
    fake = running.fake
    await added_to_new_group(running)
    await running.settle()
    mark = len(fake.messages(COMMITTEE))
    for n in range(1, 11):
        fake.send_message(NEW_GROUP, RESIDENT + n, f"{n}号楼门口路灯不亮了")
    await running.settle()
    fake.send_message(NEW_GROUP, RESIDENT, "11号楼着火了，浓烟很大！")
    await running.settle()
    told = [m["text"] for m in fake.messages(COMMITTEE)[mark:]]
    assert len(told) == 4 and "着火" in told[-1], told
    async with running.ctx.db.read() as c:
        assert await setup.waiting_count(c, NEW_GROUP) == 11  # every one kept


async def test_a_shift_given_in_chinese_words_is_the_shift_in_the_files_words(running: RunningBot) -> None:
    """Committee secretary review: "/shift 李姐 B 周一至周五 08:00-20:00 备班" got the usage back, though /cover takes
    "周六": a shift's days and role are read in Chinese too, and the lines to paste are in the file's words."""
    fake = running.fake
    fake.user_starts_bot(ADMIN)
    ok = await exchange(fake, ADMIN, ADMIN, "/shift 李姐 B 周一至周五 08:00-20:00 备班", "已为李姐排班")
    assert 'days = "mon-fri"' in ok["text"] and 'role = "backup"' in ok["text"] and "（备班）" in ok["text"]
    weekend = await exchange(fake, ADMIN, ADMIN, "/shift 李姐 B 周六、周日 09:00-17:00", "周六、周日 09:00")
    assert 'days = "sat,sun"' in weekend["text"] and weekend["text"].startswith("✅ 已为李姐排班")
