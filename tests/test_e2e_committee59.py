"""The committee's instructions and night, tidied (committee review 59): loose words ("让李姐去看看", not a reply)
count only for the events of notes just above, and ask which when several are; a red lowered to yellow at night is
told in one message; a refused instruction is answered in the chat's words; a red reported with nobody on duty is
not told "nobody" a second time minutes later."""

from __future__ import annotations

import pytest
from harness import MakeBot
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, WANG
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
    sent = fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去看看 #1")
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
    assert len(told) == 1 and "#2" in told[0], told
