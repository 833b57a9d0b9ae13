"""Cutting a report into the problems it names at its place (``core.several``): each a problem of its own only when
it reads as a report alone and is clearly another matter; the rest stay with the problem before them."""

from __future__ import annotations

import pytest
from harness import make_event

from bot.core import parser, several
from bot.core.types import Urgency


def cut(text: str) -> list[tuple[str, str]]:
    lang = "en" if text.isascii() else "zh-Hans"
    return [(p.words, p.reading.category.value) for p in several.problems(text, lang, parser.parse(text, lang))]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收",
            [("3号楼电梯坏了", "repair"), ("楼道灯也不亮", "repair"), ("垃圾也没人收", "sanitation")],
        ),
        ("5号楼楼道灯不亮。另外门禁也坏了", [("5号楼楼道灯不亮", "repair"), ("门禁也坏了", "repair")]),
        ("3号楼电梯坏了，楼下有人乱停车", [("3号楼电梯坏了", "repair"), ("楼下有人乱停车", "parking")]),
        (
            "The lift in block 3 is broken. Also the corridor light is out.",
            [("The lift in block 3 is broken", "repair"), ("the corridor light is out", "repair")],
        ),
        (
            "3座升降機壞咗，走廊燈唔著，垃圾冇人收",
            [("3座升降機壞咗", "repair"), ("走廊燈唔著", "repair"), ("垃圾冇人收", "sanitation")],
        ),
        ("5號樓部升降機又壞咗，仲有走廊盞燈唔著", [("5號樓部升降機又壞咗", "repair"), ("走廊盞燈唔著", "repair")]),
        # a first problem told by its own kind's words, "nobody" in them ("垃圾没人收"), is a problem, not more of one
        ("3号楼门口垃圾没人收，楼道灯也不亮", [("3号楼门口垃圾没人收", "sanitation"), ("楼道灯也不亮", "repair")]),
        # one problem, however many commas
        ("没人管，电梯坏了", []),  # "nobody sees to it" first: of the lift
        ("电梯坏了，里面的灯也不亮", []),  # the lift's own light
        ("3号楼电梯坏了，有人被困在里面", []),
        ("电梯坏了，门关不上", []),
        ("电梯又坏了，已经三天了，没人管", []),  # how long, nobody came: more of the same
        ("楼道灯不亮，灯泡可能坏了", []),
        ("水管漏水了，地上全是水", []),
        ("楼上漏水，天花板也在滴水", []),
        ("The lift is broken again, it has been three days", []),
        ("3号楼电梯坏了，另外7号楼门口的井盖丢了", []),  # another building's: ``other_places`` asks for it alone
        ("3号楼电梯坏了，楼道里有煤气味", []),  # an alarm: one red event with all its words
        ("3号楼停电了，电梯里有人被困！", []),
        ("3号楼2单元楼道灯坏了。晚上特别黑，老人上下楼很危险。", []),  # what the problem does, not another
    ],
)
def test_the_problems_of_a_message(text: str, problems: list[tuple[str, str]]) -> None:
    assert cut(text) == problems


def test_words_joined_to_a_problem_bring_their_colour() -> None:
    text = "3号楼楼道灯不亮，单元门口的井盖丢了，有人掉下去了"
    light, manhole = several.problems(text, "zh-Hans", parser.parse(text, "zh-Hans"))
    assert light.reading.urgency is Urgency.GREEN
    assert manhole.words == "单元门口的井盖丢了，有人掉下去了" and manhole.reading.urgency is Urgency.RED
    assert light.reading.building == manhole.reading.building == "3"


@pytest.mark.parametrize(
    "text",
    [
        "3号楼电梯坏了，楼道灯也不亮，垃圾也没人收，楼下有人乱停车，门禁也坏了",
        "3号楼电梯坏了，楼道灯也不亮，" + "晚上特别黑，" * 20 + "垃圾也没人收",
    ],
)
def test_a_long_list_is_a_letter(text: str) -> None:
    assert several.problems(text, "zh-Hans", parser.parse(text, "zh-Hans")) == []


@pytest.mark.parametrize("message_id", [1, 57, 2_147_483_647, -12])
def test_a_further_problems_key_is_no_messages(message_id: int) -> None:
    keys = several.part_keys(message_id)
    assert len(set(keys)) >= several.MOST - 1 and all(k < -(2**40) for k in keys)
    assert [several.part_of(k) for k in keys] == [(abs(message_id), k) for k in range(1, len(keys) + 1)]
    assert several.part_of(message_id) is None and several.part_keys(keys[0]) == []


def test_a_message_cut_into_problems_is_met_at_its_own_event_first() -> None:
    own = make_event(id=1, message_id=40)
    light, rubbish = (make_event(id=n, message_id=several.part_key(40, n - 1)) for n in (2, 3))
    later = make_event(id=4, message_id=41)
    assert several.own_first([later, rubbish, light, own]) == [later, own, light, rubbish]


# a door said bare is the thing before's (the lift's), in every language: one problem
BARE_DOOR = (
    "3号楼电梯坏了，门关不上",
    "The lift in block 3 is broken and the door won't close",
    "Block 3 lift is broken, the door does not close",
    "3座升降機壞咗，道門閂唔埋",
    "3号楼楼道灯不亮，门也关不上",
    "The corridor light in block 3 is out and the door won't close",
)
# the building's own door is a thing of its own, and two things the lists know: two, in each language
TWO_THINGS = (
    "3号楼电梯坏了，单元门关不上",
    "The lift in block 3 is broken and the front door won't close",
    "The corridor light in block 3 is out and the entrance door is broken",
    "3座升降機壞咗，單元門閂唔埋",
    "3号楼电梯坏了，楼道灯也不亮",
    "The lift in block 3 is broken and the corridor light is out",
    "3座升降機壞咗，走廊燈唔著",
)


@pytest.mark.parametrize(("text", "count"), [*((t, 0) for t in BARE_DOOR), *((t, 2) for t in TWO_THINGS)])
def test_the_languages_cut_alike(text: str, count: int) -> None:
    lang = "en" if text.isascii() else "zh-Hant" if "咗" in text else "zh-Hans"  # Cantonese by its "咗"
    assert len(several.problems(text, lang, parser.parse(text, lang))) == count


@pytest.mark.parametrize(
    ("words", "all_of_them"),
    [
        ("两个都还没人来", True),
        ("都坏了好几天了", True),
        ("全都没人管", True),
        ("都修好了吗？", True),
        ("每个都坏了", True),
        # 都 of a time, 两个 of a span: not "both" (split62: "每天都这样" reached every worker for its 都)
        ("每天都这样", False),
        ("晚上都不亮", False),
        ("到现在都没人来", False),
        ("都三天了", False),
        ("三天都没人来", False),
        ("两个月了", False),
    ],
)
def test_her_words_say_all_her_problems_only_by_a_都_of_them(words: str, all_of_them: bool) -> None:
    assert several.of_all(words) is all_of_them


@pytest.mark.parametrize(
    ("words", "whole"),
    [("每天都这样", True), ("天天这样", True), ("已经三天了", True), ("一直这样", True)]
    + [("修好了吗？", False), ("每天都这样吗？", False), ("晚上都不亮", False), ("灯是3楼的", False)],
)
def test_her_words_of_how_long_or_how_often_are_of_her_message_as_a_whole(words: str, whole: bool) -> None:
    assert several.of_whole(words, parser.parse(words, "zh-Hans")) is whole
