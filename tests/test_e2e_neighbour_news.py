"""A neighbour's news of another resident's red (neighbour60): after 刘阿姨's "3号楼2单元电梯困人了，有小孩在里面",
陈先生's "人救出来了", "火已经灭了" or "消防来了" (under her report, under its acknowledgement or its emergency
numbers, or typed just after it) was silent. Now each worker the red paged and, while nobody has it, the committee
read them as a neighbour's words; the red stays red. Words that it is over carry a "🟡 make it yellow" button that
only staff may press, and 刘阿姨 is asked under her report whether it is over, with a button only she may press."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, button_data, press, sent_texts, shown, with_button
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.core.types import Urgency
from storage import events

RED = "3号楼2单元电梯困人了，有小孩在里面"
CLERK = 3001  # 居委会小陈: a member of the committee chat, in neither the file's admins nor its workers


async def red_reported(make_bot: MakeBot, accepted: bool = False) -> tuple[RunningBot, dict]:
    """刘阿姨's red, 王师傅 and 李姐 paged (``accepted``: 王师傅 took it); her report."""
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    report = bot.fake.send_message(GROUP_A, RESIDENT, RED)
    await bot.settle()
    if accepted:
        card = bot.fake.find_message(WANG, "#1")["message_id"]
        await shown(bot.fake, WANG, card, Action.ACCEPT)
        press(bot.fake, WANG, WANG, card, Action.ACCEPT)
    await bot.advance(minutes=3)
    await bot.settle()
    return bot, report


async def neighbour_says(bot: RunningBot, words: str, under: int | None = None) -> int:
    """陈先生's words (under a message, or typed loose): the call mark before them."""
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT2, words, reply_to_message_id=under)
    await bot.settle()
    return mark


def told(bot: RunningBot, chat: int, mark: int, words: str) -> int | None:
    """The bot's message to a chat since the mark quoting a neighbour's words as a neighbour's: its id, or None."""
    if not any(words in text and "邻居" in text for text in sent_texts(bot.fake, chat, mark)):
        return None
    return bot.fake.find_message(chat, words)["message_id"]


@pytest.mark.parametrize("under", ["report", "ack", "emergency", None])
@pytest.mark.parametrize("words", ["人救出来了", "火已经灭了"])
async def test_a_neighbours_over_reaches_its_staff_and_asks_her(make_bot: MakeBot, words: str, under: str) -> None:
    bot, report = await red_reported(make_bot)
    ids = {
        "report": report["message_id"],
        "ack": (bot.fake.find_message(GROUP_A, "已登记 #1") or {}).get("message_id"),
        "emergency": (bot.fake.find_message(GROUP_A, "是紧急情况") or {}).get("message_id"),
        None: None,
    }
    mark = await neighbour_says(bot, words, ids[under])
    assert (await bot.event(1)).urgency is Urgency.RED  # a neighbour alone does not lower it
    for chat in (WANG, LI, COMMITTEE):  # as a neighbour's words, with the staff's button
        note = told(bot, chat, mark, words)
        assert note and button_data(bot.fake, chat, note, Action.LOWER_RED), chat
    group = sent_texts(bot.fake, GROUP_A, mark)
    assert any("险情已经过去了吗" in text and words in text for text in group), group
    assert await with_button(bot.fake, GROUP_A, Action.HER_OVER)
    assert any("已转告 #1" in text for text in group)


async def test_help_come_is_passed_on_without_asking_her(make_bot: MakeBot) -> None:
    bot, _ = await red_reported(make_bot)
    mark = await neighbour_says(bot, "消防来了")
    for chat in (WANG, LI, COMMITTEE):
        note = told(bot, chat, mark, "消防来了")
        assert note and not button_data(bot.fake, chat, note, Action.LOWER_RED), chat
    assert not any("险情已经过去了吗" in text for text in sent_texts(bot.fake, GROUP_A, mark))
    assert (await bot.event(1)).urgency is Urgency.RED


async def test_only_staff_lower_it_by_the_button(make_bot: MakeBot) -> None:
    bot, _ = await red_reported(make_bot)
    mark = await neighbour_says(bot, "人救出来了")
    note = told(bot, COMMITTEE, mark, "人救出来了")
    assert note
    refused = press(bot.fake, RESIDENT2, COMMITTEE, note, Action.LOWER_RED)  # a forged press by a resident
    assert (await answer_to(bot.fake, refused))["show_alert"]
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.RED
    card = told(bot, WANG, mark, "人救出来了")
    assert card
    later = bot.fake.mark()
    press(bot.fake, WANG, WANG, card, Action.LOWER_RED)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    assert any("王师傅" in text and "#1" in text for text in sent_texts(bot.fake, COMMITTEE, later))
    assert not button_data(bot.fake, WANG, card, Action.LOWER_RED)  # the pressed message says it is done
    async with bot.ctx.db.read() as c:
        assert any(line.action == "lowered_by_staff" and line.actor_id == WANG for line in await events.timeline(c, 1))


async def test_a_member_of_the_committee_chat_may_lower_it(make_bot: MakeBot) -> None:
    """居委会小陈, in the committee chat but not in the file: staff all the same."""
    bot, _ = await red_reported(make_bot)
    bot.fake.user(CLERK, "居委会小陈")
    bot.fake.set_member(COMMITTEE, CLERK, "member")
    note = told(bot, COMMITTEE, await neighbour_says(bot, "they got him out, he is fine"), "they got him out")
    assert note
    press(bot.fake, CLERK, COMMITTEE, note, Action.LOWER_RED)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW


async def test_her_button_lowers_it_and_only_she_may_press(make_bot: MakeBot) -> None:
    bot, _ = await red_reported(make_bot)
    await neighbour_says(bot, "火已经灭了")
    question = (await with_button(bot.fake, GROUP_A, Action.HER_OVER))["message_id"]
    refused = press(bot.fake, RESIDENT2, GROUP_A, question, Action.HER_OVER)
    assert (await answer_to(bot.fake, refused))["show_alert"]
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.RED
    mark = bot.fake.mark()
    press(bot.fake, RESIDENT, GROUP_A, question, Action.HER_OVER)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    for worker in (WANG, LI):  # each reads she confirmed it, in a new message
        assert any("报告人确认" in text for text in sent_texts(bot.fake, worker, mark)), worker


async def test_accepted_red_the_news_goes_to_its_worker_alone(make_bot: MakeBot) -> None:
    bot, _ = await red_reported(make_bot, accepted=True)
    assert (await bot.event(1)).assignee_id == WANG
    mark = await neighbour_says(bot, "人救出来了")
    assert told(bot, WANG, mark, "人救出来了")
    assert not told(bot, LI, mark, "人救出来了") and not told(bot, COMMITTEE, mark, "人救出来了")
