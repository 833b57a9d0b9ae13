"""The kinds of danger words name, one table: gas, fire and smoke, water and flooding, a lift, electricity, a person's
health, things falling, a fight or a break-in. It tells apart the reds open in one group ("火已经灭了" is the fire's,
"总阀关了" the burst pipe's) and says whether a neighbour's words are of a red's danger (``red_news``). Pure.

Each row's words are written in Simplified or Traditional script, Cantonese or English, and read as
``followup.plain`` reads a message (Simplified, lower case), so "著火", "𨋢" and "水浸" are found in a Hong Kong
neighbour's words. Words are matched longest first: "水烧干了" (a pot boiling dry) is a fire's, not water's, and
"冒火花" electricity's, not fire's; the ``NONE`` row's words ("水电费", "火锅", "抽烟") name no danger and hide the
shorter words in them. A word denied just before it ("没人受伤", "不漏水了", "no one is hurt") names nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.text_norm import normalize


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of danger and its words (in any of the community's languages)."""

    name: str
    words: tuple[str, ...]


NONE = ""  # the row of words that look like a danger's and are none

TABLE: tuple[Kind, ...] = (
    Kind(
        "gas",
        (
            "燃气", "煤气", "天然气", "液化气", "石油气", "煤气罐", "煤氣", "石油氣", "漏气", "臭鸡蛋味",
            "gas", "gas leak", "smell of gas", "smells of gas", "lpg",
        ),
    ),
    Kind(
        "fire",
        (
            "火", "着火", "著火", "起火", "失火", "火灾", "火災", "火警", "火势", "火勢", "火苗", "火光", "火烛",
            "火燭", "冒火", "烟", "冒烟", "浓烟", "烟雾", "起烟", "黑烟", "烧焦", "焦味", "烧着", "烧起来", "燒緊",
            "烧紧", "水烧干", "烧干", "干烧", "煲干", "煲乾", "煲乾咗水", "燒乾咗水", "烧糊", "糊味",
            "fire", "on fire", "smoke", "smoky", "smoking", "flame", "flames", "blaze", "burning", "burnt",
            "boiled dry", "boiling dry",
        ),
    ),
    Kind(
        "water",
        (
            "水", "漏水", "渗水", "滲水", "淹水", "水淹", "水浸", "浸水", "进水", "入水", "积水", "喷水", "冒水",
            "爆管", "爆水管", "水管", "爆喉", "水喉", "总阀", "阀门", "阀", "水掣", "倒灌", "发大水",
            "water", "flood", "flooding", "flooded", "leak", "leaking", "burst pipe", "pipe", "pipes", "valve",
            "main valve",
        ),
    ),
    Kind(
        "lift",
        (
            "电梯", "電梯", "升降机", "升降機", "𨋢", "轿厢", "困人", "关人", "困住", "被困", "卡住",
            "lift", "elevator", "trapped", "stuck in the lift", "stuck in the elevator",
        ),
    ),
    Kind(
        "electric",
        (
            "漏电", "漏電", "触电", "觸電", "电死", "电线", "電線", "电箱", "配电", "配电箱", "电表箱", "电闸", "电掣",
            "跳闸", "跳掣", "短路", "火花", "冒火花", "电火花", "插座", "电缆", "高压电", "停电", "没电", "冇电",
            "electric", "electrical", "electricity", "electrocuted", "shock", "sparks", "sparking", "short circuit",
            "wire", "wires", "socket", "fuse box", "power cut", "power outage",
        ),
    ),
    Kind(
        "person",
        (
            "晕倒", "暈倒", "晕过去", "晕了", "晕低", "暈低", "昏倒", "昏迷", "不省人事", "摔倒", "跌倒", "摔伤",
            "跌亲", "仆亲", "受伤", "受傷", "流血", "出血", "心脏病", "心臟病", "心梗", "中风", "中風", "抽搐",
            "呼吸困难", "喘不上气", "没呼吸", "冇反应", "唞唔到气", "心口痛", "烫伤", "烧伤", "走失", "失踪",
            "不见了", "找到了", "找到人", "找不到人", "轻生", "跳楼",
            "fainted", "passed out", "collapsed", "unconscious", "not breathing", "heart attack", "stroke",
            "bleeding", "injured", "hurt", "seizure", "missing", "found him", "found her", "found them",
        ),
    ),
    Kind(
        "falling",
        (
            "高空抛物", "高空坠物", "高空掷物", "高空擲物", "坠物", "坠落", "掉下来", "掉下來", "砸下来", "砸到",
            "砸中", "砸伤", "掉落", "脱落", "外墙脱落", "倒塌", "坍塌", "塌了", "石屎", "跌落嚟", "冧咗", "树倒",
            "广告牌",
            "falling", "fell from", "fall from", "thrown from", "debris", "ceiling collapsed", "wall collapsed",
            "falling objects",
        ),
    ),
    Kind(
        "security",
        (
            "打架", "打人", "斗殴", "打交", "嗌交", "吵架", "持刀", "拿刀", "砍人", "斩人", "小偷", "偷东西", "偷嘢",
            "贼", "撬门", "撬門", "撬锁", "入室", "抢劫", "打劫", "爆格", "闯入", "可疑", "家暴", "闹事", "醉汉",
            "fight", "fighting", "knife", "thief", "burglar", "break-in", "broke in", "breaking in", "robbery",
            "stolen", "intruder", "suspicious", "attack", "attacked",
        ),
    ),
    Kind(
        NONE,
        (
            "水电", "水费", "水电费", "水果", "口水", "墨水", "薪水", "香水", "水泥", "水平", "喝水", "开水", "热水",
            "火锅", "火车", "火腿", "火柴", "发火", "上火", "抽烟", "吸烟", "香烟", "烟花",
            "fireworks", "firefighters", "fire brigade", "fire engine", "water bill",
        ),
    ),
)  # fmt: skip


def _pattern(word: str) -> str:
    """A word as it is matched: an English word whole (not "fire" in "firewall"), any other as written."""
    said = re.escape(normalize(word))
    return rf"\b{said}\b" if word.isascii() else said


_BY_WORD = {normalize(word): kind.name for kind in TABLE for word in kind.words}
_WORDS = re.compile("|".join(_pattern(w) for w in sorted(_BY_WORD, key=len, reverse=True)))
# a word denied just before it: "没人受伤", "没有烟了", "不漏水了", "无人被困", "no one is hurt", "there is no fire"
_DENIED = re.compile(
    r"(?:没有?|无|冇|未|不|别)(?:人|有人|什么)?(?:被)?$|\b(?:no|not|nobody|no one|never|without)\s+(?:\w+\s+)?$"
)


def named(text: str) -> frozenset[str]:
    """The kinds of danger the words name ("水管爆了": water; "锅里的水烧干了，冒烟了": fire; "车库电动车着火了，没人
    受伤": fire alone)."""
    norm = normalize(text)
    found = set()
    for m in _WORDS.finditer(norm):
        if not _DENIED.search(norm[max(0, m.start() - 16) : m.start()]):
            found.add(_BY_WORD[m.group()])
    return frozenset(found - {NONE})


# the advice posted under a red with the emergency numbers is its most pressing kind's (gas before the fire it may
# cause, a fire before the water put on it)
ADVICE_ORDER = ("gas", "fire", "electric", "water", "lift", "falling", "security", "person")


def foremost(text: str) -> str | None:
    """The most pressing kind of danger the words name (``ADVICE_ORDER``), or None."""
    found = named(text)
    return next((kind for kind in ADVICE_ORDER if kind in found), None)
