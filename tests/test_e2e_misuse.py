"""Misuse and mistakes by residents, as a community group sees them: one person's flood must not page the workers
again and again, nor reopen an event for ever, nor spend the group's message budget; nothing genuine is lost.

Over 300 lines: one story per kind of misuse, each end to end, with the fixes the reviews of them found."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, accept_and_fix, button_data, press, reported
from ids import GROUP_A, GROUP_B, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from storage import events


def _dms_to(bot: RunningBot, chat_id: int, needle: str) -> list[dict]:
    """The bot's sendMessage calls to a chat whose text holds needle, with their parameters."""
    return [
        c.params
        for c in bot.fake.calls_to("sendMessage")
        if int(c.params.get("chat_id", 0)) == chat_id and needle in str(c.params.get("text", ""))
    ]


async def _actions(bot: RunningBot, action: str) -> int:
    async with bot.ctx.db.read() as c:
        return sum(1 for line in await events.timeline(c, 1) if line.action == action)


async def test_a_reporter_writing_under_her_report_again_and_again_pages_the_worker_once_a_while(
    make_bot: MakeBot,
) -> None:
    """ "怎么还没人来修？" thirty times under the acknowledgement sent the worker thirty messages, each a page. The
    first of a while pages him; the next few reach him silently; the rest stay in the event's log (/status)."""
    bot = await make_bot(clock=Clock())
    _, ack = await reported(bot)
    for i in range(30):
        bot.fake.send_message(GROUP_A, RESIDENT, f"怎么还没人来修？第{i + 1}遍", reply_to_message_id=ack["message_id"])
    await bot.settle()
    notes = _dms_to(bot, WANG, "报告人补充")
    assert 1 <= len(notes) <= 5, f"the worker got {len(notes)} notes"
    assert not notes[0].get("disable_notification")
    assert all(n.get("disable_notification") for n in notes[1:])
    assert await _actions(bot, "reporter_note") == 30  # every word kept in the log
    # a while later, her next words page him again
    bot.clock.at += timedelta(minutes=11)
    bot.fake.send_message(GROUP_A, RESIDENT, "已经好了不用来了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    last = _dms_to(bot, WANG, "报告人补充")[-1]
    assert "已经好了不用来了" in last["text"] and not last.get("disable_notification")


async def test_a_report_edited_again_and_again_after_acceptance_pages_the_worker_once_a_while(
    make_bot: MakeBot,
) -> None:
    """After acceptance each edit of the report sent the worker a message: twenty edits, twenty pages."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    report, _ = await reported(bot)
    dm = fake.find_message(WANG, "#1")
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await bot.settle()
    assert (await bot.event(1)).status is Status.ACCEPTED
    for i in range(20):
        fake.edit_message(GROUP_A, report["message_id"], f"3号楼电梯坏了，改第{i + 1}次")
    await bot.settle()
    edits = _dms_to(bot, WANG, "居民修改了")
    assert 1 <= len(edits) <= 5, f"the worker got {len(edits)} edits"
    assert not edits[0].get("disable_notification")
    assert all(n.get("disable_notification") for n in edits[1:])
    assert await _actions(bot, "edited_late") == 20


async def test_not_solved_reopens_an_event_a_few_times_then_the_committee_decides(make_bot: MakeBot) -> None:
    """One resident pressing "not solved" after every closing reopened the event (and paged its worker) for ever.
    After two reopenings her "not solved" is recorded and told to the committee, who decides; the event stays
    closed."""
    from ids import COMMITTEE

    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    _, ack = await reported(bot)
    for _ in range(3):
        dm = fake.find_message(WANG, "#1")
        await accept_and_fix(fake, WANG, dm["message_id"])
        asked = await fake.wait_for(
            lambda: next(
                (
                    m
                    for m in reversed(fake.messages(RESIDENT))
                    if button_data(fake, RESIDENT, m["message_id"], Action.RATE)
                ),
                None,
            )
        )
        await bot.settle()
        press(fake, RESIDENT, RESIDENT, asked["message_id"], Action.RATE, "no")
        await bot.settle()
    ev = await bot.event(1)
    assert ev.reopened_count == 2, f"reopened {ev.reopened_count} times"
    assert ev.status is Status.CLOSED
    told = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "仍说没有解决"))
    assert "#1" in told["text"]
    assert "居委会" in fake.find_message(RESIDENT, "#1")["text"]
    # "还没修好" written under the acknowledgement, again and again: still closed, said once in the group
    for _ in range(3):
        fake.send_message(GROUP_A, RESIDENT, "电梯还没修好", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    assert len([m for m in fake.messages(GROUP_A) if "转告居委会" in (m.get("text") or "")]) == 1
    assert len(_dms_to(bot, WANG, "重新打开")) == 2
    # found in the second diff review: the committee was asked to decide but nothing could open the event again;
    # its note has a button, for admins only
    from harness import answer_to
    from ids import ADMIN

    data = button_data(fake, COMMITTEE, told["message_id"], Action.REOPEN)
    assert data
    refused = await answer_to(fake, press(fake, RESIDENT, COMMITTEE, told["message_id"], Action.REOPEN))
    assert "管理员" in refused["text"] and (await bot.event(1)).status is Status.CLOSED
    forged = await answer_to(fake, fake.press_button(ADMIN, GROUP_A, ack["message_id"], data))  # not under the note
    assert forged["show_alert"] and (await bot.event(1)).status is Status.CLOSED, forged
    done = await answer_to(fake, press(fake, ADMIN, COMMITTEE, told["message_id"], Action.REOPEN))
    assert "已重新打开" in done["text"], done
    await bot.settle()
    ev = await bot.event(1)
    assert ev.status is not Status.CLOSED and ev.reopened_count == 3
    assert len(_dms_to(bot, WANG, "重新打开")) == 3
    # the persona walk: the worker is told the committee reopened it (not "the resident says"), and the committee's
    # note says where and what, not only a number
    assert "居委会已重新打开" in _dms_to(bot, WANG, "重新打开")[-1]["text"]
    assert "3号楼" in told["text"] and "电梯坏了" in told["text"], told["text"]
    note = fake.find_message(COMMITTEE, "仍说没有解决")
    assert "已由" in note["text"] and not button_data(fake, COMMITTEE, note["message_id"], Action.REOPEN)
    again = await answer_to(fake, fake.press_button(ADMIN, COMMITTEE, told["message_id"], data))  # a second tap
    assert "无需重新打开" in again["text"]


ADS = [
    "专业疏通下水道 马桶 地漏 电话13812345678 加微信",
    "家电维修 空调加氟 热水器维修 上门服务 联系电话 138-1234-5678",
    "出租3号楼2单元 两室一厅 联系13800000000",
    "兼职刷单 日赚300 加微信xx",
]


async def test_adverts_are_no_reports_and_their_writer_is_asked_once_a_day(make_bot: MakeBot) -> None:
    """A seller's adverts were read as repair (or security) reports: events opened and the worker paged each time.
    Now no event: the writer is asked "Report it?" once a day in the chat; a resident's report leaving her phone
    number is a report as before."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    seller = 7100
    fake.user(seller, "水电维修小李")
    for text in ADS * 2:
        fake.send_message(GROUP_A, seller, text)
    await bot.settle()
    assert await bot.event_count() == 0
    assert fake.sent_count(WANG) == 0
    asked = [m for m in fake.messages(GROUP_A) if "需要处理的问题吗" in (m.get("text") or "")]
    assert len(asked) == 1
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，我电话13812345678")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))


async def test_a_flood_is_told_to_the_committee_once_a_run(make_bot: MakeBot) -> None:
    """A hundred reports in a minute (a child on grandma's phone) made at most five events and told the resident
    once, but the reports not registered were told to no one who could judge them. The committee hears once a run,
    with the words of the first not registered."""
    from ids import COMMITTEE

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i in range(40):
        fake.send_message(GROUP_A, RESIDENT, f"{i % 5 + 1}号楼楼道灯坏了 第{i}次")
    await bot.settle()
    assert await bot.event_count() == 5
    told = [m for m in fake.messages(COMMITTEE) if "暂停自动登记" in (m.get("text") or "")]
    assert len(told) == 1 and "刘阿姨" in told[0]["text"] and "第5次" in told[0]["text"]
    assert len([m for m in fake.messages(GROUP_A) if "暂停自动登记" in (m.get("text") or "")]) == 1


async def test_a_flood_spread_over_every_group_is_one_flood(make_bot: MakeBot) -> None:
    """One person posting in each group they are in was counted per group: five events in each. A run of reports
    counts across chats (the committee told once a run, each group's writer once)."""
    from ids import COMMITTEE

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i in range(8):
        fake.send_message(GROUP_A if i % 2 else GROUP_B, RESIDENT, f"{i + 1}号楼楼道灯坏了")
    await bot.settle()
    assert await bot.event_count() == 5
    assert len([m for m in fake.messages(COMMITTEE) if "暂停自动登记" in (m.get("text") or "")]) == 1


async def test_a_neighbour_pressing_someone_elses_question_changes_nothing(make_bot: MakeBot) -> None:
    """Already so (kept as the misuse review's evidence): the group's "is it fixed?" names whom it is for; a troll
    pressing "not solved" on it is told it is not theirs, and the event stays closed."""
    from harness import answer_to
    from ids import RESIDENT2

    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    await reported(bot)
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    asked = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))
    await bot.settle()
    answer = await answer_to(fake, press(fake, RESIDENT2, GROUP_A, asked["message_id"], Action.RATE, "no"))
    assert answer.get("show_alert")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    assert button_data(fake, GROUP_A, asked["message_id"], Action.RATE)  # still hers to answer


async def test_a_resident_who_said_yes_to_report_it_is_asked_again_for_her_next_report_that_reads_like_an_ad(
    make_bot: MakeBot,
) -> None:
    """Found in review: "Report it?" once a day counted every question the writer was asked in the chat. A resident
    whose report left her phone number and a word like 专业 or 报价 was asked, said yes (event #1), and her next
    such report that day was ignored: no event, no question, no word to anyone."""
    from harness import answer_to

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "楼道灯坏了，物业报价太高不肯修，我电话13812345678")  # no place: an ad's look
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "需要处理的问题吗"))
    await bot.settle()
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    bot.clock.at += timedelta(hours=1)
    fake.send_message(GROUP_A, RESIDENT, "下水道堵了，物业报价太高不肯修，我电话13812345678")
    await bot.settle()
    asked = _dms_to(bot, GROUP_A, "需要处理的问题吗")  # the questions sent (the first was edited on her answer)
    assert len(asked) == 2 or await bot.event_count() == 2, "her second report was dropped unseen"


async def test_the_worker_who_takes_over_hears_the_reporters_words_though_the_last_one_had_many(
    make_bot: MakeBot,
) -> None:
    """Found in review: the resident's words were paged by a budget per event, not per worker. Five notes to 王师傅
    who never answered, he hands it back, 李姐 has it now: the resident's next words ("水已经漫到楼下了") reached
    nobody but the log."""
    from ids import LI

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(LI)
    _, ack = await reported(bot)
    for i in range(5):
        fake.send_message(GROUP_A, RESIDENT, f"怎么还没人来修？第{i + 1}遍", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert len(_dms_to(bot, WANG, "报告人补充")) == 5
    dm = next(m for m in fake.messages(WANG) if button_data(fake, WANG, m["message_id"], Action.HAND_BACK))
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    await bot.settle()
    assert (await bot.event(1)).assignee_id == LI
    fake.send_message(GROUP_A, RESIDENT, "电梯里还关着人呢", reply_to_message_id=ack["message_id"])
    await bot.settle()
    [note] = _dms_to(bot, LI, "报告人补充")
    assert "电梯里还关着人呢" in note["text"] and not note.get("disable_notification")


async def test_a_neighbour_is_not_told_her_words_were_passed_on_when_only_the_log_kept_them(make_bot: MakeBot) -> None:
    """Found in review: after the reporter's five notes in ten minutes, a neighbour who joined the report wrote under
    it; her words went only to the log, yet she was told "已转告负责 #1 的工作人员"."""
    from ids import RESIDENT2

    bot = await make_bot(clock=Clock(), merge_window_s=3600)
    fake = bot.fake
    _, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT2, "3号楼电梯坏了")
    await bot.settle()
    async with bot.ctx.db.read() as c:
        from storage import reporters

        assert RESIDENT2 in {r.user_id for r in await reporters.for_event(c, 1)}
    for i in range(5):
        fake.send_message(GROUP_A, RESIDENT, f"怎么还没人来修？第{i + 1}遍", reply_to_message_id=ack["message_id"])
    await bot.settle()
    hers = fake.send_message(GROUP_A, RESIDENT2, "麻烦快点，我们等了很久了", reply_to_message_id=ack["message_id"])
    await bot.settle()
    told = [
        m
        for m in _dms_to(bot, GROUP_A, "已转告负责 #1")
        if (m.get("reply_parameters") or {}).get("message_id", m.get("reply_to_message_id")) == hers["message_id"]
    ]
    if not [n for n in _dms_to(bot, WANG, "报告人补充") if "等了很久" in n["text"]]:
        assert not told, "she was told her words were passed on"
        assert _dms_to(bot, GROUP_A, "已记在事件记录里")


async def test_an_english_report_saying_let_me_in_with_a_phone_number_is_a_report(make_bot: MakeBot) -> None:
    """Found in review: the English advert words held "to let" (and "part-time", "hiring"), an advert wherever it
    names. 陈先生's "can someone come to let me in? call 138…" under a broken gate of building 3 was asked about
    (Report it?) instead of logged, and his next such report that day ignored."""
    from ids import RESIDENT2

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    text = "The gate of building 3 is broken, can someone come to let me in? call 13812345678"
    fake.send_message(GROUP_A, RESIDENT2, text)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "Logged #1"))
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))  # the worker paged
