"""A shift's hours as a chair types them: "8-18", "8:30-17:30", "8：30—17：30", "08.30-17.30", "8点到18点",
"早8晚6", "9am-5pm", "22:00-06:00" (overnight) → ("08:00", "18:00"). Pure.

"8-6" and "8点到6点" are read as a day shift, 08:00–18:00 (nobody works 08:00 to 06:00 the next morning and
writes it so without "晚" or "pm"); a bare "1-5" is no time (it reads as days, Monday to Friday: a night shift
from 01:00 is written "1:00-5:00").
"""

from __future__ import annotations

import re

_PART = (
    r"(?P<{p}part>早上|早|上午|中午|下午|晚上|晚|夜里|夜|凌晨)?\s*(?P<{p}h>\d{{1,2}})"
    r"(?:\s*(?P<{p}mark>[:：.]|点|點|时|時)\s*(?P<{p}m>\d{{2}}|半)?)?\s*(?P<{p}ap>am|pm|a\.m\.|p\.m\.)?"
)
_SEP = r"\s*(?:-|–|—|－|~|～|至|到|to)\s*"
_RANGE = re.compile(_PART.format(p="a") + f"(?:{_SEP}|(?=早|上午|中午|下午|晚|夜|凌晨))" + _PART.format(p="b"), re.I)
_LATER = ("中午", "下午", "晚上", "晚", "夜里", "夜")


def _minutes(m: re.Match[str], p: str) -> int | None:
    hour, minute = int(m.group(f"{p}h")), m.group(f"{p}m")
    minutes = 30 if minute == "半" else int(minute or 0)
    part, ap = m.group(f"{p}part"), (m.group(f"{p}ap") or "").lower().replace(".", "")
    if ap == "pm" or part in _LATER:
        hour += 12 if hour < 12 else 0
    elif (ap == "am" or part == "凌晨") and hour == 12:
        hour = 0
    if hour > 24 or minutes > 59 or (hour == 24 and minutes):
        return None
    return hour * 60 + minutes


def _marked(m: re.Match[str], p: str, groups: tuple[str, ...]) -> bool:
    return any(m.group(f"{p}{g}") for g in groups)


def read_time_range(text: str) -> tuple[str, str] | None:
    """The text, whole, as a range of hours ("08:00", "18:00"); None when it is not one."""
    m = _RANGE.fullmatch(text.strip())
    if m is None:
        return None
    start, end = _minutes(m, "a"), _minutes(m, "b")
    if start is None or end is None or start == end or start == 24 * 60:
        return None
    if not any(_marked(m, p, ("mark",)) for p in "ab") and start < 6 * 60:
        return None
    said_when = any(_marked(m, p, ("part", "ap")) for p in "ab")
    if not said_when and end < start < 12 * 60 and end + 12 * 60 > start:
        end += 12 * 60  # "8-6": eight in the morning to six in the evening
    return f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"
