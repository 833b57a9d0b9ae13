"""The rules of residents' words around a report mended in the residents58 sweep (bot/core): a neighbour's same thing
by another name with its building said (照明灯, stairway lighting, 声控灯 stamped at, 升降機), her correction of where
in English or of her unit alone, since when said with "actually", and a week or more told after a report. Each
positive failed on the code before; each negative must stay as it was."""

from __future__ import annotations

import pytest

from bot.core import neighbour_words, next_words, parser
from bot.core.types import Category

HALL = ["3号楼楼道灯坏了"]
LIFT = ["5座電梯壞咗"]
THERE = [
    (
        HALL,
        (
            "3号楼楼梯间的照明灯坏了",
            "the stairway lighting in block 3 is out",
            "3号楼声控灯跺脚也不亮",
            "3号楼走廊的照明不亮了",
            "3号楼楼梯的感应灯拍手都不亮",
            "block 3 stairwell lights are out",
            "3号楼楼梯间的灯泡坏了",
        ),
        True,
    ),
    (LIFT, ("5座部升降機壞咗呀", "block 5 elevator is broken"), True),
    (
        HALL,
        (
            "3号楼电梯坏了",
            "3号楼路灯坏了",
            "3号楼电梯里的灯坏了",
            "block 3 lift is broken",
            "3号楼楼梯间的窗户坏了",
            "3号楼地下车库的照明灯坏了",
        ),
        False,
    ),
    (LIFT, ("5座門禁壞咗",), False),
]


@pytest.mark.parametrize(("said", "words", "same"), [(s, w, same) for s, ws, same in THERE for w in ws])
def test_a_neighbours_same_thing_with_her_building_said(said: list[str], words: str, same: bool) -> None:
    assert neighbour_words.same_thing_there(parser.parse(words), words, said, Category.REPAIR) is same


UNPLACED = [
    (HALL, ("楼梯间的照明灯坏了", "声控灯跺脚也不亮", "走廊的照明灯不亮", "声控灯拍手都不亮"), True),
    (HALL, ("走廊的照明不亮了",), True),
    (LIFT, ("部升降機壞咗呀",), True),
    (HALL, ("楼梯间的窗户坏了", "车库的照明灯坏了", "路灯跺脚也不亮"), False),
]


@pytest.mark.parametrize(("said", "words", "same"), [(s, w, same) for s, ws, same in UNPLACED for w in ws])
def test_a_neighbours_same_thing_by_another_name_naming_no_place(said: list[str], words: str, same: bool) -> None:
    assert neighbour_words.same_thing(parser.parse(words), words, said, Category.REPAIR) is same


@pytest.mark.parametrize(
    ("said", "words", "place"),
    [
        ("3号楼1单元楼道灯坏了", "sorry, it's unit 2 not unit 1", ("3", "2", None)),
        ("3号楼1单元楼道灯坏了", "不好意思，是2单元不是1单元", ("3", "2", None)),
        ("3号楼2单元502卫生间漏水", "sorry, room 602 not 502", ("3", None, "602")),
        ("3号楼电梯坏了", "I mean block 5", ("5", None, None)),
        ("3号楼电梯坏了", "我是说5号楼", ("5", None, None)),
        ("3号楼电梯坏了", "I mean block 3", None),
        ("3号楼1单元楼道灯坏了", "不好意思，2单元电梯也坏了", None),
        ("3号楼电梯坏了", "sorry, block 5 lift is broken too", None),
        ("3号楼电梯坏了", "I mean block 5 also has no water", None),
    ],
)
def test_her_correction_of_where(said: str, words: str, place: tuple[str, str | None, str | None] | None) -> None:
    found = next_words.place_corrected(words, "zh-Hans", [said], Category.REPAIR)
    assert (found and (found.building, found.unit, found.room)) == place


@pytest.mark.parametrize(
    ("words", "of_it"),
    [
        ("其实上周就这样了", True),
        ("实际上前天就坏了", True),
        ("actually it's been like this since Monday", True),
        ("其实电梯上周就坏了", False),
        ("其实上周就这样了，电梯也是", False),
    ],
)
def test_since_when_said_with_actually(words: str, of_it: bool) -> None:
    assert next_words.since_of_it(parser.parse(words), words, HALL, Category.REPAIR) is of_it


@pytest.mark.parametrize(
    ("words", "long"),
    [
        ("其实上周就这样了", True),
        ("上个月就坏了", True),
        ("已经一个礼拜了", True),
        ("it's been like this since last week", True),
        ("前天就坏了", False),
        ("it's been like this since Monday", False),
        ("好几天了", False),
        ("楼上周末装修", False),
    ],
)
def test_lasted_a_week_or_more(words: str, long: bool) -> None:
    assert next_words.lasted_long(parser.parse(words), words) is long
