"""A resident who writes in another language than the group's is answered in theirs: 陈先生, whose Telegram is in
English, reports in English in a Chinese group and reads his acknowledgement (and its updates) in English; his
Chinese neighbours' acknowledgements stay Chinese, and so does his own when he writes Chinese."""

from __future__ import annotations

from harness import RunningBot, accept_and_fix, exchange
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.render.i18n import plain, wrote_chinese


def acknowledgement(bot: RunningBot, event_id: int) -> str:
    return bot.fake.find_message(GROUP_A, f"#{event_id}")["text"]


async def test_an_english_report_in_a_chinese_group_is_acknowledged_in_english_to_its_close(
    running: RunningBot,
) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "The light in the stairwell of block 3 is broken", "#1")
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "Logged #1" in ack and plain("en", "ack.notified") in ack and "已登记" not in ack, ack
    card = fake.find_message(WANG, "#1")
    assert "Logged" not in card["text"]  # the worker reads his own language
    await accept_and_fix(fake, WANG, card["message_id"])
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "Closed: fixed" in ack and "已登记" not in ack, ack


async def test_chinese_words_are_answered_in_the_groups_language_whoever_writes_them(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "3号楼楼道灯坏了", "#1")
    await exchange(fake, GROUP_A, RESIDENT, "The water pipe in block 5 is leaking", "#2")  # Telegram not English
    await running.settle()
    assert "已登记 #1" in acknowledgement(running, 1)
    assert "已登记 #2" in acknowledgement(running, 2)


async def test_an_english_me_too_is_answered_in_english(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯坏了", "#1")
    fake.send_message(GROUP_A, RESIDENT2, "Same here", reply_to_message_id=ack["message_id"])
    await running.settle()
    answer = fake.sent_to(GROUP_A)[-1]["text"]
    assert "#1" in answer and not wrote_chinese(answer), answer
