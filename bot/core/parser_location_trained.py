"""The location reader as the packaged model was trained with it, frozen: the rules and the model read places so.

The rules' place tags ("loc:b", "loc:u", "loc:r") are model features, so this reading changes only with a retrain
(``tools/train_reader.py --cv``; ``test_committed_model_is_the_training_output`` fails if it moves). What a report
registers is read anew by ``parser_location``, which may learn new ways of naming a place at any time
(``parser.place_anew``). Retraining on ``parser_location`` lets this file go (docs/parser.md, "The place, read
anew").
"""

from __future__ import annotations

import re

from bot.core.parser_location import (
    _AI,
    _CN,
    _NOWHERE,
    HK_FLAT,
    NUMBERED_BUILDINGS,
    PINYIN,
    SHORTHAND,
    Location,
    Parts,
    _room,
    _value,
    read_places,
)

# a flat number read digit by digit ("五零二", "一零零三"): 3-4 digits, no 十/百
_CN_DIGITS = "[一二三四五六七八九][零〇一二三四五六七八九]{2,3}+(?![零〇一二两三四五六七八九十百])"
_BEFORE_NUM = r"(?<![\d.:/\-$¥a-z])"
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
            *SHORTHAND,
            # shorthand building-unit "5-2" (NOTES.md), not a date, a time or a range of counts
            r"(?<![\d\-a-z#:./])(?P<pb>\d{1,2})-(?P<pu>\d{1,2})(?![\d\-:./%])"
            r"(?!\s?(?:月|日|号|点|天|个|岁|次|层|楼|小时|分|周|年|人|块|元|米|cm|m\b|am|pm|days?|hours?|min|years?|"
            r"weeks?|times|people|floors?|storeys?|yuan|rmb))",
            *PINYIN,
            # "3#" alone is building 3 ("#302" is a room)
            r"(?<![\d#])(?P<b6>\d{1,2})#(?![\d#])",
            HK_FLAT,
            # 3号楼 / 十二栋 / a座 / 3#楼 (座 and 幢 only after digits or letters)
            r"(?<![\d\-a-z])(?P<b1>\d{1,4}+[a-z]?|[a-z])\s?(?:号楼|#楼|栋|幢|座|号院)",
            *NUMBERED_BUILDINGS,
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


def trained_location(norm: str) -> Location:
    """The place as the packaged model learnt it: ``parser_location.extract_location`` before the location forms of
    2026-12-03 (no plate or parking-space test, no year test, a writer's home unit kept)."""
    if not _MAYBE.search(norm):
        return _NOWHERE
    return read_places(norm, _PATTERN, _parts, skip_home_parts=False)


def _parts(_norm: str, m: re.Match[str]) -> Parts:
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
    return b, u, r
