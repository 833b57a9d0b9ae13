"""Satisfaction questions end to end: several reporters, rounds, questions closed or withdrawn."""

from __future__ import annotations

import pytest
from harness import (
    Clock,
    MakeBot,
    RunningBot,
    accept_and_close,
    accept_and_fix,
    answer_to,
    button_data,
    exchange,
    post_anonymously,
    press,
)
from ids import ADMIN, GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG
from steps import status_answer

from bot.core import weeks
from bot.core.callbacks import Action
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from bot.services import digest
from storage import points, reporters, surveys


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    """The bot on a moving clock, same-problem merging on, the question asked at once after closing."""
    return await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=0)


async def merged(bot: RunningBot) -> dict:
    """刘阿姨 (never started the bot) and 陈先生 (started it) report the same lift: #1, 王师傅's message about it."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT2, send_start=True)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    fake.send_message(GROUP_A, RESIDENT2, "3号楼的电梯又坏了，困了好久没人修")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记为 #1"))
    await bot.settle()
    return fake.find_message(WANG, "新事件 #1")  # his card ("困了好久" raised #1: he is told so in a message too)


async def merged_and_fixed(bot: RunningBot) -> tuple[dict, dict]:
    """The lift of ``merged`` fixed by 王师傅: her question in the group and his in private."""
    fake = bot.fake
    await accept_and_fix(fake, WANG, (await merged(bot))["message_id"])
    in_group = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))
    private = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "Is the problem solved"))
    await bot.settle()
    return in_group, private


def question(fake: FakeTelegram, chat_id: int, message: dict) -> bool:
    """The message is a satisfaction question (it has the answer buttons)."""
    return bool(button_data(fake, chat_id, message["message_id"], Action.RATE))


async def balance(bot: RunningBot, user_id: int) -> int:
    async with bot.ctx.db.read() as c:
        return await points.balance(c, user_id)


async def answers(bot: RunningBot, event_id: int = 1) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(round, resident) → (status, choice) of the event's questions."""
    async with bot.ctx.db.read() as c:
        return {(s.round, s.user_id): (s.status, s.choice) for s in await surveys.for_event(c, event_id)}


async def reopened_by(bot: RunningBot, private: dict) -> None:
    """陈先生 taps "not solved" on his question: #1 is open again, at 王师傅."""
    fake = bot.fake
    press(fake, RESIDENT2, RESIDENT2, private["message_id"], Action.RATE, "no")
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_a_neighbours_not_solved_withdraws_the_other_questions_of_the_round(bot: RunningBot) -> None:
    """陈先生's "not solved" reopens #1: 刘阿姨's question of the same round loses its buttons and says so, and a
    "solved, satisfied" pressed on it anyway is refused: nothing recorded, no points for the worker (the reopening
    took back what the close earned him, and that is all)."""
    fake = bot.fake
    in_group, private = await merged_and_fixed(bot)
    closed = await balance(bot, WANG)
    satisfied = button_data(fake, GROUP_A, in_group["message_id"], Action.RATE, "ok")
    await reopened_by(bot, private)
    before = await balance(bot, WANG)
    assert before == closed - bot.ctx.settings.points_closed_in_time
    assert fake.buttons(GROUP_A, in_group["message_id"]) == []
    edited = next(m for m in fake.messages(GROUP_A) if m["message_id"] == in_group["message_id"])
    assert edited["text"] == plain("zh-Hans", "survey.reopened", id=1)
    late = await answer_to(fake, fake.press_button(RESIDENT, GROUP_A, in_group["message_id"], satisfied))
    await bot.settle()
    assert late.get("show_alert") and late["text"] == plain("zh-Hans", "cb.survey_closed")
    assert await balance(bot, WANG) == before
    assert await answers(bot) == {(1, RESIDENT): ("unanswered", None), (1, RESIDENT2): ("answered", "not_solved")}
    # the committee's digest: 刘阿姨's question, withdrawn, was not one left unanswered (it read "2 份回复 1 份")
    week = weeks.week_of(bot.ctx.now(), bot.ctx.community.tz)
    s = (await digest.compute(bot.ctx.db, week, bot.ctx.community)).this.satisfaction
    assert (s.asked, s.answered, s.not_solved) == (1, 1, 1)


async def test_not_solved_on_a_question_of_an_earlier_round_is_told_it_has_closed(bot: RunningBot) -> None:
    """Round 1 ends with 陈先生's "not solved"; 王师傅 fixes it again and round 2 is asked. 刘阿姨's "not solved" on
    her round-1 question is answered "this question has closed", not "reopened": #1 stays closed."""
    fake = bot.fake
    in_group, private = await merged_and_fixed(bot)
    not_solved = button_data(fake, GROUP_A, in_group["message_id"], Action.RATE, "no")
    await reopened_by(bot, private)
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "重新打开")["message_id"])
    await bot.settle(timers=True)
    assert {r for r, _ in await answers(bot)} == {1, 2}
    late = await answer_to(fake, fake.press_button(RESIDENT, GROUP_A, in_group["message_id"], not_solved))
    await bot.settle()
    assert late.get("show_alert") and late["text"] == plain("zh-Hans", "cb.survey_closed")
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED and ev.reopened_count == 1
    assert (await answers(bot))[(1, RESIDENT)] == ("unanswered", None)


async def test_a_question_that_expired_unanswered_is_told_it_has_closed_not_answered(bot: RunningBot) -> None:
    """陈先生 never answered; the question expired after 48 hours. A press on it later (an old copy of the
    buttons) is told the question has closed, not "already answered", and records nothing."""
    fake = bot.fake
    _, private = await merged_and_fixed(bot)
    satisfied = button_data(fake, RESIDENT2, private["message_id"], Action.RATE, "ok")
    await bot.advance(hours=49)
    assert fake.buttons(RESIDENT2, private["message_id"]) == []
    late = await answer_to(fake, fake.press_button(RESIDENT2, RESIDENT2, private["message_id"], satisfied))
    assert late.get("show_alert") and late["text"] == plain("en", "cb.survey_closed")  # 陈先生 reads English
    assert (await answers(bot))[(1, RESIDENT2)] == ("unanswered", None)


async def test_a_merged_reporter_asked_about_cannot_fix_reads_the_reason_in_the_question(bot: RunningBot) -> None:
    """#1 (刘阿姨, with 陈先生 merged in) is closed "cannot fix" with a reason. Only 刘阿姨 was told the outcome;
    陈先生's question about the handling carries the reason itself, as does hers in the group."""
    fake = bot.fake
    await accept_and_close(fake, WANG, (await merged(bot))["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "原因"))
    reason = "电梯主板停产，等业委会维修基金审批"
    fake.send_message(WANG, WANG, reason)
    await bot.settle(timers=True)
    questions = {
        chat: [m["text"] for m in fake.messages(chat) if question(fake, chat, m)] for chat in (RESIDENT2, GROUP_A)
    }
    assert all(len(asked) == 1 and reason in asked[0] for asked in questions.values()), questions


async def close_as_duplicate(bot: RunningBot, number: int, original: int) -> None:
    """王师傅 takes #number and closes it as a duplicate of #original."""
    fake = bot.fake
    dm = fake.find_message(WANG, f"#{number}")
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_DUPLICATE)
    await fake.wait_for(lambda: fake.find_message(WANG, plain("zh-Hans", "ask.note.duplicate", id=number)))
    fake.send_message(WANG, WANG, f"#{original}")
    await bot.settle()
    ev = await bot.event(number)
    assert ev.status is Status.CLOSED and ev.outcome_note == f"#{original}"


async def three_neighbours(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """刘阿姨 reports 3号楼's lift (#1, 王师傅's message about it returned); 陈先生 and 孙奶奶 have started the bot."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    bot.fake.user(RESIDENT3, "孙奶奶")
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(RESIDENT2, send_start=True)
    bot.fake.user_starts_bot(RESIDENT3, send_start=True)
    return bot, await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)


async def test_the_reporters_of_a_duplicate_are_asked_with_the_original_once_each(make_bot: MakeBot) -> None:
    """#2 (陈先生) and #3 (刘阿姨 again) are closed as duplicates of her #1 ("will be handled under #1"). When #1
    is fixed, 陈先生 is asked about it too (privately: he started the bot), and 刘阿姨 once, not twice."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT2, "3号楼电梯又不动了", "#2", where=WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯还是停着", "#3", where=WANG)
    for number in (2, 3):
        await close_as_duplicate(bot, number, 1)
    await accept_and_fix(fake, WANG, dm1["message_id"])
    await bot.settle(timers=True)
    assert await answers(bot) == {(1, RESIDENT): ("open", None), (1, RESIDENT2): ("open", None)}
    [his] = [m for m in fake.messages(RESIDENT2) if question(fake, RESIDENT2, m)]
    assert "#1" in his["text"]
    assert len([m for m in fake.messages(GROUP_A) if question(fake, GROUP_A, m)]) == 1  # hers, once
    async with bot.ctx.db.read() as c:
        for number in (2, 3):
            assert await surveys.for_event(c, number) == []  # a duplicate is asked under its original


async def test_an_anonymous_duplicates_reporter_is_asked_privately_and_stays_unnamed(make_bot: MakeBot) -> None:
    """刘阿姨's anonymous private report #1 is closed as a duplicate of 陈先生's #2 in the group. When #2 is fixed
    she is asked about it privately; the group never reads her name, and the console hides it from workers."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    await post_anonymously(bot, "3号楼2单元电梯坏了，困了好久")
    dm2 = await exchange(fake, GROUP_A, RESIDENT2, "3号楼电梯又不动了", "#2", where=WANG)
    await close_as_duplicate(bot, 1, 2)
    await accept_and_fix(fake, WANG, dm2["message_id"])
    await bot.settle(timers=True)
    assert {u for _, u in await answers(bot, 2)} == {RESIDENT, RESIDENT2}
    [hers] = [m for m in fake.messages(RESIDENT) if question(fake, RESIDENT, m)]
    assert "#2" in hers["text"]
    await exchange(fake, GROUP_A, RESIDENT2, "/status 2", "#2")
    assert not any("刘阿姨" in m.get("text", "") for m in fake.messages(GROUP_A))
    async with bot.ctx.db.read() as c:
        assert await reporters.anonymous_users(c, 2) == {RESIDENT}


async def test_a_wrong_duplicate_split_back_out_of_the_original_is_handled_again(make_bot: MakeBot) -> None:
    """陈先生's #2 (another lift) was closed as a duplicate of #1 by mistake; 王师傅 splits his report back out of
    #1 with ✂️. #2 is open again at 王师傅, 陈先生 is told it is handled apart, and he is not asked about #1."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼电梯又不动了", "#2", where=WANG)
    await close_as_duplicate(bot, 2, 1)
    press(fake, WANG, WANG, dm1["message_id"], Action.SPLIT)
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, plain("en", "reporter.split_reopened", id=2, old=1)))
    await bot.settle()
    ev = await bot.event(2)
    assert (ev.status, ev.assignee_id, ev.outcome) == (Status.DISPATCHED, WANG, None)
    async with bot.ctx.db.read() as c:
        assert [r.user_id for r in await reporters.for_event(c, 2)] == [RESIDENT2]
    assert not button_data(fake, WANG, dm1["message_id"], Action.SPLIT)
    await accept_and_fix(fake, WANG, dm1["message_id"])
    await bot.settle(timers=True)
    assert {u for _, u in await answers(bot, 1)} == {RESIDENT}


async def duplicate_chain(bot: RunningBot, building: str) -> None:
    """陈先生's #2 closed as a duplicate of #1, then 孙奶奶's #3 as a duplicate of #2 (the lift of ``building``)."""
    await exchange(bot.fake, GROUP_A, RESIDENT2, f"{building}电梯又不动了", "#2", where=WANG)
    await close_as_duplicate(bot, 2, 1)
    await exchange(bot.fake, GROUP_A, RESIDENT3, f"{building}电梯还是停着", "#3", where=WANG)
    await close_as_duplicate(bot, 3, 2)


async def neighbour_joins_second(bot: RunningBot, building: str) -> None:
    """陈先生 reports the lift of ``building`` (#2) and 孙奶奶 joins it ("我家也是" under his report)."""
    fake = bot.fake
    report = fake.send_message(GROUP_A, RESIDENT2, f"{building}电梯又不动了")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    fake.send_message(GROUP_A, RESIDENT3, "我家也是", reply_to_message_id=report["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "/status 2"))


async def fixed_and_asked(bot: RunningBot, dm: dict, event_id: int) -> set[int]:
    """王师傅 accepts and fixes the event of his message ``dm``: who is asked about ``event_id``."""
    await accept_and_fix(bot.fake, WANG, dm["message_id"])
    await bot.settle(timers=True)
    return {u for _, u in await answers(bot, event_id)}


async def test_a_duplicate_of_a_duplicate_is_handled_and_asked_under_the_first(make_bot: MakeBot) -> None:
    """#2 was closed as a duplicate of #1; 孙奶奶's #3 is then closed as a duplicate of #2 (the number 王师傅 found).
    She is told it is handled under #1 (not "#2 is closed"), and asked with #1's reporters when #1 is fixed."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    await duplicate_chain(bot, "3号楼")
    told = plain("zh-Hans", "reporter.closed.duplicate", id=3, note="#1")
    assert fake.find_message(RESIDENT3, told), [m["text"] for m in fake.messages(RESIDENT3)]
    assert await fixed_and_asked(bot, dm1, 1) == {RESIDENT, RESIDENT2, RESIDENT3}


async def status_for(bot: RunningBot, user_id: int, number: int) -> str:
    """The bot's answer to /status <number> sent in the user's private chat."""
    return await status_answer(bot, user_id, user_id, number)


async def test_a_neighbour_who_joined_a_duplicate_still_follows_it(make_bot: MakeBot) -> None:
    """孙奶奶 joined 陈先生's #2 ("发送 /status 2 可查看进展"); #2 is then closed as a duplicate of #1 and her report
    moves there. /status 2 still answers her, saying it is handled under #1, and /status 1 shows her #1."""
    bot, _ = await three_neighbours(make_bot)
    await neighbour_joins_second(bot, "3号楼")
    await close_as_duplicate(bot, 2, 1)
    assert plain("zh-Hans", "status.merged_into", original=1) in await status_for(bot, RESIDENT3, 2)
    assert plain("zh-Hans", "status.timeline") in await status_for(bot, RESIDENT3, 1)


async def test_an_anonymous_duplicates_reporter_is_marked_where_workers_see_her(make_bot: MakeBot) -> None:
    """刘阿姨's anonymous #1 is closed as a duplicate of 陈先生's #2. 王师傅's message about #2 now lists her
    report: marked 🙈 with the caution not to name her in the group, as #1's message warned; /status 2 marks her
    for the committee's admin, and names her to no worker (the console's rule: an anonymous writer to admins only)."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    await post_anonymously(bot, "3号楼2单元电梯坏了，困了好久")
    dm2 = await exchange(fake, GROUP_A, RESIDENT2, "3号楼电梯又不动了", "#2", where=WANG)
    await close_as_duplicate(bot, 1, 2)
    text = next(m for m in fake.messages(WANG) if m["message_id"] == dm2["message_id"])["text"]
    assert plain("zh-Hans", "dm.anonymous_merged") in text
    assert plain("zh-Hans", "dm.merged_line_anon", name="刘阿姨", text="3号楼2单元电梯坏了，困了好久") in text
    assert plain("zh-Hans", "status.anon_name", name="刘阿姨") in await status_for(bot, ADMIN, 2)
    for_worker = await status_for(bot, WANG, 2)
    assert plain("zh-Hans", "dm.anonymous_reporter") in for_worker and "刘阿姨" not in for_worker, for_worker
