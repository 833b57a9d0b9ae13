"""Updates the bot could not handle are kept, shown to admins with /inbox, and handled again on /inbox retry."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest
from harness import Clock, MakeBot, RunningBot, exchange, until
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, START, WANG

import bot.services.reports as reports_mod
from bot.render.i18n import plain
from storage import events, inbox

ZH = "zh-Hans"


def break_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the use case every resident's message goes through (not a transient fault)."""

    async def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise ValueError("a bug")

    monkeypatch.setattr(reports_mod, "report_received", broken)


async def test_a_failing_update_is_kept_and_retried(running: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ADMIN)
    real = reports_mod.report_received
    break_reports(monkeypatch)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上上楼看不见")
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await inbox.counts(c)).get("failed") == 1
        assert await events.get(c, 1) is None

    shown = await exchange(fake, ADMIN, ADMIN, "/inbox", "无法处理 1")
    assert "ValueError" in shown["text"]
    fake.send_message(WANG, WANG, "/inbox")  # not an admin
    await fake.wait_for(lambda: fake.find_message(WANG, "仅供居委会管理员"))

    monkeypatch.setattr(reports_mod, "report_received", real)  # the cause is fixed
    await exchange(fake, ADMIN, ADMIN, "/inbox retry", "重新排队")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await running.settle()
    async with running.ctx.db.read() as c:
        assert (await inbox.counts(c)).get("failed", 0) == 0
        assert (await events.get(c, 1)).text.startswith("3号楼2单元楼道灯坏了")


async def test_the_committee_is_told_of_a_message_the_bot_failed_on(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in the bot fails a resident's fire in her group, then her neighbour's words: the committee is told of
    the first at once, where and when with a link to it (not its words), and how to see and retry it; not of the
    next within the hour (a fault that fails every message would flood it). Before, nobody was told: the fire was
    logged as an ERROR, and only an admin who thought to send /inbox could find it."""
    fake = running.fake
    break_reports(monkeypatch)
    fire = fake.send_message(GROUP_A, RESIDENT, "3号楼2单元着火了")
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "幸福里1-5号楼居民群"))
    fake.send_message(GROUP_A, RESIDENT2, "5号楼电梯坏了")
    await running.settle()
    assert plain(ZH, "inbox.failed_tail") in note["text"] and "着火" not in note["text"]
    links = [e["url"] for e in note.get("entities", []) if e.get("type") == "text_link"]
    assert links == [f"https://t.me/c/{str(GROUP_A)[4:]}/{fire['message_id']}"], note
    assert [m for m in fake.messages(COMMITTEE) if "/inbox" in m["text"]] == [note]
    async with running.ctx.db.read() as c:
        assert (await inbox.counts(c)).get("failed") == 2


async def test_failures_either_side_of_the_hour_are_told_once_in_it(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fault fails her fire at 09:59:30 and her neighbour's words a minute later: one note, as promised (the
    hours were counted on the clock's face, so the second, at 10:00:30, was a new hour and a second note); an hour
    after the first, the next failure is told again."""
    clock = Clock(START - timedelta(seconds=30))
    bot = await make_bot(clock=clock)
    fake = bot.fake
    break_reports(monkeypatch)
    for writer, words in (
        (RESIDENT, "3号楼2单元着火了"),
        (RESIDENT2, "5号楼电梯坏了"),
        (RESIDENT2, "5号楼电梯还是坏了"),
    ):
        fake.send_message(GROUP_A, writer, words)
        await bot.settle()
        clock.at += timedelta(minutes=1) if words == "3号楼2单元着火了" else timedelta(hours=1)
    notes = [m for m in fake.messages(COMMITTEE) if "/inbox" in m["text"]]
    assert len(notes) == 2, [m["text"] for m in notes]


async def test_inbox_on_a_healthy_bot_shows_nothing_waiting(running: RunningBot) -> None:
    """/inbox counted its own update, being handled, as waiting: a healthy bot always read "待处理 1 条"."""
    running.fake.user_starts_bot(ADMIN)
    await running.settle()
    await exchange(running.fake, ADMIN, ADMIN, "/inbox", "待处理 0 条")


async def test_a_retry_written_before_the_clock_was_set_back_does_not_wait_the_step(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash review: an update whose handling met a locked database waits a few seconds for its retry, written by the
    wall clock; set back an hour meanwhile (an NTP step), the clock made it, and its chat's updates after it, wait an
    hour. No retry waits longer than the backoff: one that does is due at once."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    real = reports_mod.report_received
    unlocked = asyncio.Event()

    async def locked_until_the_step(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if not unlocked.is_set():
            raise sqlite3.OperationalError("database is locked")
        return await real(*args, **kwargs)

    monkeypatch.setattr(reports_mod, "report_received", locked_until_the_step)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上上楼看不见")

    async def waiting_for_its_retry() -> bool:
        async with running.ctx.db.read() as c:
            return any(row.attempts >= 1 for row in await inbox.pending(c))

    await until(waiting_for_its_retry)
    async with running.ctx.db.tx() as c:  # its retry time, as a clock an hour ahead wrote it
        await c.execute("UPDATE inbox SET not_before = not_before + 3600 WHERE status = 'pending'")
    unlocked.set()
    assert running.runtime is not None and running.runtime.inbox is not None
    running.runtime.inbox.wake()
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"), timeout=20)
