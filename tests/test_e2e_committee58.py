"""The committee's night, finished (committee review 58): a member's plain instruction answering the night note
("明早让王师傅去看看") gives the event to that worker, whose card waits for his shift; the night note loses its buttons
and says who has it once someone does; a yellow waiting with no shift to wait for is chased; a red lowered to yellow
at night waits for the shift as a yellow does."""

from __future__ import annotations

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, answer_to, exchange, press, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG, ZHAO
from test_e2e_committee57 import MONDAY_22, ids, new_texts, yellow_at_night
from test_e2e_urgency import UNSURE_RED

import bot.core.parser as parser_mod
from bot.core.callbacks import Action, encode, id_arg
from bot.core.community_file import parse_community
from bot.core.escalation import DISPATCH_KINDS
from bot.core.types import Urgency
from bot.render.i18n import plain
from storage import timers


def said_under(bot: RunningBot, sent: dict) -> list[str]:
    return [
        m.get("text", "")
        for m in bot.fake.messages(COMMITTEE)
        if m.get("reply_to_message", {}).get("message_id") == sent["message_id"]
    ]


def note_now(bot: RunningBot, note: dict) -> dict:
    """The committee's night note as it stands (edits applied)."""
    return next(m for m in bot.fake.messages(COMMITTEE) if m["message_id"] == note["message_id"])


async def test_a_night_note_handed_to_the_morning_shift_says_so(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    await bot.advance(hours=10, minutes=31)  # Tuesday 08:31: the hand-off gave it to 王师傅
    assert (await bot.event(1)).assignee_id == WANG
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []
    last = note_now(bot, note)["text"].splitlines()[-1]
    assert last == plain("zh-Hans", "committee.night_note_now", worker="王师傅"), last


async def test_a_night_note_s_button_leaves_one_line_saying_who_has_it(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    query = press(bot.fake, ADMIN, COMMITTEE, note["message_id"], Action.ASSIGN, id_arg(LI))
    await answer_to(bot.fake, query)
    await bot.settle(timers=True)
    assert bot.fake.buttons(COMMITTEE, note["message_id"]) == []
    last = note_now(bot, note)["text"].splitlines()[-1]
    assert last == plain("zh-Hans", "committee.night_note_now", worker="李姐"), last


# nobody in grid A's rota: a report there has no shift to wait for
NO_SHIFT_SOON = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
    "shifts", {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "08:00", "end": "20:00"}
)


async def test_a_yellow_with_no_shift_to_wait_for_is_chased(make_bot: MakeBot) -> None:
    """Nobody in grid A's rota at all: the yellow is reminded to the committee and escalated, by timer rows."""
    bot = await make_bot(parse_community(NO_SHIFT_SOON, "t"), Clock(MONDAY_22))
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "4号楼停水了，一整天都没水")
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    async with bot.ctx.db.read() as c:
        kinds = {tm.kind for tm in await timers.for_event(c, 1) if tm.status == "pending"}
    assert kinds & DISPATCH_KINDS
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=16)
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 1 and "#1" in told[0], told  # reminded
    await bot.advance(minutes=15)
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 2 and told[1].startswith("⏫"), told


async def unsure_red_at_night(make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch) -> tuple[RunningBot, dict]:
    """Monday 22:00, nobody on duty until 王师傅 at 08:30: a red the reader was unsure of; its acknowledgement."""
    monkeypatch.setattr(parser_mod, "default_reader", lambda: UNSURE_RED)
    night = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts", {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30"}
    )
    bot = await make_bot(parse_community(night, "t"), Clock(MONDAY_22))
    ack = await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道里好像有点味道，大家注意一下", "已登记 #1")
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.RED
    return bot, ack


async def test_a_red_lowered_to_yellow_at_night_waits_for_the_shift(
    make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, ack = await unsure_red_at_night(make_bot, monkeypatch)
    fake = bot.fake
    fake.press_button(RESIDENT, GROUP_A, ack["message_id"], encode(Action.NOT_URGENT, 1))
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    async with bot.ctx.db.read() as c:
        kinds = {tm.kind for tm in await timers.for_event(c, 1) if tm.status == "pending"}
    assert not kinds & DISPATCH_KINDS, kinds
    when = plain("zh-Hans", "when.tomorrow", hm="08:30")
    assert any(f"下一班{when} 上班" in m.get("text", "") for m in fake.messages(COMMITTEE))
    before = ids(bot, COMMITTEE)
    await bot.advance(hours=3)
    assert new_texts(bot, COMMITTEE, before) == []  # no paging all night
    await bot.advance(hours=7, minutes=31)
    assert (await bot.event(1)).assignee_id == WANG


async def test_a_yellow_whose_shift_comes_with_nobody_on_duty_is_chased(make_bot: MakeBot) -> None:
    """The night note said 08:30; both its workers then marked themselves off until 10:00: at 08:30 nobody took it,
    and it waited with no timer at all."""
    bot, note = await yellow_at_night(make_bot)
    for worker in (WANG, LI):
        bot.fake.send_message(worker, worker, "/offduty 12")
    await bot.settle(timers=True)
    await bot.advance(hours=10, minutes=31)  # Tuesday 08:31: the shift's hand-off finds nobody
    assert (await bot.event(1)).assignee_id is None
    async with bot.ctx.db.read() as c:
        kinds = {tm.kind for tm in await timers.for_event(c, 1) if tm.status == "pending"}
    assert kinds & DISPATCH_KINDS, kinds  # rows, before they act
    before = ids(bot, COMMITTEE)
    await bot.advance(minutes=16)
    told = new_texts(bot, COMMITTEE, before)
    assert len(told) == 1 and told[0].startswith("⏰") and "#1" in told[0], told


@pytest.mark.parametrize(
    ("words", "urgency"),
    [
        ("2号楼电梯坏了，老人下不了楼", Urgency.YELLOW),
        # committee review 59: a green had no note, and was left out of the list ("1 件") it had come with
        ("5号楼3单元楼道灯坏了", Urgency.GREEN),
    ],
)
async def test_the_morning_says_in_one_message_who_has_each_of_the_night_s_events(
    make_bot: MakeBot, words: str, urgency: Urgency
) -> None:
    """Committee review: in the morning the chair scrolled through each night note, buttons and all, to learn
    whether anyone had them."""
    bot, _ = await yellow_at_night(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT + 1, words)
    await bot.settle(timers=True)
    assert (await bot.event(2)).urgency is urgency
    before = ids(bot, COMMITTEE)
    await bot.advance(hours=10, minutes=31)  # Tuesday 08:31
    [morning] = [text for text in new_texts(bot, COMMITTEE, before) if text.startswith("🔔")]
    lines = morning.splitlines()
    assert lines[0] == plain("zh-Hans", "committee.night_handed", n=2), morning
    assert lines[1].startswith("#1 ·") and lines[1].endswith("→ 王师傅"), morning
    assert lines[2].startswith("#2 ·") and lines[2].endswith("→ 王师傅"), morning
