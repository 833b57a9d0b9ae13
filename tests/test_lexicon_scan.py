"""The lexicon's word finder against a plain statement of its rule, on corpus lines and on made-up text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.parser_lexicon import Lexicon, packaged_lexicon, scan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _wordch(ch: str) -> bool:
    return "a" <= ch <= "z" or "0" <= ch <= "9"


_LONGEST: dict[int, int] = {}


def _longest(lx: Lexicon) -> int:
    if id(lx) not in _LONGEST:
        _LONGEST[id(lx)] = max(map(len, [*lx.words, *lx.stems]))
    return _LONGEST[id(lx)]


def reference(lx: Lexicon, text: str) -> list[tuple[int, int]]:
    """The rule, spelled out: at each place, the longest prefix that is a stem (taking the letters after it) or
    a whole word; a word starting with a letter or digit never starts inside a longer word, one ending with
    a letter or digit never ends inside one; then go on after the match."""
    found, i, n = [], 0, len(text)
    longest = _longest(lx)
    while i < n:
        end = 0
        if not (i > 0 and _alnum(text[i]) and _wordch(text[i - 1])):
            for j in range(min(n, i + longest), i, -1):
                if text[i:j] in lx.stems:
                    end = j
                    while end < n and "a" <= text[end] <= "z":
                        end += 1
                    break
                if text[i:j] in lx.words and not (j < n and _alnum(text[j - 1]) and _wordch(text[j])):
                    end = j
                    break
        if end:
            found.append((i, end))
            i = end
        else:
            i += 1
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
