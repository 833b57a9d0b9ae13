"""The rules of residents' words around a report mended in the residents56 sweep (bot/core): each case failed on the
code before it (positives) or must stay as it was (negatives)."""

from __future__ import annotations

import pytest

from bot.core import neighbour_words, parser


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
