"""A committee member's plain instruction about an event (pure): "明早让王师傅去看看", "让小李明天一早处理", "ask Wang
to look at it in the morning". Who it names (as staff call workers: ``committee_words.name_forms``, and in English by
the surname's pinyin) and when it is for (now, later, unsaid). Committee review 58: such words under the night note
reached no one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.committee_words import name_forms
from bot.core.followup import plain
from bot.core.rota import bare_name

# Words not given as a reply count for the events of the bot's notes this recent (committee review 59: "让王师傅去
# 看看" two days on, about anything, gave the last note's old event away). A note is answered in the sitting it is
# read in, minutes after it or, read late, within the evening; two hours on (or the next morning) the chat has moved
# on, the note is scrolled away, and loose words may be about anything: a reply to the note, or its number, says which.
FRESH = timedelta(hours=2)


class When(StrEnum):
    """When the instruction wants it seen to."""

    NOW = "now"  # 马上, 现在, right away
    LATER = "later"  # 明早, 明天一早, in the morning
    UNSAID = "unsaid"


@dataclass(frozen=True, slots=True)
class Instruction:
    """Whom the words name (as written) and when they want it done."""

    name: str
    when: When
    event_id: int | None = None  # the number the words name ("让王师傅去看看 #3"), if any


_ZH_NAME = r"(?P<name>[\u4e00-\u9fff]{1,4}?)"
_ZH_TIME = r"(?:明天|明早|早上|一早|上午|马上|立刻|现在|今晚|尽快|赶紧|\s)*"
_ZH_DO = r"(?:去|来|过去|处理|看|修|跟进|负责|上门|检查|解决)"
_ZH = re.compile(rf"(?:让|叫|请|派|安排|交给|找){_ZH_NAME}{_ZH_TIME}{_ZH_DO}")
# the name in English words as the workers' names are kept too: "ask 王师傅 to go now" (the English notes' example)
_EN = re.compile(
    r"\b(?:ask|have|get|send|tell|let)\s+(?P<name>[a-z]+(?:\s[a-z]+)??|[\u4e00-\u9fff]{1,4})\s+(?:to|go|look|check|fix)\b"
)
_NOW = re.compile(r"马上|立刻|立即|现在|赶紧|尽快|\bnow\b|right away|\basap\b|immediately")
_NUMBER = re.compile(r"[#＃]\s*(\d{1,9})")
_LATER = re.compile(r"明天|明早|一早|早上|上午|\btomorrow\b|\bmorning\b")
# not a worker's name: "让大家注意", "请你去看看", "找人去修"
_NOT_NAMES = frozenset(
    {"him", "her", "them", "someone", "somebody", "me", "us", "you", "everyone"}
    | {"人", "他", "她", "他们", "她们", "你", "您", "我", "我们", "咱们", "大家", "各位", "居民", "别人", "有人", "谁"}
)

# the surnames of workers as English speakers write them (pinyin): "ask Wang" for 王强
_PINYIN = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "赵": "zhao", "黄": "huang",
    "周": "zhou", "吴": "wu", "徐": "xu", "孙": "sun", "胡": "hu", "朱": "zhu", "高": "gao", "林": "lin", "何": "he",
    "郭": "guo", "马": "ma", "罗": "luo", "梁": "liang", "宋": "song", "郑": "zheng", "谢": "xie", "韩": "han",
    "唐": "tang", "冯": "feng", "于": "yu", "董": "dong", "萧": "xiao", "程": "cheng", "曹": "cao", "袁": "yuan",
    "邓": "deng", "许": "xu", "傅": "fu", "沈": "shen", "曾": "zeng", "彭": "peng", "吕": "lv", "苏": "su",
}  # fmt: skip


def read(words: str) -> Instruction | None:
    """The instruction the words give: a worker named to see to it ("让王师傅去看看"), and when; None: no such words
    ("收到", "谁在处理？", "王师傅修好了吗")."""
    said = plain(words)
    found = _ZH.search(said) or _EN.search(said)
    if found is None or found["name"].strip() in _NOT_NAMES:
        return None
    when = When.NOW if _NOW.search(said) else When.LATER if _LATER.search(said) else When.UNSAID
    number = _NUMBER.search(said)
    return Instruction(found["name"].strip(), when, int(number[1]) if number else None)


def matches(name: str, worker_name: str) -> bool:
    """Whether a name as written ("王师傅", "小李", "Wang") is this worker's (王强, 李姐, 王师傅)."""
    said, bare = bare_name(name), bare_name(worker_name)
    if not said or not bare:
        return False
    return said in name_forms(worker_name) or (said.isascii() and _PINYIN.get(bare[0]) == said)


def named(name: str, workers: Sequence[tuple[int, str]]) -> list[int]:
    """The workers (id, name) a name as written may be: none (unknown), one, or several (ambiguous)."""
    return [wid for wid, wname in workers if matches(name, wname)]


def card_at(red: bool, on_duty: bool, when: When, next_on: datetime | None, morning: datetime) -> datetime | None:
    """When the worker's card goes: now (None) for a red, a worker on duty or an instruction for now; else when he
    next comes on duty, or the morning (``morning``: the brief's time) when no shift of his comes soon."""
    if red or on_duty or when is When.NOW:
        return None
    return next_on or morning
