"""A resident's "我要报修" with nothing of what (resident review: it made an event of nothing, "内容：我要报修, 位置：
未注明", paging the worker, and her next message, the problem, a second event; "我想反映个问题" was asked "Report it?"):
she is asked what and where, in the group or in private, and her next message is her one report."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot
from ids import GROUP_A, RESIDENT, START, WANG

from bot.render.i18n import plain


@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize("asking", ["我要报修", "物业，我想反映个问题", "怎么报修？"])  # how: made an event of nothing
async def test_asked_what_and_where_then_one_event(make_bot: MakeBot, asking: str, private: bool) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家好")  # known in the group: her private reports are taken
    await bot.settle()
    chat = RESIDENT if private else GROUP_A
    cards = len(fake.messages(WANG))
    said = fake.send_message(chat, RESIDENT, asking)
    await bot.settle()
    answer = fake.find_message(chat, plain("zh-Hans", "report.say_what"))
    assert answer is not None and answer["reply_to_message"]["message_id"] == said["message_id"]
    assert await bot.event_count() == 0 and len(fake.messages(WANG)) == cards  # nobody paged for nothing
    await bot.advance(seconds=40)
    fake.send_message(chat, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    assert await bot.event_count() == 1
    ev = await bot.event(1)
    assert (ev.building, ev.unit, ev.text) == ("3", "2", "3号楼2单元楼道灯坏了")


async def test_with_a_report_open_it_is_asked_what_not_passed_to_its_worker(make_bot: MakeBot) -> None:
    """Her "我要报修" while her lamp is open is a new matter, not words for the lamp's worker."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    cards = len(fake.messages(WANG))
    fake.send_message(GROUP_A, RESIDENT, "我要报修")
    await bot.settle()
    assert fake.find_message(GROUP_A, plain("zh-Hans", "report.say_what")) is not None
    assert len(fake.messages(WANG)) == cards and await bot.event_count() == 1
