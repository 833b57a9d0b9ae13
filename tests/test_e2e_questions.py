"""A worker asked about several events at once (a reason for #1, whom #2 went to, an "after" photo for each fixed
one): each question is answered on its own. A reply to a question, or to the DM about an event, answers that
event's question; words without a reply answer the newest question for words, a photo the newest photo question."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, data_of, exchange, press, shown
from ids import GROUP_A, RESIDENT, WANG
from test_e2e_after_photo import ASK, ZH, text_of

from bot.core.callbacks import Action, encode
from bot.core.types import Outcome, Status
from bot.render.i18n import plain
from storage import media


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    """The bot with the survey an hour after closing; 王师傅 started it."""
    running = await make_bot(survey_delay_s=3600)
    running.fake.user_starts_bot(WANG)
    return running


async def two_accepted(bot: RunningBot) -> tuple[int, int]:
    """刘阿姨 reports two problems; 王师傅 accepts both: his two DMs' message ids."""
    fake = bot.fake
    dm1 = await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯坏了", "#1", where=WANG)
    dm2 = await exchange(fake, GROUP_A, RESIDENT, "5号楼门口垃圾桶满了没人清", "#2", where=WANG)
    for dm in (dm1, dm2):
        await shown(fake, WANG, dm["message_id"], Action.ACCEPT)
        await answer_to(fake, press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT))
        await shown(fake, WANG, dm["message_id"], Action.CLOSE)
    await bot.settle()
    return dm1["message_id"], dm2["message_id"]


async def outcome(bot: RunningBot, dm: int, action: Action) -> None:
    """王师傅 presses Close, then the outcome, on his DM."""
    fake = bot.fake
    await answer_to(fake, press(fake, WANG, WANG, dm, Action.CLOSE))
    await shown(fake, WANG, dm, action)
    await answer_to(fake, press(fake, WANG, WANG, dm, action))
    await bot.settle()


async def closed_on_a_clock(
    make_bot: MakeBot, action: Action, report: str = "3号楼楼道灯坏了"
) -> tuple[RunningBot, int]:
    """A bot on a harness clock; 王师傅 accepts the report's event #1 and presses Close, then ``action``: the bot and
    his DM's id."""
    bot = await make_bot(clock=Clock(), survey_delay_s=3600)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, report, "#1", where=WANG)
    m = dm["message_id"]
    await answer_to(fake, press(fake, WANG, WANG, m, Action.ACCEPT))
    await shown(fake, WANG, m, Action.CLOSE)
    await outcome(bot, m, action)
    return bot, m


async def test_a_reply_to_the_older_question_closes_its_own_event(bot: RunningBot) -> None:
    """#1 "cannot fix" (asked why), then #2 "referred" (asked to whom): his reply to #1's question closes #1 with
    his words, also after a restart, and #2 still waits for its own answer, which words without a reply give."""
    fake = bot.fake
    m1, m2 = await two_accepted(bot)
    await outcome(bot, m1, Action.CLOSE_CANNOT)
    ask1 = fake.find_message(WANG, plain(ZH, "ask.note.cannot_fix", id=1))
    await outcome(bot, m2, Action.CLOSE_REFERRED)
    assert fake.find_message(WANG, plain(ZH, "ask.note.referred", id=2))
    await bot.restart()  # the questions are rows
    fake.send_message(WANG, WANG, "灯座烧坏需整体换线，物业不同意", reply_to_message_id=ask1["message_id"])
    await bot.settle()
    ev1, ev2 = await bot.event(1), await bot.event(2)
    assert ev1.status is Status.CLOSED and ev1.outcome is Outcome.CANNOT_FIX
    assert ev1.outcome_note == "灯座烧坏需整体换线，物业不同意"
    assert ev2.status is Status.ACCEPTED and ev2.outcome_note is None
    fake.send_message(WANG, WANG, "已转交街道环卫所")
    await bot.settle()
    ev2 = await bot.event(2)
    assert ev2.status is Status.CLOSED and ev2.outcome is Outcome.REFERRED and ev2.outcome_note == "已转交街道环卫所"


async def test_a_reply_to_an_events_dm_answers_its_question(bot: RunningBot) -> None:
    """The worker may reply to the DM about the event rather than to the question: the DM names the event."""
    fake = bot.fake
    m1, m2 = await two_accepted(bot)
    await outcome(bot, m1, Action.CLOSE_CANNOT)
    await outcome(bot, m2, Action.CLOSE_CANNOT)
    fake.send_message(WANG, WANG, "需要物业申请维修基金", reply_to_message_id=m1)
    await bot.settle()
    assert (await bot.event(1)).outcome_note == "需要物业申请维修基金"
    assert (await bot.event(2)).status is Status.ACCEPTED


@pytest.mark.parametrize("as_reply", [True, False], ids=["reply", "no-reply"])
async def test_a_reason_is_not_taken_as_skipping_a_later_photo_question(bot: RunningBot, as_reply: bool) -> None:
    """#2 "cannot fix" (asked why), then #1 fixed (asked for a photo): his reason closes #2, whether he replies to
    the question or not (words answer a question for words first); #1's DM still asks for its photo."""
    fake = bot.fake
    m1, m2 = await two_accepted(bot)
    await outcome(bot, m2, Action.CLOSE_CANNOT)
    ask2 = fake.find_message(WANG, plain(ZH, "ask.note.cannot_fix", id=2))
    await outcome(bot, m1, Action.CLOSE_FIXED)
    assert ASK in text_of(fake, WANG, m1)
    reply_to = ask2["message_id"] if as_reply else None
    fake.send_message(WANG, WANG, "业主不在家，约不到时间，无法入户维修", reply_to_message_id=reply_to)
    await bot.settle()
    ev2 = await bot.event(2)
    assert ev2.status is Status.CLOSED and ev2.outcome is Outcome.CANNOT_FIX
    assert ev2.outcome_note == "业主不在家，约不到时间，无法入户维修"
    assert not fake.find_message(WANG, plain(ZH, "after.skipped", id=1))
    assert ASK in text_of(fake, WANG, m1)
    assert data_of(fake, WANG, m1) == [encode(Action.SKIP_PHOTO, 1)]


async def test_each_fixed_events_photo_question_is_its_own(bot: RunningBot) -> None:
    """#1 and #2 both closed as fixed: Skip on #1's DM skips #1's photo (its DM stops asking), #2's DM still asks,
    and a photo with no reply is #2's."""
    fake = bot.fake
    m1, m2 = await two_accepted(bot)
    await outcome(bot, m1, Action.CLOSE_FIXED)
    await outcome(bot, m2, Action.CLOSE_FIXED)
    assert ASK in text_of(fake, WANG, m1) and ASK in text_of(fake, WANG, m2)
    said = await answer_to(fake, press(fake, WANG, WANG, m1, Action.SKIP_PHOTO))
    assert said["text"] == plain(ZH, "after.skipped", id=1)
    await bot.settle()
    assert fake.buttons(WANG, m1) == [] and ASK not in text_of(fake, WANG, m1)
    assert ASK in text_of(fake, WANG, m2)
    fake.send_message(WANG, WANG, photo=True)
    await fake.wait_for(lambda: fake.find_message(WANG, plain(ZH, "after.saved", id=2)))
    async with bot.ctx.db.read() as c:
        assert len(await media.for_event(c, 2, media.AFTER_PHOTO)) == 1
        assert await media.for_event(c, 1, media.AFTER_PHOTO) == []


async def test_a_photo_replying_to_an_events_dm_is_that_events(bot: RunningBot) -> None:
    """#1 then #2 closed as fixed: a photo sent in reply to #1's DM is #1's after photo (not the newest question's)."""
    fake = bot.fake
    m1, m2 = await two_accepted(bot)
    await outcome(bot, m1, Action.CLOSE_FIXED)
    await outcome(bot, m2, Action.CLOSE_FIXED)
    fake.send_message(WANG, WANG, photo=True, reply_to_message_id=m1)
    await fake.wait_for(lambda: fake.find_message(WANG, plain(ZH, "after.saved", id=1)))
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert len(await media.for_event(c, 1, media.AFTER_PHOTO)) == 1
        assert await media.for_event(c, 2, media.AFTER_PHOTO) == []
    assert ASK not in text_of(fake, WANG, m1) and ASK in text_of(fake, WANG, m2)
    said = await answer_to(fake, press(fake, WANG, WANG, m2, Action.SKIP_PHOTO))
    assert said["text"] == plain(ZH, "after.skipped", id=2)


async def test_words_after_a_lapsed_reason_question_are_told_so_not_reported(make_bot: MakeBot) -> None:
    """A reason asked for and typed hours later (past ANSWER_WITHIN): no new event of his words, no close; he is
    told the question lapsed and to tap the outcome again, and the question stops asking. Once told, his next
    words are read as any private message (a report of his own); tapping the outcome again closes the event."""
    bot, m = await closed_on_a_clock(make_bot, Action.CLOSE_CANNOT)
    fake = bot.fake
    ask = fake.find_message(WANG, plain(ZH, "ask.note.cannot_fix", id=1))
    await bot.advance(hours=2, minutes=30)  # he was on another job
    fake.send_message(WANG, WANG, "3号楼的灯座线路老化，需要物业大修，我们这边修不了")
    told = await fake.wait_for(lambda: fake.find_message(WANG, plain(ZH, "close.lapsed", id=1, hours=2)))
    await bot.settle()
    assert fake.messages(WANG)[-1]["message_id"] == told["message_id"]  # nothing else: no "report it?", no hint
    assert await bot.event_count() == 1 and (await bot.event(1)).status is Status.ACCEPTED
    assert text_of(fake, WANG, ask["message_id"]) == plain(ZH, "ask.note.lapsed", id=1, hours=2)
    fake.send_message(WANG, WANG, "5号楼2单元电梯坏了，困在三楼不动")  # a problem of his own: reported
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#2") or fake.find_message(WANG, "#2"))
    await shown(fake, WANG, m, Action.CLOSE_CANNOT)
    await answer_to(fake, press(fake, WANG, WANG, m, Action.CLOSE_CANNOT))
    await bot.settle()
    fake.send_message(WANG, WANG, "灯座线路老化，需要物业大修")
    await bot.settle()
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED and ev.outcome_note == "灯座线路老化，需要物业大修"


async def test_a_lapsed_photo_question_leaves_the_dm(make_bot: MakeBot) -> None:
    """A photo question left unanswered past ANSWER_WITHIN: his words then are read as any private message, and the
    DM stops asking for the photo (no Skip left that would do nothing)."""
    bot, m = await closed_on_a_clock(make_bot, Action.CLOSE_FIXED)
    fake = bot.fake
    await bot.advance(hours=3)
    fake.send_message(WANG, WANG, "5号楼2单元电梯坏了，困在三楼不动")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#2") or fake.find_message(WANG, "#2"))
    await bot.settle()
    assert not fake.find_message(WANG, plain(ZH, "after.skipped", id=1))
    assert ASK not in text_of(fake, WANG, m) and fake.buttons(WANG, m) == []


@pytest.mark.parametrize("hours,under", [(3, False), (72, False), (3, True), (30, True)])
async def test_a_danger_after_a_lapsed_question_is_reported_not_swallowed(
    make_bot: MakeBot, hours: int, under: bool
) -> None:
    """Found in the diff reviews: a question left unanswered days before took the worker's next words, whatever they
    were, even written under the event's DM: "5号楼2单元着火了…" got "the question lapsed, not recorded", and no
    red event, no 119."""
    bot, m = await closed_on_a_clock(make_bot, Action.CLOSE_CANNOT)
    fake = bot.fake
    await bot.advance(hours=hours)
    fake.send_message(WANG, WANG, "5号楼2单元着火了，火越烧越大，有人被困", reply_to_message_id=m if under else None)
    await bot.settle()
    assert await bot.event_count() == 2 and (await bot.event(2)).urgency.value == "red"
    assert not fake.find_message(WANG, plain(ZH, "close.lapsed", id=1, hours=2))


@pytest.mark.parametrize("reason", ["被困人员已救出，转交电梯维保公司", "老人晕倒已送医院"])
async def test_a_late_reason_under_a_red_events_question_is_not_a_new_emergency(make_bot: MakeBot, reason: str) -> None:
    """Found in the third diff review: a late reason written under a red event's DM repeats its danger words, and was
    opened as a new red event (119, the committee, the backup paged)."""
    bot, m = await closed_on_a_clock(make_bot, Action.CLOSE_REFERRED, "3号楼2单元电梯困人了！")
    fake = bot.fake
    await bot.advance(hours=3)
    fake.send_message(WANG, WANG, reason, reply_to_message_id=m)
    await bot.settle()
    assert await bot.event_count() == 1
    assert fake.find_message(WANG, plain(ZH, "close.lapsed", id=1, hours=2))


async def test_the_question_for_a_reason_says_residents_will_read_it(bot: RunningBot) -> None:
    """Worker review: "请回复无法解决的原因" said nothing of who reads the words; a note written for the office
    ("住户不开门，电话也不接，态度很差") went into the acknowledgement under the report, in the building's group. The
    questions for a reason and for whom it was referred to now say residents read them as written."""
    fake = bot.fake
    dm1, dm2 = await two_accepted(bot)
    await outcome(bot, dm1, Action.CLOSE_CANNOT)
    await outcome(bot, dm2, Action.CLOSE_REFERRED)
    for event_id, why in ((1, "无法解决的原因"), (2, "转交给了哪个部门")):
        ask = await fake.wait_for(lambda why=why: fake.find_message(WANG, why))
        assert f"#{event_id}" in ask["text"] and "告诉居民" in ask["text"] and "居民群" in ask["text"], ask["text"]
    fake.send_message(WANG, WANG, "屋顶防水要申请维修基金，已报物业", reply_to_message_id=dm1)
    await fake.wait_for(lambda: "维修基金" in (fake.find_message(GROUP_A, "#1") or {}).get("text", "") or None)
