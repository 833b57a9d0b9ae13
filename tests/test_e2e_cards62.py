"""A worker's cards read on his phone (cards review 62): the card of an event opened again by its reporter's "还没修好"
said "新事件 #1", as if the problem were new to him; it says "重新打开 #1" now, the line above it saying why."""

from __future__ import annotations

import re

from harness import Clock, MakeBot, accept_and_close, exchange
from ids import GROUP_A, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.core.types import Status, Urgency
from bot.render.i18n import plain
from bot.render.messages import urgency_label

GREEN = Urgency.GREEN


async def test_the_card_of_an_event_opened_again_says_so(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    card = await exchange(fake, GROUP_A, RESIDENT, "5号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    await bot.settle()
    asked = next(m for m in reversed(fake.messages(RESIDENT)) if fake.buttons(RESIDENT, m["message_id"]))
    fake.send_message(RESIDENT, RESIDENT, "还没修好", reply_to_message_id=asked["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    again = fake.messages(WANG)[-1]
    head = re.sub("<[^>]+>", "", plain("zh-Hans", "dm.head_reopened", id=1, urgency=urgency_label("zh-Hans", GREEN)))
    assert again["message_id"] != card["message_id"]
    assert head in again["text"] and plain("zh-Hans", "dm.step.reopened") in again["text"]
    assert "新事件" not in again["text"]
