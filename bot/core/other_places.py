"""A report that also names a problem at another building ("3号楼电梯坏了，另外7号楼门口的井盖丢了"). One message is one
event (its acknowledgement, the replies under it and its edits are the message's), so the other building's problem
reached only the first building's worker, inside its words, and never the team of the building it is at (sweep of
messages with several problems: grid B's worker never heard of the manhole at 7号楼). Its acknowledgement names the
other part and asks her to send it as a message of its own (``parts_elsewhere``). Pure.
"""

from __future__ import annotations

import re

from bot.core import parser, parser_parts
from bot.core.text_norm import normalize

_COMMA = re.compile(r"[，,；;]+")
# the word that turned to it ("另外7号楼门口的井盖丢了": "7号楼门口的井盖丢了"), left out of what is quoted back
_TURN = re.compile(
    r"^(?:另外|此外|还有就是|還有就是|还有|還有|顺便|順便|仲有|also|plus|and|btw|by the way)[\s,，:：]*", re.I
)
_NEXT_NUMBER = re.compile(r"\s+\d{1,2}[.、)]?\s*$")  # "…栏杆掉了 3. 小区广场…": the next item's number
_BUILDING_SAID = re.compile(
    r"(?:\d+|[a-z]|[零〇一二两三四五六七八九十百]+)\s*(?:号楼|號樓|栋|棟|幢|座)|\b(?:block|blk|building|bldg|tower)\s*\w+"
)
MOST = 2  # parts named in one acknowledgement; a longer list is a letter the committee reads whole


def parts_elsewhere(text: str, lang: str, building: str | None) -> list[str]:
    """The parts of a report's words that are a report of their own at a building other than ``building`` (its
    place), in the order written; none when it has no place or names no other building with a problem."""
    if building is None or len(_BUILDING_SAID.findall(normalize(text))) < 2:  # most reports: one building or none
        return []
    found: list[str] = []
    for piece in pieces(parser_parts.parts(text)):
        read = parser.parse(piece, lang)
        if read.building in (None, building) or _names(piece, building):
            continue  # "A boy from Block 12 … on the Tower A lobby steps": at its own building after all
        if read.is_report or parser.needs_confirmation(read):
            found.append(unturned(piece))
    return found[:MOST]


def pieces(parts: list[str], english_commas: bool = False) -> list[str]:
    """The pieces of a message's parts (``parser_parts.parts``) that may each be a report: Chinese parts cut at their
    commas (an English sentence's commas part its words, "A boy from Block 12, maybe 8, has been sitting…", unless
    ``english_commas``: a caller that joins back what reads as no report of its own), the next item's number left
    out; none too short to say anything."""
    found = []
    for part in parts:
        for piece in _COMMA.split(part) if english_commas or not part.isascii() else [part]:
            piece = _NEXT_NUMBER.sub("", piece).strip(" \t。.！!？?：:、")
            if len(piece) >= parser_parts.MIN_PART:
                found.append(piece)
    return found


def unturned(piece: str) -> str:
    """A piece as it is quoted back, without the word that turned to it ("另外", "also")."""
    return _TURN.sub("", piece)


def _names(piece: str, building: str) -> bool:
    """Whether the words name this building too ("Tower A", "3号楼", "3座")."""
    b = re.escape(building.lower())
    said = rf"(?<![\w]){b}\s*(?:号楼|號樓|栋|棟|幢|座)|\b(?:block|blk|building|bldg|tower)\s*{b}\b"
    return bool(re.search(said, normalize(piece)))
