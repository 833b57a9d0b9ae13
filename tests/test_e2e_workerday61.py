"""A grid worker's replies and buttons, the loose ends (worker day review 61), read on each phone through the real bot.

A danger written beside "done" under a list of several of his events ("燃气处理完了，楼上又着火了" under a reminder
of three) was asked "which one?" and the fire read by nobody: it is read as under one event's card, a report of its
own, and the events of the list stay as they were.

Other words under a hand-off notice than take, done or can't ("已经联系物业了") had the hint for any words: under a
notice of one event (its '#1' alone, no card to write under) they are read as under its card, words for its reporter
(here, a group's, offered to be said in her group); under a notice of several, he is asked which.

A 10-day-old list's button of an event closed since (a worker's reminder '#1', the committee's "#1 派给…" on a list
past the week moving on edits) answered "这个事件已经处理过了" naming no event, and kept its button: the answer says
"✔️ #1 已办结", and that list loses the button and says so under it, as a fresh committee list does.

A colour raised in the console with a note told its worker the note, but the event's history kept only the change:
the note is a line of its own in the event's log, shown on its console page with the admin's name.
"""

from __future__ import annotations

from console_client import client
from harness import MakeBot, RunningBot, accept_and_fix, answer_to, answer_under, button_data, press, sent_texts
from ids import ADMIN, COMMITTEE, GROUP_A, LI, WANG
from test_e2e_committee57 import overdue_list
from test_e2e_night60 import close_first
from test_e2e_workerday59 import reminded_of_three
from test_e2e_workerday60 import accepted_light, asked_which_under_the_notice, one_on_a_notice, raised_in_console

from bot.core.callbacks import Action
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


async def test_other_words_under_a_hand_off_notice_of_one_event_are_read_as_under_its_card(make_bot: MakeBot) -> None:
    bot, notice = await one_on_a_notice(make_bot)
    fake = bot.fake
    answer = await answer_under(fake, LI, "已经联系物业了", notice["message_id"])
    assert answer["text"] == plain("zh-Hans", "card_reply.offer_group", id=1), answer["text"]
    press(fake, LI, LI, answer["message_id"], Action.SAY_IN_GROUP)
    said = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已经联系物业了"))
    assert said["text"] == plain("zh-Hans", "card_reply.in_group", id=1, worker="李姐", text="已经联系物业了")
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED  # his words only: nothing taken nor closed
    assert not button_data(fake, LI, answer["message_id"], Action.SAY_IN_GROUP)


async def test_other_words_under_a_hand_off_notice_of_several_ask_which(make_bot: MakeBot) -> None:
    await asked_which_under_the_notice(make_bot, "已经联系物业了")


async def pressed_on_an_old_list(bot: RunningBot, chat: int, presser: int, listing: dict, action: Action) -> None:
    """Ten days on, #1 closed since: a press of the list's button for #1 answers how it ended, and the list loses that
    button (the others stay) and says so under it."""
    await bot.advance(days=2)
    assert (await bot.event(1)).status is Status.CLOSED
    answer = await answer_to(bot.fake, press(bot.fake, presser, chat, listing["message_id"], action))
    closed = plain("zh-Hans", "nudge.list_moved.closed", id=1)
    assert (answer.get("text"), answer.get("show_alert")) == (closed, True), answer
    await bot.settle()
    now = next(m for m in bot.fake.messages(chat) if m["message_id"] == listing["message_id"])
    assert now["text"].startswith(listing["text"]) and now["text"].endswith("\n" + closed), now["text"]
    ids = [data.rsplit(":", 1)[1] for data in (b["callback_data"] for b in bot.fake.buttons(chat, now["message_id"]))]
    assert "1" not in ids and ids, ids


async def test_a_worker_s_ten_day_old_list_loses_the_button_of_an_event_closed_since(make_bot: MakeBot) -> None:
    bot, reminder, cards = await reminded_of_three(make_bot)
    await accept_and_fix(bot.fake, WANG, cards[1]["message_id"])
    await bot.advance(days=8)
    await pressed_on_an_old_list(bot, WANG, WANG, reminder, Action.SHOW)


async def test_a_committee_list_past_a_week_loses_the_button_of_an_event_closed_since(make_bot: MakeBot) -> None:
    bot, listing = await overdue_list(make_bot, 2)
    await bot.advance(days=8)
    await close_first(bot)  # the list, past a week, is left as it was
    assert [b["callback_data"] for b in bot.fake.buttons(COMMITTEE, listing["message_id"])][0].endswith(":asg:1")
    await pressed_on_an_old_list(bot, COMMITTEE, ADMIN, listing, Action.ASSIGN)
