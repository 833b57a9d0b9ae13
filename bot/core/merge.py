"""Same problem, one event: does a new report join an open event? Pure: no clock, no I/O.

Similarity is the overlap of character bigrams (Chinese) and words (Latin script) of what the
reports are *about*: the text without its place ("3号楼2单元"), digits, punctuation and the generic
words every complaint shares ("坏了", "又", "没人修"), with the ways of saying the water or the power is off
named alike. So "3号楼电梯坏了" and "5栋电梯又坏了" share "电梯", "3号楼停水了" and "3号楼没水了" share "停水",
while "电梯坏了" and "楼道灯坏了" share nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.parser_lexicon import default_lexicon
from bot.core.parser_location import extract_location
from bot.core.types import Category, ParsedReport, Urgency

# Words that say "something is wrong" or fill a sentence, not *what* is wrong; longest first.
GENERIC_ZH = sorted(
    {
        "坏掉了",
        "坏掉",
        "坏了",
        "又坏",
        "坏",
        "不能用",
        "用不了",
        "出问题",
        "有问题",
        "问题",
        "没人修",
        "还没修",
        "没修",
        "怎么",
        "麻烦",
        "尽快",
        "赶紧",
        "派人",
        "来看看",
        "看看",
        "来修",
        "一下",
        "谢谢",
        "师傅",
        "没人管",
        "没人处理",
        "没人",
        "有人",
        "好久",
        "已经",
        "一直",
        "好几天",
        "几天",
        "今天",
        "昨天",
        "早上",
        "晚上",
        "现在",
        "还是",
        "还",
        "仲系",  # Cantonese "still"
        "仲",
        "咗",  # Cantonese "了"
        # how often, how much: "偶尔还会闪", "仲有啲闪", "仲有少少震" (of no thing)
        "偶尔",
        "有时候",
        "有时",
        "时不时",
        "间中",
        "有啲",
        "有少少",
        "少少",
        # what one did to wake a light that hears or feels a step ("声控灯跺脚也不亮", "拍手都不亮"): of no thing
        "跺了跺脚",
        "跺脚",
        "拍手",
        "拍掌",
        "咳嗽",
        "又",
        "了",
        "的",
        "也",
        "都",
        "很",
        "太",
        "吗",
        "啊",
        "呢",
        "吧",
        "呀",
        "啦",
        "哦",
        "我们",
        "我家",
        "我",
        "这个",
        "那个",
        "这",
        "那",
        "里面",
        "里",
        "在",
        "是",
        "请",
        "快点",
        "快",
        "来",
        "处理",
        "物业",
        "大家",
        "号楼",
        "楼栋",
        "单元",
        "室",
        "栋",
        "幢",
        "号",
        "门牌",
    },
    key=len,
    reverse=True,
)
GENERIC_EN = frozenset(
    "a an the is are was were be been it its in on at of to for and or again still not no is broken "
    "building bldg unit room floor please help someone anyone our my we i there here this that "
    # the English of the Chinese list's fillers and times: 也, 都, 已经, 一直, 现在, 今天, 昨天, 早上, 晚上, 几天
    "also too either as well has have had already always since now today yesterday morning night days "
    # what one did to wake the light ("stamping doesn't wake the sensor light")
    "stamp stamping stamped clap clapping clapped".split()
)
_GENERIC_RE = re.compile("|".join(re.escape(w) for w in GENERIC_ZH))
# One name for the ways of saying that the water or the power is off ("没水", "不出水" and "停水" are one outage;
# the bigrams of each share nothing). Applied to normalised (Simplified) text, longest first.
SAME_THING = (
    ("停水", ("一滴水都没有", "水龙头不出水", "没有水了", "没有水", "不出水", "没水", "断水", "水停了")),
    ("停电", ("一点电都没有", "没有电了", "没有电", "没电", "断电", "电停了")),
)
_SAME_THING_RE = [(re.compile("|".join(map(re.escape, words))), name) for name, words in SAME_THING]
_SPLIT_RE = re.compile(r"[^\w]+|\d+|_", re.UNICODE)
_LATIN_RE = re.compile(r"[a-z]+")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def wording(text: str) -> frozenset[str]:
    """The tokens a report is compared by: bigrams of Chinese runs, whole Latin words."""
    norm = default_lexicon().normalize(text)
    for piece in extract_location(norm).evidence:
        norm = norm.replace(piece, " ")
    return _tokens(_GENERIC_RE.sub(" ", _same_things(norm)))


def named_first(text: str) -> frozenset[str]:
    """The tokens of the thing a text names first (``first_named``)."""
    return _tokens(first_named(text))


def first_named(text: str) -> str:
    """The words a text begins with, when they are all it says besides places and the generic words after them
    ("3号楼门铃", "门铃又": 门铃); none when generic words come first or between ("从昨天起就", "已经": a time, not a
    thing). English puts its fillers first ("also the doorbell is"): its words other than the generic ones."""
    norm = default_lexicon().normalize(text)
    for piece in extract_location(norm).evidence:
        norm = norm.replace(piece, "")
    run = _GENERIC_RE.sub(" ", _same_things(norm)).rstrip()
    if _LATIN_RE.search(run) and not _CJK_RE.search(run):
        return " ".join(w for w in _LATIN_RE.findall(run) if w not in GENERIC_EN and len(w) > 1)
    return run if run and not _SPLIT_RE.search(run) else ""


def _same_things(norm: str) -> str:
    """The ways of saying one outage written as one (``SAME_THING``)."""
    for pattern, name in _SAME_THING_RE:
        norm = pattern.sub(name, norm)
    return norm


def _tokens(norm: str) -> frozenset[str]:
    """Bigrams of the Chinese runs (a lone character as itself) and the Latin words of a text made plain."""
    tokens: set[str] = set()
    for run in _SPLIT_RE.split(norm):
        if not run:
            continue
        for word in _LATIN_RE.findall(run):
            if word not in GENERIC_EN and len(word) > 1:
                tokens.add(word)
        cjk = _LATIN_RE.sub(" ", run).split()
        for part in cjk:
            if len(part) == 1:
                tokens.add(part)
            tokens.update(part[i : i + 2] for i in range(len(part) - 1))
    return frozenset(tokens)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient |a∩b| / min(|a|, |b|): 1.0 when the shorter report is inside the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True, slots=True)
class Report:
    """The new report, as the merge decision needs it."""

    chat_id: int
    category: Category
    urgency: Urgency
    building: str | None
    unit: str | None
    text: str
    doubted_red: bool = False  # red only because the reader could not rule a danger out (``doubted_red``)


def doubted_red(p: ParsedReport) -> bool:
    """Red only because the reader could not rule a danger out: the model unsure, and no danger word in the message
    ("3号楼停电了！" reads red for its "！")."""
    return p.urgency is Urgency.RED and p.red_unsure and not any(r.startswith("red:") for r in p.reasons)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open event and the texts of everyone who reported it."""

    event_id: int
    chat_id: int
    category: Category
    urgency: Urgency
    building: str | None
    unit: str | None
    created_at: datetime
    texts: Sequence[str]
    hers: bool = False  # the writer reported it herself: still open, it is hers said again whenever she says it
    # (but for a red: within the window)


def same_place(r: Report, c: Candidate) -> bool:
    """Same building, and same unit when both name one; with no building, the same chat."""
    if r.building != c.building:
        return False
    if r.building is None:
        return r.chat_id == c.chat_id
    return r.unit is None or c.unit is None or r.unit == c.unit


def placed_for_it(r: Report, c: Candidate, now: datetime, within: timedelta) -> bool:
    """A report naming no place, from the chat of an event with one that someone else reported up to ``within``
    before: a neighbour's same problem there ("楼道灯确实坏了" a few minutes after "3号楼2单元楼道灯坏了"; sweep of
    neighbours' words: each opened #2 of no place for the one light), which joins it when alike."""
    return (
        r.building is None
        and c.building is not None
        and r.chat_id == c.chat_id
        and not c.hers
        and (now - c.created_at <= within)
    )


def decide(
    report: Report,
    candidates: Iterable[Candidate],
    now: datetime,
    window: timedelta,
    threshold: float,
    unplaced_within: timedelta = timedelta(0),
) -> int | None:
    """The open event this report joins, or None for a new event. Best similarity wins, then the newest.

    Never merged: another category, another place, older than the window (unless the writer reported that event
    herself and it is no red: her light written again a day on, still unfixed, is her report said again; a lift
    trapping someone again is a red of its own), or a red report into an event
    that is not red (an emergency must not hide inside a routine ticket) unless the red is only doubted and says
    nothing more: no danger word, and no word the event's reports did not say ("3号楼停电了！" after "3号楼停电了";
    "3号楼停电了，我爸在家用呼吸机！" is its own). The same
    likeness is asked of the resident who reported the event: their second problem in the same building
    ("楼道窗户坏了" after "楼道灯坏了") is another event. A report naming no place joins an event of a place in its chat
    only up to ``unplaced_within`` after it (``placed_for_it``), and not when events of two places are alike it.
    """
    words = wording(report.text)
    best: tuple[float, datetime, int] | None = None
    places: set[tuple[str | None, str | None]] = set()
    for c in candidates:
        placed = placed_for_it(report, c, now, unplaced_within)
        if c.category is not report.category or not (placed or same_place(report, c)):
            continue
        if now - c.created_at > window and not (c.hers and report.urgency is not Urgency.RED):
            continue  # a red: someone trapped again days on is a red of its own, paged as one
        texts = [wording(t) for t in c.texts]
        if report.urgency is Urgency.RED and c.urgency is not Urgency.RED:
            # a doubted red joins only when it says nothing more: "我爸在家用呼吸机" after the outage is its own
            if not (report.doubted_red and words and any(words <= w for w in texts)):
                continue
        score = max((similarity(words, w) for w in texts), default=0.0)
        if score >= threshold and placed:
            places.add((c.building, c.unit))
        if score >= threshold and (best is None or (score, c.created_at) > best[:2]):
            best = (score, c.created_at, c.event_id)
    return best[2] if best and len(places) < 2 else None
