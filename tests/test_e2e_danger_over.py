"""A red event's reporter says its danger is over (sweep of a lift rescue: "人救出来了，孩子没事，谢谢大家" under her
"电梯困人了！里面有个小孩在哭" was passed to 王师傅 alone, and he and 李姐 were paged "紧急事件仍无人接单（第 2 次
提醒）" minutes after the child was out; typed without replying it was silent). Now her words lower the red to yellow
(the lift may still need someone), reach every worker the red paged and the committee in a new message, and the red
re-pings stop. A danger told as still there, a question, or a neighbour's words do not lower it."""

from __future__ import annotations

import pytest
from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, press, sent_texts, shown, toml_tables
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from test_e2e_committee57 import MONDAY_22

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.core.escalation import TimerKind
from bot.core.types import Urgency
from bot.render.i18n import plain
from storage import timers

RED = "3号楼2单元电梯困人了！里面有个小孩在哭"
REPAGED = "紧急事件仍无人接单"


async def red_reported(make_bot: MakeBot) -> tuple[RunningBot, int]:
    """刘阿姨's lift trapping a child: red, 王师傅 and 李姐 paged at once; the message id of her report."""
    bot = await make_bot(clock=Clock())
    for worker in (WANG, LI):
        bot.fake.user_starts_bot(worker)
    report = bot.fake.send_message(GROUP_A, RESIDENT, RED)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.RED
    return bot, report["message_id"]


async def pending_kinds(bot: RunningBot) -> set[TimerKind]:
    async with bot.ctx.db.read() as c:
        return {t.kind for t in await timers.pending(c)}


@pytest.mark.parametrize("replied", [True, False])
@pytest.mark.parametrize(
    "words",
    [
        "人救出来了，孩子没事，谢谢大家",
        "人已經救咗出嚟，冇事",
        "the boy has been rescued, thanks everyone",
        "everyone is out safe",  # "is out" of people, not of a light (neighbour60)
        "they got him out, he is fine",
        "搵到佢喇，冇事",
    ],
)
async def test_her_danger_over_lowers_it_and_tells_everyone_it_paged(
    make_bot: MakeBot, words: str, replied: bool
) -> None:
    bot, report = await red_reported(make_bot)
    await bot.advance(minutes=3)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, words, reply_to_message_id=report if replied else None)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    her = words.replace("'", "&#x27;")
    for chat in (WANG, LI, COMMITTEE):  # each reads her words in a new message, not only an edit
        assert any("🟡 #1" in text and her in text for text in sent_texts(bot.fake, chat, mark)), chat
    assert any(text.startswith(("收到，#1", "Thank you. #1")) for text in sent_texts(bot.fake, GROUP_A, mark))
    assert TimerKind.REPING not in await pending_kinds(bot)
    later = bot.fake.mark()
    await bot.advance(minutes=15)
    await bot.settle(timers=True)
    assert not any(REPAGED in text for w in (WANG, LI) for text in sent_texts(bot.fake, w, later))


@pytest.mark.parametrize(
    ("writer", "words"),
    [
        (RESIDENT, "一号电梯的人救出来了，二号电梯还关着一个"),  # a danger still there
        (RESIDENT, "人救出来了吗？"),  # asked
        (RESIDENT2, "人救出来了，孩子没事"),  # a neighbour: not hers to lower
    ],
)
async def test_a_danger_still_there_a_question_or_a_neighbour_does_not_lower_it(
    make_bot: MakeBot, writer: int, words: str
) -> None:
    bot, _ = await red_reported(make_bot)
    bot.fake.send_message(GROUP_A, writer, words)
    await bot.settle()
    assert (await bot.event(1)).urgency is Urgency.RED
    assert TimerKind.REPING in await pending_kinds(bot)


async def test_accepted_red_lowered_keeps_his_work_and_tells_him(make_bot: MakeBot) -> None:
    bot, report = await red_reported(make_bot)
    card = bot.fake.find_message(WANG, "#1")["message_id"]
    await shown(bot.fake, WANG, card, Action.ACCEPT)
    press(bot.fake, WANG, WANG, card, Action.ACCEPT)
    await bot.settle()
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "火灭了，没人受伤", reply_to_message_id=report)
    await bot.settle()
    ev = await bot.event(1)
    assert ev.urgency is Urgency.YELLOW and ev.status.value == "accepted" and ev.assignee_id == WANG
    assert any("火灭了，没人受伤" in text for text in sent_texts(bot.fake, WANG, mark))


async def test_at_night_with_nobody_on_duty_the_night_note_carries_her_words(make_bot: MakeBot) -> None:
    """Monday 22:00, nobody on duty until 08:30: one committee note (the yellow's night note) with her words, and she
    is not told the staff on duty were (there are none)."""
    night = COMMUNITY_TOML.split("[[shifts]]")[0] + toml_tables(
        "shifts", {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30"}
    )
    bot = await make_bot(parse_community(night, "t"), Clock(MONDAY_22))
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元电梯困人了，里面有个老人")
    await bot.settle(timers=True)
    await bot.advance(minutes=5)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "人救出来了，老人没事")
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    told = sent_texts(bot.fake, COMMITTEE, mark)
    assert len(told) == 1 and "🌙" in told[0] and "「人救出来了，老人没事」" in told[0], told
    assert sent_texts(bot.fake, GROUP_A, mark) == [plain("zh-Hans", "followup.danger_over_committee", id=1)]


async def test_her_fire_out_typed_without_replying_lowers_it(make_bot: MakeBot) -> None:
    """Stop 61's sweep: "火灭了，没人受伤，谢谢大家" typed after her fire was silent (the rules read "灭了" as a
    light out, another problem, and the words of a fire out were only "火熄了")."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    await bot.says(GROUP_A, RESIDENT, "3号楼车库电动车着火了，烟很大")
    await bot.advance(minutes=10)
    mark = await bot.says(GROUP_A, RESIDENT, "火灭了，没人受伤，谢谢大家")
    assert (await bot.event(1)).urgency is Urgency.YELLOW
    assert any("火灭了" in text for text in sent_texts(bot.fake, WANG, mark))
