"""Flat and telephone numbers taken out of words a worker wrote for residents, before a group reads them. Pure.

A worker's "cannot fix" reason is shown in the residents' group (the acknowledgement, the group's question to the
reporter, a resident's /status there). He is warned, but "楼上602业主在外地，联系不上" or "call 13812345678"
names a neighbour: in a group such numbers read "…". The event's own room stays (its reporter named it there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.types import Event, Outcome

HIDDEN = "…"

# what follows a number that is an amount, a size, a time or a date, not a flat ("300元", "2026年", "1200mm")
_MEASURE = (
    r"\s?(?:年|元|块|塊|米|毫|厘|公分|平|斤|公斤|克|个|個|次|人|天|日|小时|小時|分钟|分鐘|分|秒|度|伏|瓦|%|％"
    r"|(?:mm|cm|m|km|kg|g|ml|l|w|kw|v|h|hrs?|mins?|sec|yuan|rmb|pm|am|sq)(?![a-z]))"
)
_NUMBER = re.compile(
    r"(?<![0-9#＃])(?<![A-Za-z]{2})(?:"
    r"(?P<date>\d{4}[-/.]\d\d?[-/.]\d\d?)(?!\d)"  # 2026-12-05: kept
    r"|\d{1,3}\s?[-－—]\s?\d{1,2}\s?[-－—]\s?\d{3,4}"  # 3-2-302: building, unit, flat
    r"|#?\d{2}-\d{2,4}"  # #06-212: floor and flat
    r"|(?P<phone>\+?\d[\d\s-]{6,}\d)"  # a telephone: seven digits or more, spaced or not
    rf"|\d{{3,4}}(?![\d.:：])(?!{_MEASURE})"  # a flat: 602, 1801
    r")",
    re.IGNORECASE,
)


def hide_numbers(text: str, keep: Iterable[str | None] = (), phones: bool = True) -> str:
    """The text with every flat number (3–4 digits, "3-2-302", "#06-212") and telephone number (unless not
    ``phones``) replaced by "…", but those in ``keep`` (the event's own room): amounts, years, sizes and times stay."""
    kept = {k for k in keep if k}

    def swap(m: re.Match[str]) -> str:
        found = m.group(0)
        if m.group("date") or (m.group("phone") and not phones):
            return found
        return found if found in kept or found.rsplit("-", 1)[-1].strip() in kept else HIDDEN

    return _NUMBER.sub(swap, text)


def public_note(ev: Event) -> str:
    """The closing's words as a residents' group reads them: no neighbour's flat; no telephone, but in a referral
    ("已转交自来水公司，电话 0755-83333333": a number for residents to call)."""
    return hide_numbers(ev.outcome_note or "", keep=[ev.room], phones=ev.outcome is not Outcome.REFERRED)
