"""Which language a resident's words in a group are answered in (``i18n.answer_language``)."""

from __future__ import annotations

import pytest

from bot.render.i18n import answer_language


@pytest.mark.parametrize(
    "chat,writer,text,expected",
    [
        ("zh-Hans", "en", "The lift in block 3 is broken", "en"),
        ("zh-Hans", "en", "Lift in 碧水苑 block 3 is broken", "en"),  # a Chinese place name among English words
        ("zh-Hans", "en", "3号楼 lift broken", "en"),
        ("zh-Hans", "en", "电梯坏了 help me", "zh-Hans"),  # Chinese words, an English cry
        ("zh-Hans", "en", "3号楼电梯坏了", "zh-Hans"),
        ("zh-Hans", "zh-hans", "The lift in block 3 is broken", "zh-Hans"),  # a Chinese phone: the group's
        ("zh-Hans", None, "The lift in block 3 is broken", "zh-Hans"),  # nothing says they read English
        ("zh-Hant", "en-US", "Pipe burst on 5/F", "en"),
        ("en", "en", "3号楼电梯坏了", "zh-Hans"),  # Chinese in an English group, an English phone: the community's
        ("en", "zh-hk", "3號樓電梯壞咗", "zh-Hant"),  # the writer's own Chinese
        ("en", "en", "Lift in 碧水苑 block 3 is broken", "en"),
        ("en", None, "👍👍", "en"),  # no words: the group's
        ("zh-Hans", "en", "+1", "zh-Hans"),  # nor does "+1", a command or one word from a Chinese resident's
        ("zh-Hans", "en", "/status 12", "zh-Hans"),  # English phone say they read English
        ("zh-Hans", "en", "ok", "zh-Hans"),
        ("zh-Hans", "zh-hk", "3號樓電梯壞咗", "zh-Hant"),  # Traditional words: Traditional, whatever the group
        ("zh-Hans", "en", "3號樓電梯壞了", "zh-Hant"),  # (many apps say English: Telegram's have no Chinese)
        ("zh-Hans", None, "3號樓電梯壞了", "zh-Hant"),
        ("en", "en", "5號樓漏水", "zh-Hant"),  # an English app (private, or an English group): her script
        ("zh-Hant", "en", "3号楼电梯坏了", "zh-Hans"),  # and Simplified words in a Traditional group
        ("zh-Hans", "zh-hans", "3號樓電梯壞咗", "zh-Hans"),  # her app reads Simplified: another's words forwarded
        ("zh-Hant", "zh-hk", "我家漏水", "zh-Hant"),  # words that do not tell: the group's
        ("zh-Hans", "zh-hant", "群里有人", "zh-Hans"),  # 群 is Traditional too; 里 is Simplified here
    ],
)
def test_answer_language(chat: str, writer: str | None, text: str, expected: str) -> None:
    assert answer_language(chat, writer, text) == expected


def test_chinese_in_an_english_group_of_a_traditional_community_is_answered_in_traditional() -> None:
    assert answer_language("en", "en", "我都係", community="zh-Hant") == "zh-Hant"
