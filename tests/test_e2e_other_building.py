"""A report that also names a problem at another building (sweep of messages with several problems):
"3号楼电梯坏了，另外7号楼门口的井盖丢了" made one event at 3号楼, and grid B's worker never heard of the manhole at
7号楼. One message is one event, so its acknowledgement now names the other part and asks her to send it as a message
of its own; sent, it goes to the team of 7号楼."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, sent_texts
from ids import GROUP_A, RESIDENT, WANG, ZHAO

from bot.core.other_places import parts_elsewhere

ASKED = "您还提到了「7号楼门口的井盖丢了」，在另一栋楼：请把它单独发一条"


async def test_the_acknowledgement_asks_for_the_other_buildings_problem_on_its_own(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了，另外7号楼门口的井盖丢了")
    await bot.settle()
    ack = fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None and ASKED in ack["text"], ack
    assert not sent_texts(fake, ZHAO)
    mark = fake.mark()
    fake.send_message(GROUP_A, RESIDENT, "7号楼门口的井盖丢了")
    await bot.settle()
    assert (await bot.event(2)).building == "7"
    assert any("#2" in text for text in sent_texts(fake, ZHAO, mark))


async def test_a_report_of_one_place_is_acknowledged_as_before(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "我住5号楼，3号楼门口的井盖丢了")
    await bot.settle()
    assert "✂️" not in bot.fake.find_message(GROUP_A, "已登记 #1")["text"]


@pytest.mark.parametrize(
    ("text", "building", "parts"),
    [
        ("3号楼电梯坏了，另外7号楼门口的井盖丢了", "3", ["7号楼门口的井盖丢了"]),
        ("反映几个问题：1. 3号楼2单元电梯异响 2. 5号楼楼下有人乱停车", "3", ["5号楼楼下有人乱停车"]),
        ("Block 3 lift is broken. Also the gate of block 7 is stuck open", "3", ["the gate of block 7 is stuck open"]),
        ("我住5号楼，3号楼门口的井盖丢了", "3", []),
        ("3号楼和5号楼都停水了", "3", []),
        ("5号楼到7号楼之间的路灯都不亮", "5", []),
        ("3号楼电梯坏了，另外7号楼门口的井盖丢了", None, []),
        ("A boy from Block 12, maybe 8, has been sitting on the Tower A lobby steps for hours", "A", []),
        ("1. 3号楼门口的感应灯不亮 2. 2号楼的扶手掉了 3. 小区广场的喷泉不喷了", "3", ["2号楼的扶手掉了"]),
    ],
)
def test_the_parts_at_another_building(text: str, building: str | None, parts: list[str]) -> None:
    assert parts_elsewhere(text, "zh-Hans", building) == parts
