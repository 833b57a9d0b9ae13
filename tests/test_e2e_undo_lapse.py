"""The Undo of a mistaken Accept leaves the worker's card when its time lapses (worker review: a dead "⏪ 撤销接单" sat
on every accepted card for good, and a tap on it between jobs only said it was too late). A timer row takes it off,
silently (the buttons alone), keeping the card's other buttons; a card whose buttons changed meanwhile (the Close
outcome chooser, closed, handed back, the Accept undone) is left as it is."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, data_of, press, reported, shown
from ids import COMMITTEE, GROUP_A, RESIDENT2, WANG

from bot.core import accept_undo
from bot.core.callbacks import Action, decode, encode
from bot.core.escalation import TimerKind
from bot.core.types import Status
from bot.fakeapi import errors
from storage import outbox, timers

LAMP = "3号楼2单元楼道灯坏了"  # green: reminded at 30 minutes
AGAIN = "3号楼2单元楼道灯坏了，晚上很黑"  # the same lamp a neighbour reports: merged into #1
LAPSE = accept_undo.UNDO_WITHIN.total_seconds()


def changes(bot: RunningBot, since: int) -> list[tuple[str, object]]:
    """What the bot sent, edited or deleted since a call mark, and in which chat."""
    return [
        (c.method, c.params.get("chat_id"))
        for c in bot.fake.calls[since:]
        if c.method.startswith(("send", "edit", "delete"))
    ]


def actions(bot: RunningBot, message_id: int) -> list[Action]:
    """The actions of the buttons on 王师傅's card, in order."""
    return [cb.action for d in data_of(bot.fake, WANG, message_id) if (cb := decode(d)) is not None]


def card_text(bot: RunningBot, message_id: int) -> str:
    return next(m["text"] for m in bot.fake.messages(WANG) if m["message_id"] == message_id)


def message_ids(bot: RunningBot, chat_id: int) -> list[int]:
    return [m["message_id"] for m in bot.fake.messages(chat_id)]


async def accepted(make_bot: MakeBot, merged: bool = False) -> tuple[RunningBot, int]:
    """刘阿姨 reports the lamp (``merged``: 陈先生 reports it too, one event), 王师傅 accepts #1 from his card: the
    bot and the card's id, the card showing Undo."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400 if merged else 0)
    fake = bot.fake
    await reported(bot, LAMP)
    card = fake.find_message(WANG, "#1")
    assert card is not None
    if merged:
        fake.send_message(GROUP_A, RESIDENT2, AGAIN)
        await shown(fake, WANG, card["message_id"], Action.SPLIT)
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).status is Status.ACCEPTED
    await shown(fake, WANG, card["message_id"], Action.UNDO_ACCEPT)
    await bot.settle()
    return bot, card["message_id"]


async def test_the_undo_goes_when_its_time_lapses_and_the_other_buttons_stay(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot, merged=True)
    fake = bot.fake
    shown_then = actions(bot, mid)
    assert shown_then == [Action.CLOSE, Action.HAND_BACK, Action.UNDO_ACCEPT, Action.SPLIT], shown_then
    text, his, mark = card_text(bot, mid), message_ids(bot, WANG), len(fake.calls)
    await bot.advance(seconds=LAPSE - 1)
    assert actions(bot, mid) == shown_then and changes(bot, mark) == []  # a second before: still his to undo
    await bot.advance(seconds=1)
    assert actions(bot, mid) == [Action.CLOSE, Action.HAND_BACK, Action.SPLIT]
    assert changes(bot, mark) == [("editMessageReplyMarkup", WANG)]  # the buttons alone: no message, no sound
    assert message_ids(bot, WANG) == his and card_text(bot, mid) == text
    async with bot.ctx.db.read() as c:
        assert [t.status for t in await timers.for_event(c, 1) if t.kind is TimerKind.UNDO_LAPSE] == ["done"]
    # the card still works: Close opens the outcome chooser
    await answer_to(fake, press(fake, WANG, WANG, mid, Action.CLOSE))
    await shown(fake, WANG, mid, Action.CLOSE_FIXED)


async def test_the_close_chooser_opened_within_the_window_is_not_overwritten(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    await bot.advance(minutes=1)
    await answer_to(fake, press(fake, WANG, WANG, mid, Action.CLOSE))
    await shown(fake, WANG, mid, Action.CLOSE_FIXED)
    await bot.settle()
    chooser, mark = actions(bot, mid), len(fake.calls)
    await bot.advance(minutes=2)
    assert actions(bot, mid) == chooser and changes(bot, mark) == []
    # back from the chooser: Close and Hand back, no Undo that can no longer be
    await answer_to(fake, press(fake, WANG, WANG, mid, Action.CLOSE_BACK))
    await fake.wait_for(lambda: actions(bot, mid) == [Action.CLOSE, Action.HAND_BACK] or None)


async def test_a_restart_in_between_still_takes_it_off(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    his = message_ids(bot, WANG)
    await fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += accept_undo.UNDO_WITHIN / 2  # down for a minute of it
    await bot.start()
    await bot.settle(timers=True)
    assert Action.UNDO_ACCEPT in actions(bot, mid)
    mark = len(fake.calls)
    await bot.advance(minutes=1)
    assert actions(bot, mid) == [Action.CLOSE, Action.HAND_BACK]
    assert changes(bot, mark) == [("editMessageReplyMarkup", WANG)] and message_ids(bot, WANG) == his


async def test_down_over_the_lapse_it_goes_once_started(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    await fake.wait_until_updates_consumed()
    await bot.stop()
    bot.clock.at += accept_undo.UNDO_WITHIN * 3
    mark = len(fake.calls)
    await bot.start()
    await bot.settle(timers=True)
    assert actions(bot, mid) == [Action.CLOSE, Action.HAND_BACK]
    assert [m for m in changes(bot, mark) if m[1] == WANG] == [("editMessageReplyMarkup", WANG)]


async def test_an_undo_within_the_window_cancels_it(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    await bot.advance(minutes=1)
    await answer_to(fake, press(fake, WANG, WANG, mid, Action.UNDO_ACCEPT))
    await fake.wait_for(lambda: actions(bot, mid) == [Action.ACCEPT, Action.HAND_BACK] or None)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert [t.status for t in await timers.for_event(c, 1) if t.kind is TimerKind.UNDO_LAPSE] == ["cancelled"]
    mark = len(fake.calls)
    await bot.advance(minutes=2)
    assert changes(bot, mark) == [] and actions(bot, mid) == [Action.ACCEPT, Action.HAND_BACK]


async def test_a_close_within_the_window_is_left_as_it_is(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    await answer_to(fake, fake.press_button(WANG, WANG, mid, encode(Action.CLOSE_NOTHING_FOUND, 1)))
    await bot.settle()
    assert (await bot.event(1)).status is Status.CLOSED
    closed, mark = actions(bot, mid), len(fake.calls)
    await bot.advance(minutes=2)
    assert changes(bot, mark) == [] and actions(bot, mid) == closed


async def test_a_hand_back_within_the_window_is_left_as_it_is(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    await answer_to(fake, press(fake, WANG, WANG, mid, Action.HAND_BACK))
    await bot.settle()
    assert (await bot.event(1)).assignee_id != WANG
    handed, mark = actions(bot, mid), len(fake.calls)
    await bot.advance(minutes=2)
    assert [m for m in changes(bot, mark) if m[1] == WANG] == [] and actions(bot, mid) == handed


async def test_telegram_saying_not_modified_is_harmless(make_bot: MakeBot) -> None:
    bot, mid = await accepted(make_bot)
    fake = bot.fake
    fake.fail_next("editMessageReplyMarkup", 400, f"Bad Request: {errors.NOT_MODIFIED}", chat_id=WANG)
    committee, his, mark = message_ids(bot, COMMITTEE), message_ids(bot, WANG), len(fake.calls)
    await bot.advance(minutes=2)
    await bot.settle()
    assert changes(bot, mark) == [("editMessageReplyMarkup", WANG)]  # tried once: taken as done, not again
    assert [c.error["description"] for c in fake.calls[mark:] if c.error] == [f"Bad Request: {errors.NOT_MODIFIED}"]
    assert message_ids(bot, COMMITTEE) == committee and message_ids(bot, WANG) == his
    async with bot.ctx.db.read() as c:
        assert await outbox.failures(c) == [] and "pending" not in await outbox.counts(c)


def test_only_the_events_undo_leaves_the_buttons() -> None:
    close, hand_back = encode(Action.CLOSE, 1), encode(Action.HAND_BACK, 1)
    split = {"text": "✂️", "callback_data": encode(Action.SPLIT, 7)}
    card = {
        "inline_keyboard": [
            [{"text": "✔️", "callback_data": close}, {"text": "↩️", "callback_data": hand_back}],
            [{"text": "⏪", "callback_data": encode(Action.UNDO_ACCEPT, 1)}],
            [split],
        ]
    }
    kept = accept_undo.without_undo(card, 1)
    assert kept == {"inline_keyboard": [card["inline_keyboard"][0], [split]]}
    assert accept_undo.without_undo(kept, 1) is None  # no Undo: nothing to change
    assert accept_undo.without_undo(card, 2) is None  # another event's card
    assert accept_undo.without_undo(None, 1) is None
