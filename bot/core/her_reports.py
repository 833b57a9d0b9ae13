"""Which of her open reports her words are about, when she has several: by the thing they name ("水龙头我自己拧紧了，
不用来了" with her dripping tap and her bathroom light open is about the tap), and, where they turn from one to
another, part by part ("水龙头我自己拧紧了，不用来了，灯还是要修": the tap's part takes it back, the light's stays
with the light). A resident's private-chat sweep: the first was answered with a list of both, the second joined the
light's event as more words, and the tap's worker was still sent. Pure: the services decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core import next_words

_CLAUSE = re.compile(r"[，,。.！!？?；;\n]+")


def named(text: str, reports: Sequence[Sequence[str]]) -> list[int]:
    """The indexes of the reports (each given by the words it was reported in) whose thing the words name."""
    things = next_words.things_of(text)
    if not things:
        return []
    return [i for i, said in enumerate(reports) if things & next_words.things_of(" ".join(said))]


def parts_by_report(text: str, reports: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """Her words cut where they turn from one report's thing to another's, each part with the index of its report;
    a clause naming no thing goes with the part before it. Empty unless the first clause names one report, at least
    two are named, and no clause names two or none of hers (then which is meant is not guessed)."""
    spans: list[tuple[int, int, int]] = []  # (report, start, end) a clause
    start = 0
    for cut in _CLAUSE.finditer(text):
        spans.append((-1, start, cut.start()))
        start = cut.end()
    spans.append((-1, start, len(text)))
    placed: list[tuple[int, int, int]] = []
    for _, begin, end in spans:
        clause = text[begin:end]
        if not clause.strip():
            continue
        which = named(clause, reports) if next_words.things_of(clause) else [placed[-1][0]] if placed else []
        if len(which) != 1:
            return []
        if placed and placed[-1][0] == which[0]:
            placed[-1] = (which[0], placed[-1][1], end)
        else:
            placed.append((which[0], begin, end))
    if len(placed) < 2:
        return []
    return [(index, text[begin:end]) for index, begin, end in placed]
