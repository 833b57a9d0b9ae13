"""Reminders that piled up while Telegram could not be reached go as the last of them, not one by one (crash review:
after 90 minutes of 502s each worker got the card and six "still unaccepted" re-pings within a second, the committee
its alert and four "unaccepted for 15 / 25 / 45 / 85 minutes"). The message that brought the event always goes."""

from __future__ import annotations

import json
from datetime import timedelta

from harness import Clock, MakeBot, RunningBot, sent_texts, until
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.core.purpose import Purpose
from bot.fakeapi import FakeTelegram
from storage import outbox
from storage import timers as timer_rows
from storage.database import Database


async def fire_due_timers(bot: RunningBot, clock: Clock, minutes: int) -> None:
    """Move the clock on and wait until every timer due by then has fired (the outbox may be failing: not
    ``bot.advance``, which waits for the messages too)."""
    clock.at += timedelta(minutes=minutes)
    await bot.app.bot_data["scheduler"].resync()

    async def fired() -> bool:
        async with bot.ctx.db.read() as c:
            return not await timer_rows.pending(c, due_before=clock.at + timedelta(seconds=1))

    await until(fired)


async def telegram_back(bot: RunningBot, clock: Clock) -> int:
    """Telegram answers again; the clock passes every retry's wait: the call mark, once all is sent."""
    fake = bot.fake
    sender = bot.app.bot_data["sender"]

    async def answered() -> bool:  # every send under way answered (a 502), its retry written by this clock
        return not sender._lanes and not sender._inflight

    await until(answered)  # before the faults clear: a send under way then would go before the mark
    fake.clear_faults()
    clock.at += timedelta(minutes=5)
    mark = len(fake.calls)
    bot.ctx.wake_outbox()
    await bot.settle()
    return mark


async def test_re_pings_queued_through_an_outage_go_as_the_last_of_them(make_bot: MakeBot) -> None:
    """A fire reported as Telegram starts answering 502 to every send, for 90 minutes: its re-pings fire on time and
    queue. When Telegram answers again 王师傅 (its worker) and 李姐 (on duty) each get the message that brought it
    and the last re-ping ("第 6 次提醒"), the committee its alert and the last "still unaccepted" (85 minutes)."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake: FakeTelegram = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    fake.fail_next(None, 502, times=10**6)  # every send fails; getUpdates still works
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    await fake.wait_for(lambda: any(c.status == 502 and c.params.get("chat_id") == WANG for c in fake.calls))
    for _ in range(18):
        await fire_due_timers(bot, clock, 5)
    mark = await telegram_back(bot, clock)
    wang, li, committee = (sent_texts(fake, who, mark) for who in (WANG, LI, COMMITTEE))
    assert len(wang) == 2 and "提醒" not in wang[0] and "#1" in wang[0] and "第 6 次提醒" in wang[1], wang
    assert len(li) == 2 and "提醒" not in li[0] and "#1" in li[0] and "第 6 次提醒" in li[1], li
    assert len(committee) == 2 and "紧急事件 #1" in committee[0], committee
    assert "无人接单" not in committee[0] and "已 85 分钟无人接单" in committee[1], committee
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall(
            "SELECT chat_id, purpose, last_error FROM outbox WHERE status = ?", (outbox.SUPERSEDED,)
        )
    assert sorted(r[0] for r in rows) == sorted([WANG] * 5 + [LI] * 5 + [COMMITTEE] * 3)
    assert all(r[2].startswith("superseded by row") for r in rows)


async def test_without_an_outage_every_re_ping_goes(make_bot: MakeBot) -> None:
    """Telegram answering, each re-ping is sent when it falls due: nothing is held back for a later one."""
    clock = Clock()
    bot = await make_bot(clock=clock)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了！快来人")
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await bot.settle(timers=True)
    for _ in range(6):
        await bot.advance(minutes=5)
    assert sum("次提醒" in text for text in sent_texts(fake, WANG)) == 4, sent_texts(fake, WANG)  # 5, 10, 15, 25


async def test_a_chaser_is_replaced_only_by_later_ones_that_tell_of_all_its_events(tmp_path) -> None:  # noqa: ANN001
    """A list of two events still waiting is replaced by later chasers that, together, name both; a single event's
    reminder by a later list naming it; a chaser with buttons only by one with buttons; nothing by what is no chaser
    (the message that brought the event, a list of new events)."""
    db = await Database.open(tmp_path / "o.db")
    keys = iter(range(100))

    async def queue(event_id: int | None, meta: outbox.Meta | None, buttons: bool = True) -> int:
        payload: dict = {"chat_id": 5, "text": "x"}
        if buttons:
            payload["reply_markup"] = {"inline_keyboard": []}
        row = await outbox.enqueue(
            c,
            method="sendMessage",
            chat_id=5,
            payload=payload,
            now=clock_now,
            purpose=Purpose.WORKER_DM if event_id else Purpose.NUDGE_LIST,
            event_id=event_id,
            dedup_key=f"k{next(keys)}",
            meta=meta,
        )
        assert row is not None
        return row

    async def later(row_id: int) -> int | None:
        [row] = [r for r in await outbox.pending(c) if r.id == row_id]
        return await outbox.chased_later(c, row)

    from ids import START as clock_now

    try:
        async with db.tx() as c:
            both = await queue(None, outbox.Meta(events=[1, 2], chaser=True))
            one = await queue(1, outbox.Meta(chaser=True))
            assert await later(both) is None  # #2 is told by nothing after it
            card = await queue(2, None)
            new_list = await queue(None, outbox.Meta(events=[2]))
            assert await later(both) is None  # neither is a chaser
            two = await queue(2, outbox.Meta(chaser=True))
            assert await later(both) == two and await later(one) is None
            plain = await queue(None, outbox.Meta(events=[1], chaser=True), buttons=False)
            assert await later(one) is None  # it has buttons, the later one none
            listed = await queue(None, outbox.Meta(events=[1, 3], chaser=True))
            assert await later(one) == listed and await later(plain) == listed
            assert await later(card) is None and await later(new_list) is None
            await outbox.mark_superseded(c, one, listed)
            rows = {r[0]: r[1:] for r in await c.execute_fetchall("SELECT id, status, last_error FROM outbox")}
    finally:
        await db.close()
    assert rows[one] == (outbox.SUPERSEDED, f"superseded by row {listed}") and rows[both][0] == "pending"
    assert json.dumps(rows[card][1]) == "null"
