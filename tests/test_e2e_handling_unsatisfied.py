"""A close that did not fix her problem is the committee's to follow up (day-in-the-life review: a leak from an empty
flat above, closed "cannot fix", reached no one but the resident; her "那怎么办呢？水一直在滴，谁来管啊" was asked
"Report it?", and her 😐 "not satisfied" was a figure in the weekly digest only). The committee is told of a "cannot
fix" with its reason, and of her "not satisfied" with a "cannot fix" or "referred elsewhere" (button or words), each
with the button that opens it again; a note's Reopen keeps its own words (it rewrote a neighbour's note as another)."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_close, answer_to, exchange, press, under
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, START, WANG
from steps import closed_lift, merging_bot

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain

REASON = "楼上602业主在外地，联系不上，需要物业联系业主开门"
NEIGHBOUR = 6002


async def closed_cannot_fix(make_bot: MakeBot, outcome: Action = Action.CLOSE_CANNOT) -> RunningBot:
    """刘阿姨 (who started the bot) reports a leak in her group; 王师傅 closes it as `outcome`, with his words."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元502卫生间天花板漏水", "#1", where=WANG)
    await accept_and_close(fake, WANG, dm["message_id"], outcome)
    await fake.wait_for(lambda: fake.find_message(WANG, "请回复"))
    fake.send_message(WANG, WANG, REASON)
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已办结"))
    await bot.settle()
    return bot


def notes(bot: RunningBot, needle: str) -> list[dict]:
    """The committee chat's messages holding `needle`."""
    return [m for m in bot.fake.messages(COMMITTEE) if needle in (m.get("text") or "")]


def shown_now(bot: RunningBot, chat_id: int, message_id: int) -> dict:
    """The message as the chat shows it now (after its edits)."""
    return next(m for m in bot.fake.messages(chat_id) if m["message_id"] == message_id)


def reopens(bot: RunningBot, note: dict) -> bool:
    """The note carries the button that opens #1 again."""
    return any(
        b.get("callback_data", "").endswith(f":{Action.REOPEN.value}:1")
        for b in bot.fake.buttons(COMMITTEE, note["message_id"])
    )


async def test_a_cannot_fix_is_told_to_the_committee_with_its_reason_and_reopen(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot)
    fake = bot.fake
    note = await fake.wait_for(lambda: next(iter(notes(bot, "暂时无法解决")), None))
    assert REASON in note["text"] and "王师傅" in note["text"] and reopens(bot, note)
    await bot.settle()
    await answer_to(fake, press(fake, ADMIN, COMMITTEE, note["message_id"], Action.REOPEN))
    await bot.settle()
    assert (await bot.event(1)).status is Status.DISPATCHED
    edited = shown_now(bot, COMMITTEE, note["message_id"])
    assert REASON in edited["text"] and "重新打开" in edited["text"]  # its own words kept, who opened it below


async def test_a_referred_close_is_not_a_call_to_the_committee(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot, Action.CLOSE_REFERRED)
    assert notes(bot, REASON) == []


async def test_her_not_satisfied_button_after_cannot_fix_reaches_the_committee(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot)
    fake = bot.fake
    await bot.advance(hours=2)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "处理和说明满意吗"))
    await answer_to(fake, press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, "meh"))
    note = await fake.wait_for(lambda: next(iter(notes(bot, "不满意")), None))
    assert "#1" in note["text"] and reopens(bot, note)
    assert (await bot.event(1)).status is Status.CLOSED  # the committee decides


async def test_her_words_under_the_handling_question_are_her_not_satisfied(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot)
    fake = bot.fake
    await bot.advance(hours=2)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT, "处理和说明满意吗"))
    fake.send_message(RESIDENT, RESIDENT, "那怎么办呢？水一直在滴，谁来管啊")  # typed below it, not a reply
    note = await fake.wait_for(lambda: next(iter(notes(bot, "谁来管啊")), None))
    assert "不满意" in note["text"] and reopens(bot, note)
    done = await fake.wait_for(lambda: "对处理不满意" in shown_now(bot, RESIDENT, ask["message_id"])["text"] or None)
    assert done and not fake.find_message(RESIDENT, "需要处理的问题吗")  # no "Report it?"
    assert await bot.event_count() == 1


async def test_her_words_before_the_question_is_due_count_too(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot, Action.CLOSE_REFERRED)
    fake = bot.fake
    said = fake.send_message(GROUP_A, RESIDENT, "不满意，水还在漏")
    reply = await fake.wait_for(lambda: under(fake, GROUP_A, said["message_id"]))
    assert reply["text"] == plain("zh-Hans", "survey.done_handling.unsatisfied", id=1)
    assert notes(bot, "水还在漏")
    await bot.advance(hours=2)
    assert not fake.find_message(RESIDENT, "处理和说明满意吗")  # she said it already


async def test_her_calm_words_answer_nothing(make_bot: MakeBot) -> None:
    bot = await closed_cannot_fix(make_bot)
    await bot.advance(hours=2)
    await bot.fake.wait_for(lambda: bot.fake.find_message(RESIDENT, "处理和说明满意吗"))
    bot.fake.send_message(RESIDENT, RESIDENT, "好的，理解")
    await bot.settle()
    assert notes(bot, "不满意") == []


async def test_reopen_under_a_neighbours_note_keeps_its_words(make_bot: MakeBot) -> None:
    bot = await merging_bot(make_bot)
    fake = bot.fake
    ack = await closed_lift(bot)
    fake.send_message(GROUP_A, NEIGHBOUR, "还是没修好", reply_to_message_id=ack["message_id"])
    note = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "邻居"))
    await bot.settle()  # its row marked sent, as it is long before anyone's finger reaches it
    await answer_to(fake, press(fake, ADMIN, COMMITTEE, note["message_id"], Action.REOPEN))
    await bot.settle()
    edited = shown_now(bot, COMMITTEE, note["message_id"])
    assert "邻居" in edited["text"] and "重新打开过" not in edited["text"]
