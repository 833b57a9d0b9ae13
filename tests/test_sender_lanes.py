"""The sender's choice of rows: a chat waiting for its retry time holds back no other chat (storm review)."""

from __future__ import annotations

from pathlib import Path

from harness import Clock, MakeBot
from ids import COMMITTEE, GROUP_B, RESIDENT2, ZHAO

from bot.fakeapi import FakeTelegram
from bot.services import notify
from storage import outbox
from storage.database import Database


async def test_a_throttled_chat_with_a_long_backlog_holds_back_no_other_chat(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """The committee chat answers 429 (retry after a minute) with 2,100 rows queued for it: more than the 2,000
    the sender used to read from the head of the queue, so no other chat's row was ever read while it waited.
    A report in group B now reaches its worker and its group before the committee chat is tried again."""
    fake = fake_tg
    bot = await make_bot(clock=Clock(), rate_limiter=True)  # the bot's clock stands still: the retry never comes
    fake.user_starts_bot(ZHAO)
    await bot.settle()
    fake.fail_next(None, 429, retry_after=60, times=100_000, chat_id=COMMITTEE)
    async with bot.ctx.db.tx() as c:
        for i in range(2100):
            await notify.send(bot.ctx, c, COMMITTEE, f"queued {i}")
    await fake.wait_for(lambda: any(call.status == 429 for call in fake.calls))
    fake.send_message(GROUP_B, RESIDENT2, "7号楼1单元停电了")
    await fake.wait_for(lambda: fake.find_message(ZHAO, "新事件"), timeout=20)
    await fake.wait_for(lambda: fake.find_message(GROUP_B, "已登记 #1"), timeout=20)
    to_committee = [call for call in fake.calls if call.params.get("chat_id") == COMMITTEE]
    assert len(to_committee) == 1 and to_committee[0].status == 429  # tried once, then left alone until its time


async def test_the_queue_is_read_a_chat_at_a_time(tmp_path: Path) -> None:
    """Each chat with pending rows once, with its latest retry time; then the first rows of the chats asked for."""
    db = await Database.open(tmp_path / "linli.db")
    try:
        async with db.tx() as c:
            await c.executemany(
                "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, status)"
                " VALUES (0, ?, 'sendMessage', ?, '{}', ?)",
                [(i % 7, -100 - i % 3, "sent" if i % 5 == 0 else "pending") for i in range(60)]
                + [(0, 42, "sent")],  # a chat with nothing pending is not listed
            )
        async with db.read() as c:
            chats = await outbox.pending_chats(c)
            first = await outbox.lane_rows(c, [(-101, 3), (-102, 2)])
            everything = await outbox.pending(c, limit=1000)
    finally:
        await db.close()
    latest: dict[int, int] = {}
    for row in everything:
        latest[row.chat_id] = max(latest.get(row.chat_id, 0), row.not_before)
    assert sorted((x[0], x[1]) for x in chats) == sorted(latest.items())
    expected = [r.id for r in everything if r.chat_id == -101][:3] + [r.id for r in everything if r.chat_id == -102][:2]
    assert [r.id for r in first] == expected
