"""Lists of reminders, escalations and re-pings due together (found in the second diff review): a list that
cannot reach its worker falls back for each event as its own message would; a storm of more than a list holds is
told in several, none dropped; a list naming a red goes before its chat's routine messages."""

from __future__ import annotations

import re

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, sent_texts
from ids import COMMITTEE, GROUP_A, LI, WANG

from bot.core.community_file import parse_community
from bot.core.purpose import Purpose

OUTAGES = ("1号楼1单元停电了", "2号楼3单元停电了", "5号楼2单元停电了")


@pytest.fixture
async def bot(make_bot: MakeBot) -> RunningBot:
    return await make_bot(parse_community(COMMUNITY_TOML, "t"), Clock())


async def test_a_list_to_a_worker_who_blocked_the_bot_falls_back_for_each_event(bot: RunningBot) -> None:
    fake = bot.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    for i, words in enumerate(OUTAGES[:2]):
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k} "))
    await bot.settle(timers=True)
    fake.fail_next(None, 403, "Forbidden: bot was blocked by the user", times=100, chat_id=WANG)
    mark = len(fake.calls)
    await bot.advance(minutes=15)
    await bot.settle(timers=True)
    committee = [x for x in sent_texts(fake, COMMITTEE, mark) if "无法私信" in x]
    group = [x for x in sent_texts(fake, GROUP_A, mark) if "请查看事件" in x]
    to_li = sent_texts(fake, LI, mark)
    # told once for the list (third diff review: a list of 30 made 30 mentions, 30 notes and 30 DMs to the next)
    assert len(committee) == 1 and "#1" in committee[0] and "#2" in committee[0], committee
    assert group == [], group  # he blocked the bot: the group is not asked to have him press Start (first day)
    assert len(to_li) == 1 and "#1" in to_li[0] and "#2" in to_li[0], to_li  # the next on duty: one list


async def test_forty_one_escalations_due_together_all_reach_the_backup_and_the_committee(bot: RunningBot) -> None:
    fake = bot.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    n = 41
    for i in range(n):
        fake.send_message(GROUP_A, 6000 + i, f"{1 + i // 9}号楼{1 + i % 9}单元停电了")
    await bot.settle(timers=True)  # the first three come as cards, the rest in a list two minutes on
    assert await bot.event_count() == n
    await bot.advance(minutes=15)
    mark = len(fake.calls)
    await bot.advance(minutes=15)

    def named(texts: list[str]) -> set[int]:
        return {int(x) for text in texts for x in re.findall(r"#(\d+) ", text)}

    assert named(sent_texts(fake, LI, mark)) == set(range(1, n + 1))
    assert named(sent_texts(fake, COMMITTEE, mark)) == set(range(1, n + 1))


async def test_a_list_naming_a_red_is_urgent(bot: RunningBot) -> None:
    fake = bot.fake
    for worker in (WANG, LI):
        fake.user_starts_bot(worker)
    for i, words in enumerate(("3号楼2单元着火了！快来人", "5号楼1单元着火了！快来人")):
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k}"))
    await bot.settle(timers=True)
    for _ in range(3):  # the third re-ping: the committee hears the reds still wait
        await bot.advance(minutes=5)
    await bot.settle(timers=True)
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall(
            "SELECT chat_id, purpose, priority FROM outbox WHERE event_id IS NULL AND purpose IN (?, ?)",
            (Purpose.NUDGE_LIST.value, Purpose.COMMITTEE.value),
        )
    lists = [tuple(r) for r in rows]
    assert any(r[0] == WANG and r[2] == 1 for r in lists), lists
    assert any(r[0] == COMMITTEE and r[2] == 1 for r in lists), lists


async def fired_early(bot: RunningBot) -> list[tuple]:
    """Timer rows that fired before they were due (none may)."""
    async with bot.ctx.db.read() as c:
        rows = await c.execute_fetchall("SELECT id, kind, due_at, fired_at FROM timers WHERE fired_at < due_at")
    return [tuple(r) for r in rows]


async def test_a_reminder_due_a_minute_after_another_is_not_sent_early_and_both_come_in_one_list(
    bot: RunningBot,
) -> None:
    """The list gathered the reminders due within two minutes of the one due now: #2's went out a minute before
    it was due. Now the first waits for the second (at most two minutes): one list, neither early."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i, words in enumerate(OUTAGES[:2]):
        if i:
            await bot.advance(minutes=1)
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k} "))
        await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(minutes=14)  # #1's reminder is due, #2's in a minute
    assert not [x for x in sent_texts(fake, WANG, mark) if "#2 " in x], sent_texts(fake, WANG, mark)
    await bot.advance(seconds=59)
    assert not [x for x in sent_texts(fake, WANG, mark) if "#2 " in x], sent_texts(fake, WANG, mark)
    await bot.advance(seconds=1)
    [listed] = sent_texts(fake, WANG, mark)
    assert "#1 " in listed and "#2 " in listed, listed
    assert await fired_early(bot) == []


async def test_a_reminder_waits_for_those_due_after_it_two_minutes_at_most(make_bot: MakeBot) -> None:
    """Four outages a minute apart: #1's reminder waits for #2's and #3's (due within its two minutes), not #4's,
    which comes on its own at its time."""
    bot = await make_bot(parse_community(COMMUNITY_TOML, "t"), Clock(), first_dm_cards=0)  # #4's card at once too
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i in range(4):
        if i:
            await bot.advance(minutes=1)
        fake.send_message(GROUP_A, 6000 + i, f"{i + 1}号楼1单元停电了")
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k} "))
        await bot.settle(timers=True)
    mark = len(fake.calls)
    await bot.advance(minutes=12)  # #1's reminder is due (15 minutes), #2's at 16, #3's at 17, #4's at 18
    assert sent_texts(fake, WANG, mark) == []
    await bot.advance(minutes=1)
    assert sent_texts(fake, WANG, mark) == []
    await bot.advance(minutes=1)
    [listed] = sent_texts(fake, WANG, mark)
    assert all(f"#{k} " in listed for k in (1, 2, 3)) and "#4 " not in listed, listed
    mark = len(fake.calls)
    await bot.advance(minutes=1)
    [alone] = sent_texts(fake, WANG, mark)
    assert "新事件 #4<" in alone and "#3" not in alone, alone
    assert await fired_early(bot) == []


async def _two_outages_listed(bot: RunningBot) -> dict:
    """Two outages nobody accepts: at 15 minutes 王师傅's reminder list naming #1 and #2."""
    fake = bot.fake
    for i, words in enumerate(OUTAGES[:2]):
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k} "))
    await bot.settle(timers=True)
    await bot.advance(minutes=15)
    listed = fake.messages(WANG)[-1]
    assert "#1 " in listed["text"] and "#2 " in listed["text"], listed["text"]
    return listed


async def test_a_lists_button_pressed_again_after_accepting_brings_the_accepted_message(bot: RunningBot) -> None:
    """Found in the second diff review: '#1' pressed before and after accepting reused one key, so the second press
    (wanting Close, now) said "sent again below" and sent nothing."""
    from harness import answer_to, press

    from bot.core.callbacks import Action

    fake = bot.fake
    fake.user_starts_bot(WANG)
    listed = await _two_outages_listed(bot)
    press(fake, WANG, WANG, listed["message_id"], Action.SHOW)
    copy = await fake.wait_for(lambda: (m := fake.messages(WANG)[-1]) and m["message_id"] != listed["message_id"] and m)
    await bot.settle()
    await answer_to(fake, press(fake, WANG, WANG, copy["message_id"], Action.ACCEPT))
    await bot.settle()
    before = fake.messages(WANG)[-1]["message_id"]
    await answer_to(fake, press(fake, WANG, WANG, listed["message_id"], Action.SHOW))
    await bot.settle()
    [again] = [m for m in fake.messages(WANG) if m["message_id"] > before]
    assert "#1" in again["text"] and fake.buttons(WANG, again["message_id"])


async def test_a_lists_button_pressed_again_once_the_event_waits_for_its_worker_again_brings_it(
    bot: RunningBot,
) -> None:
    """'#1' pressed, then the backup took #1 and handed it back, so it waits for 王师傅 again (the same round, the
    same state): his second press of the same list's '#1' said "sent again below" and sent nothing."""
    from harness import answer_to, press

    from bot.core.callbacks import Action

    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    listed = await _two_outages_listed(bot)
    press(fake, WANG, WANG, listed["message_id"], Action.SHOW)
    await fake.wait_for(lambda: (m := fake.messages(WANG)[-1]) and m["message_id"] != listed["message_id"] and m)
    await bot.settle()
    for _ in range(12):  # until the backup is asked to take #1
        await bot.advance(minutes=5)
        ask = next(
            (m for m in fake.messages(LI)[::-1] if "#1" in m["text"] and fake.buttons(LI, m["message_id"])), None
        )
        if ask:
            break
    assert ask, [m["text"] for m in fake.messages(LI)]
    await answer_to(fake, press(fake, LI, LI, ask["message_id"], Action.SHOW))
    copy = await fake.wait_for(lambda: (m := fake.messages(LI)[-1]) and m["message_id"] != ask["message_id"] and m)
    await bot.settle()
    await answer_to(fake, press(fake, LI, LI, copy["message_id"], Action.ACCEPT))
    await bot.settle()
    handed = await answer_to(fake, press(fake, LI, LI, copy["message_id"], Action.HAND_BACK))
    assert not handed["show_alert"], handed
    await bot.settle()
    before = fake.messages(WANG)[-1]["message_id"]
    answered = await answer_to(fake, press(fake, WANG, WANG, listed["message_id"], Action.SHOW))
    await bot.settle()
    new = [m for m in fake.messages(WANG) if m["message_id"] > before]
    again = [m for m in new if "#1" in m["text"] and fake.buttons(WANG, m["message_id"])]
    assert again, (answered, [m["text"] for m in new])
    await answer_to(fake, press(fake, WANG, WANG, listed["message_id"], Action.SHOW))  # a double tap: once
    await bot.settle()
    assert [m for m in fake.messages(WANG) if m["message_id"] > before] == new


async def test_a_red_waiting_comes_first_in_a_list_with_routine_reminders(bot: RunningBot) -> None:
    """Worker review: a trapped lift (red, #1) and litter (yellow, #2) reported together, nobody accepting; at 15
    minutes the red's third re-ping and the yellow's reminder came in one list with the litter on top, the trapped
    lift below it. A red's line (and its button) now comes first."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    for i, words in enumerate(("3号楼2单元电梯里有人被困，出不来了", "1号楼门口垃圾没人清理")):
        fake.send_message(GROUP_A, 6000 + i, words)
        await fake.wait_for(lambda k=i + 1: fake.find_message(WANG, f"#{k}"))
    await bot.settle(timers=True)
    assert ((await bot.event(1)).urgency.value, (await bot.event(2)).urgency.value) == ("red", "yellow")
    for _ in range(3):
        await bot.advance(minutes=5)
    listed = next(m for m in reversed(fake.messages(WANG)) if "#1 " in m["text"] and "#2 " in m["text"])
    assert listed["text"].index("#1 ") < listed["text"].index("#2 "), listed["text"]
    assert [b["text"] for b in fake.buttons(WANG, listed["message_id"])] == ["#1", "#2"]
