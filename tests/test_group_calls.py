"""Calls naming the residents' group over one report's life (issue 13): at most 5, and the resident still learns.

Telegram lets a bot send about 20 messages a minute to one group, so every group call a report costs
divides how many reports a minute a building's group can carry (README, docs/benchmarks.md).
"""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, answer_to, exchange, press
from ids import GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.purpose import Purpose
from bot.fakeapi import FakeTelegram
from bot.services import notify
from storage import events, outbox, surveys

MAX_GROUP_CALLS = 5  # the fifth: her answered question says so, its buttons gone (resident review)


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(clock=Clock())


def group_calls(fake: FakeTelegram, since: int) -> list[str]:
    return [c.method for c in fake.calls[since:] if str(c.params.get("chat_id")) == str(GROUP_A)]


async def lifecycle(bot: RunningBot, started: bool, text: str = "1号楼屋顶漏水") -> tuple[list[str], dict]:
    """Report → accept → close as fixed → the survey two hours later → answered; the group's calls and the ask."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    if started:
        fake.user_starts_bot(RESIDENT, send_start=True)
    await bot.settle(timers=True)
    mark = len(fake.calls)
    dm = await exchange(fake, GROUP_A, RESIDENT, text, "#1", where=WANG)
    await bot.settle(timers=True)
    await accept_and_fix(fake, WANG, dm["message_id"])
    await fake.wait_for(lambda: "已办结" in (fake.find_message(GROUP_A, "已登记") or {}).get("text", "") or None)
    await bot.settle(timers=True)
    await bot.advance(hours=2)
    where = RESIDENT if started else GROUP_A
    ask = await fake.wait_for(lambda: fake.find_message(where, "问题解决了吗"))
    answer = await answer_to(fake, press(fake, RESIDENT, where, ask["message_id"], Action.RATE, "ok"))
    await bot.settle(timers=True)
    async with bot.ctx.db.read() as c:
        [s] = await surveys.for_event(c, 1)
    assert (s.status, s.choice) == ("answered", "satisfied")
    return group_calls(fake, mark), answer


async def test_a_reporter_in_the_group_costs_it_at_most_four_calls_and_learns_the_outcome(bot: RunningBot) -> None:
    calls, answer = await lifecycle(bot, started=False)
    assert len(calls) <= MAX_GROUP_CALLS, calls
    # the acknowledgement, edited twice (accepted, closed), and the survey naming the reporter, edited once answered
    assert sorted(calls) == ["editMessageText", "editMessageText", "editMessageText", "sendMessage", "sendMessage"]
    ack = bot.fake.find_message(GROUP_A, "已登记")
    assert ack is not None and "已办结：问题已解决" in ack["text"]  # the outcome, where the report was made
    [ask] = [c.result for c in bot.fake.calls_to("sendMessage") if "问题解决了吗" in c.params.get("text", "")]
    assert ask is not None and "已办结" in ask["text"]  # the survey names the reporter, who is notified
    assert [e["user"]["id"] for e in ask.get("entities", []) if e["type"] == "text_mention"] == [RESIDENT]
    assert answer["text"]  # the resident is thanked by the button's answer
    done = bot.fake.find_message(GROUP_A, "感谢您的反馈")  # and the question says it, its buttons gone
    assert done is not None and bot.fake.buttons(GROUP_A, done["message_id"]) == []


async def test_a_red_report_costs_one_call_more_the_emergency_numbers(bot: RunningBot) -> None:
    """README: a red report costs the group 6 calls, the emergency numbers being a message of their own."""
    bot.fake.user_starts_bot(LI)  # red asks everyone on duty: one who cannot be messaged is named in the group
    calls, _ = await lifecycle(bot, started=False, text="1号楼2单元楼道里冒烟了，很呛")
    assert (await bot.event(1)).urgency.value == "red"
    three_edits = ["editMessageText"] * 3
    assert sorted(calls) == [*three_edits, "sendMessage", "sendMessage", "sendMessage"], [
        m["text"][:40] for m in bot.fake.messages(GROUP_A)
    ]
    assert bot.fake.find_message(GROUP_A, "119") is not None


async def test_a_reporter_who_started_the_bot_is_told_privately_and_the_group_sees_only_edits(
    bot: RunningBot,
) -> None:
    calls, _ = await lifecycle(bot, started=True)
    assert sorted(calls) == ["editMessageText", "editMessageText", "sendMessage"], calls
    assert bot.fake.find_message(RESIDENT, "已处理完毕") is not None  # the outcome, privately
    assert bot.fake.find_message(RESIDENT, "感谢您的反馈") is not None  # the private survey is edited as before


async def test_an_edit_that_changes_nothing_is_not_sent_and_harmless_if_it_were(bot: RunningBot) -> None:
    """The acknowledgement refreshed to the state it shows (a hand-back to the backup) costs the group no call (the
    README review: each hand-back sent an edit Telegram refused as "not modified"); an identical edit queued all
    the same is settled quietly."""
    await lifecycle(bot, started=False)
    fake = bot.fake
    mark = len(fake.calls)
    async with bot.ctx.db.tx() as c:
        ev = await events.get(c, 1)
        assert ev is not None
        await notify.refresh_ack(bot.ctx, c, ev)
    bot.ctx.wake_outbox()
    await bot.settle(timers=True)
    assert group_calls(fake, mark) == []
    async with bot.ctx.db.tx() as c:
        ev = await events.get(c, 1)
        assert ev is not None
        text, markup = await notify.ack_content(bot.ctx, c, ev)
        await notify.edit(bot.ctx, c, ev.chat_id, ev.ack_message_id, text, markup, Purpose.EDIT_ACK, ev.id)
    bot.ctx.wake_outbox()
    await fake.wait_for(lambda: len(group_calls(fake, mark)) == 1 or None)
    await bot.settle(timers=True)
    [call] = [c for c in fake.calls[mark:] if str(c.params.get("chat_id")) == str(GROUP_A)]
    assert call.error and "not modified" in call.error["description"]
    async with bot.ctx.db.read() as c:
        assert await outbox.failures(c) == []
        assert (await outbox.counts(c)).get("pending", 0) == 0


async def test_a_hand_back_to_the_backup_costs_the_group_a_call_only_if_its_words_change(bot: RunningBot) -> None:
    """README: "each hand-back that changes what the acknowledgement says one edit more"."""
    fake = bot.fake
    for u in (WANG, LI):
        fake.user_starts_bot(u)
    dm = await exchange(fake, GROUP_A, RESIDENT, "1号楼屋顶漏水", "#1", where=WANG)
    await bot.settle(timers=True)
    ack = fake.find_message(GROUP_A, "已登记")
    mark = len(fake.calls)
    press(fake, WANG, WANG, dm["message_id"], Action.HAND_BACK)
    await fake.wait_for(lambda: fake.find_message(LI, "#1"))
    await bot.settle(timers=True)
    after = fake.find_message(GROUP_A, "已登记")
    calls = group_calls(fake, mark)
    assert len(calls) == (0 if after["text"] == ack["text"] else 1), calls
    assert not [c for c in fake.calls[mark:] if c.error and "not modified" in c.error.get("description", "")]
