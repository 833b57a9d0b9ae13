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
    return _naming(next_words.things_of(text), _things(reports))


def parts_by_report(text: str, reports: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """Her words cut where they turn from one report's thing to another's, each part with the index of its report;
    a clause naming no thing goes with the part before it. Empty unless the first clause names one report, at least
    two are named, and no clause names two or none of hers (then which is meant is not guessed)."""
    theirs = _things(reports)
    clauses: list[tuple[int, int]] = []  # (start, end) of each clause
    start = 0
    for cut in _CLAUSE.finditer(text):
        clauses.append((start, cut.start()))
        start = cut.end()
    clauses.append((start, len(text)))
    placed: list[tuple[int, int, int]] = []  # (report, start, end) of each part
    for begin, end in clauses:
        if not text[begin:end].strip():
            continue
        things = next_words.things_of(text[begin:end])
        which = _naming(things, theirs) if things else [placed[-1][0]] if placed else []
        if len(which) != 1:
            return []
        if placed and placed[-1][0] == which[0]:
            placed[-1] = (which[0], placed[-1][1], end)
        else:
            placed.append((which[0], begin, end))
    if len(placed) < 2:
        return []
    return [(index, text[begin:end]) for index, begin, end in placed]


def _things(reports: Sequence[Sequence[str]]) -> list[frozenset[str]]:
    """The things each report's words name, read once."""
    return [next_words.things_of(" ".join(said)) for said in reports]


def _naming(things: frozenset[str], theirs: list[frozenset[str]]) -> list[int]:
    """The indexes of the reports whose things share one with ``things`` (none when it names none)."""
    return [i for i, named in enumerate(theirs) if things & named] if things else []
