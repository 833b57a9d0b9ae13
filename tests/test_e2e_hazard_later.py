"""A hazard said later (neighbour60): "3号楼电梯坏了", then the same resident minutes later "电梯里困了人", naming no
building. It was red #2 "位置：未注明", paged to everyone, and her lift #1 stayed green. Now her words raise #1 to red
(a red of its place), its worker paged with her words, and no event of no place is opened; accepted, he keeps it and
reads her words with the raise. Another thing's danger ("楼道里着火了") is a red of its own still."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, press, sent_texts, shown
from ids import GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.types import Urgency


async def lift_reported(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(clock=Clock(), merge_window_s=24 * 3600)
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    await bot.settle()
    assert (await bot.event(1)).urgency is not Urgency.RED
    return bot


async def trapped_said(bot: RunningBot, minutes: int) -> int:
    """Her "电梯里困了人" so many minutes on: the call mark before it; still one event, now red."""
    await bot.advance(minutes=minutes)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "电梯里困了人")
    await bot.settle()
    assert await bot.event_count() == 1 and (await bot.event(1)).urgency is Urgency.RED
    return mark


async def test_trapped_said_later_raises_her_lift_to_red(make_bot: MakeBot) -> None:
    bot = await lift_reported(make_bot)
    mark = await trapped_said(bot, 4)
    assert (await bot.event(1)).building == "3"
    for worker in (WANG, LI):  # paged anew, her words in what they read
        assert any("🔴" in text and "电梯里困了人" in text for text in sent_texts(bot.fake, worker, mark)), worker
    assert any("#1" in text for text in sent_texts(bot.fake, GROUP_A, mark))
    assert not any("未注明" in text for text in sent_texts(bot.fake, GROUP_A, mark))


async def test_accepted_lift_raised_stays_his_and_he_reads_her_words(make_bot: MakeBot) -> None:
    bot = await lift_reported(make_bot)
    card = bot.fake.find_message(WANG, "#1")["message_id"]
    await shown(bot.fake, WANG, card, Action.ACCEPT)
    press(bot.fake, WANG, WANG, card, Action.ACCEPT)
    await bot.settle()
    mark = await trapped_said(bot, 10)
    ev = await bot.event(1)
    assert ev.assignee_id == WANG and ev.status.value == "accepted"
    assert any("电梯里困了人" in text for text in sent_texts(bot.fake, WANG, mark))


async def test_another_things_danger_is_its_own_red(make_bot: MakeBot) -> None:
    bot = await lift_reported(make_bot)
    await bot.advance(minutes=4)
    bot.fake.send_message(GROUP_A, RESIDENT, "楼道里着火了")
    await bot.settle()
    assert [(await bot.event(n)).urgency is Urgency.RED for n in (1, 2)] == [False, True]
