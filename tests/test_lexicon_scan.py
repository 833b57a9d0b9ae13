"""The lexicon's word finder against a plain statement of its rule, on corpus lines and on made-up text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.parser_lexicon import Lexicon, packaged_lexicon, scan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


_TAIL = re.compile(r"[a-z]*")  # what a stem takes after it
_LONGEST: dict[int, int] = {}


def _longest(lx: Lexicon) -> int:
    if id(lx) not in _LONGEST:
        _LONGEST[id(lx)] = max(map(len, [*lx.words, *lx.stems]))
    return _LONGEST[id(lx)]


def joined(own: str, neighbour: str) -> bool:
    """A word's letter or digit touching a lower-case letter or digit: the word would be inside a longer one."""
    return own.isascii() and own.isalnum() and re.fullmatch("[a-z0-9]", neighbour) is not None


def longest_at(lx: Lexicon, text: str, i: int) -> int:
    """Where the longest word starting at i ends (0 for none)."""
    if i > 0 and joined(text[i], text[i - 1]):
        return 0
    for j in range(min(len(text), i + _longest(lx)), i, -1):
        piece = text[i:j]
        if piece in lx.stems:
            return j + len(_TAIL.match(text, j).group())
        if piece in lx.words and not (j < len(text) and joined(text[j - 1], text[j])):
            return j
    return 0


def reference(lx: Lexicon, text: str) -> list[tuple[int, int]]:
    """The rule, spelled out: at each place, the longest prefix that is a stem (taking the letters after it) or
    a whole word; a word starting with a letter or digit never starts inside a longer word, one ending with
    a letter or digit never ends inside one; then go on after the match."""
    found, i = [], 0
    while i < len(text):
        end = longest_at(lx, text, i)
        if end:
            found.append((i, end))
        i = end or i + 1
    return found


def test_corpus_lines_are_read_by_the_rule() -> None:
    lx = packaged_lexicon()
    every = [json.loads(line)["text"] for f in sorted(CORPUS.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    lines = every[::4]  # every writer, a quarter of the lines: the suite stays quick
    assert len(lines) > 2000
    matched = 0
    for text in lines:
        norm = lx.normalize(text)
        got = list(scan(lx.trie, norm))
        assert got == reference(lx, norm), text
        matched += bool(got)
    assert matched > len(lines) // 2  # the lists do find words


_LX = packaged_lexicon()
_PIECES = sorted(_LX.words)[::7] + sorted(_LX.stems) + list("abcxyz019 -.楼灯水火")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8))
def test_made_up_text_is_read_by_the_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert list(scan(_LX.trie, text)) == reference(_LX, text)


def test_boundaries_and_stems() -> None:
    lx = packaged_lexicon()

    def words(text: str) -> list[str]:
        return [text[a:b] for a, b in scan(lx.trie, text)]

    assert words("flooding now") == ["flooding"]  # the stem flood* takes the letters after it
    assert words("gas leak") == ["gas leak"]  # longest first
    assert words("vegas leak") == ["leak"]  # "gas" does not start inside "vegas"
    assert words("firefly") == [] and words("the fire") == ["fire"]  # "fire" does not end inside "firefly"
