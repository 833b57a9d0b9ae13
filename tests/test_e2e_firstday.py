"""A new community's first day, as its committee secretary lives it with only the README (first-day review)."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, exchange
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, START, WANG

from bot.fakeapi import FakeTelegram
from bot.services import digest


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


async def test_the_first_digest_compares_with_no_week_the_bot_was_not_running(make_bot: MakeBot) -> None:
    """The first Monday's digest said "新报 2（上周 0）": a week before the bot ran, read as a rise from nothing. It
    says when the bot began and compares with nothing; the next week's compares with it."""
    bot = await make_bot(None, Clock(START + timedelta(days=2)), digest_enabled=True)  # first run: Wednesday 10:00
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1")
    await exchange(fake, GROUP_A, RESIDENT2, "5号楼门口的垃圾桶满了没人清", "#2")
    await bot.advance(hours=5 * 24 - 1)  # Monday 09:00: the week's digest
    await digest.send_due(bot.ctx)
    first = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "2026-W48"))
    assert "🆕 机器人 11-25 起开始运行" in first["text"], first["text"]
    assert "新报 2 · 办结 0 · 未办结 2 · " in first["text"] and "上周 0" not in first["text"], first["text"]
    await exchange(fake, GROUP_A, RESIDENT, "1号楼电梯按钮坏了", "#3")
    await bot.advance(hours=7 * 24)
    await digest.send_due(bot.ctx)
    second = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "2026-W49"))
    assert "新报 1（上周 2）" in second["text"] and "🆕" not in second["text"], second["text"]


async def test_console_switched_off_tells_an_admin_how_to_switch_it_on(running: RunningBot) -> None:
    """The README's "send /console" answered the secretary "本社区尚未开启工作台（CONSOLE_ENABLED）": a setting's name,
    not what to do with it, nor who does it. An admin is told the two lines and the restart; a worker, who can do
    nothing about it, that his events still come here."""
    fake = running.fake
    said_to_admin = await said(fake, ADMIN, ADMIN, "/console")
    assert "CONSOLE_ENABLED=true" in said_to_admin["text"] and "重启机器人" in said_to_admin["text"]
    said_to_worker = await said(fake, WANG, WANG, "/console")
    assert "CONSOLE_ENABLED" not in said_to_worker["text"] and "居委会" in said_to_worker["text"]
