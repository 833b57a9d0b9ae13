"""The "after" photo is asked for in the closer's own DM about the event (end to end): no extra message, Skip
on that DM, and the question leaves the DM once a photo came or was skipped."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, accept_and_fix, answer_to, button_data, data_of, exchange, press, shown
from ids import ADMIN, GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action, encode
from bot.core.types import Status
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain
from storage import media

ZH = "zh-Hans"
ASK = plain(ZH, "dm.state.closed_photo")
CLOSED = plain(ZH, "dm.state.closed")


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    """The bot with the survey an hour after closing (the photo question alone is looked at); 王师傅 started it."""
    running = await make_bot(survey_delay_s=3600)
    running.fake.user_starts_bot(WANG)
    return running


def text_of(fake: FakeTelegram, chat_id: int, message_id: int) -> str:
    return fake.chats[chat_id].messages[message_id].get("text", "")


async def report_and_fix(bot: RunningBot, text: str = "3号楼楼道灯坏了") -> int:
    """刘阿姨 reports in grid A's group; 王师傅 accepts and closes it as fixed from his DM; the DM's message id."""
    fake = bot.fake
    dm = await exchange(fake, GROUP_A, RESIDENT, text, "#1", where=WANG)
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle()
    return dm["message_id"]


async def test_the_closers_dm_asks_for_the_photo_and_no_message_is_added(bot: RunningBot) -> None:
    fake = bot.fake
    before = fake.mark()
    dm = await report_and_fix(bot)
    sent_to_wang = [c for c in fake.calls[before:] if c.method == "sendMessage" and c.params.get("chat_id") == WANG]
    assert len(sent_to_wang) == 1  # the DM about the event, nothing more
    assert ASK in text_of(fake, WANG, dm)
    assert data_of(fake, WANG, dm) == [encode(Action.SKIP_PHOTO, 1)]


async def test_skip_on_the_dm_drops_the_question_once(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await report_and_fix(bot)
    skip = button_data(fake, WANG, dm, Action.SKIP_PHOTO)
    assert (await answer_to(fake, press(fake, WANG, WANG, dm, Action.SKIP_PHOTO)))["text"] == plain(
        ZH, "after.skipped", id=1
    )
    await fake.wait_for(lambda: not fake.buttons(WANG, dm) or None)
    text = text_of(fake, WANG, dm)
    assert CLOSED in text and ASK not in text
    # An old Skip pressed again (a stale copy of the keyboard): nothing is waiting.
    again = fake.press_button(WANG, WANG, dm, skip)
    assert (await answer_to(fake, again))["text"] == plain(ZH, "after.nothing")


async def test_a_photo_is_saved_and_the_dm_stops_asking(bot: RunningBot) -> None:
    fake = bot.fake
    dm = await report_and_fix(bot)
    photo = fake.send_message(WANG, WANG, photo=True)
    await fake.wait_for(lambda: fake.find_message(WANG, plain(ZH, "after.saved", id=1)))
    await fake.wait_for(lambda: not fake.buttons(WANG, dm) or None)
    assert ASK not in text_of(fake, WANG, dm) and CLOSED in text_of(fake, WANG, dm)
    async with bot.ctx.db.read() as c:
        [saved] = await media.for_event(c, 1, media.AFTER_PHOTO)
    assert saved.file_id == photo["photo"][-1]["file_id"]


async def test_other_workers_dms_say_closed_without_the_question(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(LI)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元煤气泄漏了，味道很大", "#1", where=WANG)
    li_dm = await fake.wait_for(lambda: fake.find_message(LI, "#1"))  # a red event goes to everyone on duty
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle()
    assert ASK in text_of(fake, WANG, dm["message_id"])
    li_text = text_of(fake, LI, li_dm["message_id"])
    assert CLOSED in li_text and ASK not in li_text and fake.buttons(LI, li_dm["message_id"]) == []


async def test_a_closer_without_a_dm_about_it_is_asked_in_a_message_of_its_own(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯坏了", "#1", where=WANG)
    await shown(fake, WANG, dm["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await shown(fake, WANG, dm["message_id"], Action.CLOSE)
    # The admin (who may close any event) presses Fixed on a message of the bot's that is not about #1.
    start = await exchange(fake, ADMIN, ADMIN, "/help", "/")
    query = fake.press_button(ADMIN, ADMIN, start["message_id"], encode(Action.CLOSE_FIXED, 1))
    await answer_to(fake, query)
    ask = await fake.wait_for(lambda: fake.find_message(ADMIN, plain(ZH, "after.ask", id=1)[:8]))
    assert data_of(fake, ADMIN, ask["message_id"]) == [encode(Action.SKIP_PHOTO, 1)]
    await bot.settle()
    assert ASK not in text_of(fake, WANG, dm["message_id"])  # 王师傅 did not close it: his DM is not asked


async def test_reopened_by_the_reporter_the_dm_stops_asking_and_a_photo_is_no_after_photo(bot: RunningBot) -> None:
    """刘阿姨 writes "还没修好" under the acknowledgement of an event closed as fixed: it opens again, the closer's old
    DM is replaced by a new card (a stale Skip says nothing waits), and a photo he sends is not kept
    as the "after" photo of work still to do."""
    fake = bot.fake
    dm = await report_and_fix(bot)
    skip = button_data(fake, WANG, dm, Action.SKIP_PHOTO)
    ack = fake.find_message(GROUP_A, "#1")
    fake.send_message(GROUP_A, RESIDENT, "灯还是不亮，还没修好", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    # the card sent anew for the reopened event is below: the old one is gone (no "please tap" left buttonless)
    assert dm not in [m["message_id"] for m in fake.messages(WANG)]
    card = fake.messages(WANG)[-1]["message_id"]  # a Skip tapped as the old card went, on the phone's last message
    assert (await answer_to(fake, fake.press_button(WANG, WANG, card, skip)))["text"] == plain(ZH, "after.nothing")
    fake.send_message(WANG, WANG, photo=True)
    await bot.settle()
    assert not fake.find_message(WANG, plain(ZH, "after.saved", id=1))
    async with bot.ctx.db.read() as c:
        assert await media.for_event(c, 1, media.AFTER_PHOTO) == []


async def test_a_workers_photo_asked_for_nothing_is_answered_as_staff(bot: RunningBot) -> None:
    """Worker review: 王师傅, with #1 accepted, sent the photo of the repaired light with no question waiting and read
    "请接着写一句说明……照片会一起转给工作人员", words for a resident (he is the staff). Then he was told how a photo of
    the result goes with a close, and the photo was lost; now (his one open event's card came just now) it is kept
    with #1, and he is told how residents get to see a result photo. With no event of his open, the staff hint."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    card = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    before = len(fake.messages(WANG))
    fake.send_message(WANG, WANG, photo=True)
    await bot.settle()
    answers = [m["text"] for m in fake.messages(WANG)[before:]]
    assert len(answers) == 1 and "工作人员" not in answers[0], answers
    assert answers == [plain(ZH, "worker_words.photo_kept", id=1)], answers
    for action in (Action.CLOSE, Action.CLOSE_NOTHING_FOUND):
        await shown(fake, WANG, card["message_id"], action)
        press(fake, WANG, WANG, card["message_id"], action)
    await bot.settle()
    before = len(fake.messages(WANG))
    fake.send_message(WANG, WANG, photo=True)
    await bot.settle()
    assert [m["text"] for m in fake.messages(WANG)[before:]] == [plain(ZH, "private.photo_worker")]
