"""Her words after a close that did not fix her problem: not satisfied, or "what now?" (bot/core/handling_words.py)."""

from __future__ import annotations

import pytest

from bot.core.handling_words import displeased


@pytest.mark.parametrize(
    "words",
    [
        "那怎么办呢？水一直在滴，谁来管啊",
        "不满意",
        "不满意，水还在漏",
        "这样处理不行",
        "就这样算了吗？",
        "不滿意，點算好",
        "冇人理㗎？",
        "so what now? it's still leaking",
        "Not happy with this at all",
        "who will fix it then?",
    ],
)
def test_not_satisfied_or_what_now(words: str) -> None:
    assert displeased(words)


@pytest.mark.parametrize(
    "words",
    ["好的，理解", "谢谢", "知道了", "那我去找物业吧", "行吧", "ok thanks", "明白，辛苦了", "Understood, thank you"],
)
def test_calm_words_are_not(words: str) -> None:
    assert not displeased(words)
