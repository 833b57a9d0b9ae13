"""A grid worker's replies and buttons, the loose ends (worker day review 61), read on each phone through the real bot.

A danger written beside "done" under a list of several of his events ("燃气处理完了，楼上又着火了" under a reminder
of three) was asked "which one?" and the fire read by nobody: it is read as under one event's card, a report of its
own, and the events of the list stay as they were.
"""

from __future__ import annotations

from harness import MakeBot, sent_texts
from ids import WANG
from test_e2e_workerday59 import reminded_of_three

from bot.core.types import Status, Urgency
from bot.render.i18n import plain


async def test_a_danger_beside_done_under_a_list_of_three_is_reported_not_asked_which(make_bot: MakeBot) -> None:
    bot, reminder, _ = await reminded_of_three(make_bot)
    since = bot.fake.mark()
    bot.fake.send_message(WANG, WANG, "燃气处理完了，楼上又着火了", reply_to_message_id=reminder["message_id"])
    await bot.settle()
    told = sent_texts(bot.fake, WANG, since)
    which = plain("zh-Hans", "worker_words.which", words="", ids="", first=1).split("「")[0]
    assert not [text for text in told if text.startswith(which)], told
    assert await bot.event_count() == 4 and (await bot.event(4)).urgency is Urgency.RED, told
    assert [(await bot.event(i)).status for i in (1, 2, 3)] == [Status.DISPATCHED] * 3
