"""A worker's cards read on his phone (cards review 62): the card of an event opened again by its reporter's "还没修好"
said "新事件 #1", as if the problem were new to him; it says "重新打开 #1" now, the line above it saying why. His
words under /my's list of his events ("已经联系物业了") had the hint for any words: they are read as under any list of
his (a reminder, a hand-off notice): about its one event, as under its card; about several, he is asked which. A new
danger beside his "done" under a red's card is a report of its own, and the "done" is read."""

from __future__ import annotations

import re

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_close, answer_under, data_of, exchange, shown, under
from ids import GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action, encode
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


async def my_list(make_bot: MakeBot, *reports: str, command: str = "/my") -> tuple[RunningBot, dict]:
    """刘阿姨 reports these in grid A's group, 王师傅 on duty; he sends /my (or ``command``): the bot, and its list of
    his events."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    for words in reports:
        await bot.says(GROUP_A, RESIDENT, words)
    sent = bot.fake.send_message(WANG, WANG, command)
    return bot, await bot.fake.wait_for(lambda: under(bot.fake, WANG, sent["message_id"]))


@pytest.mark.parametrize("command", ["/my", "/status"])
async def test_his_words_under_my_list_of_one_are_read_as_under_its_card(make_bot: MakeBot, command: str) -> None:
    """ "已经联系物业了" under /my's list (or /status alone's, the same list in private) had the hint for any words
    (its answer was a plain reply, not a list of his); now they are his words for #1's reporter, as under its card
    (offered to be said in her group)."""
    bot, listed = await my_list(make_bot, "2号楼电梯坏了", command=command)
    answer = await answer_under(bot.fake, WANG, "已经联系物业了", listed["message_id"])
    assert answer["text"] == plain("zh-Hans", "card_reply.offer_group", id=1), answer["text"]
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_his_words_under_my_list_of_two_ask_which(make_bot: MakeBot) -> None:
    bot, listed = await my_list(make_bot, "2号楼电梯坏了", "4号楼门禁坏了")
    answer = await answer_under(bot.fake, WANG, "已经联系物业了", listed["message_id"])
    which = plain("zh-Hans", "worker_words.which", words="已经联系物业了", ids="#1、#2", first=1)
    assert answer["text"] == which, answer["text"]
    assert data_of(bot.fake, WANG, answer["message_id"]) == [encode(Action.SHOW, 1), encode(Action.SHOW, 2)]


async def gas_red(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """刘阿姨 reports a gas leak in grid A's group (a red, paged to 王师傅 and 李姐), three minutes ago: the bot, and
    王师傅's card."""
    bot = await make_bot(clock=Clock())
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    await bot.says(GROUP_A, RESIDENT, "3号楼2单元燃气泄漏了，味道很大")
    card = bot.fake.find_message(WANG, "新事件 #1")
    assert card is not None and (await bot.event(1)).urgency is Urgency.RED
    await bot.advance(minutes=3)
    return bot, card


async def gas_done_and_smoke(bot: RunningBot, card: dict) -> None:
    """Once settled: "燃气关好了" took #1 for 王师傅, Close's choices on his card; the smoke is red #2, everyone on
    duty paged."""
    await shown(bot.fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    await bot.settle()
    assert await bot.event_count() == 2
    smoke = await bot.event(2)
    assert (smoke.text, smoke.urgency, smoke.status) == ("三楼又冒烟了", Urgency.RED, Status.DISPATCHED)
    gas = await bot.event(1)
    assert (gas.status, gas.assignee_id) == (Status.ACCEPTED, WANG)
    assert bot.fake.find_message(LI, "三楼又冒烟了")


async def test_a_new_danger_beside_done_under_a_red_s_card_is_a_report_and_the_done_is_read(make_bot: MakeBot) -> None:
    """ "燃气关好了，但是三楼又冒烟了" under the gas leak's card (a red, paged to 王师傅 and 李姐) was taken for
    words to its reporter, offered to be said in her group: the smoke was lost. Now the smoke is a red of its own, as
    if he had sent it alone (as beside a lamp's "done"), and "燃气关好了" is his "done" with #1: taken, Close's choices
    on its card."""
    bot, card = await gas_red(make_bot)
    bot.fake.send_message(WANG, WANG, "燃气关好了，但是三楼又冒烟了", reply_to_message_id=card["message_id"])
    await gas_done_and_smoke(bot, card)


async def test_so_under_the_red_s_acknowledgement_in_the_group(make_bot: MakeBot) -> None:
    """The same words under the gas leak's acknowledgement in the residents' group are read as under his card: the
    smoke a report of its own, "燃气关好了" his "done" with #1 (beside a danger, staff's answer there was dropped)."""
    bot, card = await gas_red(make_bot)
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None
    bot.fake.send_message(GROUP_A, WANG, "燃气关好了，但是三楼又冒烟了", reply_to_message_id=ack["message_id"])
    await gas_done_and_smoke(bot, card)
