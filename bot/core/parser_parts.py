"""A message's parts: "昨天的停水恢复了，谢谢物业。另外5号楼电梯又坏了" is a thank-you and a new problem.

The report head was trained on whole messages, most of them one thing each. Where a thank-you, an all-clear or a
question comes first, the head reads the whole as chat and the problem after it would be lost. So a message the
reader neither takes for a report nor asks about is read again part by part (``parts``), and when one part that
names a problem reads as a report on its own, the writer is asked "Report it?" (``ask_on_part``), never reported
outright: the rest of the message may say the problem is over. The part threshold is chosen with the others, on
writers left out of training, within the same ask budget (``tools/train_reader.py``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from bot.core.parser_location import Location
from bot.core.types import ParsedReport

MAX_PARTS = 12  # a long letter is read part by part only this far
MIN_PART = 3  # characters: shorter pieces ("好的", "ok") say nothing alone
# a part ends after a sentence's end or a line break, or before a word that turns to another matter
_SPLIT = re.compile(
    r"(?<=[。！？!?；;…\n])"
    r"|(?<=\.)\s+"
    r"|(?=另外|此外|还有就是|還有就是|顺便|順便|不过|不過|但是|可是|但係|不过呢|仲有)"
    r"|(?=\b(?:but|also|however|btw|by the way|anyway|plus)\b)",
    re.IGNORECASE,
)
_TRIM = " \t,，、.。:：-—~～"


def parts(text: str) -> list[str]:
    """The message's parts, in order (at most ``MAX_PARTS``); empty when it is one part only."""
    found = [p.strip().strip(_TRIM) for p in _SPLIT.split(text)]
    found = [p for p in found if len(p) >= MIN_PART]
    return found[:MAX_PARTS] if len(found) >= 2 else []


def reads_parts(plain: ParsedReport, th: dict[str, float]) -> bool:
    """Whether a message so read is read again part by part: neither a report nor asked about already, by a model
    with a ``part_report`` threshold (a model before it reads no parts)."""
    return not plain.is_report and not plain.ask and "part_report" in th


def ask_on_part(plain: ParsedReport, best: tuple[float, float] | None, th: dict[str, float]) -> ParsedReport:
    """``plain`` asked about when a part naming a problem reads as a report on its own: ``best`` is that part's
    (P(report), P(red)), the highest P(report) among them (None: no such part). Only a reading ``reads_parts``
    takes changes."""
    if not reads_parts(plain, th) or best is None or best[0] < th["part_report"]:
        return plain
    return dataclasses.replace(
        plain,
        ask=True,
        maybe_danger=best[1] >= th["red_floor"],
        reasons=(*plain.reasons, f"part:report {best[0]:.2f}"),
    )


def problem_place(whole: Location, places: Sequence[Location], live: Callable[[int], bool]) -> Location:
    """Where the problem is, by the guide ("where several are named, the first place where the problem is"):
    ``whole`` is the first place named in the message; ``places`` are its parts' places, and ``live(k)`` whether part
    k names a problem that is still there (asked only of the parts that can move the place: reading a part costs).
    When the part that names the first building holds no such problem (a thanks, an all-clear: "3栋的灯修好了，谢谢。
    不过8栋楼道的灯又不亮了") and a later part that does names a building of its own, that part's place is the
    problem's."""
    first = next((k for k, loc in enumerate(places) if loc.building == whole.building), None)
    if whole.building is None or first is None:
        return whole
    later = [k for k in range(first + 1, len(places)) if places[k].building not in (None, whole.building)]
    if not later or live(first):
        return whole
    return next((places[k] for k in later if live(k)), whole)
