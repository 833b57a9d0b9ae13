"""A report its writer takes back (found in the worker review): 刘阿姨 edits her report into "不好意思发错了", or
writes it under her acknowledgement. Waiting, it is withdrawn: nobody is chased, the worker's card says so without
buttons, and it is no "nothing found" against her; accepted, the worker reads her words and may close it as
withdrawn."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, press, reported, shown
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action, Callback
from bot.core.types import Status
from bot.render.i18n import t
from storage import events


async def waiting_card(bot: RunningBot) -> dict:
    """王师傅's card of #1 as it is now."""
    return await bot.fake.wait_for(lambda: bot.fake.find_message(WANG, "#1"))


async def written_under_the_ack(make_bot: MakeBot, user: int, words: str) -> RunningBot:
    """刘阿姨 reports the hall light (the bot on a clock the test moves); `user` writes `words` under its
    acknowledgement: the bot, settled (timers too)."""
    bot = await make_bot(clock=Clock())
    _, ack = await reported(bot, "3号楼2单元楼道灯坏了")
    bot.fake.send_message(GROUP_A, user, words, reply_to_message_id=ack["message_id"])
    await bot.settle(timers=True)
    return bot


async def test_a_report_edited_into_sent_by_mistake_is_withdrawn_and_chased_no_more(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(LI)
    report, _ = await reported(bot, "3号楼2单元楼道灯坏了")
    card = await waiting_card(bot)
    assert fake.buttons(WANG, card["message_id"])
    fake.edit_message(GROUP_A, report["message_id"], "不好意思发错了")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.status is Status.CANCELLED and ev.outcome is None  # withdrawn, no "nothing found" against her
    assert ev.text == "3号楼2单元楼道灯坏了"  # the report keeps what it said; her words are in its log
    async with bot.ctx.db.read() as c:
        assert (await events.last_logged(c, 1, "withdrawn")).detail == "不好意思发错了"
    card = [m for m in fake.messages(WANG) if m["message_id"] == card["message_id"]][0]
    assert t("zh-Hans", "dm.state.withdrawn") in card["text"] and not fake.buttons(WANG, card["message_id"])
    assert t("zh-Hans", "ack.cancelled") in fake.find_message(GROUP_A, "已登记 #1")["text"]
    for _ in range(13):  # 65 minutes: no reminder, no escalation
        await bot.advance(minutes=5)
    assert not fake.find_message(WANG, "⏰ 提醒") and not fake.find_message(LI, "#1")
    assert not [m for m in fake.messages(COMMITTEE) if "#1" in m.get("text", "")]


async def test_sent_by_mistake_under_her_acknowledgement_withdraws_it(make_bot: MakeBot) -> None:
    bot = await written_under_the_ack(make_bot, RESIDENT, "对不起，发错群了")
    fake = bot.fake
    assert (await bot.event(1)).status is Status.CANCELLED
    assert fake.find_message(GROUP_A, t("zh-Hans", "followup.withdrawn", id=1))
    assert not fake.find_message(WANG, "报告人补充")  # not passed on as words to act on


async def test_a_neighbours_sent_by_mistake_withdraws_nothing(make_bot: MakeBot) -> None:
    bot = await written_under_the_ack(make_bot, RESIDENT2, "不好意思发错了")
    assert (await bot.event(1)).status is Status.DISPATCHED


async def taken_back_once_accepted(make_bot: MakeBot) -> tuple[RunningBot, dict, dict, dict]:
    """刘阿姨 reports the hall light, 王师傅 accepts #1, then she edits her report into "不好意思发错了": the bot,
    her report, his card and the note of her words (with "close as withdrawn"), settled."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    report, _ = await reported(bot, "3号楼2单元楼道灯坏了")
    card = await waiting_card(bot)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    fake.edit_message(GROUP_A, report["message_id"], "不好意思发错了")
    note = await fake.wait_for(lambda: fake.find_message(WANG, "撤回了报事"))
    await bot.settle()
    return bot, report, card, note


async def test_an_accepted_report_taken_back_is_for_its_worker_to_close_as_withdrawn(make_bot: MakeBot) -> None:
    bot, report, _, note = await taken_back_once_accepted(make_bot)
    fake = bot.fake
    assert (await bot.event(1)).status is Status.ACCEPTED  # he may be on his way: his to decide
    assert "不好意思发错了" in note["text"]
    fake.edit_message(GROUP_A, report["message_id"], "发错了，不好意思")  # typed again: he is not paged again
    await bot.settle()
    assert len([m for m in fake.messages(WANG) if "撤回了报事" in m.get("text", "")]) == 1
    answer = await answer_to(fake, press(fake, WANG, WANG, note["message_id"], Action.CLOSE_WITHDRAWN))
    assert answer.get("text") == t("zh-Hans", "cb.withdrawn", id=1)
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert ev.status is Status.CANCELLED and ev.outcome is None
    assert t("zh-Hans", "ack.cancelled") in fake.find_message(GROUP_A, "已登记 #1")["text"]


async def test_close_as_withdrawn_is_refused_when_the_reporter_took_nothing_back(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await reported(bot, "3号楼2单元楼道灯坏了")
    card = await waiting_card(bot)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    data = Callback(Action.CLOSE_WITHDRAWN, 1).encode()  # a forged press: no such button was offered
    answer = await answer_to(fake, fake.press_button(WANG, WANG, card["message_id"], data))
    assert answer.get("text") == t("zh-Hans", "cb.already_done")
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_a_withdrawn_report_is_not_counted_new_in_the_digest(make_bot: MakeBot) -> None:
    """The README says the digest leaves withdrawn events out; "新报 2" counted 刘阿姨's withdrawn #1 with 孙奶奶's #2
    (review of the stop's diff)."""
    from harness import Clock
    from ids import RESIDENT3

    from bot.core import weeks
    from bot.services import digest

    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    report = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT3, "5号楼门口的下水道堵了")
    await bot.settle()
    fake.edit_message(GROUP_A, report["message_id"], "不好意思发错了")
    await bot.settle()
    assert (await bot.event(1)).status.value == "cancelled"
    await bot.advance(days=7)
    week = weeks.last_complete(bot.ctx.now(), bot.ctx.community.tz)
    built = await digest.build(bot.ctx.db, week, bot.ctx.community, "zh-Hans")
    assert "新报 1 · " in built.text, built.text  # the bot's first week: no "（上周 0）" beside it


async def test_the_close_as_withdrawn_button_goes_once_the_event_is_closed(make_bot: MakeBot) -> None:
    """Worker review: after "↩️ 按撤回关闭" (or Close on his card, the work needed all the same) the note of her words
    kept its button, which then said "这个事件已经处理过了". The note loses it with the close."""
    bot, _, _, note = await taken_back_once_accepted(make_bot)
    await answer_to(bot.fake, press(bot.fake, WANG, WANG, note["message_id"], Action.CLOSE_WITHDRAWN))
    await bot.settle()
    assert bot.fake.buttons(WANG, note["message_id"]) == []


async def test_the_close_as_withdrawn_button_goes_when_he_closes_it_as_fixed(make_bot: MakeBot) -> None:
    bot, _, card, note = await taken_back_once_accepted(make_bot)
    for action in (Action.CLOSE, Action.CLOSE_FIXED):
        await shown(bot.fake, WANG, card["message_id"], action)
        await answer_to(bot.fake, press(bot.fake, WANG, WANG, card["message_id"], action))
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    assert bot.fake.buttons(WANG, note["message_id"]) == []


@pytest.mark.parametrize(
    "words",
    [
        "撤回，刚才看错了，灯是好的",
        "不用来了，是我家跳闸了，已经好了",
        "sorry my mistake, the light is fine, no need to come",
    ],
)
@pytest.mark.parametrize("under", [True, False])
async def test_a_take_back_saying_why_withdraws_it(make_bot: MakeBot, words: str, under: bool) -> None:
    """Open-report sweep: with a word more than "发错了" her take-back, typed or written under her acknowledgement,
    was dropped or only passed on, and 王师傅 still went. It withdraws #1 as the short ones do: his card says so
    without buttons, and she is told."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    _, ack = await reported(bot, "3号楼2单元楼道灯坏了")
    card = await waiting_card(bot)
    await bot.advance(minutes=3)
    reply = {"reply_to_message_id": ack["message_id"]} if under else {}
    fake.send_message(GROUP_A, RESIDENT, words, **reply)
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.CANCELLED and await bot.event_count() == 1
    assert fake.find_message(GROUP_A, t("zh-Hans", "followup.withdrawn", id=1))
    card = [m for m in fake.messages(WANG) if m["message_id"] == card["message_id"]][0]
    assert t("zh-Hans", "dm.state.withdrawn") in card["text"] and not fake.buttons(WANG, card["message_id"])


@pytest.mark.parametrize(
    ("user", "words"),
    [
        (RESIDENT, "灯是好的，但是门禁坏了"),  # a new problem
        (RESIDENT, "怎么撤回消息啊"),  # a chat message
        (RESIDENT2, "撤回，刚才看错了，灯是好的"),  # a neighbour's words
    ],
)
async def test_a_new_problem_a_chat_message_or_a_neighbours_words_withdraw_nothing(
    make_bot: MakeBot, user: int, words: str
) -> None:
    bot = await make_bot(clock=Clock())
    await reported(bot, "3号楼2单元楼道灯坏了")
    await bot.advance(minutes=3)
    bot.fake.send_message(GROUP_A, user, words)
    await bot.settle(timers=True)
    assert (await bot.event(1)).status is Status.DISPATCHED
