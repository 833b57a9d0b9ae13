"""Word lists of the parser: loading, normalising text, and finding the words in a message.

A lexicon is a set of TOML files (``bot/lexicon/*.toml`` plus optional extra files). Every
list of words under a table becomes a tag ``"table.key"`` ("category.repair", "urgency.red").
All words are kept in one character trie (``scan``), matched leftmost-longest.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bot.core.text_norm import PUNCT_FOLD, fold_chars, normalize, to_simplified

DEFAULT_FILES = ("zh-Hans.toml", "zh-Hant.toml", "en.toml")
CATEGORIES = ("care", "safety", "security", "dispute", "parking", "noise", "sanitation", "repair", "other")
KNOWN_TAGS = frozenset(
    [f"category.{c}" for c in CATEGORIES]
    + [f"category.{c}_weak" for c in CATEGORIES]
    + ["urgency.red", "urgency.yellow"]
    + [
        f"signal.{s}"
        for s in (
            "recur",
            "long",
            "short",
            "nobody",
            "intent",
            "person",
            "person_alert",
            "inside",
            "over",
            "mask",
            "outage",
            "trapped",
        )
    ]
    + [
        f"nonreport.{n}"
        for n in ("thanks", "resolved", "greeting", "chat", "notice", "future", "question", "info", "ad")
    ]
)


class LexiconError(ValueError):
    """A lexicon file is malformed (unknown tag, word not a string...)."""


Hit = tuple[int, int, str, tuple[str, ...]]  # one word found in the normalised text: start, end, word, tags


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled word lists: extra character folds, word -> tags, and the matcher."""

    table: dict[int, str]
    words: dict[str, tuple[str, ...]]
    stems: dict[str, tuple[str, ...]]
    trie: dict
    # words from the community's own files (LEXICON_FILES): the committee's rules, taken as certain
    community: frozenset[str] = frozenset()
    foldable: frozenset[str] | None = None  # fold_chars(table), made by build_lexicon

    def normalize(self, text: str) -> str:
        """NFKC, lower case, Simplified script (OpenCC), the lists' folds, single spaces (bot.core.text_norm)."""
        return normalize(text, self.table, self.foldable)

    def hits(self, norm: str) -> list[Hit]:
        """Words of the lexicon in normalised text, left to right, longest first, no overlap (a stem's word
        ends in "*")."""
        out = []
        get = self.words.get
        for start, end in scan(self.trie, norm):
            word = norm[start:end]
            tags = get(word)
            if tags is None:
                tags, word = self._stem(word)
            if tags:
                out.append((start, end, word, tags))
        return out

    def _stem(self, word: str) -> tuple[tuple[str, ...], str]:
        for cut in range(len(word), 0, -1):
            tags = self.stems.get(word[:cut])
            if tags is not None:
                return tags, word[:cut] + "*"
        return (), word


def _trie(words: Iterable[str], stems: Iterable[str]) -> dict:
    """The words as a character trie; a node's "" key says a word ends there ("exact") or a stem does ("stem")."""
    root: dict = {}
    for w, kind in [(w, "exact") for w in words] + [(s, "stem") for s in stems]:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        if node.get("") != "stem":
            node[""] = kind
    return root


_ALNUM = frozenset(string.ascii_letters + string.digits)  # a word made of these has edges
_WORDCH = frozenset(string.ascii_lowercase + string.digits)  # ... that must not touch one of these
_LOWER = frozenset(string.ascii_lowercase)  # what a stem takes after it


def scan(trie: dict, text: str) -> list[tuple[int, int]]:
    """(start, end) of each lexicon word in the text: left to right, longest first, no overlap.

    A word that starts with a letter or digit does not start inside a longer word, and an exact word that ends
    with one does not end inside one; a stem takes the lower-case letters that follow it ("flood*" → "flooding").
    """
    found: list[tuple[int, int]] = []
    n, after, prev = len(text), 0, ""
    root = trie.get
    for i, ch in enumerate(text):
        if i < after or (node := root(ch)) is None or (ch in _ALNUM and prev in _WORDCH):
            prev = ch
            continue
        prev = ch
        end, stem, j = 0, False, i + 1
        while True:
            if "" in node:  # a word or a stem ends here
                if node[""] == "stem":
                    end, stem = j, True
                elif not (j < n and text[j] in _WORDCH and text[j - 1] in _ALNUM):
                    end, stem = j, False
            if j == n or (node := node.get(text[j])) is None:
                break
            j += 1
        if end:
            if stem:
                while end < n and text[end] in _LOWER:
                    end += 1
            found.append((i, end))
            after = end
    return found


def _load_file(data: dict, table: dict[int, str], into: dict[str, set[str]], source: str) -> None:
    for name, section in data.items():
        if name in ("lang", "fold") or not isinstance(section, dict):
            continue
        for key, words in section.items():
            tag = f"{name}.{key}"
            if tag not in KNOWN_TAGS:
                raise LexiconError(f"{source}: unknown tag {tag!r}")
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise LexiconError(f"{source}: {tag} must be a list of strings")
            for w in words:
                norm = normalize(w, table)
                if norm and norm != "*":
                    into.setdefault(norm, set()).add(tag)


def _folds(data: dict, source: str) -> dict[int, str]:
    fold = data.get("fold", {})
    table = {}
    for pair in fold.get("pairs", "").split():
        if len(pair) != 2:
            raise LexiconError(f"{source}: fold pair {pair!r} must be two characters")
        table[ord(pair[0])] = pair[1]
    for entry in fold.get("words", []):
        char, _, word = entry.partition(" ")
        char = to_simplified(char)  # the fold applies after OpenCC, which writes 𨋢 as 䢂
        if len(char) != 1 or not word or " " in word:
            raise LexiconError(f"{source}: fold word {entry!r} must be one character, a space and a word")
        table[ord(char)] = word
    return table


def build_lexicon(documents: Iterable[tuple[str, dict]], community_from: int | None = None) -> Lexicon:
    """Compile parsed TOML documents (source name, data) into one Lexicon.

    ``community_from``: the index of the first document that is the community's own (its words are
    marked so the parser can take them as certain).
    """
    documents = list(documents)
    table = dict(PUNCT_FOLD)
    for source, data in documents:
        table.update(_folds(data, source))
    merged: dict[str, set[str]] = {}
    for source, data in documents:
        _load_file(data, table, merged, source)
    words = {w: tuple(sorted(t)) for w, t in merged.items() if not w.endswith("*")}
    stems = {w[:-1]: tuple(sorted(t)) for w, t in merged.items() if w.endswith("*")}
    community: dict[str, set[str]] = {}
    if community_from is not None:
        for source, data in documents[community_from:]:
            _load_file(data, table, community, source)
    return Lexicon(
        table=table,
        words=words,
        stems=stems,
        trie=_trie(words, stems),
        community=frozenset(community),
        foldable=fold_chars(table),
    )


def load_lexicon(extra_paths: Iterable[Path | str] = ()) -> Lexicon:
    """The packaged lexicon plus any extra TOML files (read in order, words added)."""
    docs = []
    pkg = resources.files("bot").joinpath("lexicon")
    for name in DEFAULT_FILES:
        docs.append((name, tomllib.loads(pkg.joinpath(name).read_text(encoding="utf-8"))))
    packaged = len(docs)
    for path in extra_paths:
        p = Path(path)
        docs.append((str(p), tomllib.loads(p.read_text(encoding="utf-8"))))
    return build_lexicon(docs, community_from=packaged if len(docs) > packaged else None)


@lru_cache(maxsize=1)
def packaged_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once."""
    return load_lexicon()


_active: list[Lexicon] = []


def default_lexicon() -> Lexicon:
    """The lexicon ``parse`` uses: the packaged one unless ``set_default_lexicon`` chose another."""
    return _active[0] if _active else packaged_lexicon()


def set_default_lexicon(lexicon: Lexicon | None) -> None:
    """Make ``parse`` use ``lexicon`` (e.g. ``load_lexicon([community_file])``); None restores."""
    _active[:] = [lexicon] if lexicon is not None else []
