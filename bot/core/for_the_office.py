"""A resident's question for the office, asked the bot in private (pure): "物业费怎么交？", "居委会几点上班",
"请问疫苗在哪里打", "what time does the office open?". The bot cannot answer these (sweep of an elderly resident's
first private chat: "我还想问一下物业费怎么交" got silence); the one who can is the committee, to whom she may have it
passed. Not a greeting or small talk ("在吗？", "你好吗", "你是谁"), which the how-to answer covers; whether the words
are a report, about one of hers, or ask how the bot works is read before this, by the reader and its rules."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, tzinfo

from bot.core import escalation, followup
from bot.core.types import ParsedReport

# a question by its end ("？", "吗", "呢"), a question word, or an asking lead ("请问", "想问一下", "could you")
_ASKING = re.compile(
    r"[?？]\s*$|(?:吗|嗎|呢|么|麼|未)[\s!！。.~～…]*$"
    r"|请问|請問|问一下|問一下|问下|問下|想问|想問|打听|打聽"
    r"|怎么|怎麼|怎样|怎樣|如何|哪里|哪裡|哪儿|哪兒|在哪|几点|幾點|几号|幾號|几时|幾時|多少|什么时候|什麼時候|什么|什麼"
    r"|有没有|有沒有|有冇|可不可以|能不能|可以不|是不是|边度|邊度|点样|點樣|乜嘢|咩"
    r"|^\s*(?:what|when|where|how|who|which|why|can|could|may|is|are|do|does|will|would)\b"
    r"|\b(?:anyone know|does anyone|is there|are there)\b",
    re.I,
)
# small talk ("谢谢", "你好吗", "哈哈"), or how a problem stands ("修好了吗？", "怎么还没人来"): her reports answer it
_NOT_FOR_THE_OFFICE = followup.SMALL_TALK | {"resolved", "recur", "nobody"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
MIN_LETTERS = 4  # "在吗？", "你是谁": too short to be a question for someone else to answer


def asks_the_office(parsed: ParsedReport, text: str) -> bool:
    """Whether words the reader took for no report ask something only a person can answer: a question, of at least
    MIN_LETTERS letters, with no tag of small talk or of how a problem stands."""
    if parsed.is_report or followup.kinds(parsed.reasons) & _NOT_FOR_THE_OFFICE:
        return False
    norm = unicodedata.normalize("NFKC", text).strip()
    if len(_LETTERS.findall(norm)) < MIN_LETTERS:
        return False
    return bool(_ASKING.search(norm))


def read_from(now: datetime, tz: tzinfo, quiet: tuple[time, time]) -> datetime | None:
    """When words for the committee passed on now reach it: None for at once, else the end of its quiet hours
    (``quiet``: their start and end, local time, over midnight when the end comes first; the two the same: none).
    Hers is no emergency (those are reports): a member's phone is not woken at 02:00 for "物业费怎么交"."""
    start, end = quiet
    local = now.astimezone(tz).time()
    inside = start <= local < end if start <= end else not end <= local < start
    return escalation.next_brief(now, tz, end) if inside else None
