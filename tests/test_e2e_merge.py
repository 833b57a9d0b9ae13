"""Same problem, one event; split; anonymous private reports; photos, pins and "after" photos (end to end).

Over 300 lines: these stories share one fixture (merging on) and its helpers.
"""

from __future__ import annotations

import pytest
from harness import (
    MakeBot,
    RunningBot,
    accept_and_close,
    accept_and_fix,
    answer_to,
    exchange,
    post_anonymously,
    press,
    sent_texts,
    shown,
)
from ids import ADMIN, GROUP_A, GROUP_B, RESIDENT, RESIDENT2, RESIDENT3, WANG
from steps import merging_bot

from bot.core.callbacks import Action, decode
from bot.core.types import Urgency
from bot.fakeapi import FakeTelegram
from bot.render.i18n import t
from bot.services import steering
from storage import events, media, reporters, surveys


@pytest.fixture
async def bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> RunningBot:
    fake_tg.user(RESIDENT3, "孙奶奶")
    return await make_bot(merge_window_s=24 * 3600, survey_delay_s=0)


def dm_text(fake: FakeTelegram, needle: str) -> str:
    return (fake.find_message(WANG, needle) or {}).get("text", "")


async def close_fixed(fake: FakeTelegram, event_id: int) -> None:
    dm = fake.find_message(WANG, f"新事件 #{event_id}")
    await accept_and_fix(fake, WANG, dm["message_id"])


async def test_two_residents_same_lift_one_event_both_surveyed(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2, send_start=True)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    second = fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了，困了好久没人修")
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    assert told["reply_to_message"]["message_id"] == second["message_id"]
    await fake.wait_for(lambda: "2 位居民" in dm_text(fake, "新事件 #1") or None)
    assert await bot.event_count() == 1
    # A different problem in the same building is its own event.
    await exchange(fake, GROUP_A, RESIDENT3, "3号楼楼道灯坏了", "#2", where=WANG)
    assert await bot.event_count() == 2
    await close_fixed(fake, 1)
    await fake.wait_for(lambda: fake.find_message(WANG, "处理后的照片"))
    # Both residents are asked: 刘阿姨 in the group (never started the bot), 陈先生 privately.
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, "Is the problem solved"))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))
    async with bot.ctx.db.read() as c:
        assert {s.user_id for s in await surveys.for_event(c, 1)} == {RESIDENT, RESIDENT2}


async def two_report_the_lift(fake: FakeTelegram) -> dict:
    """刘阿姨 reports building 5's lift, 陈先生 its button a moment later (merged): 王师傅's DM about #1."""
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "5号楼电梯坏了", "#1", where=WANG)
    fake.send_message(GROUP_A, RESIDENT2, "5号楼电梯按钮坏了")
    await fake.wait_for(lambda: "2 位居民" in dm_text(fake, "新事件 #1") or None)
    return fake.find_message(WANG, "#1")


async def test_worker_splits_a_wrong_merge(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await two_report_the_lift(fake)
    split = [
        b
        for b in fake.buttons(WANG, dm["message_id"])
        if (cb := decode(b["callback_data"])) and cb.action is Action.SPLIT
    ]
    assert len(split) == 1 and "陈先生" in split[0]["text"]
    qid = fake.press_button(RESIDENT, WANG, dm["message_id"], split[0]["callback_data"])  # not a worker: refused
    await answer_to(fake, qid)
    press(fake, WANG, WANG, dm["message_id"], Action.SPLIT)
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await fake.wait_for(lambda: "位居民" not in dm_text(fake, "新事件 #1") or None)
    async with bot.ctx.db.read() as c:
        assert [r.user_id for r in await reporters.for_event(c, 1)] == [RESIDENT]
        ev2 = await events.get(c, 2)
    assert ev2.reporter_id == RESIDENT2 and ev2.building == "5"
    assert fake.find_message(GROUP_A, "#2")  # the resident gets the new number


async def test_anonymous_private_report(bot: RunningBot) -> None:
    fake = bot.fake
    post = await post_anonymously(bot, "4号楼2单元有人在楼道里充电动车，很危险")
    assert "匿名" in post["text"] and "刘阿姨" not in post["text"] and "充电" not in post["text"]
    await fake.wait_for(lambda: "匿名" in dm_text(fake, "新事件 #1") or None)
    async with bot.ctx.db.read() as c:
        assert (await events.get(c, 1)).anonymous
    status = await exchange(fake, ADMIN, ADMIN, "/status 1", "#1")
    assert "刘阿姨" in status["text"] and "匿名" in status["text"]
    fake.send_message(GROUP_A, RESIDENT2, "/status 1")
    await fake.wait_until_updates_consumed()
    assert "刘阿姨" not in str(fake.messages(GROUP_A))


async def test_photo_report_pin_and_after_photo(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    report = fake.send_message(GROUP_A, RESIDENT, photo=True, caption="2号楼门口井盖没了，很危险")
    photo_id = report["photo"][-1]["file_id"]
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    sent = await fake.wait_for(lambda: fake.find_message(WANG, "居民拍的照片"))
    assert sent["photo"][-1]["file_id"] == photo_id
    await bot.settle()  # the acknowledgement's message id is recorded before anyone can reply to it
    fake.send_message(
        GROUP_A,
        RESIDENT2,
        reply_to_message_id=ack["message_id"],
        extra={"location": {"latitude": 31.2304, "longitude": 121.4737}},
    )
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把位置加到 #1"))
    async with bot.ctx.db.read() as c:
        [pin] = await media.for_event(c, 1, media.LOCATION)
        [photo] = await media.for_event(c, 1, media.PHOTO)
    assert (pin.lat, pin.lon, pin.by) == (31.2304, 121.4737, RESIDENT2) and photo.file_id == photo_id
    # the pin is a tap that opens the map, never two numbers (places58: it read "📍 位置：31.23040, 121.47370")
    card = await fake.wait_for(lambda: "📍 收到定位：在地图上查看" in dm_text(fake, "新事件 #1") or None)
    assert card and "31.23" not in dm_text(fake, "新事件 #1")
    # Closing: the worker sends an "after" photo; the reporter sees it before the survey question.
    dm = fake.find_message(WANG, "新事件 #1")
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await shown(fake, WANG, dm["message_id"], Action.CLOSE)
    bot.ctx.settings.survey_delay_s = 3600  # the survey waits, so the after photo comes with it
    await close_fixed_accepted(fake, dm["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "处理后的照片"))
    after = fake.send_message(WANG, WANG, photo=True)
    await fake.wait_for(lambda: fake.find_message(WANG, "已保存 #1"))
    async with bot.ctx.db.read() as c:
        [saved] = await media.for_event(c, 1, media.AFTER_PHOTO)
    assert saved.file_id == after["photo"][-1]["file_id"]
    async with bot.ctx.db.tx() as c:  # the survey is due now
        await c.execute("UPDATE timers SET due_at = 0 WHERE kind = 'survey'")
    await bot.app.bot_data["scheduler"].resync()
    question = await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题解决了吗"))
    after = fake.find_message(RESIDENT, "#1 处理后的照片")
    assert after["photo"][-1]["file_id"] == saved.file_id and after["message_id"] < question["message_id"]


async def test_after_photo_sent_after_the_survey_still_reaches_the_reporter(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, GROUP_A, RESIDENT, "1号楼屋顶漏水", "新事件 #1", where=WANG)
    await close_fixed(fake, 1)
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "问题解决了吗"))
    fake.send_message(WANG, WANG, photo=True, caption="已疏通 <b>管道</b>")
    shown_to = await fake.wait_for(lambda: fake.find_message(RESIDENT, "#1 处理后的照片"))
    assert "已疏通 <b>管道</b>" in shown_to["caption"]  # the worker's words, as written (found in review: dropped)
    async with bot.ctx.db.read() as c:
        [saved] = await media.for_event(c, 1, media.AFTER_PHOTO)
    assert saved.caption == "已疏通 <b>管道</b>"


async def close_fixed_accepted(fake: FakeTelegram, message_id: int) -> None:
    press(fake, WANG, WANG, message_id, Action.CLOSE)
    await shown(fake, WANG, message_id, Action.CLOSE_FIXED)
    press(fake, WANG, WANG, message_id, Action.CLOSE_FIXED)


async def test_a_merged_photo_and_a_pin_replying_to_already_reported_join_the_event(make_bot: MakeBot) -> None:
    """A captioned photo that merges keeps its photo (the workers get it); a pin sent as a reply to the bot's
    "already reported as #1" answer (a merged resident's acknowledgement) joins #1."""
    bot = await make_bot(merge_window_s=24 * 3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, photo=True, caption="3号楼的电梯又坏了，按钮都掉了")
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    await fake.wait_for(lambda: [m for m in fake.messages(WANG) if "photo" in m] or None)
    fake.send_message(
        GROUP_A,
        RESIDENT2,
        reply_to_message_id=told["message_id"],
        extra={"location": {"latitude": 31.2304, "longitude": 121.4737}},
    )
    await bot.settle()
    async with bot.ctx.db.read() as c:
        kinds = sorted(m.kind for m in await media.for_event(c, 1))
        assert await events.get(c, 2) is None
    assert kinds == [media.LOCATION, media.PHOTO]


async def test_a_report_confirmed_with_report_it_merges_into_the_open_problem(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Report it?" answered yes goes through the same checks as any report: the same problem already open
    merges into it, not a second job for the worker."""
    from test_reader import constant_reader

    import bot.core.parser as parser_mod

    bot = await make_bot(merge_window_s=24 * 3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await bot.settle()
    unsure = constant_reader(report=-0.2, red=-8.0, category="repair")  # a little under the report line: asked
    monkeypatch.setattr(parser_mod, "default_reader", lambda: unsure)
    ask = await exchange(fake, GROUP_A, RESIDENT2, "3号楼的电梯是不是又坏了", "是需要处理的问题吗")
    monkeypatch.undo()
    await answer_to(fake, press(fake, RESIDENT2, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert await events.get(c, 2) is None
        assert {r.user_id for r in await reporters.for_event(c, 1)} == {RESIDENT, RESIDENT2}


async def test_a_merged_report_edited_stays_one_report_and_can_be_split_out(make_bot: MakeBot) -> None:
    """Edited into another problem, a merged report is not read again as a new one (it would sit in two events):
    its words change in #1, the worker sees them, and splitting it out makes it its own event."""
    bot = await make_bot(merge_window_s=24 * 3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    second = fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了，困了好久没人修")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    await bot.settle()
    fake.edit_message(GROUP_A, second["message_id"], "3号楼楼道灯坏了")
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert await events.get(c, 2) is None
        assert "3号楼楼道灯坏了" in [r.text for r in await reporters.for_event(c, 1)]
    dm = fake.find_message(WANG, "新事件 #1")  # his card (his words "困了好久" raised it: told in a message too)
    assert "楼道灯" in dm["text"]
    split = next(b for b in fake.buttons(WANG, dm["message_id"]) if decode(b["callback_data"]).action is Action.SPLIT)
    answer = await answer_to(fake, fake.press_button(WANG, WANG, dm["message_id"], split["callback_data"]))
    assert "#2" in answer["text"] and "None" not in answer["text"]
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert (await events.get(c, 2)).text == "3号楼楼道灯坏了"


async def test_a_resident_merged_from_another_chat_can_follow_the_event(make_bot: MakeBot) -> None:
    """A private report merged into a group's #1: its writer is told how to follow it, and /status shows it."""
    bot = await make_bot(merge_window_s=24 * 3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2, send_start=True)
    fake.send_message(GROUP_A, RESIDENT2, "大家好")  # a neighbour the groups know
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await bot.settle()
    told = await exchange(fake, RESIDENT2, RESIDENT2, "3号楼的电梯又坏了", "#1")  # in their app's language (en)
    assert "/status 1" in told["text"]
    status = await exchange(fake, RESIDENT2, RESIDENT2, "/status 1", "#1 ·")
    assert "not found" not in status["text"] and "3号楼电梯坏了" in status["text"]


async def test_a_merged_report_edited_after_the_close_leaves_the_closed_message_as_it_is(make_bot: MakeBot) -> None:
    bot = await make_bot(merge_window_s=24 * 3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    second = fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了，困了好久没人修")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    await bot.settle()
    for action in (Action.ACCEPT, Action.CLOSE, Action.CLOSE_FIXED):
        await shown(fake, WANG, dm["message_id"], action)
        press(fake, WANG, WANG, dm["message_id"], action)
    await bot.settle()
    fake.edit_message(GROUP_A, second["message_id"], "3号楼的电梯又坏了，按钮都掉了")
    await bot.settle()
    closed = [m for m in fake.messages(WANG) if m["message_id"] == dm["message_id"]][-1]
    assert "已办结" in closed["text"]
    assert Action.SKIP_PHOTO in {decode(b["callback_data"]).action for b in fake.buttons(WANG, dm["message_id"])}


async def test_a_photo_replying_to_an_acknowledgement_but_reporting_elsewhere_is_its_own_report(
    make_bot: MakeBot,
) -> None:
    """Under #1 (building 3's light), a photo captioned "5号楼1单元门口下水道堵了": a new report with its photo,
    not a photo of #1; a caption about #1 itself keeps the photo with #1."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上看不见", "已登记 #1")
    elsewhere = "5号楼1单元门口下水道堵了，污水流了一地"
    fake.send_message(GROUP_A, RESIDENT2, photo=True, caption=elsewhere, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    fake.send_message(GROUP_A, RESIDENT2, photo=True, caption="3号楼就是这个灯", reply_to_message_id=ack["message_id"])
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert (await events.get(c, 2)).building == "5"
        assert [m.kind for m in await media.for_event(c, 2)] == [media.PHOTO]
        assert [m.kind for m in await media.for_event(c, 1)] == [media.PHOTO]


async def test_a_workers_update_in_the_group_is_not_a_residents_report(bot: RunningBot) -> None:
    """A worker telling the group about work ("…正在抢修，预计下午3点恢复") is not one more affected resident and
    gets no answer: it is noted in the event's log (found in review). A problem of a staff member's own opens no
    event at once but is asked about, only they may answer (found in the diff review: it was dropped)."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼停水了", "#1")
    before = len(fake.messages(GROUP_A))
    fake.send_message(GROUP_A, WANG, "3号楼停水了，主管爆裂，正在抢修")  # read as a report (WORK_NEWS below: not)
    await bot.settle()
    assert len(fake.messages(GROUP_A)) == before  # no "added you", no new event, no question
    async with bot.ctx.db.read() as c:
        assert [r.user_id for r in await reporters.for_event(c, 1)] == [RESIDENT]
        assert "staff_note" in [line.action for line in await events.timeline(c, 1)]
    mine = fake.send_message(GROUP_A, ADMIN, "我家7号楼2单元卫生间正在漏水，楼下天花板都湿了，请派人来看看")
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "是需要处理的问题吗"))
    assert ask["reply_to_message"]["message_id"] == mine["message_id"]
    assert await bot.event_count() == 1
    await answer_to(fake, press(fake, ADMIN, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    await exchange(fake, GROUP_A, WANG, "/report 5号楼门口垃圾没人清", "#3")  # /report registers one at once


WORK_NEWS = ["3号楼停水了，正在抢修，预计下午3点恢复", "5号楼电梯正在维修，请走楼梯", "3号楼2单元楼道灯已经换好了"]


@pytest.mark.parametrize("text", WORK_NEWS)
async def test_a_workers_news_of_work_gets_no_report_it_question(bot: RunningBot, text: str) -> None:
    """Found in the second diff review: a worker's notice with no open event to note it on was asked about."""
    fake = bot.fake
    before = len(fake.messages(GROUP_A))
    fake.send_message(GROUP_A, WANG, text)
    await bot.settle()
    assert len(fake.messages(GROUP_A)) == before and await bot.event_count() == 0


async def test_a_resident_writing_again_about_their_report_is_told_where_it_stands(bot: RunningBot) -> None:
    """Not "we added you (1 resident so far)" to someone who reported it already (found in review): where it
    stands, and who accepted it."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯不亮了，楼梯上黑乎乎的", "#1")
    again = await exchange(
        fake, GROUP_A, RESIDENT, "3号楼楼道灯怎么还没修，麻烦尽快派人来看看", "您已经报告过这个问题（#1）"
    )
    assert "待接单" in again["text"] and "加入" not in again["text"]
    assert fake.find_message(WANG, "「3号楼楼道灯怎么还没修，麻烦尽快派人来看看」") is not None  # he reads her chase
    dm = fake.find_message(WANG, "新事件 #1")
    await answer_to(fake, press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).status.value == "accepted"
    await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯还是不亮，麻烦尽快来修一下", "（#1）：王师傅已接单")
    assert await bot.event_count() == 1


async def test_her_report_written_again_a_day_on_while_nobody_came_is_no_second_event(make_bot: MakeBot) -> None:
    """Resident review: nobody accepted her light over the weekend; 25 hours on she wrote it again and a second event
    #2 opened for the same light (MERGE_WINDOW_S counted from her first report). Her own report, still open, is hers
    said again: she is chasing it, so its worker reads her words, and she is told they were passed on."""
    bot = await merging_bot(make_bot)
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1")
    await bot.advance(hours=25)
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，还没人来修", "已转告负责 #1 的工作人员")
    assert await bot.event_count() == 1
    assert bot.fake.find_message(WANG, "还没人来修") is not None


# found in the third diff review
# 3. a staff member's own problem silenced by NEWS_TAGS / WORK_NEWS
@pytest.mark.parametrize("text", ["我家门口的灯修好了没两天又坏了", "楼上施工把我家天花板砸裂了"])
async def test_staff_own_problem_is_asked_about(bot: RunningBot, text: str) -> None:
    fake = bot.fake
    fake.send_message(GROUP_A, ADMIN, text)
    await bot.settle()
    assert fake.find_message(GROUP_A, "是需要处理的问题吗"), f"{text!r}: no 'Report it?'"


async def test_back_from_the_outcomes_keeps_the_split_button(bot: RunningBot) -> None:
    """Found in the worker review: Close, then « Back, left Close and Hand back but not the split button."""
    fake = bot.fake
    dm = await two_report_the_lift(fake)
    for action in (Action.ACCEPT, Action.CLOSE, Action.CLOSE_BACK):
        await shown(fake, WANG, dm["message_id"], action)
        press(fake, WANG, WANG, dm["message_id"], action)
    await shown(fake, WANG, dm["message_id"], Action.CLOSE)
    actions = [decode(b["callback_data"]).action for b in fake.buttons(WANG, dm["message_id"])]
    assert Action.SPLIT in actions and Action.HAND_BACK in actions, actions


async def test_a_private_reports_acknowledgement_follows_the_event(bot: RunningBot) -> None:
    """An acknowledgement made in private is brought up to date like a group's: a neighbour's report merged into it
    counts in it, and the close shows there (it promised "办结后会在这里告诉您"), not "已通知值班人员" for ever."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    await bot.settle()
    ack = await exchange(fake, RESIDENT, RESIDENT, "5号楼电梯坏了", "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT2, "5号楼电梯按钮坏了")
    await fake.wait_for(lambda: "2 位居民" in dm_text(fake, "新事件 #1") or None)
    await close_fixed(fake, 1)
    await bot.settle()
    now = [m for m in fake.messages(RESIDENT) if m["message_id"] == ack["message_id"]][-1]["text"]
    assert "已办结" in now and "共 2 位" in now and "已通知值班人员" not in now


async def test_a_private_reports_group_post_follows_the_event(bot: RunningBot) -> None:
    """Found in the persona walk: the group's post of a private report ("📢 居民私信反映 #1 … 已通知值班人员") stayed
    as first sent while the event was accepted and closed; it now says where it stands, as an acknowledgement does,
    and still names no one."""
    fake = bot.fake
    post = await post_anonymously(bot, "3号楼1单元楼道灯坏了")
    await bot.settle()
    assert "进展会在这里更新" in post["text"] and "刘阿姨" not in post["text"]
    dm = fake.find_message(WANG, "#1")
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle()
    post = await fake.wait_for(
        lambda: (m := fake.find_message(GROUP_A, "居民私信反映")) and "已办结" in m["text"] and m
    )
    assert "匿名" in post["text"] and "刘阿姨" not in post["text"], post["text"]


async def _anonymous_closed_with_a_note_naming_her(bot: RunningBot) -> None:
    """刘阿姨's private report, posted anonymously; 王师傅 closes it "cannot fix" with a note naming her room."""
    fake = bot.fake
    await post_anonymously(bot, "3号楼1单元楼道灯坏了")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "原因"))
    fake.send_message(WANG, WANG, "302室刘阿姨家门口线路老化，需要物业统一改造")


async def test_an_anonymous_posts_closed_line_carries_no_words_of_the_workers_note(bot: RunningBot) -> None:
    """The anonymous post follows the event to its close, but not the worker's note: written for the resident
    ("302室刘阿姨家…"), it would name her in her building's group; the state line says how it closed, no more."""
    fake = bot.fake
    await _anonymous_closed_with_a_note_naming_her(bot)
    post = await fake.wait_for(
        lambda: (m := fake.find_message(GROUP_A, "居民私信反映")) and "已办结" in m["text"] and m
    )
    assert "302" not in post["text"] and "刘阿姨" not in post["text"], post["text"]
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "线路老化"))  # she hears it, in private


async def test_a_private_reports_group_post_names_the_committee_when_an_admin_closed_it(bot: RunningBot) -> None:
    """Closed on the console by an admin: her acknowledgement says the committee closed it, and so does the
    group's post (it said "（王师傅）", who did not close it)."""
    fake = bot.fake
    await post_anonymously(bot, "3号楼1单元楼道灯坏了")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await steering.close(bot.ctx, ADMIN, 1, "fixed", None)).ok
    await bot.settle()
    post = fake.find_message(GROUP_A, "居民私信反映")
    assert "已办结" in post["text"] and "王师傅" not in post["text"], post["text"]
    ack = fake.find_message(RESIDENT, "已办结")
    assert "王师傅" not in ack["text"], ack["text"]


async def test_status_asked_in_the_group_of_an_anonymous_report_carries_no_words_of_the_note(bot: RunningBot) -> None:
    """/status asked in her building's group hides an anonymous report's words and room; it showed the closer's
    note ("302室刘阿姨家…"), which the group's post leaves out for the same reason."""
    fake = bot.fake
    await _anonymous_closed_with_a_note_naming_her(bot)
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "线路老化"))
    status = await exchange(fake, GROUP_A, WANG, "/status 1", "进展")
    assert "暂时无法解决" in status["text"], status["text"]
    assert "302" not in status["text"] and "刘阿姨" not in status["text"], status["text"]


async def test_a_neighbour_may_look_up_a_private_report_posted_in_their_group(bot: RunningBot) -> None:
    """Private-chat review: after "📢 居民私信反映 #1 … 进展会在这里更新", a neighbour's /status 1 in that group said
    "找不到事件 #1"; it shows the report as the group's post does (anonymous: no room, no words)."""
    fake = bot.fake
    await post_anonymously(bot, "3号楼1单元302楼道灯坏了")
    await bot.settle()
    asked = fake.send_message(GROUP_A, RESIDENT2, "/status 1")
    status = await fake.wait_for(
        lambda: next(
            (
                m
                for m in fake.messages(GROUP_A)
                if (m.get("reply_to_message") or {}).get("message_id") == asked["message_id"]
            ),
            None,
        )
    )
    assert "3号楼" in status["text"] and "302" not in status["text"], status["text"]
    elsewhere = await exchange(fake, GROUP_B, RESIDENT2, "/status 1", "找不到")
    assert "#1" in elsewhere["text"]


async def test_a_repeat_written_in_private_after_the_groups_is_answered(make_bot: MakeBot) -> None:
    """Resident review: she reported the light in the group and wrote it again there ("您已经报告过…#1"); hours later
    she wrote it to the bot in private and got no answer at all (the answer was kept once per event, person and
    state across chats)."""
    bot = await merging_bot(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    for _ in range(2):
        fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
        await bot.settle()
    await bot.advance(hours=5)
    before = len(fake.messages(RESIDENT))
    fake.send_message(RESIDENT, RESIDENT, "3号楼2单元楼道灯坏了，怎么还没人来")
    await bot.settle()
    assert len(fake.messages(RESIDENT)) > before, "her private message got no answer"


async def test_her_red_written_again_days_on_is_a_red_of_its_own(make_bot: MakeBot) -> None:
    """Her trapped lift, accepted and never closed, is still open three days on when she writes it again (found
    reviewing the change: it joined #1 as hers said again, told "您已经报告过", and nobody was paged): a person
    trapped again is a red of its own, as a red written again after RED_REPEAT_WINDOW always was."""
    bot = await merging_bot(make_bot)
    card = await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元电梯困人了", "#1", where=WANG)
    await answer_to(bot.fake, press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    await bot.advance(days=3)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯困人了")
    await bot.settle()
    assert await bot.event_count() == 2
    assert (await bot.event(2)).urgency is Urgency.RED


@pytest.mark.parametrize(
    ("words", "lang"),
    [("我们单元也不亮好几天了", "zh-Hans"), ("我家也是", "zh-Hans"), ("same here on 5F", "en"), ("+1", "zh-Hans")],
)
async def test_a_neighbours_mine_too_typed_after_a_report_joins_it(bot: RunningBot, words: str, lang: str) -> None:
    """Open-report sweep: typed, not as a reply, just after 刘阿姨's hall light, a neighbour's "mine too" was dropped,
    asked "Report it?", or opened #2 of no place for the same light. 陈先生 joins #1 and is told so."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await bot.settle()
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT2, words)
    await bot.settle()
    assert await bot.event_count() == 1
    async with bot.ctx.db.read() as c:
        assert RESIDENT2 in {r.user_id for r in await reporters.for_event(c, 1)}
    assert sent_texts(fake, GROUP_A, mark) == [t(lang, "merge.added", id=1, n=2)]


@pytest.mark.parametrize("words", ["5号楼的楼道灯也坏了", "电梯也坏了", "我家孩子也是这样，天天玩手机"])
async def test_another_building_another_problem_or_chat_with_also_joins_nothing(bot: RunningBot, words: str) -> None:
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    fake.send_message(GROUP_A, RESIDENT2, words)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert RESIDENT2 not in {r.user_id for r in await reporters.for_event(c, 1)}
