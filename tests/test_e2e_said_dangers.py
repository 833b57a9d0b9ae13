"""A danger is never lost in words answering "Report it?" or in a confirmed reading (found in the fifth diff
review): a no, "it's fixed", then a danger is that danger; a yes with a danger and a reassuring word is a yes; a
/report or a confirmed forward of a danger stays red."""

from __future__ import annotations

import pytest
from harness import RunningBot, press
from ids import COMMITTEE, GROUP_A, RESIDENT, WANG
from test_e2e_answers import answered
from test_e2e_kinds import NEWS, answer_to

from bot.core.callbacks import Action
from bot.core.types import Urgency


@pytest.mark.parametrize(
    "words",
    [
        "不是，刚才那个修好了，现在3号楼着火了",
        "不是，火已经灭了，但是还有人困在电梯里",
        "不用了，修好了，但是5号楼电梯里还关着人",
    ],
)
async def test_no_then_settled_then_live_danger_is_raised(running: RunningBot, words: str) -> None:
    question = await answered(running, RESIDENT, words)
    n = await running.event_count()
    sos = running.fake.find_message(GROUP_A, "119") or running.fake.find_message(GROUP_A, "110")
    assert n == 1 and (await running.event(1)).urgency is Urgency.RED, (
        f"{words!r}: events={n}, 119/110 in group={bool(sos)}, question now: {question.get('text')!r}"
    )


@pytest.mark.parametrize("words", ["是的，着火了，没事的人都下楼了", "嗯，有人被困在电梯里，别担心我没事"])
async def test_yes_with_a_danger_and_a_reassurance_is_raised(running: RunningBot, words: str) -> None:
    question = await answered(running, RESIDENT, words)
    n = await running.event_count()
    replies = [m["text"] for m in running.fake.messages(GROUP_A)][-2:]
    assert n == 1, f"{words!r}: events={n}; last group messages: {replies}; question: {question.get('text')!r}"


DANGERS = [
    "1栋一号电梯里的两个人已经救出来了，二号电梯还关着一个外卖小哥，维保的人说还要等半小时",
    "公園嗰邊有兩個後生仔打緊交，有個已經流緊血，保安快啲去",
    "有个小孩掉进小区水池里了",
]


async def _red_without_report(running: RunningBot, text: str) -> Urgency:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, text)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    await running.settle()
    return (await running.event(1)).urgency


@pytest.mark.parametrize("text", DANGERS)
async def test_plain_message_is_red(running: RunningBot, text: str) -> None:
    assert await _red_without_report(running, text) is Urgency.RED


@pytest.mark.parametrize("text", DANGERS)
async def test_slash_report_of_a_danger_is_red(running: RunningBot, text: str) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, f"/report {text}")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
    await running.settle()
    ev = await running.event(1)
    assert ev.urgency is Urgency.RED, f"/report {text[:20]}… -> #{ev.id} {ev.category.value}/{ev.urgency.value}"


@pytest.mark.parametrize("text", DANGERS)
async def test_forwarded_danger_confirmed_is_red(running: RunningBot, text: str) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, text, extra={"forward_origin": NEWS})
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "这是转发来的消息"))
    await running.settle()
    committee = [m["text"][:30] for m in fake.messages(COMMITTEE)]
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    ev = await running.event(1)
    assert ev.urgency is Urgency.RED, f"forwarded+yes -> {ev.category.value}/{ev.urgency.value}; committee: {committee}"
