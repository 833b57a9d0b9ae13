"""The committee's note that nobody accepted an event for an hour (its backup asked) carries "send to …" buttons
(committee review: the note said "请居委会关注" and offered no way to act; an admin who knew 王师傅 was off that day
had to wait for the backup or open the console, off by default). The one it waits for is not offered again."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, button_data, exchange, press
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, START, WANG, ZHAO

from bot.core.callbacks import Action, decode, id_arg
from bot.core.types import Status
from bot.render.i18n import plain


async def escalated_lamp(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """A green lamp nobody accepts for 61 minutes (王师傅 reminded, then 李姐 asked): the bot and the committee's
    note that it waits."""
    bot = await make_bot(None, Clock(START))
    for started in (WANG, LI, ZHAO):
        bot.fake.user_starts_bot(started)
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "已登记 #1")
    await bot.settle()
    await bot.advance(minutes=61)
    note = bot.fake.find_message(COMMITTEE, "⏫")
    assert note is not None and "#1" in note["text"]
    return bot, note


def targets(bot: RunningBot, message_id: int) -> list[str]:
    """The workers' ids (as button arguments) of the note's "send to …" buttons."""
    found = [decode(b.get("callback_data")) for b in bot.fake.buttons(COMMITTEE, message_id)]
    return [cb.arg for cb in found if cb is not None and cb.action is Action.ASSIGN and cb.arg]


async def test_an_admin_sends_an_escalated_event_to_another_worker_from_the_note(make_bot: MakeBot) -> None:
    bot, note = await escalated_lamp(make_bot)
    assert targets(bot, note["message_id"]) == [id_arg(LI), id_arg(ZHAO)]  # on duty first; not 王, who has it
    query = press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))
    assert (await answer_to(bot.fake, query)).get("text") == plain("zh-Hans", "cb.assigned", worker="赵师傅")
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, ZHAO)
    card = bot.fake.find_message(ZHAO, "#1")
    press(bot.fake, ZHAO, ZHAO, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == ZHAO
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []


async def test_the_backup_accepting_first_takes_the_note_s_buttons_away(make_bot: MakeBot) -> None:
    bot, note = await escalated_lamp(make_bot)
    to_zhao = button_data(bot.fake, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))
    assert to_zhao  # the note offers 赵师傅 until someone takes it
    card = bot.fake.find_message(LI, "#1")
    press(bot.fake, LI, LI, card["message_id"], Action.ACCEPT)
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []
    bot.fake.press_button(ADMIN, COMMITTEE, note["message_id"], to_zhao)  # a second admin's stale copy
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI


async def test_a_red_still_waiting_after_its_re_pings_can_be_sent_from_its_note(make_bot: MakeBot) -> None:
    """A fire nobody accepts: from the third re-ping the committee reads that it still waits; that note carries the
    "send to …" buttons too, not the one it waits for (all on duty were paged; the committee may know who is near)."""
    bot = await make_bot(None, Clock(START))
    for started in (WANG, LI, ZHAO):
        bot.fake.user_starts_bot(started)
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元着火了，浓烟很大！", "#1")
    await bot.settle()
    for _ in range(4):
        await bot.advance(minutes=5)
    still = plain("zh-Hans", "committee.red_waiting", id=1, urgency="U", waited="W", worker="X").split("X")[1][:8]
    note = bot.fake.find_message(COMMITTEE, still)  # its words after the worker's name: this note's alone
    assert note is not None and "#1" in note["text"]
    offered = targets(bot, note["message_id"])
    assert offered and id_arg(WANG) not in offered and id_arg(ZHAO) in offered
    press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(ZHAO))
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == ZHAO
