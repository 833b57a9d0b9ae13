"""A mistaken Accept undone (worker review: the wrong card tapped left only "Hand back", which passed the event to the
backup and barred him from it). Within accept_undo.UNDO_WITHIN the one who accepted may put the event back exactly
where it was; a late, foreign, forged or second press changes nothing."""

from __future__ import annotations

import asyncio

from harness import Clock, MakeBot, RunningBot, answer_to, button_data, press, reported, shown, untagged
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.core import accept_undo
from bot.core.callbacks import Action, decode, encode
from bot.core.digest import replay
from bot.core.digest_types import EventRow, LogRow
from bot.core.types import Status
from bot.render.i18n import plain, t
from storage import events, timers

LAMP = "3号楼2单元楼道灯坏了"  # green: reminded at 30 minutes, escalated at 60


async def pending_timers(bot: RunningBot) -> list[tuple[int, str, object]]:
    async with bot.ctx.db.read() as c:
        rows = await timers.for_event(c, 1)
    return [(r.id, r.kind.value, r.due_at) for r in rows if r.status == "pending"]


async def log_actions(bot: RunningBot) -> list[str]:
    async with bot.ctx.db.read() as c:
        return [line.action for line in await events.timeline(c, 1)]


def changes(bot: RunningBot, since: int) -> list[str]:
    """What the bot sent, edited or deleted since a call mark."""
    return [c.method for c in bot.fake.calls[since:] if c.method.startswith(("send", "edit", "delete"))]


def message(bot: RunningBot, chat_id: int, message_id: int) -> dict:
    return next(m for m in bot.fake.messages(chat_id) if m["message_id"] == message_id)


async def lamp_accepted(make_bot: MakeBot) -> tuple[RunningBot, int, dict]:
    """刘阿姨 reports the lamp, 王师傅 accepts #1 from his card: the bot, the card's id, and what stood before the
    Accept (the acknowledgement's text, the pending timers, the card's buttons)."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(LI)
    _, ack = await reported(bot, LAMP)
    card = fake.find_message(WANG, "#1")
    assert card is not None
    before = {
        "ack": message(bot, GROUP_A, ack["message_id"])["text"],
        "ack_id": ack["message_id"],
        "timers": await pending_timers(bot),
        "buttons": fake.buttons(WANG, card["message_id"]),
    }
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).status is Status.ACCEPTED
    await shown(fake, WANG, card["message_id"], Action.UNDO_ACCEPT)
    return bot, card["message_id"], before


async def test_undo_within_the_window_puts_the_event_back_as_it_was(make_bot: MakeBot) -> None:
    bot, mid, before = await lamp_accepted(make_bot)
    fake = bot.fake
    assert "已接单" in message(bot, GROUP_A, before["ack_id"])["text"]
    await bot.advance(minutes=1)
    answer = await answer_to(fake, press(fake, WANG, WANG, mid, Action.UNDO_ACCEPT))
    assert answer["text"] == plain("zh-Hans", "cb.accept_undone", id=1) and not answer.get("show_alert")
    await bot.settle()
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG
    assert ev.accepted_at is None and ev.due_at is None
    await fake.wait_for(lambda: fake.buttons(WANG, mid) == before["buttons"] or None)  # Accept and Hand back again
    assert message(bot, GROUP_A, before["ack_id"])["text"] == before["ack"]  # the group reads what it read before
    assert await pending_timers(bot) == before["timers"]  # the same rows, due when they were
    assert (await log_actions(bot))[-1] == accept_undo.UNDONE
    # the reminder comes 30 minutes after the report, as it would have: not 30 minutes after the undo
    reminded = plain("zh-Hans", "dm.step.reminder", waited="").split("{")[0][:6]
    await bot.advance(minutes=29, seconds=30)
    assert any(reminded in m.get("text", "") for m in fake.messages(WANG)), [m.get("text") for m in fake.messages(WANG)]
    # he may accept it again, and nobody barred him
    card = fake.messages(WANG)[-1]
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).status is Status.ACCEPTED


async def test_a_late_press_changes_nothing(make_bot: MakeBot) -> None:
    bot, mid, _ = await lamp_accepted(make_bot)
    fake = bot.fake
    data = button_data(fake, WANG, mid, Action.UNDO_ACCEPT)  # a phone that has not shown the lapse yet
    await bot.advance(seconds=accept_undo.UNDO_WITHIN.total_seconds() + 1)
    ev, kept, calls = await bot.event(1), await pending_timers(bot), len(fake.calls)
    answer = await answer_to(fake, fake.press_button(WANG, WANG, mid, data))
    assert answer["text"] == plain("zh-Hans", "cb.undo_late", id=1) and answer.get("show_alert")
    await bot.settle()
    assert await bot.event(1) == ev and await pending_timers(bot) == kept
    assert changes(bot, calls) == ["editMessageText"]  # his card alone, brought up to date
    left = [untagged(b["callback_data"]) for b in fake.buttons(WANG, mid)]
    assert left and all(decode(d).action is not Action.UNDO_ACCEPT for d in left), left  # type: ignore[union-attr]
    assert accept_undo.UNDONE not in await log_actions(bot)


async def test_a_press_by_another_user_or_a_forged_one_changes_nothing(make_bot: MakeBot) -> None:
    bot, mid, _ = await lamp_accepted(make_bot)
    fake = bot.fake
    li_card = fake.send_message(LI, LI, "你好")  # a message of her chat to press on
    await bot.settle()
    ev, kept, calls = await bot.event(1), await pending_timers(bot), len(fake.calls)
    data = button_data(fake, WANG, mid, Action.UNDO_ACCEPT)
    # 李姐 presses 王师傅's Undo (the same data, forged under a message in her chat)
    answer = await answer_to(fake, fake.press_button(LI, LI, li_card["message_id"], data))
    assert answer["text"] == plain("zh-Hans", "cb.not_yours") and answer.get("show_alert")
    # a forged Undo of an event that does not exist, and one of a waiting event he never accepted
    answer = await answer_to(fake, fake.press_button(WANG, WANG, mid, encode(Action.UNDO_ACCEPT, 99)))
    assert answer["text"] == plain("zh-Hans", "cb.unknown")
    await bot.settle()
    assert await bot.event(1) == ev and await pending_timers(bot) == kept
    assert changes(bot, calls) == []
    fake.send_message(GROUP_A, RESIDENT, "5号楼门口垃圾没人收")
    other = await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await bot.settle()
    answer = await answer_to(fake, fake.press_button(WANG, WANG, other["message_id"], encode(Action.UNDO_ACCEPT, 2)))
    assert answer["text"] == plain("zh-Hans", "cb.not_yours") and answer.get("show_alert")
    await bot.settle()
    assert (await bot.event(2)).status is Status.DISPATCHED
    assert accept_undo.UNDONE not in await log_actions(bot)


async def test_two_undos_at_once_undo_once(make_bot: MakeBot) -> None:
    bot, mid, before = await lamp_accepted(make_bot)
    fake = bot.fake
    first = press(fake, WANG, WANG, mid, Action.UNDO_ACCEPT)
    second = press(fake, WANG, WANG, mid, Action.UNDO_ACCEPT)
    answers = await asyncio.gather(answer_to(fake, first), answer_to(fake, second))
    assert [a["text"] for a in answers] == [plain("zh-Hans", "cb.accept_undone", id=1)] * 2  # the tap went through
    await bot.settle()
    assert (await log_actions(bot)).count(accept_undo.UNDONE) == 1
    assert await pending_timers(bot) == before["timers"]


async def test_undo_and_a_close_at_once_one_wins(make_bot: MakeBot) -> None:
    bot, mid, _ = await lamp_accepted(make_bot)
    fake = bot.fake
    close = fake.press_button(WANG, WANG, mid, encode(Action.CLOSE_NOTHING_FOUND, 1))
    undo = press(fake, WANG, WANG, mid, Action.UNDO_ACCEPT)
    closed, undone = await answer_to(fake, close), await answer_to(fake, undo)
    await bot.settle()
    assert closed["text"] == plain("zh-Hans", "cb.closed", id=1)
    assert undone["show_alert"] and undone["text"] != plain("zh-Hans", "cb.accept_undone", id=1)
    ev = await bot.event(1)
    assert ev.status is Status.CLOSED
    assert accept_undo.UNDONE not in await log_actions(bot)


async def test_a_backups_accept_undone_goes_back_to_the_worker_it_was_given_to(make_bot: MakeBot) -> None:
    """An escalated lamp 李姐 (the backup, asked to help) accepts by mistake: undone, it is 王师傅's again, both cards
    as before (his Accept and Hand back, her Accept alone), and the committee, told she took it, hears it waits."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(LI)
    await reported(bot, LAMP)
    await bot.advance(minutes=61)  # reminded, then escalated: 李姐 asked, the committee told
    help_card = fake.messages(LI)[-1]
    await shown(fake, LI, help_card["message_id"], Action.ACCEPT)
    her_buttons = fake.buttons(LI, help_card["message_id"])
    await answer_to(fake, press(fake, LI, LI, help_card["message_id"], Action.ACCEPT))
    await bot.settle()
    assert fake.find_message(COMMITTEE, t("zh-Hans", "committee.settled.accepted", id=1, worker="李姐"))
    answer = await answer_to(fake, press(fake, LI, LI, help_card["message_id"], Action.UNDO_ACCEPT))
    assert answer["text"] == plain("zh-Hans", "cb.accept_undone", id=1)
    await bot.settle()
    ev = await bot.event(1)
    assert ev.status is Status.DISPATCHED and ev.assignee_id == WANG
    assert fake.buttons(LI, help_card["message_id"]) == her_buttons
    wang_card = fake.messages(WANG)[-1]
    assert button_data(fake, WANG, wang_card["message_id"], Action.HAND_BACK)
    assert fake.find_message(COMMITTEE, t("zh-Hans", "committee.settled.undone", id=1, worker="李姐"))
    # nobody was barred: 王师傅 may still accept it, and so may 李姐
    answer = await answer_to(fake, press(fake, WANG, WANG, wang_card["message_id"], Action.ACCEPT))
    assert answer["text"] == plain("zh-Hans", "cb.accepted", id=1)


def test_the_digest_counts_no_time_to_accept_for_an_undone_accept() -> None:
    """An Accept undone is no response: the replay of its log finds no acceptance in force; one after it counts from
    the report, as the resident waited on."""
    row = EventRow(1, "repair", "green", "A", "3", "2", "dispatched", WANG, 0)
    lines = [LogRow(1, 0, "reported", RESIDENT, None), LogRow(1, 60, "accepted", WANG, "|1,2|0")]
    undone = [*lines, LogRow(1, 90, accept_undo.UNDONE, WANG, str(WANG))]
    assert replay(row, undone, 1000).accepts == []
    assert replay(row, undone, 1000).waiting_since == 0
    again = [*undone, LogRow(1, 600, "accepted", WANG, "|3|0")]
    assert replay(row, again, 1000).accepts == [(600, WANG, 0)]


def test_what_an_accept_keeps_reads_back() -> None:
    kept = accept_undo.Before(WANG, (3, 4), True)
    assert accept_undo.parse(accept_undo.detail(kept)) == kept
    assert accept_undo.parse(accept_undo.detail(accept_undo.Before(None, ()))) == accept_undo.Before(None, ())
    assert accept_undo.parse(None) is None and accept_undo.parse("x|1|0") is None
