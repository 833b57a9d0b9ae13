"""Her next words just after her own report, not written as a reply (``followup.ADDS_WITHIN``), as the readers
read them: more of the same problem, which join it, or a thing broken of their own, which is a report of its own.
Pure: ``services.continuation`` decides what to do with them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core import followup, merge
from bot.core.types import ParsedReport


def tells_more(parsed: ParsedReport) -> bool:
    """Words no report on their own that tell more of one just made: how long ("已经两天了"), again, nobody came."""
    return bool(followup.kinds(parsed.reasons) & TELLS_MORE)


TELLS_MORE = frozenset({"short", "long", "recur", "nobody"})


def names_own_thing(parsed: ParsedReport, text: str, said: Iterable[str]) -> bool:
    """Words read as a report that name a thing broken of their own, one the words ``said`` of the report they follow
    do not name: before the problem word the word lists found, a thing they know ("电梯坏了", "3楼的水管也漏了")
    or words that say nothing else ("门铃坏了", "下水道堵了" after "楼道灯坏了"); not the same thing ("灯一闪一闪的"),
    nor words of the same problem that name none ("坏了好几天了", "一直不亮", "从昨天起就坏了": a time)."""
    if not parsed.is_report:
        return False
    seen = " ".join(followup.plain(t) for t in said)
    return any(word not in seen for word in _thing_words(parsed, text))


def _thing_words(parsed: ParsedReport, text: str) -> frozenset[str]:
    """What is broken, as said before the last problem word of the first clause that has one."""
    found = {
        word for kind, _, word in (r.partition(":") for r in parsed.reasons) if kind in followup.PROBLEM_KINDS and word
    }
    things = {word for kind, _, word in (r.partition(":") for r in parsed.reasons) if kind.endswith("_weak")}
    for clause in _CLAUSE.split(followup.plain(text)):
        ends = [clause.rfind(word) for word in found if word in clause]
        if ends:
            before = clause[: max(ends)]
            return frozenset(w for w in things if w in before) | merge.named_first(before)
    return frozenset()


_CLAUSE = re.compile(r"[，,。.！!？?；;：:\n]+")  # not at spaces, which part an English clause's words
