"""Words written under the satisfaction question that clearly answer it ("修好了，谢谢王师傅") are the answer, and so
are they typed below it without replying, as most elderly residents type.

Over 300 lines: every way of answering "is it fixed?" in words, each beside the words that must answer nothing.
"""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, button_data, photo_chats, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG

from bot.core.callbacks import Action
from bot.render.i18n import plain
from storage import surveys


async def fixed(make_bot: MakeBot, *also: int, started: bool = False) -> RunningBot:
    """刘阿姨's light (and the same light from ``also``), fixed by 王师傅; the question asked at once."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    if started:
        fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    for uid in also:
        fake.send_message(GROUP_A, uid, "3号楼2单元的楼道灯也坏了")
        await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    return bot


async def answers(bot: RunningBot) -> dict[int, tuple[str, str | None]]:
    async with bot.ctx.db.read() as c:
        return {s.user_id: (s.status, s.choice) for s in await surveys.for_event(c, 1)}


def now_reads(bot: RunningBot, chat_id: int, message: dict) -> dict:
    return bot.fake.chats[chat_id].messages[message["message_id"]]


async def test_fixed_thanks_under_the_group_question_is_her_answer(make_bot: MakeBot) -> None:
    """She writes "修好了，谢谢王师傅" under her question instead of tapping: recorded "satisfied", the question says
    so and has no buttons; two days later it is still her answer, not "未回复"."""
    bot = await fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, "修好了，谢谢王师傅", reply_to_message_id=q["message_id"])
    await bot.settle()
    assert (await answers(bot))[RESIDENT] == ("answered", "satisfied")
    shown = now_reads(bot, GROUP_A, q)
    assert shown["text"] == plain("zh-Hans", "survey.done.satisfied", id=1)
    assert not button_data(fake, GROUP_A, q["message_id"], Action.RATE)
    await bot.advance(hours=49)
    assert (await answers(bot))[RESIDENT] == ("answered", "satisfied")


async def test_solved_under_the_private_question_is_her_answer(make_bot: MakeBot) -> None:
    bot = await fixed(make_bot, started=True)
    fake = bot.fake
    q = fake.find_message(RESIDENT, "问题解决了吗")
    fake.send_message(RESIDENT, RESIDENT, "已经好了", reply_to_message_id=q["message_id"])
    await bot.settle()
    assert (await answers(bot))[RESIDENT] == ("answered", "satisfied")
    assert now_reads(bot, RESIDENT, q)["text"] == plain("zh-Hans", "survey.done.satisfied", id=1)


async def test_words_that_say_more_or_a_strangers_answer_nothing(make_bot: MakeBot) -> None:
    """ "修好了，不过还有点闪" is no clear "satisfied" (it opens #1 again: tests/test_e2e_after_close.py); a
    neighbour's "修好了" under her question is not hers to give."""
    bot = await fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT3, "修好了", reply_to_message_id=q["message_id"])
    await bot.settle()
    assert await answers(bot) == {RESIDENT: ("open", None)}
    assert button_data(fake, GROUP_A, q["message_id"], Action.RATE)


async def test_one_reporter_answering_a_shared_question_in_words_leaves_it_to_the_others(make_bot: MakeBot) -> None:
    """刘阿姨 and 陈先生 share the group question; her "好了，谢谢" under it is her answer (told under her words), and
    the question keeps its buttons for him."""
    bot = await fixed(make_bot, RESIDENT2)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, "好了，谢谢", reply_to_message_id=q["message_id"])
    await bot.settle()
    assert await answers(bot) == {RESIDENT: ("answered", "satisfied"), RESIDENT2: ("open", None)}
    assert button_data(fake, GROUP_A, q["message_id"], Action.RATE)
    assert fake.find_message(GROUP_A, plain("zh-Hans", "survey.done.satisfied", id=1))


@pytest.mark.parametrize(
    ("words", "outcome", "status"), [("还没修好", "not_solved", "dispatched"), ("修好了，谢谢", "satisfied", "closed")]
)
async def test_words_typed_below_her_private_question_are_her_answer(
    make_bot: MakeBot, words: str, outcome: str, status: str
) -> None:
    """She types "还没修好" below "问题解决了吗？" without replying (resident review: she was told
    "请描述需要处理的问题" and #1 stayed closed): #1 is open again with 王师傅, the question says so, and nothing
    else answers her; "修好了，谢谢" so typed is her thanks."""
    bot = await fixed(make_bot, started=True)
    fake = bot.fake
    q = fake.find_message(RESIDENT, "问题解决了吗")
    mark = fake.mark()
    fake.send_message(RESIDENT, RESIDENT, words)
    await bot.settle()
    assert (await answers(bot))[RESIDENT] == ("answered", outcome)
    assert (await bot.event(1)).status.value == status
    assert now_reads(bot, RESIDENT, q)["text"] == plain("zh-Hans", f"survey.done.{outcome}", id=1)
    assert sent_texts(fake, RESIDENT, mark) == []


async def test_still_broken_typed_in_the_group_opens_her_event_not_a_new_one(make_bot: MakeBot) -> None:
    """Asked in the group (she never started the bot), she types "灯还是不亮" without replying: #1 opens again, not a
    new event #2 "位置：未注明" sent to the worker and the committee."""
    bot = await fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, "灯还是不亮")
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value == "dispatched"
    assert now_reads(bot, GROUP_A, q)["text"] == plain("zh-Hans", "survey.done.not_solved", id=1)


async def test_typed_words_answer_nothing_while_another_report_of_hers_is_open(make_bot: MakeBot) -> None:
    """With her lift #2 still open, a "还没修好" typed in the group may be about the lift: the light's question waits
    (a reply under it still answers it)."""
    bot = await fixed(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "5号楼电梯坏了")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT, "还没修好")
    await bot.settle()
    assert await answers(bot) == {RESIDENT: ("open", None)}
    assert (await bot.event(1)).status.value == "closed"


async def test_another_problem_typed_below_her_question_is_no_answer(make_bot: MakeBot) -> None:
    """ "又停电了" typed while "问题解决了吗？" about her hall light waits is a problem of its own: it reopens
    nothing (found reading the change again: it reopened the light)."""
    bot = await fixed(make_bot, started=True)
    bot.fake.send_message(RESIDENT, RESIDENT, "又停电了")
    await bot.settle()
    assert (await answers(bot))[RESIDENT] == ("open", None)
    assert (await bot.event(1)).status.value == "closed"


@pytest.mark.parametrize("words", ["又下雨了", "明天照样上班"])
async def test_again_about_nothing_typed_below_her_question_is_no_answer(make_bot: MakeBot, words: str) -> None:
    """ "又下雨了" typed below her hall light's "问题解决了吗？" says "again" of the weather (found reviewing the
    change: it was read as "not fixed" and opened #1 again): the question still waits. So does "明天照样上班" ("work
    as usual tomorrow": the reader's "照样" is "again"; found in the stop-53 sweep)."""
    bot = await fixed(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    assert (await answers(bot))[RESIDENT] == ("open", None)


async def test_her_photo_still_broken_typed_below_her_question_reaches_the_worker(make_bot: MakeBot) -> None:
    """Below "问题解决了吗？" she posts a photo of the light captioned "灯还是不亮" (found reviewing the change: #1
    opened again, the photo dropped): 王师傅 is sent the photo with #1 open again."""
    bot = await fixed(make_bot)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, photo=True, caption="灯还是不亮")
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"
    assert photo_chats(bot.fake, mark) == [WANG]


async def leak_fixed(make_bot: MakeBot, survey_delay_s: int = 0) -> RunningBot:
    """刘阿姨's ceiling leak in 301, fixed by 王师傅 (the question asked at once unless ``survey_delay_s``)."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=survey_delay_s)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元301天花板漏水")
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.settle()
    return bot


@pytest.mark.parametrize("replying", [False, True])
async def test_still_dripping_below_her_question_opens_her_leak_again(make_bot: MakeBot, replying: bool) -> None:
    """ "天花板还在滴水" ("still" and a sign of a leak, no "not fixed" word) below her leak's "问题解决了吗？", typed or
    as a reply (resident review: it opened #2 "位置：未注明" and left #1 closed): #1 opens again with her words to
    王师傅, and the question says so."""
    bot = await leak_fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, "天花板还在滴水", reply_to_message_id=q["message_id"] if replying else None)
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value == "dispatched"
    assert (await answers(bot))[RESIDENT] == ("answered", "not_solved")
    assert now_reads(bot, GROUP_A, q)["text"] == plain("zh-Hans", "survey.done.not_solved", id=1)
    assert any("天花板还在滴水" in t for t in sent_texts(fake, WANG, mark))


async def test_still_dripping_before_the_question_opens_her_leak_again(make_bot: MakeBot) -> None:
    """The same words typed an hour after the close, before any question (it comes after two hours): #1 opens again
    and she is told so under her words, not a new event asking where."""
    bot = await leak_fixed(make_bot, survey_delay_s=7200)
    fake = bot.fake
    await bot.advance(hours=1)
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, "天花板还在滴水")
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value == "dispatched"
    assert sent_texts(fake, GROUP_A, mark) == [plain("zh-Hans", "followup.reopened", id=1)]


async def test_fixed_and_praise_below_her_question_is_satisfied(make_bot: MakeBot) -> None:
    """ "修好了，还是王师傅靠谱" ("fixed; 王师傅 is the one to trust, after all") below her question opened #1 again,
    its "还是" read as "still" (found beside the rule above): it is her "solved, satisfied"."""
    bot = await leak_fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, "修好了，还是王师傅靠谱")
    await bot.settle()
    assert (await bot.event(1)).status.value == "closed"
    assert (await answers(bot))[RESIDENT] == ("answered", "satisfied")
    assert now_reads(bot, GROUP_A, q)["text"] == plain("zh-Hans", "survey.done.satisfied", id=1)


@pytest.mark.parametrize("words", ["修好了吗？", "我不在家，不知道好了没有", "只修好了一半"])
async def test_a_question_or_not_knowing_under_her_question_is_no_answer(make_bot: MakeBot, words: str) -> None:
    """ "修好了吗？", "不知道好了没有" or "只修好了一半" under "问题解决了吗？" was recorded "solved, satisfied" and
    took the buttons away (sweep of residents' words after a close): the question still waits for her."""
    bot = await fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=q["message_id"])
    await bot.settle()
    assert await answers(bot) == {RESIDENT: ("open", None)}
    assert button_data(fake, GROUP_A, q["message_id"], Action.RATE)


@pytest.mark.parametrize(("words", "replying"), [("没有", True), ("没好", True), ("和原来一样", False)])
async def test_a_no_or_nothing_changed_below_her_question_opens_it_again(
    make_bot: MakeBot, words: str, replying: bool
) -> None:
    """ "没有" or "没好" under "问题解决了吗？", "和原来一样" typed below it (sweep: read as chat, the question still
    waiting and #1 closed): #1 opens again with 王师傅, and the question says so."""
    bot = await fixed(make_bot)
    fake = bot.fake
    q = fake.find_message(GROUP_A, "问题解决了吗")
    fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=q["message_id"] if replying else None)
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value == "dispatched"
    assert (await answers(bot))[RESIDENT] == ("answered", "not_solved")
    assert now_reads(bot, GROUP_A, q)["text"] == plain("zh-Hans", "survey.done.not_solved", id=1)


async def test_a_bare_no_typed_in_the_group_answers_nothing(make_bot: MakeBot) -> None:
    """ "没有" typed in the group, replying to nothing, may answer a neighbour: her question still waits."""
    bot = await fixed(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "没有")
    await bot.settle()
    assert await answers(bot) == {RESIDENT: ("open", None)}
    assert (await bot.event(1)).status.value == "closed"


@pytest.mark.parametrize("words", ["又开始滴水了", "漏水一点没改善"])
@pytest.mark.parametrize("survey_delay_s", [0, 7200])
async def test_broken_again_below_her_question_or_before_it_opens_her_leak_again(
    make_bot: MakeBot, survey_delay_s: int, words: str
) -> None:
    """ "又开始滴水了" or "漏水一点没改善" typed below her leak's "问题解决了吗？", or an hour after the close before
    any question (sweep: it opened #2 "位置：未注明" for the worker and the committee): #1 opens again with her words
    to 王师傅."""
    bot = await leak_fixed(make_bot, survey_delay_s=survey_delay_s)
    fake = bot.fake
    await bot.advance(hours=1)
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status.value == "dispatched"
    assert any(words in t for t in sent_texts(fake, WANG, mark))


async def test_her_photo_still_broken_replied_under_her_question_reaches_the_worker(make_bot: MakeBot) -> None:
    """The same photo sent as a reply under "问题解决了吗？" (closedwords sweep: #1 opened again, the photo dropped):
    王师傅 is sent the photo with #1 open again."""
    bot = await fixed(make_bot)
    q = bot.fake.find_message(GROUP_A, "问题解决了吗")
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, photo=True, caption="灯还是不亮", reply_to_message_id=q["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"
    assert photo_chats(bot.fake, mark) == [WANG]
