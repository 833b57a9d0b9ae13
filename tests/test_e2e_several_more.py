"""Several problems in one message, the loose ends (split60): the English door as the Chinese 门 (the lift's, one
problem); a private or confirmed report cut as a group's; a message joining an open event cut of its other problems;
her edit followed by each problem; her reply under a cut message asking which problem it is about."""

from __future__ import annotations

from harness import MakeBot, accept_and_fix, answer_to, exchange, press, sent_texts
from ids import ADMIN, GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG
from test_e2e_several import MAINT, maint_bot, several_reported

from bot.core.callbacks import Action
from bot.core.types import Status, Urgency
from storage import reporters


async def test_the_lifts_door_in_english_is_one_problem(make_bot: MakeBot) -> None:
    bot, _ = await several_reported(make_bot, "The lift in block 3 is broken and the door won't close")
    assert await bot.event_count() == 1
    assert "#2" not in bot.fake.find_message(GROUP_A, "#1")["text"]


async def test_a_private_report_is_cut_and_posted_as_she_chose(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    await bot.settle()
    ask = await exchange(fake, RESIDENT, RESIDENT, "3号楼电梯坏了，楼道灯也不亮", "居民群")
    assert ask["text"].startswith("#1、#2 已登记"), ask["text"]  # both are told in her group, as she chooses
    assert await bot.event_count() == 2
    lift, light = await bot.event(1), await bot.event(2)
    assert (lift.building, light.building, light.text) == ("3", "3", "楼道灯也不亮")
    line = fake.find_message(RESIDENT, "「楼道灯也不亮」")
    assert line is not None and "您同一条消息里说的" in line["text"] and "刘阿姨" not in line["text"], line
    assert "#2" in fake.find_message(RESIDENT, "已登记 #1")["text"]
    assert any("#2" in text and "楼道灯也不亮" in text for text in sent_texts(fake, MAINT))
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "a")  # anonymously: both posted
    await bot.settle()
    posts = [m["text"] for m in fake.messages(GROUP_A) if "#1" in m["text"] or "#2" in m["text"]]
    assert len(posts) == 2 and all("刘阿姨" not in text for text in posts), posts
    assert (await bot.event(2)).anonymous
    assert "#1、#2" in fake.find_message(RESIDENT, "匿名发布")["text"]


async def test_a_confirmed_report_is_cut(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "5号楼电梯今天感觉有点怪，楼道灯也是")
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "是需要处理的问题吗"))
    press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES)
    await bot.settle()
    assert await bot.event_count() == 2
    assert (await bot.event(2)).text == "楼道灯也是" and (await bot.event(2)).building == "5"
    assert "#2" in fake.find_message(GROUP_A, "已登记 #1")["text"]
    card = fake.find_message(MAINT, "新事件 #1")["text"]
    assert "本单只管「5号楼电梯今天感觉有点怪」" in card


async def test_a_message_joining_an_open_event_opens_its_other_problems(make_bot: MakeBot) -> None:
    bot = await maint_bot(make_bot, merge_window_s=86400)
    fake = bot.fake
    fake.user(RESIDENT2, "陈先生")
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    await bot.settle()
    his = fake.send_message(GROUP_A, RESIDENT2, "3号楼电梯又坏了，楼道灯也不亮")
    await bot.settle()
    assert await bot.event_count() == 2  # the lift joins #1, the light is #2
    async with bot.ctx.db.read() as c:
        assert {r.user_id for r in await reporters.for_event(c, 1)} == {RESIDENT, RESIDENT2}
    light = await bot.event(2)
    assert (light.text, light.reporter_id, light.building) == ("楼道灯也不亮", RESIDENT2, "3")
    line = fake.find_message(GROUP_A, "「楼道灯也不亮」")
    assert line is not None and line["reply_to_message"]["message_id"] == his["message_id"], line
    card = next(text for text in sent_texts(fake, MAINT) if "#2" in text)
    assert "原消息：「3号楼电梯又坏了，楼道灯也不亮」" in card
    fake.user(RESIDENT3, "孙奶奶")
    fake.send_message(GROUP_A, RESIDENT3, "3号楼电梯又坏了，已经三天了")  # one problem: joins whole
    await bot.settle()
    assert await bot.event_count() == 2


async def test_her_edit_adding_a_problem_opens_it_and_each_follows_its_piece(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了，楼道灯一直不亮，门禁也坏了")
    await bot.settle()
    assert await bot.event_count() == 3
    lift, light, entry = [await bot.event(n) for n in (1, 2, 3)]
    assert (light.text, entry.text, entry.building) == ("楼道灯一直不亮", "门禁也坏了", "3")
    assert lift.status is light.status is entry.status is Status.DISPATCHED
    line = fake.find_message(GROUP_A, "「门禁也坏了」（来自")
    assert line is not None and line["reply_to_message"]["message_id"] == said["message_id"], line
    assert "#3" in fake.find_message(GROUP_A, "已登记 #1")["text"]  # her acknowledgement names it
    assert any("#3" in text and "门禁也坏了" in text for text in sent_texts(fake, MAINT))
    # edited into an alarm, which is never cut: the problems it still names are not taken back
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了，有人被困在里面，楼道灯一直不亮，门禁也坏了")
    await bot.settle()
    assert [(await bot.event(n)).status for n in (1, 2, 3)] == [Status.DISPATCHED] * 3
    assert (await bot.event(1)).urgency is Urgency.RED


async def test_her_edit_dropping_a_problem_takes_it_back(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收")
    fake = bot.fake
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#3")["message_id"])  # rubbish: accepted, fixed
    await bot.settle()
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了")
    await bot.settle()
    assert [(await bot.event(n)).status for n in (1, 2, 3)] == [Status.DISPATCHED, Status.CANCELLED, Status.CLOSED]
    assert "#2" not in fake.find_message(GROUP_A, "已登记 #1")["text"]
    assert "撤回" in fake.find_message(GROUP_A, "「楼道灯也不亮」（来自")["text"]


async def test_her_edit_dropping_an_accepted_problem_tells_its_worker(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    press(fake, MAINT, MAINT, fake.find_message(MAINT, "新事件 #2")["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await bot.event(2)).status is Status.ACCEPTED
    fake.edit_message(GROUP_A, said["message_id"], "3号楼电梯坏了")
    await bot.settle()
    assert (await bot.event(2)).status is Status.ACCEPTED
    told = fake.find_message(MAINT, "不再提「楼道灯也不亮」")
    assert told is not None and "#2" in told["text"] and "「3号楼电梯坏了」" in told["text"], told


async def test_her_reply_under_her_cut_message_goes_to_the_problem_named_or_asks_which(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "灯是3楼的", reply_to_message_id=said["message_id"])  # names the light
    await bot.settle()
    told = fake.find_message(MAINT, "「灯是3楼的」")
    assert told is not None and "#2" in told["text"] and "#1" not in told["text"], told
    asked = fake.send_message(GROUP_A, RESIDENT, "修好了吗？", reply_to_message_id=said["message_id"])
    await bot.settle()
    question = fake.find_message(GROUP_A, "哪一件")
    assert question is not None and question["reply_to_message"]["message_id"] == asked["message_id"], question
    labels = [b["text"] for b in fake.buttons(GROUP_A, question["message_id"])]
    assert labels == ["#1 3号楼电梯坏了", "#2 楼道灯也不亮"], labels
    assert fake.find_message(MAINT, "「修好了吗？」") is None  # nobody told before she says which
    fake.user(RESIDENT2, "陈先生")
    refused = fake.press_button_text(RESIDENT2, GROUP_A, question["message_id"], "#2 楼道灯也不亮")
    assert (await answer_to(fake, refused)).get("show_alert")  # only she may choose
    fake.press_button_text(RESIDENT, GROUP_A, question["message_id"], "#2 楼道灯也不亮")
    await bot.settle()
    told = fake.find_message(MAINT, "「修好了吗？」")
    assert told is not None and "#2" in told["text"], told
    assert "#2" in fake.find_message(GROUP_A, "好的，是 #2")["text"]
    assert fake.buttons(GROUP_A, question["message_id"]) == []


async def test_staffs_status_reads_the_log_of_her_which_one_question(make_bot: MakeBot) -> None:
    """Her words kept under "which one?" are a line of her event's log with no /status line of its own: an admin's
    /status of it failed ("机器人处理时出错"). It reads the line now."""
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "修好了吗？", reply_to_message_id=said["message_id"])
    await bot.settle()
    fake.user_starts_bot(ADMIN, send_start=True)
    await bot.settle()
    status = await exchange(fake, ADMIN, ADMIN, "/status 1", "#1")
    assert "哪一件" in status["text"], status["text"]
