"""Her words said again around her own report, read by rules (bot.core.followup, next_words, after_close): "still not
working" shouted with exclamation marks, her thing said fine and then another problem, a correction in other words,
and thanks before a second problem. Each rule's positives beside the words it must leave alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.core import after_close, followup, next_words
from bot.core.parser import parse
from bot.core.types import Category, Urgency

LIGHT = ["3号楼2单元楼道灯坏了"]
LIFT = ["3号楼2单元电梯坏了"]
LEAK = ["3号楼2单元家里漏水了"]
Split = Callable[[str, list[str]], tuple[str, str] | None]


@pytest.mark.parametrize(
    "text",
    ["真的不亮！！！", "还是不亮啊！！！", "lift still not working!!", "電梯仲係壞㗎！！", "燈還是不亮！！！"]
    + ["到现在还没修好！！！", "电梯还是坏的!!!!", "It really is broken!!!"],
)
def test_red_for_its_marks_alone_reads_calm(text: str) -> None:
    """The reader takes them for red by their marks (no danger word); without them they are not red."""
    parsed = parse(text)
    calm = followup.calmed(parsed, text)
    assert parsed.urgency is Urgency.RED
    assert calm is not None and calm.urgency is not Urgency.RED


@pytest.mark.parametrize(
    "text",
    [
        "电梯里关着人了！！！",
        "着火了！！",
        "有煤气味！！！",
        "电梯还是坏的，里面关着人！！！",
        "楼道灯还是不亮，我妈摔倒了！！！",
    ]
    + ["someone is trapped in the lift!!!", "有人晕倒了！！！", "电梯卡住了！！！", "還是不亮"],
)
def test_a_danger_said_with_marks_is_not_calmed(text: str) -> None:
    """A danger by its words (or by a clause of them), or words with no marks: as the reader reads them."""
    assert followup.calmed(parse(text), text) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [("真的不亮", LIGHT), ("我没看错，真的不亮", LIGHT), ("It really is broken", LIFT), ("电梯真的坏了", LIFT)],
)
def test_insisting_after_her_closed_report_says_it_is_not_fixed(text: str, said: list[str]) -> None:
    assert after_close.hers_not_fixed(parse(text), text, "zh-Hans", said, Category.REPAIR, "3")


@pytest.mark.parametrize("text", ["真的修好了，谢谢", "真的吗？", "确实是我看错了", "真的门禁也坏了"])
def test_not_insisting_it_is_not_fixed(text: str) -> None:
    assert not after_close.hers_not_fixed(parse(text), text, "zh-Hans", LIGHT, Category.REPAIR, "3")


def while_open(text: str, said: list[str]) -> tuple[str, str] | None:
    """Her words typed while her report is open: (her words of hers, the other problem), or None."""
    return next_words.fine_but_another(text, "zh-Hans", said, Category.REPAIR)


def after_the_close(text: str, said: list[str]) -> tuple[str, str] | None:
    """Her words after her report is closed: (her answer, the other problem), or None."""
    return after_close.second_problem(text, "zh-Hans", said, Category.REPAIR, "3")


@pytest.mark.parametrize(
    ("split", "text", "said", "parts"),
    [
        (while_open, "灯没事了，不过下水道堵了", LIGHT, ("灯没事了", "下水道堵了")),
        (while_open, "灯好了，不过门禁坏了", LIGHT, ("灯好了", "门禁坏了")),
        (while_open, "灯现在亮了，但是电梯又坏了", LIGHT, ("灯现在亮了", "电梯又坏了")),
        (while_open, "電梯冇事喇，不過樓梯燈唔著", LIFT, ("電梯冇事喇", "樓梯燈唔著")),
        (while_open, "燈沒事了，不過門禁壞了", LIGHT, ("燈沒事了", "門禁壞了")),
        (while_open, "the light works, but the lift is broken", LIGHT, ("the light works", "the lift is broken")),
        (after_the_close, "灯亮了，但是电梯坏了", LIGHT, ("灯亮了，", "电梯坏了")),
        (after_the_close, "灯没事了，不过下水道堵了", LIGHT, ("灯没事了，", "下水道堵了")),
        (after_the_close, "电梯可以用了，可是楼道灯不亮", LIFT, ("电梯可以用了，", "楼道灯不亮")),
        (after_the_close, "電梯冇事喇，不過樓梯燈唔著", LIFT, ("電梯冇事喇，", "樓梯燈唔著")),
        (
            after_the_close,
            "the lift works, but the gate intercom is broken",
            LIFT,
            ("the lift works,", "the gate intercom is broken"),
        ),
        (after_the_close, "谢谢王师傅还有单元门门禁坏了", LIGHT, ("谢谢王师傅", "单元门门禁坏了")),
        (after_the_close, "謝謝師傅，還有門禁也壞了", LIGHT, ("謝謝師傅，", "門禁也壞了")),
    ],
)
def test_hers_fine_or_thanks_then_another_problem(
    split: Split, text: str, said: list[str], parts: tuple[str, str]
) -> None:
    assert split(text, said) == parts


@pytest.mark.parametrize(
    ("split", "text", "said"),
    [
        (while_open, "灯没事了，不过有点闪", LIGHT),
        (while_open, "灯好了，不过还是有点暗", LIGHT),
        (while_open, "灯没事了，谢谢", LIGHT),
        (while_open, "灯好了，不过师傅态度不太好", LIGHT),
        (after_the_close, "灯亮了，但是一闪一闪的", LIGHT),
        (after_the_close, "电梯能用了，不过还有点异响", LIFT),
        (after_the_close, "the lift works, but it is still shaking", LIFT),
        (after_the_close, "漏水好了，不过天花板还有点湿", LEAK),
        (after_the_close, "灯好了，不过师傅态度不太好", LIGHT),
        (after_the_close, "师傅，还有门禁坏了吗", LIGHT),
    ],
)
def test_hers_not_quite_right_is_no_other_problem(split: Split, text: str, said: list[str]) -> None:
    assert split(text, said) is None


@pytest.mark.parametrize("text", ["谢谢", "谢谢王师傅", "謝謝師傅", "辛苦物业了", "thanks all", "多謝晒"])
def test_thanks_to_someone_is_thanks(text: str) -> None:
    assert after_close.thanks(text)


@pytest.mark.parametrize("text", ["师傅", "谢谢师傅人很好", "谢谢，还有点闪", "王师傅快来"])
def test_not_thanks_alone(text: str) -> None:
    assert not after_close.thanks(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("不好意思说错了，不是漏水，是下水道堵了", LEAK),
        ("correction: it's the gate intercom that is broken, not the light", LIGHT),
        ("sorry my mistake, not the light, the lift is broken", LIGHT),
        ("correction: not the light, the drain is blocked", LIGHT),
        ("對不起，唔係燈，係電梯壞咗", LIGHT),
        ("抱歉打错了，不是灯，是门禁坏了", LIGHT),
    ],
)
def test_a_correction_in_other_words(text: str, said: list[str]) -> None:
    assert next_words.corrected(text, "zh-Hans", said, Category.REPAIR)


@pytest.mark.parametrize(
    "text",
    ["不是灯的问题吧，可能是开关坏了", "不是我家的灯，是楼道的灯", "sorry, not my light, the hallway light"]
    + ["not the light, it is still dark", "不是昨天坏的，是前天", "不好意思，不是灯，是灯泡"],
)
def test_no_correction(text: str) -> None:
    assert not next_words.corrected(text, "zh-Hans", LIGHT, Category.REPAIR)
