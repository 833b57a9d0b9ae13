"""A card delivered late looked fresh: when Telegram failed for a while (502s), a worker's card arrived ten minutes
after the report and nothing on it said so. Now a card the sender delivers LATE_AFTER or more after it was queued says
when the report came and how late the card is ("🕒 10:00 报告（延迟 12 分钟送达）"), decided when it is sent; a card
on time stays as short as it was."""

from __future__ import annotations

from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, data_of, until
from ids import GROUP_A, RESIDENT, WANG

from bot.fakeapi import FakeTelegram


async def reported_while_failing(bot: RunningBot, fake: FakeTelegram, text: str, n: int) -> None:
    """A report whose card Telegram refuses with 502 (its acknowledgement goes): the card failed at least once."""
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=10**6, chat_id=WANG)
    fake.send_message(GROUP_A, RESIDENT + n, text)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, f"#{n}"))
    await fake.wait_for(lambda: any(int(c.params.get("chat_id", 0)) == WANG and c.status == 502 for c in fake.calls))
    await until(lambda: retried(bot), what="the card's retry written")  # its retry time read on the clock before


async def retried(bot: RunningBot) -> bool:
    """Whether the card's failed try is written (its next try set on the clock as it was then)."""
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall("SELECT attempts FROM outbox WHERE chat_id = ?", (WANG,))
    return any(r[0] for r in rows)


async def test_a_card_delivered_twelve_minutes_late_says_when_the_report_came(make_bot: MakeBot) -> None:
    clock = Clock()  # 10:00 in Shanghai
    bot = await make_bot(clock=clock)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await reported_while_failing(bot, fake, "3号楼2单元楼道灯坏了", 1)
    clock.at += timedelta(minutes=12)  # Telegram back twelve minutes later
    fake.clear_faults()
    bot.ctx.wake_outbox()
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1 "), timeout=40)
    assert "🕒 10:00 报告（延迟 12 分钟送达）" in card["text"], card["text"]
    head, line = card["text"].splitlines()[:2]
    assert "#1" in head and line == "🕒 10:00 报告（延迟 12 分钟送达）"  # under its head, which stays first
    assert "v1:acc:1" in data_of(fake, WANG, card["message_id"])


async def test_a_card_on_time_has_no_time_line(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await reported_while_failing(bot, fake, "3号楼2单元楼道灯坏了", 1)
    bot.clock.at += timedelta(minutes=1)  # a short hiccup: under LATE_AFTER
    fake.clear_faults()
    bot.ctx.wake_outbox()
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1 "), timeout=40)
    assert "🕒" not in card["text"] and "送达" not in card["text"]
