"""A red's reporter saying its danger is over (``core.danger_over.said``), in each language the bot reads: the
rules' own words and this module's (people got out, found or safe; a fire out), and both sides of each: negated,
asked, still there, or "is out" of a thing ("the light is out") is not over."""

from __future__ import annotations

import pytest

from bot.core import danger_over, parser

OVER = [
    ("en", "they got him out, he is fine"),
    ("en", "everyone is out safe"),
    ("en", "the fire is out now"),
    ("en", "firemen put it out"),
    ("en", "we found her"),
    ("en", "the kids are fine"),
    ("zh-Hans", "人救出来了，孩子没事"),
    ("zh-Hans", "老人找到了"),
    ("zh-Hans", "人已经出来了"),
    ("zh-Hans", "火已经灭了"),
    ("zh-Hant", "火熄滅了"),
    ("zh-Hant", "人已經救咗出嚟"),
    ("zh-Hant", "搵到佢喇，冇事"),
    ("zh-Hant", "火熄咗"),
    ("zh-Hant", "人冇事喇"),
    ("zh-Hans", "谢谢大家，人没事"),  # people fine, in Mandarin
    ("zh-Hans", "老人都没事了"),
    ("zh-Hans", "人没事，但是电梯还坏着"),  # the lift stays a yellow of hers
    ("zh-Hans", "火灭了，人没事"),
]

NOT_OVER = [
    ("en", "the light is out"),  # a light out, not a fire
    ("en", "the lights are out"),
    ("en", "power is out"),
    ("en", "he is out at work"),
    ("en", "we haven't found her"),
    ("en", "they could not get him out"),
    ("en", "is he out safe?"),
    ("en", "they got him out but his mother is still trapped"),
    ("en", "the fire is out but smoke is still coming out"),
    ("en", "we found her keys but she is still missing"),
    ("zh-Hans", "还没找到"),
    ("zh-Hans", "人救出来了吗？"),
    ("zh-Hans", "人还没出来"),
    ("zh-Hans", "消防来了"),  # on the way is not over
    ("zh-Hant", "仲未搵到"),
    ("zh-Hant", "搵唔到佢"),
    ("zh-Hant", "火熄咗未？"),
    ("zh-Hans", "火很大，人没事"),  # people fine beside a danger still told
    ("zh-Hans", "人没事，火还在烧"),
    ("zh-Hans", "水管爆了，人没事"),
    ("zh-Hans", "还没找到人，大家都没事"),
    ("zh-Hans", "他没事吧"),  # asked
    ("zh-Hans", "人没事吗？"),
]

# a neighbour's news of another's red: over, help come, or none
NEWS = [
    ("zh-Hans", "人救出来了", "over"),
    ("zh-Hans", "火已经灭了", "over"),  # lowers hers, not a neighbour's
    ("zh-Hans", "消防来了", "arrived"),  # news for the staff, nothing to lower
    ("zh-Hans", "救护车到了", "arrived"),
    ("zh-Hant", "消防車到咗", "arrived"),  # Cantonese
    ("en", "the firemen are here", "arrived"),
    ("zh-Hans", "消防怎么还没来？", None),  # asked
    ("zh-Hans", "消防还没到", None),
    ("zh-Hans", "物业来了", None),  # no help against a danger
    ("en", "is the ambulance here?", None),
]


@pytest.mark.parametrize(("lang", "words"), OVER)
def test_over(lang: str, words: str) -> None:
    assert danger_over.said(parser.parse(words, lang), words)


@pytest.mark.parametrize(("lang", "words"), NOT_OVER)
def test_not_over(lang: str, words: str) -> None:
    assert not danger_over.said(parser.parse(words, lang), words)


@pytest.mark.parametrize(("lang", "words", "news"), NEWS)
def test_a_neighbours_news(lang: str, words: str, news: str | None) -> None:
    assert danger_over.news(parser.parse(words, lang), words) == news


URGES = [  # a bare urge, for whoever's red it is about (neighbour61): (language, words, an urge?)
    ("zh-Hans", "赶紧关总阀", True),
    ("zh-Hans", "快点关总阀啊", True),
    ("zh-Hant", "快啲閂總掣", True),
    ("en", "hurry, shut the main valve!", True),
    ("zh-Hans", "赶紧关总阀吗？", False),  # asked
    ("zh-Hans", "怎么还没人来", False),  # "nobody came": a chase
    ("zh-Hans", "赶紧报警，3号楼着火了", False),  # a danger and a place of its own
    ("zh-Hans", "3号楼的人快点下来", False),  # a place named
]


@pytest.mark.parametrize(("lang", "words", "urge"), URGES)
def test_a_bare_urge(lang: str, words: str, urge: bool) -> None:
    assert danger_over.urge(parser.parse(words, lang), words) is urge


CHASES = [
    ("zh-Hans", "怎么还没人来", True),
    ("zh-Hans", "怎么还没人来啊？快点来人", True),  # red by the reader's model alone: no danger word
    ("zh-Hans", "师傅什么时候来啊", True),
    ("zh-Hans", "人呢？", True),
    ("zh-Hant", "點解仲未有人嚟", True),
    ("en", "anyone coming?", True),
    ("zh-Hans", "明天上午在家", False),  # when she can be visited: her own report's
    ("zh-Hans", "怎么还没人来，我妈晕倒了", False),  # a danger of its own
    ("zh-Hans", "3号楼怎么还没人来", False),  # a place named
    ("zh-Hans", "赶紧关总阀", False),  # an urge, not a chase
]


@pytest.mark.parametrize(("lang", "words", "chase"), CHASES)
def test_a_chase_for_help(lang: str, words: str, chase: bool) -> None:
    assert danger_over.nobody_came(parser.parse(words, lang), words) is chase


REDS = ["3号楼2单元电梯困人了，有小孩在里面", "5号楼楼道里着火了，好多烟", "3号楼2单元水管爆了，水喷得到处都是"]


@pytest.mark.parametrize(
    ("words", "named"),
    [
        ("火已经灭了", [1]),
        ("the fire is out", [1]),
        ("电梯里的人救出来了", [0]),
        ("赶紧关总阀", [2]),
        ("人救出来了", []),  # of any of them: he is asked which
        ("消防来了", []),
    ],
)
def test_which_of_several_reds_news_names(words: str, named: list[int]) -> None:
    assert danger_over.named_reds(words, REDS) == named
