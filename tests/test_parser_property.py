"""Property tests: parse never raises and always returns well-formed values."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.parser import needs_confirmation, parse
from bot.core.types import Category, Urgency

# the forms the location reader writes: digits, one letter, a lettered building ("10A"), a numbered one ("5-1")
LOCATION = re.compile(r"^(?:\d+[A-Z]?|[A-Z]|\d+-\d+)$")
PIECES = st.sampled_from(
    [
        "3号楼",
        "二单元",
        "302",
        "3-2-302",
        "冒烟",
        "又",
        "坏了",
        "谢谢",
        "明天",
        "吗",
        "？",
        "Block b",
        "Unit 2",
        "栋",
        "号楼",
        "一",
        "十",
        "-",
        "#",
        "@user ",
        "修好了",
        "没人管",
        "🔥",
        "\u0000",
        "\u200b",
        "樓",
        "單元",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=4096),
)


def check(text: str) -> None:
    p = parse(text)
    assert isinstance(p.is_report, bool)
    assert 0.0 <= p.confidence <= 1.0
    assert isinstance(needs_confirmation(p), bool)
    assert all(isinstance(r, str) for r in p.reasons)
    if p.is_report:
        assert isinstance(p.category, Category) and isinstance(p.urgency, Urgency)
    else:
        assert p.category is None and p.urgency is None
    for value in (p.building, p.unit, p.room):
        assert value is None or LOCATION.match(value), value


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_parse_never_raises(text: str) -> None:
    check(text)


def test_odd_inputs() -> None:
    for text in [
        "",
        " ",
        "\n\n",
        "9" * 4096,
        "号楼" * 2048,
        "一" * 4096,
        "-1" * 2048,
        "又" * 5000,
        "\ud800",
        "🔥" * 4096,
        "a" * 100_000,
        "３" * 10,
        "Ａ栋",
        "\x00\x01\x02",
    ]:
        check(text)


def test_non_str_input_does_not_raise() -> None:
    assert parse(None).is_report is False  # type: ignore[arg-type]
    assert parse(12345).is_report is False  # type: ignore[arg-type]
