"""A grid worker's replies and buttons, the loose ends (worker day review 61), read on each phone through the real bot.

A danger written beside "done" under a list of several of his events ("燃气处理完了，楼上又着火了" under a reminder
of three) was asked "which one?" and the fire read by nobody: it is read as under one event's card, a report of its
own, and the events of the list stay as they were.

A colour raised in the console with a note told its worker the note, but the event's history kept only the change:
the note is a line of its own in the event's log, shown on its console page with the admin's name.
"""

from __future__ import annotations

from console_client import client
from harness import MakeBot, sent_texts
from ids import WANG
from test_e2e_workerday59 import reminded_of_three
from test_e2e_workerday60 import accepted_light, raised_in_console

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


async def test_the_console_s_note_with_a_raised_colour_is_in_the_event_s_history(console_bot: MakeBot) -> None:
    bot = await accepted_light(console_bot)
    async with client() as http:
        await raised_in_console(bot, http, "住户家里有老人")
        async with http.get(bot.console_base + "/console/api/events/1") as r:
            page = await r.json()
    noted = [line for line in page["timeline"] if line["detail"] == "住户家里有老人"]
    who = [(line["action"], line["actor"]) for line in noted]
    assert who == [("correction_note", "居委会张主任")], page["timeline"]
    assert plain("zh-Hans", "log.correction_note") == "居委会更正时的说明"  # how its line reads there
