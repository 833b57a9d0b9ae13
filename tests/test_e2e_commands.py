"""Commands of each role, invites, groups that change, through real HTTP.

Over 300 lines: one short conversation per command and role, which read best side by side."""

from __future__ import annotations

from harness import RunningBot, accept_and_close, answer_to, data_of, exchange, press, shown, text_in
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.render.i18n import plain
from storage import events


async def test_status_shows_the_timeline(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: "王师傅" in text_in(fake, GROUP_A, "#1") or None)
    status = await exchange(fake, GROUP_A, RESIDENT, "/status 1", "进展")
    assert "处理中" in status["text"] and "接单" in status["text"] and "居民报事" in status["text"]
    await exchange(fake, GROUP_A, RESIDENT, "/status", "本群最近未办结的事件")  # her #1, to ask about
    await exchange(fake, GROUP_A, RESIDENT, "/status x", "用法：/status")
    await exchange(fake, GROUP_A, RESIDENT, "/status 999", "找不到事件 #999")


async def test_my_lists_open_events(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "1号楼门口路灯不亮")
    await exchange(fake, GROUP_A, RESIDENT, "2号楼电梯按钮坏了", "#2", where=WANG)
    mine = await exchange(fake, WANG, WANG, "/my", "待办事件（2）")
    assert mine["text"].index("#1") < mine["text"].index("#2")
    # a resident's /my: her own open reports (resident review: "这个命令供网格员使用", her two reports not shown)
    hers = await exchange(fake, RESIDENT, RESIDENT, "/my", plain("zh-Hans", "status.open_yours"))
    assert "#1" in hers["text"] and "#2" in hers["text"]


async def test_duty_onduty_offduty(running: RunningBot) -> None:
    fake = running.fake
    duty = await exchange(fake, WANG, WANG, "/duty", "当前值班")
    assert "王师傅" in duty["text"] and "李姐" in duty["text"]
    await exchange(fake, WANG, WANG, "/offduty 8", "已设为休息")
    fake.user_starts_bot(LI)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼垃圾没人收", "#1", where=LI)  # the backup takes over
    await exchange(fake, WANG, WANG, "/onduty A", "已设为值班")
    await exchange(fake, WANG, WANG, "/offduty banana", "看不懂「banana」")
    await exchange(fake, RESIDENT, RESIDENT, "/duty", "仅供网格员和居委会")


async def test_offduty_in_two_grids_marks_both(running: RunningBot) -> None:
    """Worker review: "/offduty A B" answered "已设为休息：第二网格" and kept 王师傅 primary in A, his own grid."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    answer = await exchange(fake, WANG, WANG, "/offduty A 第二网格 8", "已设为休息")
    assert "第一网格" in answer["text"] and "第二网格" in answer["text"], answer["text"]
    duty = await exchange(fake, WANG, WANG, "/duty", "当前值班")
    assert "主班：王师傅" not in duty["text"], duty["text"]
    fake.user_starts_bot(LI)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼垃圾没人收", "#1", where=LI)  # A's backup takes it


async def test_offduty_says_which_accepted_events_stay_his(running: RunningBot) -> None:
    """Worker review: with #1 accepted and #2 waiting, "/offduty" answered only "已设为休息…": nothing said #1 (the
    leaver keeps accepted work) was still his to close or hand back. The answer names it, with its '#1' button."""
    fake = running.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await answer_to(fake, press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT))
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼电梯坏了", "#2", where=WANG)
    await running.settle()
    answer = await exchange(fake, WANG, WANG, "/offduty", "已设为休息")
    await running.settle()
    assert (await running.event(2)).assignee_id == LI
    assert "#1 仍由您负责" in answer["text"] and "#2" not in answer["text"], answer["text"]
    assert data_of(fake, WANG, answer["message_id"]) == ["v1:shw:1"]
    back = await exchange(fake, WANG, WANG, "/onduty", "已设为值班")
    assert fake.buttons(WANG, back["message_id"]) == []


async def test_invite_registers_a_new_worker(running: RunningBot) -> None:
    fake = running.fake
    await exchange(fake, RESIDENT, RESIDENT, "/invite", "仅供居委会管理员")
    msg = await exchange(fake, ADMIN, ADMIN, "/invite A", "start=w_")
    code = msg["text"].split("start=")[1].split()[0]
    assert "linli_test_bot" in msg["text"]
    new = 7007
    fake.user(new, "小周")
    welcome = await exchange(fake, new, new, f"/start {code}", "已登记为网格员")
    # on no rota yet: told how to go on duty rather than promised events that will not come
    assert "还不在值班表上" in welcome["text"] and "/onduty" in welcome["text"]
    fake.send_message(RESIDENT2 := 7008, RESIDENT2, f"/start {code}")  # used once only
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, "邀请链接无效"))
    await exchange(fake, new, new, "/onduty 2", "已设为值班")
    duty = await exchange(fake, new, new, "/duty", "当前值班")
    assert "小周" in duty["text"]


async def test_an_invite_opened_by_a_worker_or_its_admin_stays_for_the_new_worker(running: RunningBot) -> None:
    """Private-chat review: 王师傅 (in the file) opening an invite was "registered" again and the admins sent lines to
    paste twice, and an admin opening their own link became a worker; both used the link up. They are told so, and
    the newcomer can still use it."""
    fake = running.fake
    msg = await exchange(fake, ADMIN, ADMIN, "/invite A", "start=w_")
    code = msg["text"].split("start=")[1].split()[0]
    await exchange(fake, WANG, WANG, f"/start {code}", "已经是网格员")
    await exchange(fake, ADMIN, ADMIN, f"/start {code}", "转发给对方")
    assert running.ctx.community.worker(ADMIN) is None
    fake.user(7007, "小周")
    await exchange(fake, 7007, 7007, f"/start {code}", "已登记为网格员")


async def test_report_command_and_reply(running: RunningBot) -> None:
    fake = running.fake
    await exchange(fake, GROUP_A, RESIDENT, "/report", "用法：/report")
    original = fake.send_message(GROUP_A, RESIDENT, "小区里的健身器材能不能多装几个")
    fake.send_message(GROUP_A, ADMIN, "/report", reply_to_message_id=original["message_id"])
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    assert ack["reply_to_message"]["message_id"] == original["message_id"]
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
    assert ev.reporter_id == RESIDENT and ev.message_id == original["message_id"]


async def test_private_report_and_help(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, RESIDENT, RESIDENT, "/start", "报事助手")
    await exchange(fake, RESIDENT, RESIDENT, "你好", "请描述需要处理的问题")
    fake.send_message(RESIDENT, RESIDENT, "2号楼1单元302楼上一直漏水到我家")
    # never seen in a residents' group: a stranger's private report is not taken, and told why
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "居民群里的邻居"))
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await running.settle()
    ack = await exchange(fake, RESIDENT, RESIDENT, "2号楼1单元302楼上一直漏水到我家，麻烦看看", "已登记 #1")
    assert "办结后会在这里告诉您" in ack["text"]  # a private report is told again when closed, not "updates here"
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert "私信报告" in dm["text"] and str(RESIDENT) not in dm["text"]  # where it came from, not the resident's id
    await exchange(fake, ADMIN, ADMIN, "/help", "居委会命令")
    in_group = await exchange(fake, GROUP_A, RESIDENT, "/help", "/status")  # a command for private chats says so
    assert "/whoami" in in_group["text"] and "私聊我使用" in in_group["text"]
    assert "私聊我使用" not in (await exchange(fake, RESIDENT, RESIDENT, "/help", "/status"))["text"]
    hint = await exchange(fake, GROUP_A, RESIDENT, "/whoami", "/whoami 请私聊我使用")  # never silence in a group
    assert "@" in hint["text"]


async def test_report_command_answers_a_stranger_the_committee_and_a_mistyped_command(running: RunningBot) -> None:
    """/report is never met with silence: from a resident no group knows yet, in the committee chat; nor is a
    command the bot does not have, in private."""
    fake = running.fake
    fake.user_starts_bot(WANG)  # so that an event would reach him
    fake.user_starts_bot(RESIDENT)
    await exchange(fake, RESIDENT, RESIDENT, "/report 3号楼电梯坏了", "居民群里的邻居")
    await exchange(fake, COMMITTEE, ADMIN, "/report 3号楼电梯坏了", "居委会群，不在这里登记报告")
    await exchange(fake, ADMIN, ADMIN, "/lang en", "私聊时我按您 Telegram 设置的语言回复")  # not "this group"
    answer = await exchange(fake, RESIDENT, RESIDENT, "/reprot 3号楼电梯坏了", "没有 /reprot 这个命令")
    assert "/help" in answer["text"]
    await running.settle()
    assert not [m for m in fake.messages(WANG) if "#" in m.get("text", "")]  # none of them made an event


async def test_group_migration_keeps_binding(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    old, new = -4001, -1004001
    fake.group(old, "老群", type="group")
    running.ctx.community = running.ctx.community.model_validate(
        {
            **running.ctx.community.model_dump(),
            "grids": [
                {**g.model_dump(), "chats": [*g.chats, old]} if g.id == "A" else g.model_dump()
                for g in running.ctx.community.grids
            ],
        }
    )
    from bot.runtime import setup

    await setup.sync_community(running.ctx)
    await exchange(fake, old, RESIDENT, "1号楼楼道灯坏了", "#1")
    dm1 = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    fake.migrate_group(old, new)
    await exchange(fake, new, RESIDENT, "2号楼楼道灯也坏了", "#2")
    second = await running.event(2)
    assert (second.chat_id, second.grid_id) == (new, "A")  # the migrated group still belongs to grid A
    # #1's acknowledgement stayed in the old group, where it cannot be edited: its next state is posted fresh in
    # the supergroup, and the change after that edits the fresh one
    press(fake, WANG, WANG, dm1["message_id"], Action.ACCEPT)
    fresh = await fake.wait_for(lambda: (m := fake.find_message(new, "#1")) and "王师傅" in m["text"] and m or None)
    assert (await running.event(1)).chat_id == new
    for action in (Action.CLOSE, Action.CLOSE_FIXED):
        await shown(fake, WANG, dm1["message_id"], action)
        await answer_to(fake, press(fake, WANG, WANG, dm1["message_id"], action))

    def now_shown() -> str:
        return next((m.get("text", "") for m in fake.messages(new) if m["message_id"] == fresh["message_id"]), "")

    await fake.wait_for(lambda: "已办结" in now_shown() or None)
    assert len([m for m in fake.messages(new) if "已登记 #1" in m.get("text", "")]) == 1


async def test_a_deleted_acknowledgement_is_posted_again_with_the_news(running: RunningBot) -> None:
    """An admin deleted the bot's "已登记 #1" to tidy the group: when #1 is accepted, its state is posted anew."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "1号楼楼道灯坏了", "#1", where=GROUP_A)
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    fake.delete_message(GROUP_A, ack["message_id"])
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    again = await fake.wait_for(lambda: (m := fake.find_message(GROUP_A, "#1")) and "王师傅" in m["text"] and m or None)
    assert again["message_id"] != ack["message_id"]
    await running.settle()
    assert (await running.event(1)).ack_message_id == again["message_id"]
    assert len([m for m in fake.messages(GROUP_A) if "已登记 #1" in m.get("text", "")]) == 1


async def test_bot_removed_from_group_tells_committee(running: RunningBot) -> None:
    fake = running.fake
    fake.kick_bot(GROUP_A, ADMIN)
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "移出"))
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    await fake.wait_until_updates_consumed()
    async with running.ctx.db.read() as c:
        assert await events.get(c, 1) is None


async def test_lang_by_admin(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "/lang en", "管理员")
    await exchange(fake, GROUP_A, ADMIN, "/lang 繁體", "繁體中文")  # a language's name, or a code as Telegram's
    await exchange(fake, GROUP_A, ADMIN, "/lang zh-HK", "繁體中文")
    await exchange(fake, GROUP_A, ADMIN, "/lang en", "English")
    ack = await exchange(fake, GROUP_A, RESIDENT, "The stairwell light in block 3 unit 2 is broken", "#1")
    assert "Bldg 3" in ack["text"]
    # Chinese words are answered in Chinese, whatever the group reads (test_e2e_reply_language)
    ack = await exchange(fake, GROUP_A, RESIDENT, "5号楼楼道灯坏了", "#2")
    assert "已登记 #2" in ack["text"]


async def test_status_for_residents_hides_internal_steps_and_staff_see_them(running: RunningBot) -> None:
    fake = running.fake  # WANG never started the bot: his DM fails, the backup is asked
    fake.user_starts_bot(LI)
    fake.user_starts_bot(ADMIN)
    fake.user_starts_bot(RESIDENT2)
    dm = await exchange(fake, GROUP_A, RESIDENT2, "3号楼2单元楼道灯坏了", "#1", where=LI)
    await running.settle()
    before = await exchange(fake, GROUP_A, RESIDENT2, "/status 1", "待接单")
    assert "私信失败" not in before["text"] and "派单" not in before["text"]
    assert "李姐" not in before["text"] and "王师傅" not in before["text"]  # nobody accepted yet
    staff = await exchange(fake, ADMIN, ADMIN, "/status 1", "进展")
    assert "私信失败" in staff["text"] and "负责人：王师傅" in staff["text"]
    press(fake, LI, LI, dm["message_id"], Action.ACCEPT)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "李姐已接单"))
    after = await exchange(fake, GROUP_A, RESIDENT2, "/status 1", "处理中")
    assert "接单：李姐（" in after["text"] and "负责人" not in after["text"] and "私信失败" not in after["text"]
    fake.send_message(RESIDENT2, RESIDENT2, "/status 1")  # in English, in private: the same resident's view
    mine = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "In progress"))
    assert "Accepted by 李姐 at" in mine["text"] and "Handled by" not in mine["text"]
    assert "DM failed" not in mine["text"]


async def test_a_private_emergency_report_gets_the_emergency_numbers_and_advice(running: RunningBot) -> None:
    """A gas leak told in private is answered with what to do now, as in the group (found in review)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group
    await running.settle()
    await exchange(fake, RESIDENT, RESIDENT, "我家厨房里煤气味很大，3号楼2单元502，怎么办", "已登记 #1")
    sos = await fake.wait_for(lambda: fake.find_message(RESIDENT, "119"))
    assert "120" in sos["text"] and plain("zh-Hans", "emergency.advice_kind.gas") in sos["text"]  # gas's advice
    assert not fake.find_message(GROUP_A, "119")  # the private report stays private


async def test_a_command_the_bot_does_not_have_is_answered_in_the_committee_chat(running: RunningBot) -> None:
    """The committee guesses commands (/list, /close 1): told there is no such command, as in private; in a
    residents' group other bots' commands pass by (found in review)."""
    fake = running.fake
    answer = await exchange(fake, COMMITTEE, ADMIN, "/list", "没有 /list 这个命令")
    assert "/help" in answer["text"]
    fake.send_message(COMMITTEE, ADMIN, "/stats@some_other_bot")
    fake.send_message(COMMITTEE, ADMIN, "/start@linli_test_bot")  # Telegram's own on joining by link: ours
    fake.send_message(GROUP_A, RESIDENT, "/weather")
    await running.settle()
    assert not fake.find_message(COMMITTEE, "/stats") and not fake.find_message(GROUP_A, "/weather")
    assert not fake.find_message(COMMITTEE, "/start")  # (a /start typed bare is answered: tests/test_e2e_setup56.py)


async def test_a_private_message_that_is_no_report_is_answered_by_who_wrote_it(running: RunningBot) -> None:
    """Not "describe the problem" to everyone (found in review): a resident asking about their report is shown
    it and /status, thanks get a short answer, a worker is pointed to the buttons and /my."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await running.settle()
    await exchange(fake, RESIDENT, RESIDENT, "谢谢", "不客气")
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    answer = await exchange(fake, RESIDENT, RESIDENT, "你好，请问我上次反映的楼道灯修好了吗", "正在处理")
    assert "#1 3号楼2单元楼道灯坏了：待接单" in answer["text"] and "/status 1" in answer["text"]
    worker = await exchange(fake, WANG, WANG, "这个怎么弄", "/my")  # "接单" typed takes #1: test_e2e_worker_replies
    assert "接单" in worker["text"] and "请描述" not in worker["text"]


async def test_status_says_how_the_event_ended(running: RunningBot) -> None:
    """Found in the worker review: /status of an event closed as "cannot fix" said only "closed", as if fixed,
    while the acknowledgement named the outcome and its reason."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "1号楼屋顶漏水，家里天花板都湿了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "原因"))
    fake.send_message(WANG, WANG, "需要物业申请维修基金")
    await fake.wait_for(lambda: "已办结" in text_in(fake, GROUP_A, "#1") or None)
    for chat, user in ((GROUP_A, RESIDENT), (WANG, WANG)):
        status = await exchange(fake, chat, user, "/status 1", "进展")
        assert "暂时无法解决" in status["text"] and "需要物业申请维修基金" in status["text"], status["text"]


async def test_staff_commands_in_a_residents_group_point_to_the_private_chat(running: RunningBot) -> None:
    """Worker review: /my in a residents' group posted the worker's list there (an anonymous reporter's flat with
    it), and /shift or /duty the file's lines and names; commands not offered in a residents' group say where they
    work, as /whoami does. In the committee chat they still answer."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元501室门口的灯坏了", "#1")
    for command in ("/my", "/duty", "/onduty", "/shift 王师傅 A"):
        hint = await exchange(fake, GROUP_A, WANG, command, "私聊我使用")
        assert "501" not in hint["text"] and "当前值班" not in hint["text"]
    await exchange(fake, COMMITTEE, ADMIN, "/duty", "当前值班")
