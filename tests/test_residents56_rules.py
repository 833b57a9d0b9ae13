"""The rules of residents' words around a report mended in the residents56 sweep (bot/core): each case failed on the
code before it (positives) or must stay as it was (negatives)."""

from __future__ import annotations

import pytest

from bot.core import after_close, followup, neighbour_words, next_words, parser
from bot.core.types import Category


@pytest.mark.parametrize(
    "words",
    [
        "物业知道了吗？",
        "师傅知道了没",
        "王师傅知道这个事了吧",
        "报上去了没有啊",
        "阿姨您报给物业了吗",
        "有人跟物业说了吗",
        "请问一下这个有人负责吗",
        "物业有人回复了吗",
        "有回音吗",
        "物业管不管啊",
        "物业那边怎么说",
        "师傅今天能来吗",
        "物業知唔知㗎？",
        "請問管理員知道了嗎",
        "有人通知管理處了沒",
        "has anyone told the office?",
        "Has management been notified?",
        "is anyone handling this?",
        "did anyone report it to wuye?",
    ],
)
def test_a_neighbours_question_of_how_it_stands(words: str) -> None:
    assert neighbour_words.asks_how_it_stands(parser.parse(words), words)


@pytest.mark.parametrize(
    "words",
    [
        "有人知道快递站几点关门吗",  # another matter asked
        "快递收到了吗",
        "你报名了吗",
        "你今天能来吗",  # a neighbour's visit, not staff's
        "我跟你说了吧",
        "物业知道了，说明天来修",  # news, no question
        "物业知道5号楼电梯坏了吗",  # a place and a thing of its own
        "师傅知道了吗，另外电梯也坏了",
        "大家吃饭了吗",
        "有人知道哪裡修手機嗎",
        "does anyone have a ladder I can borrow?",
        "did you know the gym is closed?",
    ],
)
def test_no_question_of_how_it_stands(words: str) -> None:
    assert not neighbour_words.asks_how_it_stands(parser.parse(words), words)


HALL = ["3号楼2单元楼道灯坏了"]
LIFT = ["3号楼2单元电梯坏了"]


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (HALL, "楼道的灯是坏了，晚上看不见"),
        (HALL, "樓梯燈壞咗好耐"),
        (HALL, "楼到灯坏了"),  # a slip of the keyboard
        (HALL, "走廊灯坏了好几天了"),
        (HALL, "樓梯間嘅燈唔著"),
        (HALL, "the corridor light is out"),
        (HALL, "the hallway lights don't work"),
        (LIFT, "the elevator isn't working"),
        (LIFT, "電梯故障了"),
    ],
)
def test_a_neighbours_same_thing_in_other_words(said: list[str], words: str) -> None:
    assert neighbour_words.same_thing(parser.parse(words), words, said, Category.REPAIR)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (HALL, "小区门口的路灯坏了"),  # a name of its own
        (HALL, "the street light is out"),
        (HALL, "地下车库的灯坏了"),  # a place of its own
        (HALL, "门口的灯不亮"),
        (HALL, "电梯里的灯坏了"),  # another thing
        (HALL, "楼道的窗户玻璃碎了"),
        (HALL, "5号楼的楼道灯也坏了"),  # another building
        (HALL, "楼道灯冒烟了，有焦味"),  # a danger
        (LIFT, "楼道灯坏了"),
        (LIFT, "货梯坏了"),
    ],
)
def test_not_her_thing_or_not_where_she_said(said: list[str], words: str) -> None:
    assert not neighbour_words.same_thing(parser.parse(words), words, said, Category.REPAIR)


@pytest.mark.parametrize(
    ("said", "words"),
    [(LIFT, w) for w in ("部電梯仲係唔郁呀", "架電梯仲係唔得", "部电梯还是不动", "呢部電梯仲係壞㗎")]
    + [(HALL, w) for w in ("盞燈仲係唔著", "啲燈仲係唔著呀")],
)
def test_her_thing_after_a_measure_word_is_hers_still_broken(said: list[str], words: str) -> None:
    """The measure word before her thing ("部電梯", "盞燈") made it read as a thing of its own."""
    parsed = parser.parse(words)
    assert not next_words.names_own_thing(parsed, words, said)
    assert after_close.hers_not_fixed(parsed, words, "zh-Hant", said, Category.REPAIR, "3")


@pytest.mark.parametrize(("said", "words"), [(HALL, "部电梯坏了"), (HALL, "那台空调坏了"), (LIFT, "盏灯不亮")])
def test_another_thing_after_a_measure_word_is_still_its_own(said: list[str], words: str) -> None:
    assert next_words.names_own_thing(parser.parse(words), words, said)


@pytest.mark.parametrize(
    ("said", "words"),
    [(HALL, w) for w in ("灯确实坏了！！大家都看到了", "確實係壞咗，唔係講笑", "灯是真坏了！！！")]
    + [(HALL, "I'm not making it up, the light is really out"), (LIFT, "电梯真的坏了，不是开玩笑")],
)
def test_insisting_with_more_words_is_about_her_report(said: list[str], words: str) -> None:
    parsed = parser.parse(words)
    parsed = followup.calmed(parsed, words) or parsed
    assert next_words.about_a_report(parsed, words)
    assert not next_words.another_problem(parsed, words, said, Category.REPAIR)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (HALL, "真的吗？"),  # a question
        (HALL, "不是开玩笑吧"),
        (HALL, "真好，谢谢"),
        (HALL, "确实是我看错了"),  # a mistake said
    ],
)
def test_no_insisting(said: list[str], words: str) -> None:
    assert not followup.insists(parser.parse(words), words)


@pytest.mark.parametrize("words", ["电梯真的坏了，不是开玩笑", "水管确实漏了，大家都看到了"])
def test_insisting_on_another_thing_is_another_problem(words: str) -> None:
    assert next_words.another_problem(parser.parse(words), words, HALL, Category.REPAIR)


LEAK = ["3号楼2单元楼上漏水，滴到我家卫生间了"]


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (LIFT, "谢谢，电梯还有点晃"),
        (LIFT, "辛苦了，电梯还有点响"),
        (LIFT, "多谢，电梯门还有点卡"),  # a part of it
        (LIFT, "謝謝，電梯還是有點抖"),
        (HALL, "thanks, the light still flickers a bit"),
        (HALL, "thank you, the light is still a little dim"),
        (LEAK, "谢谢，天花板还有一点点渗水"),  # its sign
    ],
)
def test_thanks_then_her_thing_still_a_little_wrong_is_a_part_fixed(said: list[str], words: str) -> None:
    parsed = parser.parse(words)
    assert after_close.hers_not_fixed(parsed, words, "zh-Hans", said, Category.REPAIR, "3")
    assert after_close.partly_fixed(parsed, words, "zh-Hans")  # may be hers, before her report is known
    assert after_close.shows_hers(parsed, words, said, Category.REPAIR)


@pytest.mark.parametrize(
    ("said", "words"),
    [
        (LIFT, "谢谢，电梯好了"),  # praise
        (LIFT, "谢谢，还有门禁坏了"),  # a second problem
        (HALL, "谢谢，电梯还有点晃"),  # not her thing
        (HALL, "谢谢，水管还有点漏"),
        (LIFT, "谢谢，电梯还有点问题，门禁也坏了"),
        (HALL, "谢谢，还有点事想问"),
    ],
)
def test_thanks_then_no_part_of_hers_still_wrong(said: list[str], words: str) -> None:
    assert not after_close.hers_not_fixed(parser.parse(words), words, "zh-Hans", said, Category.REPAIR, "3")


@pytest.mark.parametrize(
    ("words", "building", "unit"),
    [
        ("写错了，是4号楼不是3号楼", "4", None),
        ("不是3号楼，是7号楼", "7", None),
        ("抱歉，楼号写错了，应该是8号楼2单元", "8", "2"),
        ("唔好意思，係4座唔係3座", "4", None),
        ("不好意思，是4号楼的楼道灯", "4", None),
        ("sorry, it's block 5 not 3", "5", None),
        ("oops wrong building, it's building 6", "6", None),
    ],
)
def test_her_place_corrected(words: str, building: str, unit: str | None) -> None:
    place = next_words.place_corrected(words, "zh-Hans", HALL, Category.REPAIR)
    assert place is not None and (place.building, place.unit) == (building, unit)


@pytest.mark.parametrize(
    "words",
    [
        "不好意思，4号楼电梯也坏了",  # a problem of its own
        "写错了，是4号楼的电梯坏了",
        "4号楼电梯坏了",
        "4号楼也是",
        "不好意思，3号楼2单元",  # her own place
        "另外5号楼门口的垃圾没人收",
    ],
)
def test_no_place_corrected(words: str) -> None:
    assert next_words.place_corrected(words, "zh-Hans", HALL, Category.REPAIR) is None
