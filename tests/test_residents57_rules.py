"""The rules of residents' words around a report mended in the residents57 sweep (bot/core): a thing's other names
(声控灯, 照明, 升降机, "the lights in the stairs"), a thing inside another ("电梯里的灯"), her thanks then her thing
still a little wrong with no stop or in Cantonese, and her correction of where her problem is. Each positive failed on
the code before; each negative must stay as it was."""

from __future__ import annotations

import pytest

from bot.core import after_close, neighbour_words, next_words, parser
from bot.core.types import Category

HALL = ["3号楼2单元楼道灯坏了"]
LIFT = ["5号楼电梯坏了"]
LEAK = ["楼上漏水到我家"]
SAME = [
    (HALL, ("声控灯不亮了", "楼道照明坏了", "the lights in the stairs are out", "感应灯坏了好几天了", "聲控燈唔著")),
    (LIFT, ("升降机坏咗", "部升降機仲係壞咗", "升降機冇反應", "部lift坏咗")),
]
APART = [
    (HALL, ("电梯里的灯坏了", "路灯坏了", "小区门口路灯不亮", "the light in the lift is broken", "电梯照明坏了")),
    (LIFT, ("电梯里的灯坏了", "電梯入面嘅燈唔著", "the light in the lift is out", "门禁坏了")),
]


@pytest.mark.parametrize(("said", "words"), [(said, w) for said, ws in SAME for w in ws])
def test_a_neighbours_same_thing_by_its_other_names(said: list[str], words: str) -> None:
    assert neighbour_words.same_thing(parser.parse(words), words, said, Category.REPAIR)


@pytest.mark.parametrize(("said", "words"), [(said, w) for said, ws in APART for w in ws])
def test_another_thing_or_a_light_elsewhere_is_not_hers(said: list[str], words: str) -> None:
    assert not neighbour_words.same_thing(parser.parse(words), words, said, Category.REPAIR)


INSIDE = [  # the lift's light or aircon; not a part of the lift, the lift said broken first, or the light hers
    (LIFT, ("电梯里的灯坏了", "升降机入面盏灯坏咗", "the light in the lift is out", "电梯里的空调坏了"), True),
    (LIFT, ("电梯门关不上", "电梯坏了，里面的灯也不亮"), False),
    (["电梯里的灯不亮"], ("电梯里的灯坏了",), False),
    (HALL, ("the lights in the stairs are out",), False),
]


@pytest.mark.parametrize(("said", "words", "inside"), [(said, w, inside) for said, ws, inside in INSIDE for w in ws])
def test_a_thing_inside_her_thing(said: list[str], words: str, inside: bool) -> None:
    assert next_words.inside_another(words, said, Category.REPAIR) is inside


HALL_SAID, LIFT_SAID = ["3号楼2单元楼道灯坏了"], ["3号楼2单元电梯坏了"]


@pytest.mark.parametrize(
    ("said", "words", "part"),
    [(HALL_SAID, w, True) for w in ("谢谢王师傅 灯偶尔还会闪", "谢谢师傅灯还是有点暗", "多謝師傅，盞燈仲有啲閃")]
    + [(HALL_SAID, w, True) for w in ("谢谢王师傅灯偶尔还闪", "谢谢 灯有时候还会闪", "谢谢 偶尔还会闪")]
    + [(LIFT_SAID, w, True) for w in ("唔該晒，部電梯仲有少少震", "谢谢师傅 电梯偶尔还会卡一下")]
    + [(HALL_SAID, w, False) for w in ("谢谢王师傅 灯好了", "谢谢，还有门禁坏了", "谢谢，偶尔还有人来问")]
    + [(LIFT_SAID, w, False) for w in ("唔該晒，部電梯好返喇", "唔該晒，仲有門禁壞咗", "谢谢师傅 有时候还会来看看吗")],
)
def test_thanks_then_her_thing_still_a_little_wrong(said: list[str], words: str, part: bool) -> None:
    parsed = parser.parse(words)
    assert after_close.partly_fixed(parsed, words, "zh-Hans", said, Category.REPAIR) is part


@pytest.mark.parametrize(
    ("said", "words", "correct"),
    [(LEAK, w, True) for w in ("不好意思，不是楼上，是我家卫生间漏水", "不是楼上漏的，是我家厨房水管漏了")]
    + [(LEAK, w, True) for w in ("唔好意思，唔係樓上，係我屋企廁所漏水", "不是楼上，是隔壁漏水到我家")]
    + [(HALL, w, True) for w in ("不是楼道，是电梯里的灯", "不是楼道的灯，是地下车库的灯")]
    + [(LEAK, w, False) for w in ("不是楼上的问题，是整栋楼都停水了", "不是今天才漏的，漏了好几天了")]
    + [(LEAK, w, False) for w in ("不是我说，楼上那家太不自觉了", "不是一点点，是很多水")]
    + [(HALL, w, False) for w in ("不是一盏，是整个楼道的灯都不亮", "不是楼道灯的问题吧，可能是开关坏了")],
)
def test_her_correction_of_where_her_problem_is(said: list[str], words: str, correct: bool) -> None:
    assert next_words.corrected(words, "zh-Hans", said, Category.REPAIR) is correct
