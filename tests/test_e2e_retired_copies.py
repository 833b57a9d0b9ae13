"""An older copy of a worker's card goes when a newer one is sent (worker review): each of a red's re-pings edited
the copy before it into "⬇️ #1 已在下方重新发送", so after a quarter of an hour 李姐's chat held a wall of them above
the card she had to tap. The older copy is deleted; one Telegram will no longer let the bot delete (sent 48 hours
ago or more, or refused) stays, pointing to the copy below."""

from __future__ import annotations

from harness import Clock, MakeBot, answer_to, press
from ids import GROUP_A, LI, RESIDENT, WANG
from steps import closed_lift, first_report

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain


def cards_of(messages: list[dict], number: str = "#1") -> list[dict]:
    return [m for m in messages if number in (m.get("text") or "")]


async def test_a_reds_re_pings_leave_one_card_to_tap(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    await first_report(bot, "3号楼2单元着火了，浓烟很大", WANG, LI, where=LI)
    for _ in range(3):
        await bot.advance(minutes=5)
    cards = cards_of(bot.fake.messages(LI))
    assert len(cards) == 1 and "提醒" in cards[0]["text"], [m["text"] for m in cards]  # the last re-ping, alone
    assert not any(plain("zh-Hans", "dm.retired", id=1) in (m.get("text") or "") for m in bot.fake.messages(LI))
    await answer_to(bot.fake, press(bot.fake, LI, LI, cards[0]["message_id"], Action.ACCEPT))
    await bot.settle()
    assert (await bot.event(1)).assignee_id == LI


async def test_a_card_too_old_to_delete_points_to_the_new_one(make_bot: MakeBot) -> None:
    """#1 fixed, and three days later "还没修好" opens it again: 王师傅's new card comes, and his card of three days
    ago, which Telegram no longer lets the bot delete, says where to look."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    ack = await closed_lift(bot)
    old = cards_of(bot.fake.messages(WANG))[0]["message_id"]
    await bot.advance(days=3)
    bot.fake.send_message(GROUP_A, RESIDENT, "还没修好，还是不动", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    kept = next(m for m in bot.fake.messages(WANG) if m["message_id"] == old)
    assert kept["text"] == plain("zh-Hans", "dm.retired", id=1) and bot.fake.buttons(WANG, old) == []


async def test_a_delete_telegram_refuses_leaves_the_pointer_instead(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    await first_report(bot, "3号楼2单元着火了，浓烟很大", WANG, LI, where=LI)
    first = cards_of(bot.fake.messages(LI))[0]["message_id"]
    bot.fake.fail_next("deleteMessage", 400, "Bad Request: message can't be deleted", chat_id=LI)
    await bot.advance(minutes=5)
    await bot.settle()
    kept = next(m for m in bot.fake.messages(LI) if m["message_id"] == first)
    assert kept["text"] == plain("zh-Hans", "dm.retired", id=1) and bot.fake.buttons(LI, first) == []
    assert len(cards_of(bot.fake.messages(LI))) == 2  # the pointer and the re-ping below it
