"""The committee's instructions and night, tidied (committee review 59): loose words ("让李姐去看看", not a reply)
count only for the events of notes just above, and ask which when several are; a red lowered to yellow at night is
told in one message; a refused instruction is answered in the chat's words; a red reported with nobody on duty is
not told "nobody" a second time minutes later, nor "reminded many times" as the morning's worker gets it; "明早…"
of a red says it went now (the morning list's green: ``test_e2e_committee58``)"""

from __future__ import annotations

import pytest
from harness import MakeBot
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_committee57 import ids, new_texts, yellow_at_night
from test_e2e_committee58 import said_under, unsure_red_at_night

import bot.services.instructions as instructions_mod
from bot.core.callbacks import Action, encode
from bot.core.types import Status, Urgency
from bot.render.i18n import plain
from bot.services import workflow


async def test_loose_words_hours_after_the_note_give_nothing_away(make_bot: MakeBot) -> None:
    """Committee review: "让李姐去看看" typed long after the last note, about anything, gave that note's event away."""
    bot, _ = await yellow_at_night(make_bot)
    await bot.advance(hours=3)  # Tuesday 01:00: the note is long scrolled away
    before = ids(bot, COMMITTEE)
    bot.fake.send_message(COMMITTEE, ADMIN, "让李姐去看看")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    assert new_texts(bot, COMMITTEE, before) == []  # no answer: a reply to the note is needed


async def test_loose_words_under_two_fresh_notes_ask_which(make_bot: MakeBot) -> None:
    bot, _ = await yellow_at_night(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT + 1, "2号楼电梯坏了，老人下不了楼")
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is Urgency.YELLOW
    sent = fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去看看")
    await bot.settle(timers=True)
    assert [(await bot.event(n)).assignee_id for n in (1, 2)] == [None, None]  # not guessed
    [asked] = said_under(bot, sent)
    lines = asked.splitlines()
    assert lines[0] == plain("zh-Hans", "committee.instruct_pick", name="王师傅", id=1), asked
    assert lines[1].startswith("#1 · ") and lines[1].endswith("4号楼"), asked
    assert lines[2].startswith("#2 · ") and lines[2].endswith("2号楼"), asked
    [question] = [m for m in fake.messages(COMMITTEE) if m.get("text") == asked]
    sent = fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去看看 #1", reply_to_message_id=question["message_id"])
    await bot.settle(timers=True)
    assert [(await bot.event(n)).assignee_id for n in (1, 2)] == [WANG, None]
    [confirmed] = said_under(bot, sent)
    assert confirmed.startswith(plain("zh-Hans", "committee.instructed_later", id=1, worker="王师傅", when="X")[:10])


async def test_a_red_lowered_to_yellow_at_night_is_one_message(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Committee review: "🟡 #1：报告人说明情况不紧急" and the yellow's night note came as two messages."""
    bot, ack = await unsure_red_at_night(make_bot, monkeypatch)
    fake = bot.fake
    before = ids(bot, COMMITTEE)
    fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    [told] = new_texts(bot, COMMITTEE, before)
    when = plain("zh-Hans", "when.tomorrow", hm="08:30")
    assert f"下一班{when} 上班" in told and plain("zh-Hans", "committee.lowered_at_night") in told, told
    # the red's alert asks no more ("请居委会立即安排" and its buttons): it points to the yellow's note
    [red] = [m for m in fake.messages(COMMITTEE) if m["message_id"] in before and "#1" in m.get("text", "")]
    assert fake.buttons(COMMITTEE, red["message_id"]) == [], red
    assert red["text"].splitlines()[-1] == plain("zh-Hans", "committee.lowered_see_below"), red["text"]


async def test_a_refused_instruction_is_answered_in_the_chat_s_words(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A race: 王师傅 accepts just as a member says "让李姐马上去看看"; the answer read "…请刷新页面"."""
    bot, note = await yellow_at_night(make_bot)
    await bot.advance(hours=10, minutes=31)  # Tuesday 08:31: the hand-off gave it to 王师傅
    assert (await bot.event(1)).assignee_id == WANG
    real = instructions_mod.reassign

    async def raced(ctx, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202 - the real one's
        await workflow.accept(ctx, 1, WANG)  # he took it first
        return await real(ctx, *args, **kw)

    monkeypatch.setattr(instructions_mod, "reassign", raced)
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "让李姐马上去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instruct_taken", id=1, worker="李姐"), answer


async def test_a_red_with_nobody_on_duty_is_told_once_not_twice_in_minutes(make_bot: MakeBot) -> None:
    """Committee review: "当前没有网格员负责…请居委会立即安排" and, minutes later, "仍无人接单，也没有可以再提醒的值班
    人员（当前派给：无）", both with the buttons."""
    bot, _ = await yellow_at_night(make_bot)
    before = ids(bot, COMMITTEE)
    bot.fake.send_message(GROUP_A, RESIDENT + 1, "2号楼1单元燃气泄漏了，味道很大")
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is Urgency.RED
    await bot.advance(minutes=30)
    told = new_texts(bot, COMMITTEE, before)
    # its alert, then only its pages (test_e2e_committee60), each pointing to the alert, none asking a second time
    assert "#2" in told[0] and all(text.startswith("🚨 再次提醒") for text in told[1:]), told


async def test_a_night_red_handed_on_in_the_morning_is_not_told_many_reminders_at_once(make_bot: MakeBot) -> None:
    """Committee review: as the morning list said the night's red was with 王师傅, a second message said it had waited
    10.5 hours and the workers on duty had been reminded many times: nobody had been, and he had just got it."""
    bot, _ = await yellow_at_night(make_bot)
    bot.fake.send_message(GROUP_A, RESIDENT + 1, "2号楼1单元燃气泄漏了，味道很大")
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is Urgency.RED
    for _ in range(20):  # the night, half an hour at a time (its re-pings reach no one)
        await bot.advance(minutes=30)
    before = ids(bot, COMMITTEE)  # Tuesday 08:00
    await bot.advance(minutes=30)  # 08:30: the shift hands it on, and a re-ping reaches 王师傅
    assert (await bot.event(2)).assignee_id == WANG
    told = new_texts(bot, COMMITTEE, before)
    assert [text[:1] for text in told] == ["🔔"], told  # the morning list alone
    await bot.advance(hours=1, minutes=5)  # still not accepted: the committee hears, an hour on
    later = new_texts(bot, COMMITTEE, before)[1:]
    assert any("#2" in text and "无人接单" in text for text in later), later


async def test_a_red_instructed_for_the_morning_says_it_went_now(make_bot: MakeBot) -> None:
    """ "明早让李姐去看看" under a gas leak's note: sent to her now (a red does not wait), and the answer says why,
    not a bare "已通知本人" to words that said the morning."""
    bot, _ = await yellow_at_night(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT + 1, "2号楼1单元燃气泄漏了，味道很大")
    await bot.settle(timers=True)
    [note] = [m for m in fake.messages(COMMITTEE) if "#2" in m.get("text", "")]
    sent = fake.send_message(COMMITTEE, ADMIN, "明早让李姐去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(2)).assignee_id == LI
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instructed_red", id=2, worker="李姐"), answer
