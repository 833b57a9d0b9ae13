"""Where the problem is: building, unit and room from normalised message text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.numerals import to_digits

_CN = "[零〇一二两三四五六七八九十百]{1,5}+"  # possessive: no backtracking on long runs
# a flat number read digit by digit ("五零二", "一零零三"): 3-4 digits, no 十/百
_CN_DIGITS = "[一二三四五六七八九][零〇一二三四五六七八九]{2,3}+(?![零〇一二两三四五六七八九十百])"
# "Block A" / "Unit I": the letters a and i are words too ("block a lane"), so only before
# nothing, punctuation or a word that names a part of the estate ("Block A entrance")
_AI = (
    r"[ai](?!\s[a-z]{2})"
    r"|[ai](?=\s(?:entrance|lobby|lift|lifts|elevators?|gate|car\s?park|carpark|garage|basement|"
    r"roof|rooftop|stairs?|stairwell|staircase|corridors?|bins?|bin\s?room|door|entry|side|flat|room|"
    r"residents?|unit|parking|is|was|has|had|are|were|and|at|in|on|near|next|behind|since|still|keeps|"
    r"needs|again|runs?|running|leaks?|leaking|smells?|flood(?:s|ed|ing)?|gets?|got|lost|won't|doesn't|isn't|can't)\b)"
)
_BEFORE_NUM = r"(?<![\d.:/\-$¥a-z])"
_EMERGENCY = frozenset({"110", "119", "120", "122", "999", "995", "911", "112", "000"})
# words after a bare number that make it a year, price, time, count or floor, not a room
_NOT_ROOM_AFTER = (
    r"(?![\d.:/%\-]|\s?(?:年|元|块|米|点|分|号楼|号|栋|幢|座|平|人|个|次|斤|天|小时|楼|层|户|辆|台|只|份|张|条|"
    r"件|毫|多|余|万|w|ml|kg|km|am|pm|m\b|h\b|s\b|st\b|nd\b|rd\b|th\b|yuan|rmb|years?\b|days?\b|hours?\b))"
)

# every branch starts at a digit, '#', a Chinese numeral, after "楼", or at the first letter of a word
# that is a place word or a letter before "-", "号", "#", "栋", "幢", "座" or "单": one cheap check per
# position before trying the branches
_START = (
    r"(?=[0-9#零〇一二两三四五六七八九十百]|(?<=楼)|(?<![a-z])(?:[a-z](?:-|\s?[号#栋幢座单])"
    r"|lou|danyuan|building|bldg|block|blk|tower|unit|entrance|apt|apartment|room|rm|flat|no))"
)
_PATTERN = re.compile(
    _START
    + "(?:"
    + "|".join(
        [
            # shorthand 3-2-302 and 3-302
            r"(?<![\d\-a-z])(?P<sb>\d{1,3}|[a-z])-(?P<su>\d{1,2})-(?P<sr>\d{3,4})(?![\d\-])",
            r"(?<![\d\-a-z#])(?P<tb>\d{1,3}|[a-z])-(?P<tr>\d{3,4})(?![\d\-])",
            # Singapore-style "#07-231": floor 07, flat 231 (data/corpus/NOTES.md)
            r"#\s?\d{1,2}-(?P<r7>\d{2,4})(?![\d\-])",
            # shorthand building-unit "5-2" (NOTES.md), not a date, a time or a range of counts
            r"(?<![\d\-a-z#:./])(?P<pb>\d{1,2})-(?P<pu>\d{1,2})(?![\d\-:./%])"
            r"(?!\s?(?:月|日|号|点|天|个|岁|次|层|楼|小时|分|周|年|人|块|元|米|cm|m\b|am|pm|days?|hours?|min|years?|"
            r"weeks?|times|people|floors?|storeys?|yuan|rmb))",
            # pinyin place words (NOTES.md): "Lou 5", "5 hao lou", "5 dong", "danyuan 2"
            r"(?<![a-z])lou\s?(?P<b4>\d{1,3})(?![\d])",
            r"(?<![\d\-])(?P<b5>\d{1,3})\s?(?:hao\s?lou|dong)(?![a-z])",
            r"(?<![a-z])danyuan\s?(?P<u3>\d{1,2})(?![\d])",
            r"(?<![\d\-])(?P<u4>\d{1,2})\s?danyuan(?![a-z])",
            # "3#" alone is building 3 ("#302" is a room)
            r"(?<![\d#])(?P<b6>\d{1,2})#(?![\d#])",
            # Hong Kong "12樓c室": a flat lettered on its floor
            r"(?<=楼)\s?(?P<r8>[a-h])\s?室",
            # 3号楼 / 十二栋 / a座 / 3#楼 (座 and 幢 only after digits or letters)
            r"(?<![\d\-a-z])(?P<b1>\d{1,4}+[a-z]?|[a-z])\s?(?:号楼|#楼|栋|幢|座|号院)",
            # a community that numbers its buildings "5-1号楼"
            r"(?<![\d\-a-z])(?P<b7>\d{1,3}-\d{1,2})\s?(?:号楼|栋|幢|座)",
            # 幢 and 座 after a Chinese numeral too ("十五幢", "二座大堂"), but not "一座桥", "三座楼都"
            rf"(?!一栋楼|两栋楼|一栋房|[一两](?:幢|座))(?P<b2>{_CN})"
            r"(?:号楼|栋|(?:幢|座)(?!楼(?![上下道前后门顶梯里])|房|城|山|桥|位))",
            # Building 3 / Bldg 8 / Block b / Tower B / Blk 5
            r"(?<![a-z])(?:building|bldg|block|blk|tower)\.?\s?(?:no\.?\s?|#\s?)?"
            rf"(?P<b3>\d{{1,4}}[a-z]?|[b-hj-z]|{_AI})(?![a-z0-9])",
            # 2单元 / 二单元 / Unit 2 / Entrance 3 (Unit 302 is a room)
            # after a unit, "401号楼上漏水" is room 401 and "楼上" (upstairs)
            rf"(?<![\d\-])(?P<u1>\d{{1,2}}+|[a-z]|{_CN})\s?单元(?:\s?(?P<r2>\d{{1,4}})\s?号(?!楼(?![上下]))"
            rf"|(?P<r5>{_CN_DIGITS})(?:室|号(?!楼))?)?",
            rf"(?<![a-z])(?:unit|entrance)\s?(?:no\.?\s?|#\s?)?(?P<u2>\d{{1,2}}|[b-hj-z]|{_AI})(?![a-z0-9])",
            # 302室 / 单元502号 / Apt 302 / Room 1203 / #302 / Flat 12
            r"(?<![\d\-])(?P<r1>\d{3,4})\s?(?:室|房间|房(?!子)|号(?!楼|院))",
            rf"(?<![零〇一二两三四五六七八九十百])(?P<r6>{_CN_DIGITS})室",
            r"(?:(?<![a-z])(?:apt|apartment|room|rm|flat|unit|no)\.?\s?#?\s?|#\s?)(?P<r3>\d{2,4})(?![\d])",
            # bare 3-4 digit flat number: 1502
            rf"{_BEFORE_NUM}(?P<r4>\d{{3,4}}){_NOT_ROOM_AFTER}",
        ]
    )
    + ")"
)


# what every match holds: a digit, a Chinese numeral, one of 楼栋幢座院单, or a place word before a letter
# (building a, unit b); text without any of these names no place, and is not searched further
_MAYBE = re.compile(r"[\d零〇一二两三四五六七八九十百楼栋幢座院单]|b(?:uilding|ldg|lock|lk)|tower|unit|entrance")

# "我住5号楼，3号楼门口的井盖丢了": where the writer lives, not where the problem is
_RESIDENCE = re.compile(
    r"(?:住|住在|家住|我是|我们是|我家是)\s?$"
    r"|(?<![a-z])(?:i|we)\s(?:live|stay)\s(?:in|at)\s$"
    r"|(?<![a-z])(?:i'm|i am)\s(?:in|at|from)\s$"
)


@dataclass(frozen=True, slots=True)
class Location:
    """Building, unit and room as strings (digits, an upper-case letter, or a building's "10A" / "5-1"), with
    the text read."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None
    evidence: tuple[str, ...] = ()


_NOWHERE = Location()
_NUMBER_LETTER = re.compile(r"^(\d{1,4})([a-z])$")
_NUMBER_NUMBER = re.compile(r"^(\d{1,3})-(\d{1,2})$")


def _value(token: str | None) -> str | None:
    if token is None:
        return None
    if len(token) == 1 and token.isalpha() and token.isascii():
        return token.upper()
    if m := _NUMBER_LETTER.match(token):  # "10a号楼": building 10A
        return f"{int(m.group(1))}{m.group(2).upper()}"
    if m := _NUMBER_NUMBER.match(token):  # "5-1号楼"
        return f"{int(m.group(1))}-{int(m.group(2))}"
    return to_digits(token)


def _room(token: str | None, bare: bool) -> str | None:
    if token is None or not token.isdigit():
        return None
    if bare and (token in _EMERGENCY or token.endswith("00") or token.startswith("0")):
        return None
    return token


def extract_location(norm: str, _nested: bool = False) -> Location:
    """First building, first unit and first room named in normalised text.

    A building named as the writer's home ("我住5号楼", "I live in Block 5") gives way to another
    building named later, where the problem is.
    """
    if not _MAYBE.search(norm):
        return _NOWHERE
    building = unit = room = None
    evidence: list[str] = []
    for m in _PATTERN.finditer(norm):
        g = m.groupdict()
        b = _value(
            g["sb"] or g["tb"] or g["b1"] or g["b2"] or g["b3"] or g["pb"] or g["b4"] or g["b5"] or g["b6"] or g["b7"]
        )
        u = _value(g["su"] or g["u1"] or g["u2"] or g["pu"] or g["u3"] or g["u4"])
        r = (
            _room(g["sr"] or g["tr"] or g["r1"] or g["r2"] or g["r3"] or g["r7"], False)
            or _room(g["r4"], True)
            or _room(_value(g["r5"] or g["r6"]), False)
            or (g["r8"].upper() if g["r8"] else None)
        )
        used = False
        if b and building is None and not _nested and _RESIDENCE.search(norm, max(0, m.start() - 12), m.start()):
            later = extract_location(norm[m.end() :], _nested=True)
            if later.building is not None and later.building != b:
                return later
        if b and building is None:
            building, used = b, True
        if u and unit is None:
            unit, used = u, True
        if r and room is None:
            room, used = r, True
        if used:
            evidence.append(m.group().strip())
        if building and unit and room:
            break
    return Location(building, unit, room, tuple(evidence))
