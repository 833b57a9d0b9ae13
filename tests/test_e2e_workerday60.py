"""A grid worker's day, the loose ends (worker day review 60), read on each phone through the real bot.

A pin sent in private just before the words ("电梯坏了") went to the worker's card, but her acknowledgement said "位置：
未注明" and asked where it was: on her phone the pin was lost. It reads "📍 有定位" there too, and a pin alone is
asked what is wrong there.
"""

from __future__ import annotations

from harness import Clock, MakeBot, exchange
from ids import GROUP_A, RESIDENT, START, WANG
from test_e2e_workerday59 import MAP, PIN

from bot.render.i18n import plain


async def test_a_pin_just_before_her_words_in_private_is_her_reports_place(make_bot: MakeBot) -> None:
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # known in a residents' group: private reports are taken
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, extra=PIN)
    await bot.settle()
    what = plain("zh-Hans", "private.pin_what", minutes=5)
    assert [m["text"] for m in fake.messages(RESIDENT)][-1] == what  # a pin alone: what is wrong there?
    await bot.advance(minutes=2)
    ack = await exchange(fake, RESIDENT, RESIDENT, "电梯坏了", "已登记 #1")
    assert "有定位" in ack["text"] and plain("zh-Hans", "loc.none") not in ack["text"], ack["text"]
    assert MAP in [e.get("url") for e in ack.get("entities", [])], ack
    assert plain("zh-Hans", "ack.where") not in ack["text"]  # not asked where: the pin says it
    card = fake.find_message(WANG, "新事件 #1")
    assert MAP in [e.get("url") for e in card.get("entities", [])], card
