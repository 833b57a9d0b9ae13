"""Nightly housekeeping: sent messages keep their words OUTBOX_KEEP_DAYS, then only their row (found by the scale
review: nothing ever shrank the outbox, 131 MB of a 205 MB database a year in, every resident's words in it)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest
from harness import Clock, MakeBot, MakeCtx, until
from ids import START

from bot.context import AppContext
from bot.core.escalation import TimerKind, TimerSpec
from bot.core.types import Status
from bot.runtime import housekeeping
from bot.runtime.housekeeping import run_housekeeping
from storage import inbox, meta, notifications, outbox, outbox_files, timers

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


async def queue(ctx: AppContext, days_ago: int, status: str, text: str) -> int:
    async with ctx.db.tx() as c:
        row = await outbox.enqueue(
            c,
            method="sendMessage",
            chat_id=-100,
            payload={"chat_id": -100, "text": text},
            now=NOW - timedelta(days=days_ago),
            event_id=1,
            dedup_key=f"k:{text}",
        )
        await outbox_files.attach(c, row, "photo", "chart.png", b"\x89PNG" + text.encode())
        if status == "sent":
            await outbox.mark_sent_many(c, [(row, 500 + row)], NOW - timedelta(days=days_ago))
    return row


async def _any(c: aiosqlite.Connection, row: int) -> dict:
    cur = await c.execute("SELECT payload FROM outbox WHERE id = ?", (row,))
    return json.loads((await cur.fetchone())[0])


async def test_old_sent_messages_keep_no_words_and_recent_or_queued_ones_do(make_ctx: MakeCtx) -> None:
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=30)
    old = await queue(ctx, 40, "sent", "刘阿姨：3号楼楼道灯坏了")
    recent = await queue(ctx, 10, "sent", "陈先生：电梯坏了")
    waiting = await queue(ctx, 40, "pending", "还没发出去的")
    assert await run_housekeeping(ctx) == 1
    async with ctx.db.read() as c:
        assert await _any(c, old) == {} and await outbox_files.get(c, old) is None
        assert "陈先生" in (await _any(c, recent))["text"] and await outbox_files.get(c, recent) is not None
        assert "还没发出去的" in (await _any(c, waiting))["text"]  # a queued message is never blanked
        cur = await c.execute("SELECT result_message_id, dedup_key FROM outbox WHERE id = ?", (old,))
        kept = await cur.fetchone()
        assert tuple(kept) == (500 + old, "k:刘阿姨：3号楼楼道灯坏了")  # the row stays for the look-ups and dedup
        assert (await (await c.execute("SELECT COUNT(*) FROM outbox")).fetchone())[0] == 3
    assert await run_housekeeping(ctx) == 0  # nothing left to do


async def test_zero_keeps_them_for_ever(make_ctx: MakeCtx) -> None:
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=0)
    old = await queue(ctx, 400, "sent", "一年前的话")
    assert await run_housekeeping(ctx) == 0
    async with ctx.db.read() as c:
        assert "一年前的话" in (await _any(c, old))["text"]


async def test_handled_updates_beyond_the_newest_thousand_are_pruned_and_failed_ones_kept(make_ctx: MakeCtx) -> None:
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=30)
    updates = [{"update_id": i, "message": {"chat": {"id": -100}, "from": {"id": 7}}} for i in range(1, 1201)]
    async with ctx.db.tx() as c:
        await inbox.add_many(c, updates, NOW)
        for u in updates[:-1]:
            if u["update_id"] != 5:
                await inbox.mark_done(c, u["update_id"], NOW)
        await inbox.mark_failed(c, 5, "kept for /inbox")  # a failed row is never pruned
    await run_housekeeping(ctx)
    async with ctx.db.read() as c:
        counts = await inbox.counts(c)
        assert counts == {"done": 999, "failed": 1, "pending": 1}  # the newest 1,000 rows kept, whatever their state
        assert await inbox.next_offset(c) == 1201  # the poll offset is kept apart: nothing to re-read


async def test_a_pass_works_in_short_transactions_and_remembers_where_it_stopped(
    make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in the third diff review: the first pass over a year held the write lock ~6 s. Chunks of CHUNK rows,
    each its own transaction; the mark never passes a message still waiting to be sent."""
    from bot.runtime import housekeeping

    monkeypatch.setattr(housekeeping, "CHUNK", 3)
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=30)
    rows = [await queue(ctx, 60, "sent", f"旧消息{i}") for i in range(7)]
    waiting = await queue(ctx, 50, "pending", "还在排队")
    later = await queue(ctx, 45, "sent", "排队之后的")
    assert await run_housekeeping(ctx) == 7
    async with ctx.db.read() as c:
        assert [await _any(c, r) for r in rows] == [{}] * 7
        assert await meta.outbox_blanked_to(c) == rows[-1]  # stopped before the waiting one
        assert "排队之后的" in (await _any(c, later))["text"]
    async with ctx.db.tx() as c:
        await outbox.mark_sent_many(c, [(waiting, 999)], NOW)
    assert await run_housekeeping(ctx) == 2  # once it went out, the pass goes on from the mark


async def test_timers_done_with_long_ago_are_forgotten_and_those_that_answer_look_ups_stay(
    make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of use wrote 74,000 timers, all but a hundred fired or cancelled, and nothing forgot them. Kept: the
    pending ones, the recent ones, the latest brief fired (no brief twice a day) and the newest row, so no timer id
    (which messages' dedup keys name) is ever given again."""
    monkeypatch.setattr(housekeeping, "CHUNK", 2)  # several transactions
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=30)
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=10)
    async with ctx.db.tx() as c:
        cur = await c.execute(
            "INSERT INTO events (chat_id, message_id, reporter_id, text, category, urgency, status, created_at)"
            " VALUES (-100, 1, 7, '灯坏了', 'other', 'green', ?, 0)",
            (str(Status.DISPATCHED),),
        )
        ev = cur.lastrowid
        fired = [await timers.add(c, ev, TimerSpec(TimerKind.REMIND, old), old) for _ in range(3)]
        for t in fired:
            await timers.claim(c, t, old)
        cancelled = await timers.add(c, ev, TimerSpec(TimerKind.OVERDUE, old + timedelta(days=1)), old)
        await timers.cancel(c, ev, [TimerKind.OVERDUE])
        waiting = await timers.add(c, ev, TimerSpec(TimerKind.SURVEY, NOW + timedelta(days=1)), old)
        briefs = [await timers.add(c, None, TimerSpec(TimerKind.BRIEF, old + timedelta(days=i)), old) for i in (0, 1)]
        for b in briefs:
            await timers.claim(c, b, old)
        recent_one = await timers.add(c, ev, TimerSpec(TimerKind.REMIND, recent), recent)
        await timers.claim(c, recent_one, recent)
        newest = await timers.add(c, ev, TimerSpec(TimerKind.ESCALATE, old), old)
        await timers.claim(c, newest, old)
    await run_housekeeping(ctx)
    async with ctx.db.read() as c:
        left = {r[0] for r in await c.execute_fetchall("SELECT id FROM timers")}
        assert left == {waiting, briefs[1], recent_one, newest}, (fired, cancelled, briefs[0])
        assert await timers.last_done(c, TimerKind.BRIEF) == old + timedelta(days=1)
    async with ctx.db.tx() as c:
        later = await timers.add(c, ev, TimerSpec(TimerKind.REMIND, NOW), NOW)
    assert later == newest + 1
    await run_housekeeping(ctx)  # the old newest row is no longer the newest
    async with ctx.db.read() as c:
        assert {r[0] for r in await c.execute_fetchall("SELECT id FROM timers")} == left - {newest} | {later}


async def ask(ctx: AppContext, days_ago: int, message_id: int, text: str, status: str = "dismissed") -> None:
    """A message its writer was asked "Report it?" about, `days_ago`, answered `status`."""
    async with ctx.db.tx() as c:
        conf = await notifications.add_confirmation(
            c, -100, message_id, 7, "刘阿姨", text, NOW - timedelta(days=days_ago), ("AgAC01", None, "album1")
        )
        assert conf is not None
        await notifications.resolve_confirmation(c, conf, status)


async def asked_rows(ctx: AppContext) -> dict[int, tuple]:
    async with ctx.db.read() as c:
        rows = await c.execute_fetchall("SELECT message_id, text, user_name, photo, album, status FROM confirmations")
    return {r[0]: tuple(r[1:]) for r in rows}


async def test_messages_asked_about_long_ago_keep_no_words(make_ctx: MakeCtx) -> None:
    """Privacy review: a message that was not a report ("Not a report"), with her name, stayed in `confirmations`
    for ever, when the bot's own question about it lost its words after OUTBOX_KEEP_DAYS. Now it loses them too,
    answered or not (its answer stays, for the counts); a recent one keeps them, and 0 keeps them for ever."""
    ctx = await make_ctx(lambda: NOW, outbox_keep_days=30)
    await ask(ctx, 40, 1, "我老公昨晚又喝醉了在楼道里吵")
    await ask(ctx, 40, 2, "3号楼电梯坏了", status="reported")
    await ask(ctx, 10, 3, "楼下又在吵了")
    await run_housekeeping(ctx)
    rows = await asked_rows(ctx)
    assert rows[1] == ("", None, None, None, "dismissed") and rows[2] == ("", None, None, None, "reported"), rows
    assert rows[3] == ("楼下又在吵了", "刘阿姨", "AgAC01", "album1", "dismissed"), rows
    forever = await make_ctx(lambda: NOW, outbox_keep_days=0)  # the same database
    await ask(forever, 400, 4, "我老公昨晚又喝醉了在楼道里吵")
    await run_housekeeping(forever)
    assert (await asked_rows(forever))[4][0] == "我老公昨晚又喝醉了在楼道里吵"


async def test_a_night_the_bot_was_down_at_its_time_is_not_skipped(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot is down at 04:10 (a reboot each night, a crash): a pass runs a little after it starts again, so a
    message sent over OUTBOX_KEEP_DAYS ago keeps no words (before, none until a night the bot was up at 04:10: a
    server rebooted each night over it kept every resident's words for ever)."""
    bot = await make_bot(clock=Clock(START))
    old = await queue(bot.ctx, 300, "sent", "刘阿姨：3号楼楼道灯坏了")  # NOW - 300 days: long before START
    await bot.stop()  # down over 04:10
    monkeypatch.setattr(housekeeping, "CATCH_UP_S", 0.1, raising=False)
    await bot.start()

    async def blanked() -> bool:
        async with bot.ctx.db.read() as c:
            return await _any(c, old) == {}

    await until(blanked, what="the words blanked after the start")
