"""A red event's messages go before routine ones already queued for the same chat (storm review): a busy group at
its pace of messages a minute, and the committee chat during a storm of yellow alerts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from harness import MakeBot, incoming
from ids import COMMITTEE, GROUP_A, LI, WANG

from bot.core.purpose import Purpose
from bot.core.types import Category, ParsedReport, Urgency
from bot.fakeapi import FakeTelegram
from bot.runtime import sender
from storage import events, outbox
from storage.database import Database

PACE = 4  # messages a group is sent a minute here (Telegram: 20), so that a few reports fill a minute


def texts_to(fake: FakeTelegram, chat_id: int, since: int) -> list[str]:
    """What the bot sent or edited in a chat after the mark, in the order Telegram was called."""
    return [
        str(call.params.get("text", ""))
        for call in fake.calls[since:]
        if call.ok and call.params.get("chat_id") == chat_id and call.method in ("sendMessage", "editMessageText")
    ]


async def test_a_red_report_goes_before_routine_messages_queued_for_the_same_chats(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight yellow outages fill the group's and the committee chat's minute; a red report then: its acknowledgement,
    its emergency numbers and the committee's red alert go first when the minute is over, before the yellow
    acknowledgements and alerts queued earlier; and every message still goes, once."""
    minute = SimpleNamespace(now=1000.0)  # the sender's pace clock, moved by the test: no waiting a real minute
    monkeypatch.setattr(sender, "time", SimpleNamespace(monotonic=lambda: minute.now))
    monkeypatch.setattr(sender, "GROUP_PER_MINUTE", PACE)
    fake = fake_tg
    for i in range(9):
        fake.user(6000 + i, f"居民{i}")
    # as in production: groups paced by the sender; each outage's card at once (none held for a list of new events)
    bot = await make_bot(rate_limiter=True, first_dm_cards=0)
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    await bot.settle()
    minute.now += 61
    start = fake.mark()
    for i in range(8):  # eight outages: eight yellow events, each acknowledged in the group and told to the committee
        fake.send_message(GROUP_A, 6000 + i, f"{1 + i % 4}号楼{1 + i // 4}单元停电了")
    # each chat has had its minute's worth; the rest of their messages wait for the next minute
    await fake.wait_for(lambda: min(len(texts_to(fake, chat, start)) for chat in (GROUP_A, COMMITTEE)) >= PACE or None)
    await fake.wait_for(lambda: fake.find_message(WANG, "#8"))  # all eight handled
    mark = fake.mark()
    fake.send_message(GROUP_A, 6008, "5号楼电梯里有人被困！")
    await fake.wait_for(lambda: fake.find_message(LI, "#9"))  # handled: its group and committee messages queued
    assert texts_to(fake, GROUP_A, mark) == [] and texts_to(fake, COMMITTEE, mark) == []  # the minute is full
    minute.now += 61
    bot.ctx.wake_outbox()
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "🚨 #9"))
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #9"))
    group = texts_to(fake, GROUP_A, mark)
    # before the yellow acknowledgements still queued, and the acknowledgement before the numbers that refer to it
    assert "已登记 #9" in group[0] and "#9 是紧急情况" in group[1], group
    committee = texts_to(fake, COMMITTEE, mark)
    assert "紧急事件 #9" in committee[0], committee  # before the yellow alerts still queued
    for _ in range(3):  # the next minutes: whatever was still queued goes
        minute.now += 61
        bot.ctx.wake_outbox()
        await bot.settle()
    for n in range(1, 10):  # nothing lost, nothing sent twice: every event acknowledged and alerted once
        assert sum(f"已登记 #{n}" in x for x in texts_to(fake, GROUP_A, start)) == 1
        assert sum(bool(re.match(rf"\D*事件 #{n}\b", x)) for x in texts_to(fake, COMMITTEE, start)) == 1


async def test_priority_is_decided_when_queued_and_keeps_each_events_order(tmp_path: Path) -> None:
    """A row is urgent by its purpose and its event's colour at the time it is queued (stored: a restart keeps it);
    an urgent row about an event makes that event's earlier rows to the chat urgent too, so an edit never goes
    before the message it edits; what is routine by nature (a survey) stays routine even about a red event."""
    now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    yellow = ParsedReport(is_report=True, category=Category.REPAIR, urgency=Urgency.YELLOW)
    db = await Database.open(tmp_path / "linli.db")
    try:
        async with db.tx() as c:
            one, two = [
                await events.insert(
                    c, incoming(GROUP_A, n, 6000 + n, "居民", "3号楼停电了"), yellow, grid_id="A", now=now
                )
                for n in (1, 2)
            ]

            async def queue(purpose: Purpose, event_id: int | None, **kw: object) -> int:
                row_id = await outbox.enqueue(
                    c,
                    method="sendMessage",
                    chat_id=kw.pop("chat", GROUP_A),
                    payload={},
                    now=now,
                    purpose=purpose,
                    event_id=event_id,
                    **kw,
                )
                assert row_id is not None
                return row_id

            ack_one = await queue(Purpose.ACK, one.id)  # yellow: routine
            ack_two = await queue(Purpose.ACK, two.id)
            note = await queue(Purpose.REPLY, None)
            await events.update_report(c, one.id, "3号楼电梯里有人被困", replace(yellow, urgency=Urgency.RED))
            edit_one = await queue(Purpose.EDIT_ACK, one.id, meta=outbox.Meta(ref="ack"))  # red now: urgent
            numbers = await queue(Purpose.EMERGENCY_GROUP, one.id)
            survey = await queue(Purpose.SURVEY, one.id)  # routine whatever the colour
            danger = await queue(Purpose.COMMITTEE, None, chat=COMMITTEE, urgent=True)  # a danger not yet an event
            routine = await queue(Purpose.COMMITTEE, None, chat=COMMITTEE)
        async with db.read() as c:
            order = [r.id for r in await outbox.lane_rows(c, [(GROUP_A, 10), (COMMITTEE, 10)])]
    finally:
        await db.close()
    assert order == [ack_one, edit_one, numbers, ack_two, note, survey, danger, routine]
