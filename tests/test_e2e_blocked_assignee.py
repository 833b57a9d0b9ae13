"""A worker who blocked the bot after accepting an event: the committee can move his accepted work from Telegram (the
note about him carries "send to …" buttons), and a resident's words about it are not said to be passed on to him
(worker review: the group read "已转告负责 #1 的工作人员" of a message refused with 403, and with the console off,
the default, no one could take #1 from him)."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, data_of, press, sent_texts
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from steps import accepted_by_wang

from bot.core.callbacks import Action, decode, id_arg
from storage import outbox


def assign_to(fake, note: dict) -> set[int]:  # noqa: ANN001 - the fake Bot API
    """Whom the note's "send to …" buttons send the event to."""
    found = [decode(b.get("callback_data")) for b in fake.buttons(COMMITTEE, note["message_id"])]
    return {int(cb.arg, 36) for cb in found if cb is not None and cb.action is Action.ASSIGN and cb.arg}


async def accepted_then_blocked(bot: RunningBot) -> None:
    """王师傅 accepts #1, then blocks the bot (the bot is told: my_chat_member)."""
    await accepted_by_wang(bot, WANG, LI, ADMIN)
    bot.fake.block_bot(WANG)
    await bot.settle()


async def moved_to_li(bot: RunningBot, note: dict) -> None:
    """An admin presses "send to 李姐" under the note: #1 waits for 李姐's Accept, the note loses its buttons."""
    fake = bot.fake
    await answer_to(fake, press(fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI)))
    await bot.settle()
    ev = await bot.event(1)
    assert (ev.status.value, ev.assignee_id) == ("dispatched", LI)
    card = fake.find_message(LI, "#1")
    assert card is not None and "v1:acc:1" in data_of(fake, LI, card["message_id"])
    assert fake.buttons(COMMITTEE, note["message_id"]) == []
    assert fake.find_message(COMMITTEE, "派给李姐") is not None


async def test_words_for_a_worker_who_blocked_the_bot_go_to_the_committee_who_can_move_the_work(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_then_blocked(bot)
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "怎么还没人来？", reply_to_message_id=ack["message_id"])
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "怎么还没人来"))
    await bot.settle()
    assert "已屏蔽机器人" in note["text"]
    told = [m["text"] for m in fake.messages(GROUP_A) if "已转告" in m["text"]]
    assert told and all("已转告居委会" in x for x in told), told  # not "passed on to the staff handling #1"
    assert LI in assign_to(fake, note) and WANG not in assign_to(fake, note)
    fake.send_message(GROUP_A, RESIDENT, "灯还是不亮，晚上很黑", reply_to_message_id=ack["message_id"])
    again = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "灯还是不亮"))
    await bot.settle()
    assert "王师傅" in again["text"] and LI in assign_to(fake, again)  # each word reaches the committee…
    assert len([m for m in fake.messages(COMMITTEE) if "已无法私信" in m["text"]]) == 1  # …told he is gone once
    await moved_to_li(bot, note)


async def test_a_fix_by_reminder_refused_gives_the_committee_buttons_to_move_the_work(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_then_blocked(bot)
    await bot.advance(hours=36, minutes=1)  # the fix-by reminder, refused (403)
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "已屏蔽机器人"))
    await bot.settle()
    assert LI in assign_to(fake, note) and WANG not in assign_to(fake, note)
    await moved_to_li(bot, note)


async def test_words_refused_unannounced_reach_the_committee_and_her_answer_is_corrected(make_bot: MakeBot) -> None:
    """The bot never heard of the block (its update lost while it was down): her words go out to him and are
    refused; the committee reads them, and "已转告负责 #1 的工作人员" under her message is corrected."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_by_wang(bot, WANG, LI, ADMIN)
    fake.blocked.add(WANG)  # blocked, no my_chat_member update
    ack = fake.find_message(GROUP_A, "已登记 #1")
    words = fake.send_message(GROUP_A, RESIDENT, "怎么还没人来？", reply_to_message_id=ack["message_id"])
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "怎么还没人来"))
    await bot.settle()
    assert "已无法私信" in note["text"] and LI in assign_to(fake, note)
    answers = [
        m for m in fake.messages(GROUP_A) if (m.get("reply_to_message") or {}).get("message_id") == words["message_id"]
    ]
    assert answers and all("已转告居委会" in m["text"] for m in answers), [m["text"] for m in answers]


async def test_two_notes_refused_in_a_row_each_reach_the_committee_once(running: RunningBot) -> None:
    """Her two notes for 王师傅 wait in his chat's queue (Telegram said "too many requests") and are both refused
    (he blocked the bot unannounced): the committee reads each of them once. Each refusal read the event's last
    note: her first was told to no one, her second twice."""
    fake = running.fake  # the real clock: the queue's wait ends
    await accepted_by_wang(running, WANG, LI, ADMIN)
    fake.blocked.add(WANG)
    fake.fail_next("sendMessage", 429, retry_after=3, chat_id=WANG)  # his chat's queue waits: both notes pile up
    ack = fake.find_message(GROUP_A, "已登记 #1")
    first, second = "怎么还没人来？", "灯还是不亮，晚上很黑"
    fake.send_message(GROUP_A, RESIDENT, first, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转告"))
    fake.send_message(GROUP_A, RESIDENT, second, reply_to_message_id=ack["message_id"])
    await running.settle()
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "晚上很黑"))
    await running.settle()
    async with running.ctx.db.read() as c:
        refused = [f for f in await outbox.failures(c) if f.purpose == "reporter_note"]
    assert len(refused) == 2, refused  # both went out to him (neither was known to be refused before it was sent)
    committee = sent_texts(fake, COMMITTEE)
    assert [len([x for x in committee if words in x]) for words in (first, second)] == [1, 1], committee


async def test_back_after_his_work_was_moved_his_card_and_a_note_say_who_has_it(make_bot: MakeBot) -> None:
    """Worker review: 王师傅 blocked the bot with #1 accepted, the committee moved #1 to 李姐; when he unblocked it his
    card still read "已由王师傅接单" with Close and Hand back (its edit was refused while he was away, and never made
    again), and nothing told him #1 had left him: he would go and fix 李姐's job. Now the card's edit is made again
    when he is back, and he is told which events left him and who has them now."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_then_blocked(bot)
    card = fake.find_message(WANG, "#1")
    await bot.advance(hours=36, minutes=1)  # the fix-by reminder, refused (403)
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "已屏蔽机器人"))
    await bot.settle()
    await moved_to_li(bot, note)
    fake.user_starts_bot(WANG, send_start=True)  # unblocks: my_chat_member, then /start
    await bot.settle()
    assert fake.buttons(WANG, card["message_id"]) == []
    assert "李姐" in next(m["text"] for m in fake.messages(WANG) if m["message_id"] == card["message_id"])
    told = [m["text"] for m in fake.messages(WANG) if "不在您这里" in m["text"]]
    assert len(told) == 1 and "#1" in told[0] and "李姐" in told[0], told


async def test_the_committee_hears_at_once_that_the_worker_on_accepted_work_blocked_the_bot(make_bot: MakeBot) -> None:
    """Outage review: 王师傅 blocks the bot holding #1, accepted; Telegram tells the bot (my_chat_member). The committee
    hears of it then, once, with the buttons that move #1 (before: nothing until a resident wrote under it, or its
    fix-by reminder bounced 18 hours on); a resident's words later come on their own, not as a second note."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await accepted_then_blocked(bot)
    note = fake.find_message(COMMITTEE, "已无法私信")
    assert note is not None and "#1" in note["text"] and "王师傅" in note["text"], fake.messages(COMMITTEE)
    assert LI in assign_to(fake, note) and WANG not in assign_to(fake, note)
    fake.block_bot(WANG)  # told again (a repeated update): nothing more
    ack = fake.find_message(GROUP_A, "已登记 #1")
    fake.send_message(GROUP_A, RESIDENT, "怎么还没人来？", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "怎么还没人来"))
    await bot.settle()
    assert len([m for m in fake.messages(COMMITTEE) if "已无法私信" in m["text"]]) == 1
