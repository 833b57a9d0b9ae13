"""The one way a place is written: a building, its unit and room ("3号楼2单元302室", "Bldg 3 Unit 2 Rm 302"), and
a pin sent with a report as a link to the map, never two numbers.

Every text that names a place calls ``label`` (an event's acknowledgement and card, the digest's hot spots) or
``address`` (an export's postal address); the console's ``L.place`` (static/js/core.js) writes it with the same
catalogue keys."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.render.i18n import Html, join, plain, t

LETTER = re.compile(r"[A-Za-z]")  # a building named by a letter alone: "A座", "Block B" (never "A号楼")


def _parts(say: Callable[..., str], lang: str, building: str | None, unit: str | None, room: str | None) -> list:
    parts = []
    if building and LETTER.fullmatch(building):  # "B座", as the resident's "b栋" or "block b" means it
        parts.append(say(lang, "loc.building_letter", b=building.upper()))
    elif building:
        parts.append(say(lang, "loc.building", b=building))
    if unit:
        parts.append(say(lang, "loc.unit", u=unit))
    if room:
        parts.append(say(lang, "loc.room", r=room))
    return parts


def label(
    lang: str,
    building: str | None,
    unit: str | None = None,
    room: str | None = None,
    pin: tuple[float, float] | None = None,
) -> Html:
    """'3号楼2单元302室', 'A座', 'Bldg 3 Rm 302' as Telegram HTML; when none of them is known, a ``pin`` sent with the
    report as a short link to its map ('📍 有定位'), else 'not given' (the digest names a building and unit only: it
    gives no room)."""
    parts = _parts(t, lang, building, unit, room)
    if parts:
        return join(parts, plain(lang, "loc.sep"))
    return t(lang, "loc.pinned", link=map_link(*pin)) if pin else t(lang, "loc.none")


def address(lang: str, community: str, building: str | None, unit: str | None, room: str | None) -> str:
    """The postal address an export gives, as plain text: '滨海社区 3号楼2单元', 'Bldg 3 Unit 2, Binhai'; the
    community's name alone when the place is not known."""
    place = plain(lang, "loc.sep").join(_parts(plain, lang, building, unit, room))
    return plain(lang, "loc.address", community=community, place=place) if place else community


def map_link(lat: float, lon: float) -> str:
    """An OpenStreetMap link to a pin (works in any browser, no key)."""
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"


def pin(lang: str, lat: float, lon: float) -> Html:
    """A pin as a person reads it: a short link that opens the map ('📍 收到定位：在地图上查看'), no numbers."""
    return t(lang, "dm.location", link=map_link(lat, lon))
