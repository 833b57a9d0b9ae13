"""Her words after a close that did not fix her problem: not satisfied, or "what now?" (bot/core/handling_words.py)."""

from __future__ import annotations

import pytest

from bot.core.handling_words import displeased

# one message a line: zh-Hans, zh-Hant and Cantonese, English
DISPLEASED = """
那怎么办呢？水一直在滴，谁来管啊
不满意
不满意，水还在漏
这样处理不行
就这样算了吗？
不滿意，點算好
冇人理㗎？
so what now? it's still leaking
Not happy with this at all
who will fix it then?
""".strip().splitlines()
CALM = ["好的，理解", "谢谢", "知道了", "那我去找物业吧", "行吧", "ok thanks", "明白，辛苦了", "Understood, thank you"]


@pytest.mark.parametrize(("words", "said"), [(w, True) for w in DISPLEASED] + [(w, False) for w in CALM])
def test_not_satisfied_or_what_now_and_calm_words(words: str, said: bool) -> None:
    assert displeased(words) is said
