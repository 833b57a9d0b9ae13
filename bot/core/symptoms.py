"""What a problem looks like, by family: a leak drips, seeps and pools ("漏水", "滴水", "渗水", "积水", "water coming
through"), a broken light leaves a place dark ("不亮", "黑", "the light is out"), a broken lift stands still, a
blocked drain backs up. Words showing a sign of the family of her report's problem tell of that problem, whatever
words her report used ("天花板一直在滴水" after "家里漏水了"): the rule ``next_words.same_problem`` reads them.
A small rule beside the reader, matched on text made plain (``followup.plain``: Simplified script, lower case);
the reader's own understanding stays its model's and word lists'."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Family:
    """One kind of trouble: the words that show it by themselves (``signs``), the things whose trouble it is
    (by ``next_words.family``: "楼道灯" is a 灯), and where it shows without being a thing broken of its own
    (``shows_on``: the ceiling a leak drips from)."""

    name: str
    signs: re.Pattern[str]
    things: frozenset[str]
    shows_on: frozenset[str] = frozenset()


def _words(*words: str) -> re.Pattern[str]:
    """A pattern of any of the words, longest first (so "墙上" is taken whole, not "墙" and a "上" left over)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _signs(*patterns: str) -> re.Pattern[str]:
    """A pattern of any of the signs, in the order written (the longer of two that begin alike first)."""
    return re.compile("|".join(patterns))


FAMILIES = (
    Family(
        "leak",
        # not 漏电 (a danger) nor 漏气 (gas): the reader's reds
        _signs(
            r"漏水",
            r"漏(?![电气风])",
            r"渗水",
            r"渗漏",
            r"渗",
            r"滴水",
            r"往下滴",
            r"滴答",
            r"滴",
            r"积水",
            r"水漫",
            r"漫水",
            r"淹了",
            r"爆管",
            r"水管爆",
            r"冒水",
            r"返水",
            r"湿透",
            r"湿",
            r"\bleak(?:s|ing|ed)?\b",
            r"\bdrip(?:s|ping|ped)?\b",
            r"\bseep(?:s|ing)?\b",
            r"\bflood(?:s|ing|ed)?\b",
            r"\bwet\b",
            r"\bwater (?:is )?(?:still )?(?:coming|pouring|running|dripping)(?: (?:in|through|down))?\b",
        ),
        frozenset({"水管", "pipe"}),
        frozenset(
            {
                "天花板",
                "吊顶",
                "屋顶",
                "房顶",
                "顶上",
                "墙上",
                "墙面",
                "墙角",
                "墙",
                "地上",
                "地面",
                "地板",
                "满地",
                "水",
            }
            | {"ceiling", "wall", "walls", "floor", "roof", "water"}
        ),
    ),
    Family(
        "dark",
        _signs(
            r"不亮",
            r"没亮",
            r"黑漆漆",
            r"黑乎乎",
            r"黑咕隆咚",
            r"漆黑",
            r"黑",
            r"没有灯",
            r"没灯",
            r"灯灭",
            r"一闪一闪",
            r"(?:好|很|太|有点|有些|偏|变|发|特别|比较)暗",  # "仲係好暗", "灯有点暗": too little light
            r"\bdark\b",
            r"\bdim(?:mer)?\b",
            r"\bno lights?\b",
            r"\bflicker(?:s|ing)?\b",
            r"\blights? (?:is |are )?(?:still )?(?:out|off)\b",
            r"\blights?'s (?:still )?(?:out|off)\b",
        ),
        frozenset({"灯", "light"}),
    ),
    Family(
        "lift",
        _signs(r"不动", r"停住", r"卡住", r"下不去", r"上不去", r"\bstuck\b", r"\bnot moving\b", r"\bwon'?t move\b"),
        frozenset({"电梯", "lift"}),
    ),
    Family(
        "drain",
        _signs(r"堵", r"不通", r"返味", r"冒臭", r"\bblocked\b", r"\bclogged\b", r"\bbacked up\b", r"\bwon'?t drain\b"),
        frozenset({"下水道", "马桶", "drain", "toilet"}),
    ),
    Family(
        "water",  # the supply: none, too little, or not clean ("停水", "水压很低", "水是黄的", "brown water")
        _signs(
            r"停水",
            r"没有?水",
            r"断水",
            r"水压",
            r"水(?:很|太|特别|好)?小",
            r"水\w{0,4}发黄",
            r"黄水",
            r"(?:是|有点|有些|很|都|变)黄(?:色)?的?(?=$|[\s,，。.!！?？吗呢啊了])",  # "是黄的", not "黄色的灯"
            r"浑浊",
            r"水\w{0,3}浑",
            r"浑水",
            r"铁锈",
            r"锈水",
            r"\bno water\b",
            r"\blow (?:water )?pressure\b",
            r"\b(?:brown|yellow|rusty|cloudy|muddy|discolou?red) water\b",
            r"\b(?:it'?s|is|looks|comes out|coming out) (?:\w+ )?(?:brown|yellow|rusty|cloudy|muddy|discolou?red)\b",
        ),
        frozenset({"自来水", "tap water", "water supply"}),
        frozenset({"水", "水龙头", "龙头", "出水", "water", "tap", "taps"}),
    ),
)


def signs(norm: str) -> frozenset[str]:
    """The families whose signs the plain text shows ("天花板一直在滴水": leak; "it's still dark": dark), not those
    said to be gone ("已经不漏了", "no longer dripping")."""
    return frozenset(
        f.name for f in FAMILIES if any(not _GONE.search(norm[: m.start()]) for m in f.signs.finditer(norm))
    )


_GONE = re.compile(r"(?:不再|不|没再|没有|没|停止|\bno longer|\bstopped|\bnot)\s*$")


def of_things(things: frozenset[str]) -> frozenset[str]:
    """The families whose trouble the things are (by their family's name: 灯, light, 电梯, 水管)."""
    return frozenset(f.name for f in FAMILIES if f.things & things)


def cleared(norm: str, families: frozenset[str]) -> str:
    """The plain text with the signs of the families, their things and where they show left out: what is left names
    something else, or nothing ("天花板一直在滴水": "一直在")."""
    for f in FAMILIES:
        if f.name in families:
            norm = f.signs.sub(" ", norm)
            norm = _words(*(f.shows_on | f.things)).sub(" ", norm)
    return norm


# Her home said as a whole ("家里漏水了", "my flat is leaking"): a room of it named later ("卫生间也在漏水") is
# where her problem shows in it, not a place of its own (resident review: it opened #2 for the one leak in her flat).
HOME = re.compile(r"家里|家中|我家|屋里|屋企|室内|\b(?:my|our) (?:flat|home|apartment|place|unit)\b|\bat home\b")
ROOMS = _words(
    "卫生间",
    "洗手间",
    "厕所",
    "浴室",
    "厨房",
    "客厅",
    "饭厅",
    "卧室",
    "主卧",
    "次卧",
    "房间",
    "书房",
    "阳台",
    "bathroom",
    "kitchen",
    "bedroom",
    "living room",
    "balcony",
)


def rooms_cleared(norm: str, said: str) -> str:
    """The plain text with the rooms of a home left out when her plain words (``said``) named her home as a whole;
    as it is otherwise ("楼上也漏水了" is another flat's, and "卫生间" after "3号楼楼道漏水" is no room of hers)."""
    return ROOMS.sub(" ", norm) if HOME.search(said) else norm


# another's home ("楼上502漏水到我家", "隔壁", "the flat upstairs"): a flat such words name is not hers
NEIGHBOURS_HOME = re.compile(r"楼上|楼下|隔壁|对门|对面|邻居|\b(?:upstairs|downstairs|next door|neighbou?rs?)\b")


def at_home(norm: str) -> bool:
    """Whether the plain words put the problem in her home: her home named ("我家", "my flat") or a room of one
    ("卫生间的灯不亮", "the kitchen tap drips")."""
    return bool(HOME.search(norm) or ROOMS.search(norm))


def her_flat_named(norm: str) -> bool:
    """Whether a report's plain words put it in her own home, naming no neighbour's ("我家厨房水龙头滴水，3号楼2单元502"
    names her flat; "楼上502漏水到我家" names the flat above)."""
    return at_home(norm) and not NEIGHBOURS_HOME.search(norm)
