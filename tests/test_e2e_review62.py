"""Stop 62's own sweeps, end to end: a resident chasing her report again hours later; her typed "people are fine"
after a neighbour's news of her red; a neighbour's "lift still broken" after a trapped lift; /duty after a worker's
card went through; a private report asking for anonymity in its words; why she is not satisfied."""

from __future__ import annotations

from harness import (
    Clock,
    MakeBot,
    RunningBot,
    accept_and_fix,
    button_data,
    press,
    reported,
    sent_texts,
    untagged,
    with_button,
)
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG

from bot.core.callbacks import Action, encode
from bot.core.types import Category, Urgency
from bot.render.i18n import t
from storage import reporters, surveys


async def joined_the_first(bot: RunningBot, who: int) -> bool:
    """Whether there is one event, #1, and ``who`` is among its reporters (joined it, no event of his own)."""
    async with bot.ctx.db.read() as c:
        reps = (await reporters.for_events(c, [1]))[1]
    return await bot.event_count() == 1 and who in {r.user_id for r in reps}


async def test_her_chase_hours_later_is_answered_again(make_bot: MakeBot) -> None:
    """She asks when someone comes, twice at once, and again two hours on: the group reads "passed on, #1 now: …"
    under her first words and under the later ones (silence then, with the backup asked, read as nobody
    listening), not under the second of two at once; the worker reads all three."""
    bot = await make_bot(clock=Clock())
    await reported(bot, "3号楼2单元楼道灯坏了")
    passed_on = t("zh-Hans", "followup.told", id=1)
    mark = await bot.says(GROUP_A, RESIDENT, "师傅什么时候来啊？")
    await bot.says(GROUP_A, RESIDENT, "什么时候能来人啊")
    assert [s for s in sent_texts(bot.fake, GROUP_A, mark) if s.startswith(passed_on)] == [
        t("zh-Hans", "followup.told_asked", id=1, state=t("zh-Hans", "state.dispatched"))
    ]
    await bot.advance(hours=2)
    mark = await bot.says(GROUP_A, RESIDENT, "怎么还没人来啊")
    again = [s for s in sent_texts(bot.fake, GROUP_A, mark) if s.startswith(passed_on)]
    assert len(again) == 1 and again[0] != passed_on  # with how it stands
    to_wang = [s for s in sent_texts(bot.fake, WANG) if "怎么还没人来啊" in s or "什么时候" in s]
    assert len(to_wang) == 3


async def test_her_people_fine_after_a_neighbours_news_lowers_her_red(make_bot: MakeBot) -> None:
    """A neighbour says the trapped are out; she, asked whether the danger is over, types "谢谢大家，人没事" rather
    than pressing: her red is lowered to yellow (its pages stop), the lift still to fix, and the question's button
    goes. Her "火很大，人没事" would not lower a fire (tests/test_danger_over_rules.py)."""
    bot = await make_bot(clock=Clock())
    await reported(bot, "3号楼电梯坏了，困了两个老人在里面！")
    assert (await bot.event(1)).urgency is Urgency.RED
    await bot.says(GROUP_A, RESIDENT2, "已经出来了，没事了，消防员把门撬开了")
    assert (await bot.event(1)).urgency is Urgency.RED  # a neighbour's word alone does not lower it
    asked = await with_button(bot.fake, GROUP_A, Action.HER_OVER)
    await bot.says(GROUP_A, RESIDENT, "谢谢大家，人没事")
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    assert not button_data(bot.fake, GROUP_A, asked["message_id"], Action.HER_OVER)  # answered: its button gone


async def test_a_neighbours_lift_still_broken_after_a_trapped_lift_joins_it(make_bot: MakeBot) -> None:
    """Twenty minutes after her red of people trapped in the lift (a danger, not a repair), a neighbour's
    "电梯还是不能用" naming no place is that lift: he joins #1 rather than opening #2 of no place. Another thing
    ("楼道灯还是不亮") is his own report."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    await reported(bot, "3号楼电梯坏了，困了两个老人在里面！")
    assert (await bot.event(1)).category is not Category.REPAIR
    await bot.advance(minutes=20)
    await bot.says(GROUP_A, RESIDENT2, "电梯还是不能用，我们老人家上下楼怎么办")
    assert await joined_the_first(bot, RESIDENT2)
    await bot.says(GROUP_A, RESIDENT3, "楼道灯还是不亮")
    assert await bot.event_count() == 2


async def test_a_worker_whose_card_went_through_is_no_longer_marked_unreachable(make_bot: MakeBot) -> None:
    """王师傅 never wrote to the bot (it has no row of him), but his card of #1 was delivered: /duty no longer marks
    him "cannot receive private messages"; 赵师傅, never reached, still is."""
    bot = await make_bot(clock=Clock())
    await reported(bot, "3号楼2单元楼道灯坏了")
    await bot.says(COMMITTEE, ADMIN, "/duty")
    duty = sent_texts(bot.fake, COMMITTEE)[-1]
    assert "⚠️" not in next(line for line in duty.splitlines() if "王师傅" in line), duty
    assert "⚠️" in next(line for line in duty.splitlines() if "赵师傅" in line), duty


async def test_her_private_report_asking_for_anonymity_is_anonymous_from_the_start(make_bot: MakeBot) -> None:
    """ "我想匿名反映…别说是我说的" in private: the worker's first card already says she asked to stay anonymous, and
    the question whether to tell her group offers no post with her name."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT)
    await bot.says(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: her private reports are taken
    await bot.says(RESIDENT, RESIDENT, "我想匿名反映一下：5号楼3单元楼道里堆满了纸箱，消防通道都堵住了，别说是我说的")
    assert (await bot.event(1)).anonymous
    assert t("zh-Hans", "dm.anonymous") in sent_texts(fake, WANG)[0]
    asked = fake.find_message(RESIDENT, t("zh-Hans", "post.ask_anonymous", id=1, n=1))
    assert asked is not None
    assert [untagged(b["callback_data"]) for row in asked["reply_markup"]["inline_keyboard"] for b in row] == [
        encode(Action.POST, 1, "a"),
        encode(Action.POST, 1, "x"),
    ]


async def fixed_and_asked(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """Her hall light reported, fixed by 王师傅, and "is it fixed?" asked in the group at once: the bot and the
    question."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    await reported(bot, "3号楼2单元楼道灯坏了")
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "#1")["message_id"])
    await bot.settle(timers=True)
    question = await bot.fake.wait_for(
        lambda: bot.fake.find_message(GROUP_A, t("zh-Hans", "survey.ask", id=1, category="设施报修")[:6])
    )
    return bot, question


async def test_why_she_is_not_satisfied_reaches_the_committee(make_bot: MakeBot) -> None:
    """Her 😐 press is asked what was wrong; a word to a neighbour is no answer, her "师傅来得太慢了" typed below is:
    the committee reads it and she is thanked (once), and so is her "态度也不好" after it (no dispute of its own)."""
    bot, question = await fixed_and_asked(make_bot)
    press(bot.fake, RESIDENT, GROUP_A, question["message_id"], Action.RATE, "meh")
    await bot.settle()
    assert t("zh-Hans", "survey.why_unsatisfied") in bot.fake.find_message(GROUP_A, "#1：")["text"]
    mark = await bot.says(GROUP_A, RESIDENT, "今天天气真好")
    assert sent_texts(bot.fake, COMMITTEE, mark) == []
    mark = await bot.says(GROUP_A, RESIDENT, "师傅来得太慢了，等了五个小时")
    told = sent_texts(bot.fake, COMMITTEE, mark)
    assert len(told) == 1 and "「师傅来得太慢了，等了五个小时」" in told[0], told
    assert sent_texts(bot.fake, GROUP_A, mark) == [t("zh-Hans", "survey.reason_thanks", id=1)]
    mark = await bot.says(GROUP_A, RESIDENT, "态度也不好")  # read alone, a dispute of its own
    assert await bot.event_count() == 1
    assert len(sent_texts(bot.fake, COMMITTEE, mark)) == 1 and sent_texts(bot.fake, GROUP_A, mark) == []


async def test_fixed_conceded_then_the_handling_blamed_is_not_satisfied(make_bot: MakeBot) -> None:
    """ "修是修好了，但是师傅来得太慢了" under the question: solved, not satisfied (it counted as satisfied)."""
    bot, question = await fixed_and_asked(make_bot)
    bot.fake.send_message(
        GROUP_A, RESIDENT, "修是修好了，但是师傅来得太慢了", reply_to_message_id=question["message_id"]
    )
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert [s.choice for s in await surveys.for_event(c, 1)] == ["unsatisfied"]


async def test_each_problem_of_her_anonymous_private_message_is_anonymous(make_bot: MakeBot) -> None:
    """Her wish is in the first part of a message cut into two problems: the second's card keeps her name out too
    (a review: only the part holding the words was read)."""
    bot = await make_bot(clock=Clock())
    for user in (WANG, RESIDENT):
        bot.fake.user_starts_bot(user)
    await bot.says(GROUP_A, RESIDENT, "大家早上好")
    await bot.says(RESIDENT, RESIDENT, "我想匿名反映，3号楼电梯坏了，楼道灯也不亮")
    assert await bot.event_count() == 2
    assert (await bot.event(1)).anonymous and (await bot.event(2)).anonymous


async def test_the_emergency_advice_is_the_dangers_own(make_bot: MakeBot) -> None:
    """A burst pipe's red was told "请先确保自身安全" (the advice of no category): now what to do for water, to close
    the main valve; a gas leak's, no switch and no flame."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    mark = await bot.says(GROUP_A, RESIDENT3, "我家水管爆了！！！水漫出来了，快来人啊 4号楼1单元301")
    assert any(t("zh-Hans", "emergency.advice_kind.water") in s for s in sent_texts(bot.fake, GROUP_A, mark))
    mark = await bot.says(GROUP_A, RESIDENT, "3号楼2单元燃气泄漏了，味道很大")
    assert any(t("zh-Hans", "emergency.advice_kind.gas") in s for s in sent_texts(bot.fake, GROUP_A, mark))


async def test_a_neighbours_alarm_of_the_same_danger_joins_the_red_just_made(make_bot: MakeBot) -> None:
    """A minute after her fire in the garage, a neighbour's "烟好大，呛死了" opened red #2, paging everyone on duty
    again: now it joins #1 as his report of it. A danger of another kind ("有人晕倒了") and the same danger at another
    building ("5号楼也着火了") are reds of their own."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    bot.fake.user_starts_bot(WANG)
    await bot.says(GROUP_A, RESIDENT, "3号楼车库着火了，好大的烟")
    await bot.advance(minutes=1)
    await bot.says(GROUP_A, RESIDENT2, "烟好大，呛死了")
    assert await joined_the_first(bot, RESIDENT2)
    await bot.says(GROUP_A, RESIDENT3, "有人晕倒了，快叫救护车")
    await bot.says(GROUP_A, RESIDENT3, "5号楼也着火了！")
    assert await bot.event_count() == 3
