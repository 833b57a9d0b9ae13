"""Calls naming the residents' group over one report's life (issue 13): at most 4, and the resident still learns.

Telegram lets a bot send about 20 messages a minute to one group, so every group call a report costs
divides how many reports a minute a building's group can carry (README, docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from harness import GROUP_A, RESIDENT, WANG, RunningBot, populate

from bot.fakeapi import FakeTelegram
from bot.services import notify
from storage import events, outbox, surveys, timers

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
MAX_GROUP_CALLS = 4


class Clock:
    """A clock that only moves when told."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
async def bot(fake_tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[RunningBot]:
    populate(fake_tg)
    running = RunningBot(fake_tg, tmp_path / "linli.db", clock=Clock(START))
    await running.start()
    try:
        yield running
    finally:
        await fake_tg.wait_until_updates_consumed(timeout=5)
        await running.stop()


async def settle(bot: RunningBot) -> None:
    """Wait until no timer is due and the outbox is empty."""
    await bot.settle()
    for _ in range(300):
        async with bot.ctx.db.read() as c:
            due = [t for t in await timers.pending(c) if t.due_at <= bot.clock()]
            queued = (await outbox.counts(c)).get("pending", 0)
        if not due and not queued:
            await asyncio.sleep(0.05)
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timers or outbox never settled")


def group_calls(fake: FakeTelegram, since: int) -> list[str]:
    return [c.method for c in fake.calls[since:] if str(c.params.get("chat_id")) == str(GROUP_A)]


async def lifecycle(bot: RunningBot, started: bool) -> tuple[list[str], dict]:
    """Report → accept → close as fixed → the survey two hours later → answered; the group's calls and the ask."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    if started:
        fake.user_starts_bot(RESIDENT, send_start=True)
    await settle(bot)
    mark = len(fake.calls)
    fake.send_message(GROUP_A, RESIDENT, "1号楼屋顶漏水")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await settle(bot)
    for label, then in (("✋ 接单", "办结"), ("✔️ 办结", "已解决"), ("✅ 已解决", None)):
        fake.press_button_text(WANG, WANG, dm["message_id"], label)
        if then:
            await fake.wait_for(
                lambda t=then: any(t in b["text"] for b in fake.buttons(WANG, dm["message_id"])) or None
            )
    await fake.wait_for(lambda: "已办结" in (fake.find_message(GROUP_A, "已登记") or {}).get("text", "") or None)
    await settle(bot)
    bot.clock.at += timedelta(hours=2)
    await bot.app.bot_data["scheduler"].resync()
    await settle(bot)
    where = RESIDENT if started else GROUP_A
    ask = await fake.wait_for(lambda: fake.find_message(where, "问题解决了吗"))
    qid = fake.press_button_text(RESIDENT, where, ask["message_id"], "😊 已解决，满意")
    answer = await fake.wait_for(
        lambda: next((a for a in fake.callback_answers if a["callback_query_id"] == qid), None)
    )
    await settle(bot)
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
    assert (s.status, s.choice) == ("answered", "satisfied")
    return group_calls(fake, mark), answer


async def test_a_reporter_in_the_group_costs_it_at_most_four_calls_and_learns_the_outcome(bot: RunningBot) -> None:
    calls, answer = await lifecycle(bot, started=False)
    assert len(calls) <= MAX_GROUP_CALLS, calls
    # the acknowledgement, edited twice (accepted, closed), and the survey naming the reporter
    assert sorted(calls) == ["editMessageText", "editMessageText", "sendMessage", "sendMessage"]
    ack = bot.fake.find_message(GROUP_A, "已登记")
    assert ack is not None and "已办结：问题已解决" in ack["text"]  # the outcome, where the report was made
    ask = bot.fake.find_message(GROUP_A, "问题解决了吗")
    assert ask is not None and "已办结" in ask["text"]  # the survey names the reporter, who is notified
    assert [e["user"]["id"] for e in ask.get("entities", []) if e["type"] == "text_mention"] == [RESIDENT]
    assert answer["text"]  # the resident is thanked by the button's answer


async def test_a_reporter_who_started_the_bot_is_told_privately_and_the_group_sees_only_edits(
    bot: RunningBot,
) -> None:
    calls, _ = await lifecycle(bot, started=True)
    assert sorted(calls) == ["editMessageText", "editMessageText", "sendMessage"], calls
    assert bot.fake.find_message(RESIDENT, "已处理完毕") is not None  # the outcome, privately
    assert bot.fake.find_message(RESIDENT, "感谢您的反馈") is not None  # the private survey is edited as before


async def test_an_edit_that_changes_nothing_is_harmless(bot: RunningBot) -> None:
    await lifecycle(bot, started=False)
    fake = bot.fake
    mark = len(fake.calls)
    async with bot.ctx.db.tx() as c:  # the acknowledgement refreshed to the state it already shows
        ev = await events.get(c, 1)
        assert ev is not None
        await notify.refresh_ack(bot.ctx, c, ev)
    bot.ctx.wake_outbox()
    await fake.wait_for(lambda: len(group_calls(fake, mark)) == 1 or None)
    await settle(bot)
    [call] = [c for c in fake.calls[mark:] if str(c.params.get("chat_id")) == str(GROUP_A)]
    assert call.error and "not modified" in call.error["description"]
    async with bot.ctx.db.read() as c:
        assert await outbox.failures(c) == []
        assert (await outbox.counts(c)).get("pending", 0) == 0
