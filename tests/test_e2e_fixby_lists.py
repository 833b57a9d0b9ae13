"""Fix-by reminders and overdue notices due together (a storm's events, taken at once): one list per person and
kind, as the chasing timers' lists, instead of one message per event (found in the storm review: thirty accepted
outages sent the worker thirty reminders, then thirty overdue notices, and the committee thirty more)."""

from __future__ import annotations

import re

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, press, sent_texts
from ids import COMMITTEE, GROUP_A, WANG

from bot.core.callbacks import Action, decode
from bot.core.community_file import parse_community
from bot.core.escalation import TimerKind
from bot.core.purpose import Purpose
from storage import events, timers


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    # every outage's card at once, its Accept pressed as it comes (FIRST_DM_CARDS=0: none held for a list)
    return await make_bot(parse_community(COMMUNITY_TOML, "t"), Clock(), first_dm_cards=0)


def named(texts: list[str]) -> set[int]:
    """The events a list names, or a message alone (its '#12</b>' or '#12（')."""
    return {int(x) for text in texts for x in re.findall(r"#(\d+)[ <（]", text)}


def fix_by(texts: list[str]) -> list[str]:
    """The messages about fix-by times (not the 08:00 brief, which a day's hours pass)."""
    return [x for x in texts if "办结时限" in x and "早上好" not in x]


async def accepted_storm(bot: RunningBot, n: int, words: str = "{b}号楼{u}单元停电了") -> None:
    """``n`` outages reported at once, 王师傅 takes them all at once."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i in range(n):
        fake.send_message(GROUP_A, 6000 + i, words.format(b=1 + i // 9, u=1 + i % 9))
    await fake.wait_for(lambda: fake.find_message(WANG, f"#{n} "), timeout=60)
    await bot.settle(timers=True)
    for k in range(1, n + 1):
        press(fake, WANG, WANG, fake.find_message(WANG, f"#{k} ")["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert [(await bot.event(k)).assignee_id for k in range(1, n + 1)] == [WANG] * n


async def timer_states(bot: RunningBot, n: int) -> set[tuple]:
    async with bot.ctx.db.read() as c:
        return {(t.kind, t.status) for k in range(1, n + 1) for t in await timers.for_event(c, k)}


async def test_a_storm_s_fix_by_reminders_and_overdue_notices_come_as_one_list_per_person(bot: RunningBot) -> None:
    fake = bot.fake
    n = 5
    await accepted_storm(bot, n)
    mark = len(fake.calls)
    await bot.advance(hours=18)  # a yellow's fix-by time is 24 hours: the reminder at three quarters of it
    [due] = sent_texts(fake, WANG, mark)
    assert "5 个事件的办结时限快到了" in due and named([due]) == set(range(1, n + 1)), due
    due_at = (await bot.event(1)).due_at
    assert due_at is not None and due_at.astimezone(bot.ctx.community.tz).strftime("%m-%d %H:%M") in due
    listed = fake.messages(WANG)[-1]
    assert [decode(b["callback_data"]).id for b in fake.buttons(WANG, listed["message_id"])] == list(range(1, n + 1))
    press(fake, WANG, WANG, listed["message_id"], Action.SHOW)  # #1 again below, with Close and Hand back
    copy = await fake.wait_for(lambda: (m := fake.messages(WANG)[-1]) and "新事件 #1 " in m["text"] and m or None)
    assert {decode(b["callback_data"]).action for b in fake.buttons(WANG, copy["message_id"])} == {
        Action.CLOSE,
        Action.HAND_BACK,
    }
    await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(hours=6)
    [overdue] = fix_by(sent_texts(fake, WANG, mark))
    [committee] = fix_by(sent_texts(fake, COMMITTEE, mark))
    assert "5 个事件已超过办结时限" in overdue and named([overdue]) == set(range(1, n + 1)), overdue
    assert "5 个事件已超过办结时限" in committee and named([committee]) == set(range(1, n + 1)), committee
    assert "王师傅" in committee and due_at.astimezone(bot.ctx.community.tz).strftime("%m-%d %H:%M") in committee
    # each event's own timers and log, as when it was told alone
    assert await timer_states(bot, n) == {
        (TimerKind.REMIND, "cancelled"),
        (TimerKind.ESCALATE, "cancelled"),
        (TimerKind.DUE_REMIND, "done"),
        (TimerKind.OVERDUE, "done"),
        (TimerKind.UNDO_LAPSE, "done"),  # the Undo left each card 2 minutes after its Accept
    }
    async with bot.ctx.db.read() as c:
        for k in range(1, n + 1):
            assert {"due_reminded", "overdue"} <= {x.action for x in await events.timeline(c, k)}


async def test_more_overdue_events_than_a_list_holds_are_all_told(bot: RunningBot) -> None:
    fake = bot.fake
    n = 41
    await accepted_storm(bot, n)
    await bot.advance(hours=18)
    mark = len(fake.calls)
    await bot.advance(hours=6)
    to_wang, to_committee = fix_by(sent_texts(fake, WANG, mark)), fix_by(sent_texts(fake, COMMITTEE, mark))
    assert len(to_wang) == 2 and len(to_committee) == 2, (to_wang, to_committee)  # 40 timers fire together
    assert named(to_wang) == named(to_committee) == set(range(1, n + 1))
    assert (await timer_states(bot, n)) >= {(TimerKind.OVERDUE, "done")}
    assert (TimerKind.OVERDUE, "pending") not in await timer_states(bot, n)


async def test_an_overdue_list_naming_a_red_is_urgent(bot: RunningBot) -> None:
    await accepted_storm(bot, 2, "{b}号楼{u}单元着火了！快来人")
    await bot.advance(hours=4)
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall(
            "SELECT chat_id, purpose, priority FROM outbox WHERE event_id IS NULL AND purpose IN (?, ?)",
            (Purpose.OVERDUE.value, Purpose.COMMITTEE.value),
        )
    lists = [tuple(r) for r in rows]
    assert (WANG, Purpose.OVERDUE.value, 1) in lists and (COMMITTEE, Purpose.COMMITTEE.value, 1) in lists, lists


async def test_a_fix_by_list_that_cannot_reach_its_worker_is_not_mentioned_in_the_group(bot: RunningBot) -> None:
    """As the one reminder it replaces: its failure is logged, the overdue notice reaches the committee."""
    fake = bot.fake
    await accepted_storm(bot, 2)
    fake.fail_next(None, 403, "Forbidden: bot was blocked by the user", times=100, chat_id=WANG)
    mark = len(fake.calls)
    await bot.advance(hours=24)
    assert not [x for x in sent_texts(fake, GROUP_A, mark) if "请查看事件" in x]
    assert [x for x in sent_texts(fake, COMMITTEE, mark) if "已超过办结时限" in x and "#1 " in x and "#2 " in x]
