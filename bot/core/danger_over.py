"""A red event's reporter saying its danger is over ("人救出来了，孩子没事", "火灭了，没人受伤", "老人找到了",
"消防说是误报"): the rules' words that a danger is over or a problem resolved, with no danger still told and nothing
asked."""

from __future__ import annotations

from bot.core import followup
from bot.core.types import ParsedReport, Urgency

OVER = frozenset({"over", "resolved"})  # the rules' kinds: "救出来了", "火灭了", "误报"; "找到了", "修好了"


def said(parsed: ParsedReport, text: str) -> bool:
    """Her words say the danger is over: an "over" or "resolved" word, and no danger still there (a red reading:
    "一号电梯的人救出来了，二号电梯还关着一个"), no "still" ("还是没找到"), and no question ("人救出来了吗？")."""
    kinds = followup.kinds(parsed.reasons)
    if not kinds & OVER or parsed.urgency is Urgency.RED or "question" in kinds:
        return False
    return not (followup.ASKING.search(followup.plain(text)) or followup.says_not_fixed(parsed, text))
