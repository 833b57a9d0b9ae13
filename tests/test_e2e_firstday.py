"""A new community's first day, as its committee secretary lives it with only the README (first-day review)."""

from __future__ import annotations

from harness import RunningBot, exchange
from ids import ADMIN, COMMITTEE, LI, WANG

from bot.fakeapi import FakeTelegram


async def said(fake: FakeTelegram, chat_id: int, user_id: int, text: str) -> dict:
    """The user writes `text` in the chat; the bot's next message there."""
    n = len(fake.messages(chat_id))
    fake.send_message(chat_id, user_id, text)
    return await fake.wait_for(lambda: len(fake.messages(chat_id)) > n and fake.messages(chat_id)[-1])


async def test_duty_marks_a_worker_who_never_pressed_start(running: RunningBot) -> None:
    """/duty showed 李姐 on duty as any other while she had never opened the bot: nothing could reach her, and the
    committee learnt it only when her first event failed. A worker never seen to press Start is marked, and the
    note says what to do; once she presses it, the mark goes."""
    fake = running.fake
    await exchange(fake, WANG, WANG, "/start", "网格员")
    duty = await said(fake, COMMITTEE, ADMIN, "/duty")
    assert "主班：王师傅\n" in duty["text"] and "备班：李姐 ⚠️" in duty["text"], duty["text"]
    assert "打开 @linli_test_bot 点「开始」" in duty["text"], duty["text"]
    await exchange(fake, LI, LI, "/start", "网格员")
    duty = await said(fake, COMMITTEE, ADMIN, "/duty")
    assert "备班：李姐\n" in duty["text"] and "主班：赵师傅 ⚠️" in duty["text"], duty["text"]  # grid B's has not
