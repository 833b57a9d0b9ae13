"""A reporter who started the bot is asked in private after her event is closed: her "还没修好" written back there, as a
reply to the question or to the "closed" notice, is read as it is under the group's question (end to end)."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_close, button_data, exchange, press, sent_texts
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import events

LANG = {RESIDENT: "zh-Hans", RESIDENT2: "en"}  # 陈先生's Telegram is in English
NOTICE = {Action.CLOSE_FIXED: "reporter.closed.fixed", Action.CLOSE_NOTHING_FOUND: "reporter.closed.nothing_found"}


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    """The bot on a moving clock, the question asked at once after closing."""
    return await make_bot(clock=Clock(), survey_delay_s=0)


def question(fake: FakeTelegram, chat_id: int) -> dict | None:
    """The latest message in the chat that is a satisfaction question with its buttons."""
    asked = [m for m in fake.messages(chat_id) if button_data(fake, chat_id, m["message_id"], Action.RATE)]
    return asked[-1] if asked else None


def notice(fake: FakeTelegram, chat_id: int, outcome: Action) -> dict | None:
    """The latest private "your report #1 is closed" message."""
    head = plain(LANG[chat_id], NOTICE[outcome], id=1, outcome="·").split("·")[0]
    return fake.find_message(chat_id, head)


async def closed_and_asked(bot: RunningBot, reporter: int, outcome: Action, dm: dict | None = None) -> dict:
    """``reporter`` (who started the bot) reports building 5's hallway light in grid A's group (unless ``dm``, 王师傅's
    message about #1, is given: it was reported already); 王师傅 closes #1 with ``outcome``; the private question."""
    fake = bot.fake
    if dm is None:
        fake.user_starts_bot(WANG)
        fake.user_starts_bot(reporter, send_start=True)
        dm = await exchange(fake, GROUP_A, reporter, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], outcome)
    asked = await fake.wait_for(lambda: question(fake, reporter))
    await fake.wait_for(lambda: notice(fake, reporter, outcome))
    await bot.settle()
    return asked


def reopened_dm(fake: FakeTelegram, old: int) -> dict | None:
    """王师傅's newest message, when it is the card of the event opened again (not ``old``)."""
    last = fake.messages(WANG)[-1]
    return last if last["message_id"] != old and "重新打开" in last["text"] else None


def text_of(fake: FakeTelegram, chat_id: int, message_id: int) -> str:
    return next(m["text"] for m in fake.messages(chat_id) if m["message_id"] == message_id)


@pytest.mark.parametrize(
    "reporter,outcome,words",
    [
        pytest.param(RESIDENT, Action.CLOSE_FIXED, "还没修好", id="fixed-zh"),
        pytest.param(RESIDENT2, Action.CLOSE_FIXED, "not fixed yet", id="fixed-en"),
        pytest.param(RESIDENT, Action.CLOSE_NOTHING_FOUND, "还在", id="nothing-found-zh"),
        pytest.param(RESIDENT, Action.CLOSE_NOTHING_FOUND, "問題仲喺度", id="nothing-found-yue"),
        pytest.param(RESIDENT2, Action.CLOSE_NOTHING_FOUND, "still there", id="nothing-found-en"),
    ],
)
async def test_not_fixed_written_under_the_private_question_opens_it_again(
    bot: RunningBot, reporter: int, outcome: Action, words: str
) -> None:
    """Found in review: her words under the private question got the how-to-report hint and #1 stayed closed (a
    second try, in the quiet period, nothing at all). Now #1 opens again at 王师傅 and her question says so, in her
    language, as under the group's question; no hint."""
    fake = bot.fake
    asked = await closed_and_asked(bot, reporter, outcome)
    mark = len(fake.calls)
    fake.send_message(reporter, reporter, words, reply_to_message_id=asked["message_id"])
    await fake.wait_for(lambda: reopened_dm(fake, -1))
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.reopened_count) == (Status.DISPATCHED, 1)
    said = plain(LANG[reporter], "survey.done.not_solved", id=1)
    assert text_of(fake, reporter, asked["message_id"]) == said
    assert not fake.buttons(reporter, asked["message_id"])
    assert sent_texts(fake, reporter, mark) == []  # the edited question says it: no hint, no second message


@pytest.mark.parametrize("reporter,words", [(RESIDENT, "还没修好"), (RESIDENT2, "Not fixed yet")])
async def test_not_fixed_written_under_the_private_closed_notice_opens_it_again(
    bot: RunningBot, reporter: int, words: str
) -> None:
    """Under the private "your report #1 is done" notice: opened again, and she is told so in her language."""
    fake = bot.fake
    await closed_and_asked(bot, reporter, Action.CLOSE_FIXED)
    told = notice(fake, reporter, Action.CLOSE_FIXED)
    assert told is not None
    fake.send_message(reporter, reporter, words, reply_to_message_id=told["message_id"])
    answer = plain(LANG[reporter], "followup.reopened", id=1)
    await fake.wait_for(lambda: fake.find_message(reporter, answer))
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    assert fake.find_message(WANG, "重新打开")


async def test_after_the_allowed_reopens_her_private_words_are_held_for_the_committee(bot: RunningBot) -> None:
    """Opened again twice by her words under the private question; the third time, written under the closed notice, it
    stays closed, the committee is told, and she reads that the committee will check it (question and answer)."""
    fake = bot.fake
    dm = None
    for _ in range(2):
        asked = await closed_and_asked(bot, RESIDENT, Action.CLOSE_FIXED, dm)
        old = (dm or fake.find_message(WANG, "#1"))["message_id"]
        fake.send_message(RESIDENT, RESIDENT, "还没修好", reply_to_message_id=asked["message_id"])
        dm = await fake.wait_for(lambda old=old: reopened_dm(fake, old))
        await bot.settle()
    asked = await closed_and_asked(bot, RESIDENT, Action.CLOSE_FIXED, dm)
    told = notice(fake, RESIDENT, Action.CLOSE_FIXED)
    assert told is not None
    fake.send_message(RESIDENT, RESIDENT, "还没修好", reply_to_message_id=told["message_id"])
    await fake.wait_for(lambda: fake.find_message(RESIDENT, plain("zh-Hans", "followup.held", id=1)))
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status, ev.reopened_count) == (Status.CLOSED, 2)
    assert text_of(fake, RESIDENT, asked["message_id"]) == plain("zh-Hans", "survey.held", id=1)
    async with bot.ctx.db.read() as c:
        assert await events.last_logged(c, 1, "not_solved_held") is not None


async def test_other_words_or_a_forged_reply_in_private_change_nothing(bot: RunningBot) -> None:
    """Thanks under her private question, "还没修好" under a message of another's event (陈先生's question, its id
    not of her chat) or under her own words: #1 and 陈先生's #2 stay closed, and she gets the answer of any private
    line, as before."""
    fake = bot.fake
    fake.user_starts_bot(RESIDENT2, send_start=True)
    asked = await closed_and_asked(bot, RESIDENT, Action.CLOSE_FIXED)
    dm2 = await exchange(fake, GROUP_A, RESIDENT2, "3号楼门口下水道堵了", "#2", where=WANG)
    await accept_and_close(fake, WANG, dm2["message_id"], Action.CLOSE_FIXED)
    his = await fake.wait_for(lambda: question(fake, RESIDENT2))
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, "谢谢", reply_to_message_id=asked["message_id"])
    forged = {**his, "message_id": 900}
    fake.send_message(RESIDENT, RESIDENT, "还没修好", extra={"reply_to_message": forged})
    own = fake.send_message(RESIDENT, RESIDENT, "你好")
    fake.send_message(RESIDENT, RESIDENT, "还没修好", reply_to_message_id=own["message_id"])
    await bot.settle()
    assert [(await bot.event(n)).status for n in (1, 2)] == [Status.CLOSED, Status.CLOSED]
    assert button_data(fake, RESIDENT, asked["message_id"], Action.RATE)  # her question still waits for an answer
    press(fake, RESIDENT, RESIDENT, asked["message_id"], Action.RATE, "ok")
    await fake.wait_for(lambda: not button_data(fake, RESIDENT, asked["message_id"], Action.RATE) or None)


async def test_an_english_reporter_is_asked_in_the_group_in_english(bot: RunningBot) -> None:
    """Found in the UX review: 陈先生 (Telegram in English, never started the bot) reported in English in a Chinese
    group and his acknowledgement was English, but his question in the group was Chinese, and so was its edit after
    his "still not fixed" under it."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT2, "陈先生", language_code="en")
    dm = await exchange(fake, GROUP_A, RESIDENT2, "The corridor light in building 5 unit 2 is broken", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_FIXED)
    asked = await fake.wait_for(lambda: question(fake, GROUP_A))
    assert "Your report #1" in asked["text"], asked["text"]
    fake.send_message(GROUP_A, RESIDENT2, "still not fixed", reply_to_message_id=asked["message_id"])
    await bot.settle()
    assert text_of(fake, GROUP_A, asked["message_id"]) == plain("en", "survey.done.not_solved", id=1)
