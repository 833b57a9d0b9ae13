"""Words written as a reply to an event's messages belong to that event (end to end): a neighbour joins it, the
reporter's words reach the worker, "还没修好" under a closed one opens it again; small talk and a problem
elsewhere are read as any message.

Over 300 lines: every kind of words under each of an event's messages, open or closed, belongs together."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_close, accept_and_fix, answer_to, button_data, reported
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG

from bot.core.callbacks import Action
from storage import events, points, reporters


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(clock=Clock())


async def replied(make_bot: MakeBot, report: str, who: int, text: str) -> RunningBot:
    """刘阿姨 reports `report`; `who` writes `text` in reply to its acknowledgement; the bot once settled."""
    bot = await make_bot(clock=Clock())
    _, ack = await reported(bot, report)
    bot.fake.send_message(GROUP_A, who, text, reply_to_message_id=ack["message_id"])
    await bot.settle()
    return bot


async def closed_as_fixed(bot: RunningBot) -> None:
    """王师傅 accepts #1 and closes it as fixed; the group's acknowledgement says it is closed."""
    fake = bot.fake
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await fake.wait_for(lambda: "已办结" in fake.find_message(GROUP_A, "已登记 #1")["text"] or None)
    await bot.settle()


async def asked_if_fixed(make_bot: MakeBot) -> tuple[RunningBot, dict, dict]:
    """The lift reported and closed as fixed, the question asked at once: the bot, the acknowledgement and the
    group's "is it fixed?"."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    _, ack = await reported(bot)
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    asked = await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))
    await bot.settle()
    return bot, ack, asked


async def actions(bot: RunningBot, event_id: int = 1) -> list[str]:
    async with bot.ctx.db.read() as c:
        return [line.action for line in await events.timeline(c, event_id)]


async def joined_ids(bot: RunningBot, event_id: int = 1) -> set[int]:
    """Who reported the event (first, or joined)."""
    async with bot.ctx.db.read() as c:
        return {r.user_id for r in await reporters.for_event(c, event_id)}


async def test_a_neighbour_replying_joins_the_event(bot: RunningBot) -> None:
    fake = bot.fake
    report, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT2, "我家也是", reply_to_message_id=report["message_id"])
    added = await fake.wait_for(lambda: fake.find_message(GROUP_A, "共 2 位居民反映"))
    assert "#1" in added["text"]
    fake.send_message(GROUP_A, RESIDENT3, "电梯还是没修好，又坏了", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "共 3 位居民反映"))
    assert await joined_ids(bot) == {RESIDENT, RESIDENT2, RESIDENT3}
    assert await bot.event_count() == 1


async def test_the_reporters_words_reach_the_worker(bot: RunningBot) -> None:
    fake = bot.fake
    _, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT, "已经好了不用来了", reply_to_message_id=ack["message_id"])
    note = await fake.wait_for(lambda: fake.find_message(WANG, "报告人补充"))
    assert "已经好了不用来了" in note["text"] and "#1" in note["text"]
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转告负责 #1 的工作人员"))
    assert "reporter_note" in await actions(bot)
    assert (await bot.event(1)).status.value == "dispatched"  # the worker decides; nothing closes by itself


@pytest.mark.parametrize("text", ["是2单元的，3楼到5楼都不亮", "2单元的灯，晚上一片漆黑"])
async def test_the_reporters_words_saying_which_unit_reach_the_worker(make_bot: MakeBot, text: str) -> None:
    """Under her "3号楼楼道灯坏了" she says which unit it is (resident review: a unit her report did not name was read
    as another place, and #2 opened: the same light twice for the worker)."""
    bot = await replied(make_bot, "3号楼楼道灯坏了", RESIDENT, text)
    assert await bot.event_count() == 1
    assert text in bot.fake.find_message(WANG, "报告人补充")["text"]


async def test_not_fixed_under_a_closed_event_opens_it_again(bot: RunningBot) -> None:
    fake = bot.fake
    _, ack = await reported(bot)
    await closed_as_fixed(bot)
    fake.send_message(GROUP_A, RESIDENT2, "还没修好", reply_to_message_id=ack["message_id"])  # not the reporter
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1 已重新打开"))
    ev = await bot.event(1)
    assert ev.status.value == "dispatched" and ev.reopened_count == 1
    await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))


@pytest.mark.parametrize(
    "replies",
    [
        pytest.param([(RESIDENT2, "report", "谢谢提醒"), (RESIDENT2, "ack", "哈哈")], id="neighbours-small-talk"),
        # the reporter's "🙏🙏" under the acknowledgement is thanks: not sent on to the worker as their words
        pytest.param([(RESIDENT, "ack", "🙏🙏"), (RESIDENT2, "ack", "👍！")], id="emoji-only"),
    ],
)
async def test_small_talk_under_an_event_is_read_as_any_message(
    bot: RunningBot, replies: list[tuple[int, str, str]]
) -> None:
    """Replies (who, under the "report" or its "ack", text) that are small talk: nothing is said in the group,
    nothing reaches the worker, nobody joins."""
    fake = bot.fake
    report, ack = await reported(bot)
    before = len(fake.messages(GROUP_A))
    for who, under, text in replies:
        fake.send_message(GROUP_A, who, text, reply_to_message_id={"report": report, "ack": ack}[under]["message_id"])
    await bot.settle()
    assert len(fake.messages(GROUP_A)) == before
    assert fake.find_message(WANG, "报告人补充") is None
    assert "reporter_note" not in await actions(bot)
    assert await joined_ids(bot) == {RESIDENT}


@pytest.mark.parametrize(
    "who,text",
    [
        # a neighbour replying to the lift's ack with another problem in the same building
        pytest.param(RESIDENT2, "3号楼2单元楼道灯也坏了，晚上看不见", id="neighbour-light-same-building"),
        # found in the third diff review: a neighbour's different problem (same coarse category "repair", no
        # place, no "也") was swallowed
        pytest.param(RESIDENT2, "我家水管漏水了", id="neighbour-pipe"),
        pytest.param(RESIDENT2, "楼道灯不亮了", id="neighbour-light"),
        pytest.param(RESIDENT2, "单元门门禁坏了", id="neighbour-door"),
        pytest.param(RESIDENT2, "5号楼1单元门口下水道堵了", id="neighbour-elsewhere"),
        pytest.param(RESIDENT, "还有3号楼门口的下水道堵了，污水都漫出来了", id="reporter-drain"),
        # found in the third diff review: the reporter's own new problem under their event went to the lift
        # worker as a "note" instead
        pytest.param(RESIDENT, "另外楼道灯不亮了", id="reporter-light"),
        pytest.param(RESIDENT, "我家门口也漏水了", id="reporter-leak"),
        pytest.param(RESIDENT, "2单元门铃坏了", id="reporter-unit-doorbell"),
        pytest.param(RESIDENT2, "我家也是，另外5号楼1单元门口下水道堵了", id="neighbour-me-too-and-a-drain"),
    ],
)
async def test_another_problem_replied_under_the_lift_is_its_own_event(make_bot: MakeBot, who: int, text: str) -> None:
    bot = await replied(make_bot, "3号楼电梯坏了", who, text)
    joined = await joined_ids(bot)
    assert joined == {RESIDENT}, f"{text!r} was swallowed into the lift event: {joined}"
    assert await bot.event_count() == 2, f"{text!r} did not become an event of its own"
    assert bot.fake.find_message(GROUP_A, "已登记 #2"), f"{text!r} was not acknowledged as #2"


@pytest.mark.parametrize(
    "text",
    [
        "也是，但我家是水管漏水",
        "Same building, different problem: the water pipe in my kitchen is leaking",
        "Same here, and the hallway light is out too",
        # the diff review of the "me too" floor rule: outages and other problems named with no thing word joined
        "我家也是，停电了",
        "我家也是，没水了",
        "我家也是，下水道堵了",
        "我家也是，暖气不热",
        "Same here, the power is out",
    ],
)
async def test_me_too_then_another_problem_does_not_join_the_lift(make_bot: MakeBot, text: str) -> None:
    """Words after "mine too" naming another problem (read whole, the "mine too" made them no report): the
    neighbour was counted as one more affected by the lift, her leaking pipe told to no one."""
    bot = await replied(make_bot, "3号楼电梯坏了", RESIDENT2, text)
    assert await joined_ids(bot) == {RESIDENT}, f"{text!r} joined the lift"


async def test_a_danger_after_me_too_is_a_red_of_its_own(make_bot: MakeBot) -> None:
    """ "Same here, someone is trapped inside!" under the lift's #1: read whole (the "mine too" lowering the reading)
    it was no report, so it joined the green lift silently; the words after "mine too" are a red of their own."""
    bot = await replied(make_bot, "3号楼电梯坏了", RESIDENT2, "Same here, someone is trapped inside!")
    assert await joined_ids(bot) == {RESIDENT}
    assert await bot.event_count() == 2, "the danger was swallowed into the lift's #1"
    assert (await bot.event(2)).urgency.value == "red"


@pytest.mark.parametrize("reply", [True, False])
# "我都係呀" (Cantonese, a particle after it) was no "mine too": the words after it were never read by themselves
@pytest.mark.parametrize("text", ["我都係，樓梯有火", "我都係呀，樓梯有火", "Ditto, 樓梯有火"])
async def test_a_danger_after_me_too_that_the_reader_would_ask_about_is_asked(
    make_bot: MakeBot, reply: bool, text: str
) -> None:
    """Found in review: "我都係，樓梯有火" (the stairs on fire, after "mine too"), under the lift's #1 or not: the words
    after "mine too" were taken only when they read as a report; "樓梯有火" alone is asked about ("Report it?"), but
    read whole it was nothing to ask, so no event, no question, no word to anyone."""
    bot = await make_bot(clock=Clock())
    _, ack = await reported(bot, "3号楼电梯坏了")
    under = {"reply_to_message_id": ack["message_id"]} if reply else {}
    bot.fake.send_message(GROUP_A, RESIDENT3, text, **under)
    await bot.settle()
    assert await joined_ids(bot) == {RESIDENT}
    assert bot.fake.find_message(GROUP_A, "需要处理的问题吗") or await bot.event_count() == 2, f"{text!r} went unheard"


async def test_a_neighbours_question_is_not_one_more_affected_resident(bot: RunningBot) -> None:
    fake = bot.fake
    report, _ = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT2, "你住几楼啊？", reply_to_message_id=report["message_id"])
    await bot.settle()
    joined = await joined_ids(bot)
    assert joined == {RESIDENT}, joined


@pytest.mark.parametrize("outcome", [Action.CLOSE_CANNOT, Action.CLOSE_REFERRED])
async def test_not_fixed_does_not_reopen_what_was_not_closed_as_fixed(bot: RunningBot, outcome: Action) -> None:
    """The survey refuses 'not solved' after 'cannot fix'/'referred' (a forged press); a reply reopens it."""
    fake = bot.fake
    _, ack = await reported(bot)
    await accept_and_close(fake, WANG, fake.find_message(WANG, "#1")["message_id"], outcome)
    await bot.settle()
    fake.send_message(WANG, WANG, "需要物业申请维修基金，已上报")
    await fake.wait_for(lambda: "已办结" in fake.find_message(GROUP_A, "已登记 #1")["text"] or None)
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=ack["message_id"])
    await bot.settle()
    ev = await bot.event(1)
    assert ev.status.value == "closed", f"reopened after {outcome.name}: {ev.status}"


async def test_a_survey_still_open_after_a_reply_reopened_the_event(make_bot: MakeBot) -> None:
    """The reporter answers the group's 'is it fixed?' by replying "还没修好" (reopened); the question keeps its
    buttons, and 'solved, satisfied' pressed next is recorded (and rewarded) for an event that is open again."""
    bot, _, asked = await asked_if_fixed(make_bot)
    fake = bot.fake
    solved = button_data(fake, GROUP_A, asked["message_id"], Action.RATE, "ok")  # pressed late, from an old screen
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=asked["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "事件已重新打开"))
    await bot.settle()
    async with bot.ctx.db.read() as c:
        before = await points.balance(c, WANG)
    assert not fake.buttons(GROUP_A, asked["message_id"])  # the question no longer offers its buttons
    await answer_to(fake, fake.press_button(RESIDENT, GROUP_A, asked["message_id"], solved))
    await bot.settle()
    async with bot.ctx.db.read() as c:
        after = await points.balance(c, WANG)
    assert (await bot.event(1)).status.value == "dispatched"
    assert after == before, f"the worker got {after - before} points for 'solved' on a reopened event"


async def test_not_fixed_under_the_question_is_answered_once(make_bot: MakeBot) -> None:
    """Found in the persona review: "还是不亮" under "is it fixed?" edited the question to "#1：抱歉！事件已重新
    打开…" and a second message "🔁 #1 已重新打开…" said it again; under the acknowledgement the reply stays."""
    bot, ack, asked = await asked_if_fixed(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "还是不亮", reply_to_message_id=asked["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "事件已重新打开"))
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"
    again = [m for m in fake.messages(GROUP_A) if "#1 已重新打开" in (m.get("text") or "")]
    assert not again, f"the reopening was said twice: {[m['text'] for m in again]}"
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "重新打开")["message_id"])
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, "还是不亮", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1 已重新打开"))


# found in the second diff review: short follow-ups that do not repeat the event's words, and ways of saying "me too"
@pytest.mark.parametrize(
    "report,text",
    [
        ("3号楼2单元楼道灯坏了", "灯还是不亮"),
        ("3号楼2单元302漏水了", "水还在往下滴"),
        ("3号楼电梯坏了", "我家也一样"),
        ("3号楼电梯坏了", "我们楼也是"),
        ("3号楼电梯坏了", "+1 same problem"),
        ("3号楼电梯坏了", "我家也这样"),
        ("3号楼电梯坏了", "同上！！"),
        # found in the third diff review: the new ME_TOO needs 是/一样/这样 after 也: "我家也" / "我们家也" / "我这也"
        # no longer joined
        ("3号楼电梯坏了", "我家也"),
        ("3号楼电梯坏了", "我们家也！"),
        ("3号楼电梯坏了", "我这也"),
        # Traditional and Cantonese replies were read by Simplified-only patterns: "燈還是不亮" and "我們家也是"
        # under #1 became a second event (the patterns now read normalised text)
        ("3号楼2单元楼道灯坏了", "燈還是不亮"),
        ("3号楼2单元楼道灯坏了", "我們家也是"),
        ("3号楼2单元楼道灯坏了", "我都係"),
        # "me too" and more words about it: were read as the more words alone (no problem named: small talk),
        # unanswered and not counted (stop 30)
        ("3号楼2单元楼道灯坏了", "我家也是，我们楼层也黑了"),
        ("3号楼2单元楼道灯坏了", "Same here, it is dark on our floor too"),
        # the first words were cut at a space: "Me", no "mine too", and the rest was read alone (small talk)
        ("3号楼2单元楼道灯坏了", "Me too, it is dark on our floor"),
        # a Cantonese particle after "mine too", or another English way to say it, was no "mine too" (review)
        ("3号楼2单元楼道灯坏了", "我都係呀"),
        ("3号楼2单元楼道灯坏了", "Us too"),
        # "me too" naming a floor (found in the UX review: each became a new event with no place, and with merging
        # on the neighbours after them joined that one instead of #1; "我们6楼也是" was dropped unanswered)
        ("3号楼2单元楼道灯坏了", "我家也是，6楼也黑了"),
        ("3号楼2单元楼道灯坏了", "+1 我家在5楼，也黑"),
        ("3号楼2单元楼道灯坏了", "Same here, 6th floor dark too"),
        ("3号楼2单元楼道灯坏了", "我们6楼也是"),
    ],
)
async def test_a_neighbours_follow_up_or_me_too_joins(make_bot: MakeBot, report: str, text: str) -> None:
    bot = await replied(make_bot, report, RESIDENT2, text)
    joined = await joined_ids(bot)
    assert await bot.event_count() == 1, f"{text!r} under #1 became a new event"
    assert RESIDENT2 in joined, (text, joined)


async def test_reporters_still_followup_reaches_worker(make_bot: MakeBot) -> None:
    bot = await replied(make_bot, "3号楼2单元楼道灯坏了", RESIDENT, "灯还是不亮")
    assert await bot.event_count() == 1, "the reporter's own follow-up became a new event"


async def test_reporters_not_fixed_in_words_reopens(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    _, ack = await reported(bot, "3号楼2单元楼道灯坏了")
    await closed_as_fixed(bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "灯还是不亮", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert await bot.event_count() == 1, "'灯还是不亮' under the fixed light event became event #2"
    assert (await bot.event(1)).status.value == "dispatched"


async def test_words_not_fixed_leave_the_rounds_questions_saying_what_happened(make_bot: MakeBot) -> None:
    """Found in the second diff review: the reporter's question still asked "is it fixed?" with its buttons, and a
    neighbour's said it ended unanswered."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    report, ack = await reported(bot)
    fake.send_message(GROUP_A, RESIDENT2, "我家也是", reply_to_message_id=report["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "共 2 位居民反映"))
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await bot.settle()
    asks = [m for m in fake.messages(GROUP_A) if "问题解决了吗" in (m.get("text") or "")]
    assert len(asks) == 1  # one question in the group for the reporter and the neighbour
    fake.send_message(GROUP_A, RESIDENT, "还没修好", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1 已重新打开"))
    await bot.settle()
    for m in asks:
        cur = [x for x in fake.messages(GROUP_A) if x["message_id"] == m["message_id"]][0]
        text = cur.get("text") or ""
        assert "问题解决了吗" not in text, f"answered question still asks, with buttons: {text!r}"
        assert "未回复" not in text, f"a neighbour is told her question ended unanswered: {text!r}"


async def test_her_words_that_reopen_it_reach_the_worker(bot: RunningBot) -> None:
    """Worker review: her "修完第二天又不亮了，开关按了没反应" under the closed light opened #1 again, and 王师傅's
    card said only "居民反馈问题未解决" (what is wrong this time, he could not read); her words come with it, and the
    timeline keeps them as her note."""
    fake = bot.fake
    _, ack = await reported(bot, "3号楼2单元楼道灯坏了")
    await closed_as_fixed(bot)
    words = "修完第二天又不亮了，开关按了没反应"
    fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=ack["message_id"])
    card = await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"
    assert words in card["text"], card["text"]
    async with bot.ctx.db.read() as c:
        assert any(line.detail == words for line in await events.timeline(c, 1))
