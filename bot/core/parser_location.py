"""Where the problem is: building, unit and room from normalised message text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.numerals import to_digits

_CN = "[零〇一二两三四五六七八九十百]{1,5}+"  # possessive: no backtracking on long runs
# a flat number read digit by digit ("五零二", "一零零三"): 3-4 digits, no 十/百
_CN_DIGITS = "[一二三四五六七八九幺][零〇幺一二三四五六七八九]{2,3}+(?![零〇幺一二两三四五六七八九十百])"
# "Block A" / "Unit I": the letters a and i are words too ("block a lane"), so only before
# nothing, punctuation or a word that names a part of the estate ("Block A entrance")
_AI = (
    r"[ai](?!\s[a-z]{2})"
    r"|[ai](?=\s(?:entrance|lobby|lift|lifts|elevators?|gate|car\s?park|carpark|garage|basement|"
    r"roof|rooftop|stairs?|stairwell|staircase|corridors?|bins?|bin\s?room|door|entry|side|flat|room|"
    r"residents?|unit|parking|is|was|has|had|are|were|and|at|in|on|near|next|behind|since|still|keeps|"
    r"needs|again|runs?|running|leaks?|leaking|smells?|flood(?:s|ed|ing)?|gets?|got|lost|won't|doesn't|isn't|can't)\b)"
)
_NOT_I_AM = r"(?!['’](?:m|d|ve|ll|re)\b)"  # "which block. I'm waiting": a word, not block I
# a full stop before or after a number is a decimal point only between digits ("3.5"); "。" is normalised to "."
_BEFORE_NUM = r"(?<![\d:/\-$¥a-z])(?<!\d\.)"
_EMERGENCY = frozenset({"110", "119", "120", "122", "999", "995", "911", "112", "000"})
# words after a bare number that make it a year, price, time, count or floor, not a room
_NOT_ROOM_AFTER = (
    r"(?![\d:/%\-]|\.\d|x{2}|\*{2}|\s?(?:年|元|块|米|点|分|号楼|号|栋|幢|座|平|人|个|次|斤|天(?!天)|小时|楼(?![上下])|层|户|"
    r"辆|台|只|份|张|条|件|毫|多|余|万|车位|位|w\b|ml\b|kg\b|km\b|am\b|pm\b|m\b|h\b|s\b|st\b|nd\b|rd\b|th\b|yuan|rmb|"
    r"years?\b|days?\b|hours?\b))"
)

# every branch starts at a digit, '#', a Chinese numeral, after "楼", or at the first letter of a word
# that is a place word or a letter before "-", "号", "#", "栋", "幢", "座" or "单": one cheap check per
# position before trying the branches
_START = (
    r"(?=[0-9#零〇幺一二两三四五六七八九十百]|(?<=楼)|(?<![a-z])(?:[a-z](?:-|\s?[号#栋幢座单])"
    r"|lou|danyuan|building|bldg|block|blk|tower|unit|entrance|apt|apartment|room|rm|flat|no))"
)
# branches the trained reader (``parser_location_trained``) shares word for word, in the same places
SHORTHAND = (
    # shorthand 3-2-302 and 3-302
    r"(?<![\d\-a-z])(?P<sb>\d{1,3}|[a-z])-(?P<su>\d{1,2})-(?P<sr>\d{3,4})(?![\d\-])",
    r"(?<![\d\-a-z#])(?P<tb>\d{1,3}|[a-z])-(?P<tr>\d{3,4})(?![\d\-])",
    # Singapore-style "#07-231": floor 07, flat 231 (data/corpus/NOTES.md)
    r"#\s?\d{1,2}-(?P<r7>\d{2,4})(?![\d\-])",
)
# pinyin place words (NOTES.md): "Lou 5", "5 hao lou", "5 dong", "danyuan 2"
PINYIN = (
    r"(?<![a-z])lou\s?(?P<b4>\d{1,3})(?![\d])",
    r"(?<![\d\-])(?P<b5>\d{1,3})\s?(?:hao\s?lou|dong)(?![a-z])",
    r"(?<![a-z])danyuan\s?(?P<u3>\d{1,2})(?![\d])",
    r"(?<![\d\-])(?P<u4>\d{1,2})\s?danyuan(?![a-z])",
)
HK_FLAT = r"(?<=楼)\s?(?P<r8>[a-h])\s?室"  # Hong Kong "12樓c室": a flat lettered on its floor
NUMBERED_BUILDINGS = (
    # a community that numbers its buildings "5-1号楼"
    r"(?<![\d\-a-z])(?P<b7>\d{1,3}-\d{1,2})\s?(?:号楼|栋|幢|座)",
    # 幢 and 座 after a Chinese numeral too ("十五幢", "二座大堂"), but not "一座桥", "三座楼都"
    rf"(?!一栋楼|两栋楼|一栋房|[一两](?:幢|座))(?P<b2>{_CN})"
    r"(?:号楼|栋|(?:幢|座)(?!楼(?![上下道前后门顶梯里])|房|城|山|桥|位))",
)
_PATTERN = re.compile(
    _START
    + "(?:"
    + "|".join(
        [
            *SHORTHAND,
            # shorthand building-unit "5-2" (NOTES.md), not a date, a time or a range of counts
            r"(?<![\d\-a-z#:./])(?<!level\s)(?<!floor\s)(?<!levels\s)(?<!floors\s)(?P<pb>\d{1,2})-(?P<pu>\d{1,2})(?![\d\-:./%])"
            r"(?!\s?(?:月|日|号|点|天|个|岁|次|层|楼|小时|分|周|年|人|块|元|米|cm|m\b|am|pm|days?|hours?|min|years?|"
            r"weeks?|times|people|floors?|storeys?|yuan|rmb))",
            *PINYIN,
            # "3#" alone is building 3 ("#302" is a room)
            r"(?<![\d#])(?P<b6>\d{1,2})#(?:(?![\d#])|(?=\d{1,2}\s?单元))",
            HK_FLAT,
            # 3号楼 / 十二栋 / a座 / 3#楼 (座 and 幢 only after digits or letters)
            # (and the homophones typed for 号 and 栋: "3好楼", "2动")
            r"(?<![\d\-a-z])(?P<b1>\d{1,4}+[a-z]?|[a-z])\s?(?:号楼|#楼|栋|幢|座|号院|好楼|(?<=\d)动)",
            *NUMBERED_BUILDINGS,
            # Building 3 / Bldg 8 / Block b / Tower B / Blk 5
            # (a plural before a number: "Blocks 14 to 18"; a letter only after a space: "blocks" is no block S)
            r"(?<![a-z])(?:building|bldg|block|blk)s?\.?(?:\s?(?:no\.?\s?(?=\d)|#\s?)?(?P<b3>\d{1,4}[a-z]?)"
            rf"|\s(?:#\s?)?(?P<b8>[b-hj-z]|{_AI}){_NOT_I_AM})(?![a-z0-9])",
            # "Tower A": after tower, a and i are names, not words
            r"(?<![a-z])towers?\.?(?:\s?(?:no\.?\s?(?=\d)|#\s?)?(?P<b9>\d{1,4}[a-z]?)"
            rf"|\s(?P<b10>[a-z]){_NOT_I_AM})(?![a-z0-9])",
            # 2单元 / 二单元 / Unit 2 / Entrance 3 (Unit 302 is a room)
            # after a unit, "401号楼上漏水" is room 401 and "楼上" (upstairs)
            rf"(?<![\d\-])(?P<u1>\d{{1,2}}+|[a-z]|{_CN})\s?单元(?:\s?(?P<r2>\d{{1,4}})\s?号(?!楼(?![上下]))"
            rf"|(?P<r5>{_CN_DIGITS})(?:室|号(?!楼))?)?",
            r"(?<![a-z])(?:unit|entrance)(?:\s?(?:no\.?\s?(?=\d)|#\s?)?(?P<u2>\d{1,2})(?!-\d)"
            rf"|\s(?:#\s?)?(?P<u5>[b-hj-z]|{_AI}){_NOT_I_AM})(?![a-z0-9])",
            # "1st unit", "2nd entrance"
            r"(?<![\d\-])(?P<u6>\d)(?:st|nd|rd|th)\s(?:unit|entrance)\b",
            # 302室 / 单元502号 / Apt 302 / Room 1203 / #302 / Flat 12
            r"(?<![\d\-])(?P<r1>\d{3,4})\s?(?:室|房间|房(?!子)|号(?!楼|院|车位|位))",
            rf"(?<![零〇一二两三四五六七八九十百])(?P<r6>{_CN_DIGITS})室",
            r"(?:(?<![a-z])(?:apt|apartment|room|rm|flat|unit|no)\.?\s?#?\s?|#\s?)(?P<r3>\d{2,4})(?![\d]|-\d)",
            # a flat right after its building, whatever follows ("4座1903個煤氣錶", "5栋601个阿伯")
            r"(?:(?<=号楼)|(?<=[栋幢座])|(?<=[栋幢座]\s))(?P<r9>\d{3,4})(?![\d.:/%\-])",
            # a flat read digit by digit with a zero or 幺 ("五零一家", "幺五零二的邻居"), not a year ("二零二三年")
            rf"(?<![零〇幺一二两三四五六七八九十百])(?P<r10>{_CN_DIGITS}){_NOT_ROOM_AFTER}",
            # bare 3-4 digit flat number: 1502
            rf"{_BEFORE_NUM}(?P<r4>\d{{3,4}}){_NOT_ROOM_AFTER}",
        ]
    )
    + ")"
)


# what every match holds: a digit, a Chinese numeral, one of 楼栋幢座院单, or a place word before a letter
# (building a, unit b); text without any of these names no place, and is not searched further
_MAYBE = re.compile(r"[\d零〇幺一二两三四五六七八九十百楼栋幢座院单]|b(?:uilding|ldg|lock|lk)|tower|unit|entrance")

# "我住5号楼，3号楼门口的井盖丢了": where the writer lives, not where the problem is
_RESIDENCE = re.compile(
    r"(?:住|住在|家住|我是|我们是|我家是)\s?$"
    r"|(?<![a-z])(?:i|we)\s(?:live|stay)\s(?:in|at)\s$"
    r"|(?<![a-z])(?:i'm|i am)\s(?:in|at|from)\s$"
)


# "due March 2023", "expired in 2021": a year, not flat 2023 (a year ends a sentence as often as a flat does)
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s$"
    r"|(?<![a-z])(?:since|until|till|year|expired in|expires in|due in|back in|built in|in early|in late|in mid)\s$"
)
_IN_BEFORE = re.compile(r"(?<![a-z])in\s$")  # "went up in flames in 2015." (but "the lady in 1903, block 6")
_CLAUSE_END = re.compile(r"\s?(?:[.?!]|$)")


# "车牌尾号368", "plate ending 873", "parking space #112", "car spot 117": a number of a car or its space, not a flat
_VEHICLE_BEFORE = re.compile(
    r"(?:尾号|车牌号?|牌照|后[三四]位|车位|plate|ending|ends in|space|spot|parking|lot)\s?(?:是|号|no\.?|number|#)?"
    r"\s?\(?\s?$"
)


def _of_a_vehicle(norm: str, start: int) -> bool:
    """The number at ``start`` follows a word of a car's plate or parking space."""
    return _VEHICLE_BEFORE.search(norm, max(0, start - 12), start) is not None


def _said_as_date(norm: str, start: int, end: int) -> bool:
    """The bare number at norm[start:end] follows a month or a word of time, or ends a clause after "in"."""
    if _YEAR_BEFORE.search(norm, max(0, start - 14), start):
        return True
    return _IN_BEFORE.search(norm, max(0, start - 4), start) is not None and _CLAUSE_END.match(norm, end) is not None


@dataclass(frozen=True, slots=True)
class Location:
    """Building, unit and room as strings (digits, an upper-case letter, or a building's "10A" / "5-1"), with
    the text read."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None
    evidence: tuple[str, ...] = ()


_NOWHERE = Location()
Parts = tuple[str | None, str | None, str | None]  # building, unit and room of one match
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


def _zero_read(token: str | None) -> str | None:
    """A Chinese flat number said digit by digit with a zero or 幺 in it ("五零一"); None for others ("一二三")."""
    return token if token and any(ch in "零〇幺" for ch in token) else None


def _room(token: str | None, bare: bool, after_date_word: bool = False) -> str | None:
    if token is None or not token.isdigit():
        return None
    if bare and (token in _EMERGENCY or token.endswith("00") or token.startswith("0")):
        return None
    if bare and after_date_word and _YEAR.fullmatch(token):
        return None
    return token


def extract_location(norm: str) -> Location:
    """First building, first unit and first room named in normalised text.

    A building named as the writer's home ("我住5号楼", "I live in Block 5") gives way to another
    building named later, where the problem is.
    """
    if not _MAYBE.search(norm):
        return _NOWHERE
    return read_places(norm, _PATTERN, _parts)


def _parts(norm: str, m: re.Match[str]) -> Parts:
    """The building, unit and room one match names (a plate's or parking space's number is no place)."""
    g = m.groupdict()
    # a plate or parking space is looked for (a search of the text before the match) only when a group it can spoil
    # matched: the shorthands, "#112" / "no. 117" and a bare number
    car = bool(g["sb"] or g["tb"] or g["r3"] or g["r4"]) and _of_a_vehicle(norm, m.start())
    b = _value(
        g["b1"]
        or g["b2"]
        or g["b3"]
        or g["b8"]
        or g["b9"]
        or g["b10"]
        or g["pb"]
        or g["b4"]
        or g["b5"]
        or g["b6"]
        or g["b7"]
        or (None if car else g["sb"] or g["tb"])
    )
    u = _value(g["su"] or g["u1"] or g["u2"] or g["u5"] or g["u6"] or g["pu"] or g["u3"] or g["u4"])
    r = (
        (None if car else _room(g["sr"] or g["tr"], False))
        or _room(g["r1"] or g["r2"] or g["r7"], False)
        or (None if car else _room(g["r3"], False))
        or (None if car or not g["r4"] else _room(g["r4"], True, _said_as_date(norm, m.start(), m.end())))
        or _room(g["r9"], True)
        or _room(_value(g["r5"] or g["r6"]), False)
        or _room(_value(_zero_read(g["r10"])), True)
        or (g["r8"].upper() if g["r8"] else None)
    )
    return b, u, r


def read_places(
    norm: str,
    pattern: re.Pattern[str],
    parts: Callable[[str, re.Match[str]], Parts],
    nested: bool = False,
    skip_home_parts: bool = True,
) -> Location:
    """The first building, unit and room that the matches of ``pattern`` give (``parts``: one match's three), with
    the text read. A building named as the writer's home gives way to another building named later, where the
    problem is (``nested``: reading that later text; there, with ``skip_home_parts``, a unit or flat named before
    any building is the home's, "我是7号楼2单元的…住在11号楼3单元", not the place)."""
    building = unit = room = None
    evidence: list[str] = []
    for m in pattern.finditer(norm):
        b, u, r = parts(norm, m)
        if nested and skip_home_parts and building is None and not b:
            continue
        if b and building is None and not nested and _RESIDENCE.search(norm, max(0, m.start() - 12), m.start()):
            later = read_places(norm[m.end() :], pattern, parts, True, skip_home_parts)
            if later.building is not None and later.building != b:
                return later
        used = False
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
