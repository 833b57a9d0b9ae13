"""Words about her own open report typed without replying ("怎么还没人来", "撤回"), as most elderly residents type,
are read as written under it: never a new event of no place, never dropped.

Over 300 lines: one resident's typed words about her report, by kind of words, sharing her report's set-up.
"""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, photo_chats, sent_texts
from ids import GROUP_A, RESIDENT, WANG
from steps import first_report, her_private_chat_open, known_in_a_group

from bot.core.types import Status
from bot.render.i18n import plain

LIGHT = "3号楼2单元楼道灯坏了"
# her question about #1 while it waits: passed on, and how it stands
TOLD_WAITING = plain("zh-Hans", "followup.told_asked", id=1, state=plain("zh-Hans", "state.dispatched"))


async def her_light(make_bot: MakeBot) -> RunningBot:
    """刘阿姨 (who started the bot) reports the hall light in grid A's group; 王师傅 has its card. Settled."""
    bot = await make_bot(clock=Clock())
    known_in_a_group(bot.fake, RESIDENT)
    await first_report(bot, LIGHT, WANG)
    return bot


async def test_nobody_came_typed_later_reaches_the_worker_not_a_new_event(make_bot: MakeBot) -> None:
    """Half an hour on she types "怎么还没人来" in the group (resident review: it opened #2 "位置：未注明", a yellow
    for the worker and the committee, and asked her "在哪里？"): 王师傅 reads her words on #1, she is told so."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=30)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "怎么还没人来")
    await bot.settle()
    assert await bot.event_count() == 1
    assert any("怎么还没人来" in text and "#1" in text for text in sent_texts(bot.fake, WANG, mark))
    assert sent_texts(bot.fake, GROUP_A, mark) == [TOLD_WAITING]  # her question: how it stands, too


async def test_withdrawn_typed_to_the_bot_in_private_withdraws_her_group_report(make_bot: MakeBot) -> None:
    """She writes "撤回" to the bot (resident review: she was shown "#1：待接单" and 王师傅 still went)."""
    bot = await her_light(make_bot)
    mark = bot.fake.mark()
    bot.fake.send_message(RESIDENT, RESIDENT, "撤回")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CANCELLED
    assert sent_texts(bot.fake, RESIDENT, mark) == [plain("zh-Hans", "followup.withdrawn", id=1)]


async def test_sent_by_mistake_typed_in_the_group_withdraws_it(make_bot: MakeBot) -> None:
    bot = await her_light(make_bot)
    await bot.advance(minutes=3)
    bot.fake.send_message(GROUP_A, RESIDENT, "不好意思发错了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CANCELLED


async def test_sent_by_mistake_typed_in_the_group_later_reaches_the_worker(make_bot: MakeBot) -> None:
    """Half an hour on, "不好意思发错了" in the group may answer a neighbour: it withdraws nothing, but its worker
    reads it and she is told so (found reading the change again: it was dropped, unanswered)."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=30)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "不好意思发错了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert any("不好意思发错了" in text for text in sent_texts(bot.fake, WANG, mark))
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]


async def test_a_bare_no_or_another_problem_typed_in_the_group_is_no_word_about_it(make_bot: MakeBot) -> None:
    """ "不用了，谢谢" in the group may answer a neighbour: #1 stays; "又停电了" and "电梯又坏了" are problems of their
    own (#2, #3), not her words for the light's worker (found reading the change again: "又停电了" went to him)."""
    bot = await her_light(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT, "不用了，谢谢")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    for words in ("又停电了", "电梯又坏了"):
        await bot.advance(minutes=5)
        bot.fake.send_message(GROUP_A, RESIDENT, words)
        await bot.settle()
    assert await bot.event_count() == 3


async def test_with_two_open_reports_her_chase_in_private_shows_them(make_bot: MakeBot) -> None:
    """Which one is "怎么还没人来" about? She is shown her open reports, no #3 opens."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=5)
    bot.fake.send_message(GROUP_A, RESIDENT, "5号楼电梯坏了")
    await bot.settle()
    mark = bot.fake.mark()
    bot.fake.send_message(RESIDENT, RESIDENT, "怎么还没人来")
    await bot.settle()
    assert await bot.event_count() == 2
    assert [plain("zh-Hans", "private.hint_open") in text for text in sent_texts(bot.fake, RESIDENT, mark)] == [True]


async def test_not_fixed_typed_after_she_was_told_it_was_fixed_opens_it_again(make_bot: MakeBot) -> None:
    """Told in private that #1 was fixed, twenty minutes on she writes "没修好啊" to the bot (resident review: she
    was told "请描述需要处理的问题", #1 stayed closed and was asked about two hours later as fixed): #1 is open again,
    she is told so, and no question about that closing comes."""
    bot = await her_light(make_bot)
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.advance(minutes=20)
    mark = bot.fake.mark()
    bot.fake.send_message(RESIDENT, RESIDENT, "没修好啊")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    await bot.advance(hours=3)
    assert sent_texts(bot.fake, RESIDENT, mark) == [plain("zh-Hans", "followup.reopened", id=1)]


async def test_still_broken_typed_in_the_group_after_it_was_closed_is_no_new_event(make_bot: MakeBot) -> None:
    """ "灯还是不亮" typed in the group, after its acknowledgement said "已办结": #1 again, not #2 of no place."""
    bot = await her_light(make_bot)
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.advance(minutes=20)
    bot.fake.send_message(GROUP_A, RESIDENT, "灯还是不亮")
    await bot.settle()
    assert await bot.event_count() == 1
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_no_typed_to_the_post_question_keeps_her_private_report(make_bot: MakeBot) -> None:
    """Her private report is asked "要不要在您楼栋的居民群里告诉大家？"; she types "不用了" (found reading the change
    again: it withdrew the report): #1 stays with 王师傅."""
    bot = await make_bot(clock=Clock())
    await her_private_chat_open(bot)
    bot.fake.send_message(RESIDENT, RESIDENT, "5号楼2单元302卫生间漏水了")
    await bot.settle()
    bot.fake.send_message(RESIDENT, RESIDENT, "不用了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_another_kind_of_problem_told_again_is_an_event_of_its_own(make_bot: MakeBot) -> None:
    """Half an hour after her hall light, "又有人在楼道堆东西了" (litter) and "楼下的狗又在叫" (noise) typed in the
    group name no thing the word lists know, only "again" (found reviewing the change: both went to the light's
    worker as her words, and neither problem became an event): each is an event of its own."""
    bot = await her_light(make_bot)
    for number, words in enumerate(("又有人在楼道堆东西了", "楼下的狗又在叫"), start=2):
        await bot.advance(minutes=30)
        bot.fake.send_message(GROUP_A, RESIDENT, words)
        await bot.settle()
        assert await bot.event_count() == number
        assert (await bot.event(number)).text == words


async def test_a_new_problem_typed_to_the_bot_with_two_open_is_no_question_which(make_bot: MakeBot) -> None:
    """With her light and a lift open, "又停电了" typed to the bot is a problem of its own, not words about one of
    them (found reviewing the change: she was shown her two open reports and the power cut never became an event)."""
    bot = await her_light(make_bot)
    for minutes, chat, words in ((5, GROUP_A, "5号楼电梯坏了"), (30, RESIDENT, "又停电了")):
        await bot.advance(minutes=minutes)
        bot.fake.send_message(chat, RESIDENT, words)
        await bot.settle()
    assert await bot.event_count() == 3


async def test_again_about_nothing_of_hers_typed_in_the_group_is_no_word_about_her_report(make_bot: MakeBot) -> None:
    """ "又要开会了" and "今天又降温了", chat among neighbours, name no problem, only "again" (found reviewing the
    change: the first went to the light's worker as her words, answered "已转告" in the group, and, the light fixed,
    the second opened it again): nothing is done with them."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=30)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "又要开会了")
    await bot.settle()
    assert sent_texts(bot.fake, WANG, mark) == sent_texts(bot.fake, GROUP_A, mark) == []
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.advance(minutes=20)
    bot.fake.send_message(GROUP_A, RESIDENT, "今天又降温了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED


async def test_a_visit_chased_for_another_problem_is_an_event_of_its_own(make_bot: MakeBot) -> None:
    """ "怎么还没人来通下水道" typed half an hour after her hall light chases a drain her report never named (found
    reviewing the change: it went to the light's worker as her words, "还没" read as her light still out, and the
    drain never became an event): an event of its own."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=30)
    bot.fake.send_message(GROUP_A, RESIDENT, "怎么还没人来通下水道")
    await bot.settle()
    assert await bot.event_count() == 2
    assert (await bot.event(2)).text == "怎么还没人来通下水道"


async def test_her_photo_of_it_still_broken_typed_without_replying_reaches_the_worker(make_bot: MakeBot) -> None:
    """Twenty minutes after #1 was closed she posts a photo of the light captioned "灯还是不亮", replying to
    nothing (found reviewing the change: #1 opened again with her words, and the photo was dropped): the photo is
    kept with #1 and 王师傅 is sent it."""
    bot = await her_light(make_bot)
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"])
    await bot.advance(minutes=20)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, photo=True, caption="灯还是不亮")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert photo_chats(bot.fake, mark) == [WANG]


async def test_still_broken_typed_while_another_report_of_hers_is_open_reopens_the_one_it_names(
    make_bot: MakeBot,
) -> None:
    """Her light fixed, her lift open: "灯还是不亮" typed in the group names the light, not the lift (found
    reviewing the change: with a report open only the open one was asked about, and it opened #3 "位置：未注明" for
    the worker and the committee): #1 is open again."""
    bot = await her_light(make_bot)
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, "新事件 #1")["message_id"])
    bot.fake.send_message(GROUP_A, RESIDENT, "5号楼电梯坏了")
    await bot.advance(minutes=20)
    bot.fake.send_message(GROUP_A, RESIDENT, "灯还是不亮")
    await bot.settle()
    assert await bot.event_count() == 2
    assert (await bot.event(1)).status is Status.DISPATCHED


@pytest.mark.parametrize("words", ["楼下的路灯又坏了", "我家还是没水"])
async def test_another_thing_or_an_outage_typed_later_is_an_event_of_its_own(make_bot: MakeBot, words: str) -> None:
    """Review of the change: two hours after her hall light, "楼下的路灯又坏了" (the street lamp downstairs: a light,
    but not by her light's name) or "我家还是没水" (an outage her report never told, with "还是") went to the hall
    light's worker as her words, and no event was opened. Typed later, only her thing's own name (or a part of it)
    is hers (next_words.another_problem: not by family, as right after her report, "声控灯也不亮"), and an outage is
    never a broken light's."""
    bot = await her_light(make_bot)
    await bot.advance(hours=2)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 2


@pytest.mark.parametrize(
    ("minutes", "words", "asks"),
    [
        (40, "师傅什么时候来啊", True),
        (45, "物业在吗？灯的事有人跟进没", True),
        (10, "明天上午在家", False),
        (20, "师傅来之前打个电话 13812345678", False),
        (30, "點解仲未有人嚟", True),
        (60, "有人管吗？？", True),  # read red only because the reader could not rule a danger out: it paged everyone
    ],
)
async def test_when_someone_comes_or_when_she_is_home_reaches_the_worker(
    make_bot: MakeBot, minutes: int, words: str, asks: bool
) -> None:
    """Her chase or when she can be visited, typed below her open report (resident word sweep: the reader finds no
    word in them, so they were dropped, or "點解仲未有人嚟" asked "Report it?"): 王师傅 reads them on #1, she is
    told they were passed on (and, asking, how it stands), and no other event or question."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1
    assert any(words in text and "#1" in text for text in sent_texts(bot.fake, WANG, mark))
    told = TOLD_WAITING if asks else plain("zh-Hans", "followup.told", id=1)
    assert sent_texts(bot.fake, GROUP_A, mark) == [told]


@pytest.mark.parametrize("words", ["sorry wrong group", "搞錯咗，唔好意思"])
async def test_sent_by_mistake_in_english_or_cantonese_withdraws_it(make_bot: MakeBot, words: str) -> None:
    """Resident word sweep: "sorry wrong group" and "搞錯咗" were dropped and 王师傅 would still go."""
    bot = await her_light_then(make_bot, words, minutes=3)
    assert (await bot.event(1)).status is Status.CANCELLED


@pytest.mark.parametrize("words", ["救命啊有人管吗", "着火了有人管吗"])
async def test_a_danger_asking_for_anyone_is_still_a_red_of_its_own(make_bot: MakeBot, words: str) -> None:
    """A chase that names a danger, or cries for help, is no chase of her light: a red event of its own."""
    bot = await her_light_then(make_bot, words, minutes=60)
    assert await bot.event_count() == 2
    assert (await bot.event(2)).urgency.value == "red"


async def her_light_then(make_bot: MakeBot, words: str, minutes: int) -> RunningBot:
    """Her hall light reported, and ``minutes`` later her ``words``, typed replying to nothing."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=minutes)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    return bot


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (10, "没有看错，灯确实坏了，快来修"),
        (20, "我沒有看錯，燈真的壞了，麻煩快點來修"),
        (15, "it really is broken, please come"),
        (30, "no need to come today, I am not home, come tomorrow morning"),
        (30, "今天别来了，家里没人，明天上午来吧"),
    ],
)
async def test_her_insisting_or_putting_off_the_visit_reaches_the_worker(
    make_bot: MakeBot, minutes: int, words: str
) -> None:
    """Resident word sweep: insisting her light is really broken, with no "still" ("没有看错，灯确实坏了"), opened #2
    of no place; putting the visit off in English or Chinese was dropped. 王师傅 reads them on #1, she is told so."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1 and (await bot.event(1)).status is Status.DISPATCHED
    assert any(words in text and "#1" in text for text in sent_texts(bot.fake, WANG, mark))
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]


async def test_not_my_mistake_withdraws_nothing(make_bot: MakeBot) -> None:
    """ "确实在漏，不是我看错了，真的很严重" withdrew her leak (its "看错" was read as a mistake said): it stays, and
    its worker reads her words."""
    bot = await make_bot(clock=Clock())
    known_in_a_group(bot.fake, RESIDENT)
    await first_report(bot, "3号楼2单元301天花板漏水", WANG)
    await bot.advance(minutes=3)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "确实在漏，不是我看错了，真的很严重")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED and await bot.event_count() == 1
    assert any("确实在漏" in text and "#1" in text for text in sent_texts(bot.fake, WANG, mark))


@pytest.mark.parametrize(
    ("words", "thing"), [("我看错了，不是楼道灯，是电梯坏了", "电梯"), ("唔係燈，係電梯壞咗", "電梯")]
)
async def test_her_correction_of_what_is_broken_corrects_her_waiting_report(
    make_bot: MakeBot, words: str, thing: str
) -> None:
    """Resident word sweep: "我看错了，不是楼道灯，是电梯坏了" typed below her light, nobody having accepted it, was
    dropped and 王师傅 would go to the light. #1 now reads her words with it, as her edit of it would, 王师傅's card
    says so, and she is told it is corrected; no other event."""
    bot = await her_light(make_bot)
    await bot.advance(minutes=5)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and thing in ev.text and words in ev.text
    assert thing in bot.fake.find_message(WANG, "#1")["text"]
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.corrected", id=1, text=words)]


async def test_her_correction_after_it_was_accepted_reaches_its_worker(make_bot: MakeBot) -> None:
    from harness import answer_to, press

    from bot.core.callbacks import Action

    bot = await her_light(make_bot)
    fake = bot.fake
    await answer_to(fake, press(fake, WANG, WANG, fake.find_message(WANG, "#1")["message_id"], Action.ACCEPT))
    await bot.settle()
    await bot.advance(minutes=5)
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, "不是灯，是门禁坏了")
    await bot.settle()
    assert await bot.event_count() == 1 and (await bot.event(1)).text == LIGHT
    assert any("不是灯，是门禁坏了" in text and "#1" in text for text in sent_texts(fake, WANG, mark))
    assert sent_texts(fake, GROUP_A, mark) == [plain("zh-Hans", "followup.told", id=1)]
