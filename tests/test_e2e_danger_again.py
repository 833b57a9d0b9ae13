"""Her fire read yellow ("车库电动车着火了，还好没人受伤，火还在烧": to the model "nobody hurt" reads as an all-clear),
and two minutes on "火越来越大了，快来人啊" (sweep, stop 61): that opened red #2 of no place beside her yellow #1, one
fire twice on the workers' phones. Her red words naming no thing but the danger her report told now raise her report."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, sent_texts
from ids import GROUP_A, LI, RESIDENT, WANG

from bot.core.types import Urgency


async def fire_then(make_bot: MakeBot, words: str) -> tuple[RunningBot, int]:
    """Her fire read yellow, then her words two minutes on; the call mark before them."""
    bot = await make_bot(clock=Clock())
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await bot.says(GROUP_A, RESIDENT, "车库电动车着火了，还好没人受伤，火还在烧")
    await bot.advance(minutes=2)
    mark = await bot.says(GROUP_A, RESIDENT, words)
    return bot, mark


async def test_her_fire_growing_raises_her_report_not_a_second_event(make_bot: MakeBot) -> None:
    bot, mark = await fire_then(make_bot, "火越来越大了，快来人啊")
    assert await bot.event_count() == 1
    fire = await bot.event(1)
    assert fire.urgency is Urgency.RED and "火越来越大" in fire.text
    assert any("#1" in text and "119" in text for text in sent_texts(bot.fake, GROUP_A, mark))  # emergency numbers
    assert any("火越来越大" in text for text in sent_texts(bot.fake, LI, mark))  # everyone on duty paged, her words


async def test_another_emergency_after_her_report_is_its_own(make_bot: MakeBot) -> None:
    bot, _ = await fire_then(make_bot, "有人晕倒了，快来人")
    assert [(await bot.event(n)).urgency for n in (1, 2)] == [Urgency.YELLOW, Urgency.RED]
