"""A thing's names in every language the bot reads, one row a thing: "水龙头", "水喉" (Hong Kong) and "tap" are one tap,
"电梯", "升降机" and "lift" one lift. Her words name the thing of a report whatever language either was written in
("no need to come for the tap, I fixed it" about "厨房水龙头一直滴水"; private-chat sweep: matched within a language,
it got the "which one?" list). Names as data, no translation step: the first name of a row stands for the thing.
Matched on text made plain (``followup.plain``: Simplified script, lower case), so Traditional names ("燈",
"升降機") are their Simplified rows'. Pure.
"""

from __future__ import annotations

import re

THINGS = (
    ("电梯", "升降机", "轿厢", "lift", "lifts", "elevator", "elevators"),
    ("灯", "照明灯", "照明", "灯泡", "灯管", "light", "lights", "lamp", "bulb", "lighting"),
    ("水龙头", "水喉", "龙头", "tap", "taps", "faucet"),
    ("水管", "喉管", "pipe", "pipes", "water pipe"),
    ("天花板", "ceiling"),
    ("门禁", "intercom"),
    ("窗", "窗户", "window", "windows"),
    ("下水道", "drain", "drains"),
    ("马桶", "坐厕", "座厕", "toilet"),
    ("空调", "冷气机", "冷气", "aircon", "air conditioner"),
    ("水泵", "pump"),
)


def canon(name: str) -> str:
    """The thing a name is by its row's first name ("lift", "升降机": 电梯); a name of no row as it is."""
    return next((names[0] for names in THINGS if name in names), name)


_NAMED = re.compile(
    "|".join(
        rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n)
        for n in sorted({n for names in THINGS for n in names}, key=len, reverse=True)
    )
)


def named_in(norm: str) -> frozenset[str]:
    """The things the plain words name by a name of the table, each by its row's first name ("the faucet is fine":
    水龙头), the longest name first ("照明灯" is one light, "水龙头" one tap)."""
    return frozenset(canon(m.group()) for m in _NAMED.finditer(norm))


# A part of many things, named bare: the thing said before's ("The lift is broken and the door won't close": the
# lift's door), as 门 alone is no thing of the Chinese word lists ("电梯坏了，门关不上"); a part named as the
# building's own ("the front door", "单元门") is a thing of its own.
PARTS = frozenset({"door", "doors"})
_OWN_DOOR = re.compile(r"\b(?:unit|entrance|front|building|main|block|lobby|stairwell)(?:'s)? doors?\b")
OWN_DOOR = "单元门"  # the row a door named as the building's stands for


def door_of_its_own(norm: str) -> bool:
    """The plain words name a door as the building's own ("the entrance door"), not a part of a thing."""
    return bool(_OWN_DOOR.search(norm))
