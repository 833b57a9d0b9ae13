"""A committee member's plain instruction answering the night note (committee review 58): "明早让王师傅去看看",
"让小李明天一早处理", "ask Wang to look at it in the morning" give the event to that worker, whose card waits for his
shift; one for now, to a worker on duty, sends it now; an unknown or ambiguous name is answered with the workers."""

from __future__ import annotations

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_committee57 import MONDAY_22, ids, new_texts, yellow_at_night
from test_e2e_committee58 import note_now, said_under

from bot.core.community_file import parse_community
from bot.core.types import Status
from bot.render.i18n import plain


@pytest.mark.parametrize(
    ("words", "worker", "name", "reply"),
    [
        ("明早让王师傅去看看", WANG, "王师傅", True),
        ("让小李明天一早处理", LI, "李姐", False),
        ("ask Wang to look at it in the morning", WANG, "王师傅", True),
    ],
)
async def test_a_night_instruction_gives_it_to_the_worker_for_his_shift(
    make_bot: MakeBot, words: str, worker: int, name: str, reply: bool
) -> None:
    """Committee review: "明早让王师傅去看看" under the night note reached no one."""
    bot, note = await yellow_at_night(make_bot)
    fake = bot.fake
    before = ids(bot, worker)
    sent = fake.send_message(COMMITTEE, ADMIN, words, **({"reply_to_message_id": note["message_id"]} if reply else {}))
    await bot.settle(timers=True)
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.DISPATCHED, worker)
    when = plain("zh-Hans", "when.tomorrow", hm="08:30")
    [confirmed] = said_under(bot, sent)
    assert confirmed == plain("zh-Hans", "committee.instructed_later", id=1, worker=name, when=when), confirmed
    assert new_texts(bot, worker, before) == []  # not woken at night
    now = note_now(bot, note)
    assert fake.buttons(COMMITTEE, note["message_id"]) == [] and name in now["text"].splitlines()[-1], now
    await bot.advance(hours=1)
    assert new_texts(bot, worker, before) == []  # nor reminded at night
    await bot.advance(hours=9, minutes=31)  # Tuesday 08:31: his card
    assert any("#1" in text for text in new_texts(bot, worker, before))
    assert (await bot.event(1)).assignee_id == worker


async def test_an_instruction_for_a_worker_on_duty_sends_his_card_now(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    fake = bot.fake
    await bot.advance(hours=10, minutes=20)  # Tuesday 08:20: before the shift; then 08:30 … 08:40
    await bot.advance(minutes=20)
    ev = await bot.event(1)
    assert ev.assignee_id == WANG  # the hand-off gave it to him
    before = ids(bot, LI)
    sent = fake.send_message(COMMITTEE, ADMIN, "让李姐马上去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == LI
    assert any("#1" in text for text in new_texts(bot, LI, before))
    [confirmed] = said_under(bot, sent)
    assert confirmed == plain("zh-Hans", "committee.instructed", id=1, worker="李姐")


async def test_an_unknown_name_is_answered_with_the_workers(make_bot: MakeBot) -> None:
    bot, note = await yellow_at_night(make_bot)
    sent = bot.fake.send_message(COMMITTEE, ADMIN, "明早让孙师傅去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instruct_who", id=1, name="孙师傅", workers="王师傅、李姐、赵师傅"), (
        answer
    )


TWO_WANGS = COMMUNITY_TOML.replace('name = "王师傅"', 'name = "王强"').replace('name = "赵师傅"', 'name = "王明"')


async def test_an_ambiguous_name_is_answered_with_the_workers_it_may_mean(make_bot: MakeBot) -> None:
    night = TWO_WANGS.split("[[shifts]]")[0] + toml_tables(
        "shifts", {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30"}
    )
    bot = await make_bot(parse_community(night, "t"), Clock(MONDAY_22))
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "4号楼停水了，一整天都没水")
    await bot.settle(timers=True)
    [note] = fake.messages(COMMITTEE)
    sent = fake.send_message(COMMITTEE, ADMIN, "明早让王师傅去看看", reply_to_message_id=note["message_id"])
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id is None
    [answer] = said_under(bot, sent)
    assert answer == plain("zh-Hans", "committee.instruct_which", id=1, name="王师傅", workers="王强、王明"), answer
