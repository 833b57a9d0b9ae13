"""One normalisation of resident text, shared by the word lists, the location reader and the model.

NFKC (full-width digits and letters), lower case, Traditional -> Simplified script through OpenCC,
then a few folds that are not script conversion (Cantonese particles, Chinese punctuation), Telegram
``@user`` mentions dropped and runs of white space collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

import opencc

# Chinese punctuation folded to ASCII before matching (NFKC already folds full-width forms); control
# characters become spaces (the reader marks its own features with one).
PUNCT_FOLD = {ord(a): b for a, b in zip("’‘“”。！？；：、～—", "''\"\".!?;:,~-", strict=True)}
PUNCT_FOLD.update({c: " " for c in range(32) if chr(c) not in "\n"})
# invisible format characters (zero-width space, word joiner, BOM, soft hyphen…) pasted inside words are dropped:
# "着\u200b火" is "着火"; the zero-width joiner only where it joins no emoji (``normalize``)
PUNCT_FOLD.update(
    {
        c: None
        for c in chain(range(0x10000), range(0xE0000, 0xE1000))
        if unicodedata.category(chr(c)) == "Cf" and c != 0x200D
    }
)  # type: ignore[misc]
_EMOJI = "\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff"  # pictographs, their selector
_LOOSE_JOINER = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")
_MENTION = re.compile(r"@[a-z0-9_]{3,32}")
_SURROGATE = re.compile("[\ud800-\udfff]")
# full-width and half-width forms and the ideographic space, each as its compatibility decomposition: NFKC of text
# with these replaced is NFKC of the text, so text that is NFKC once they are replaced needs no full normalisation
_WIDE = {c: d for c in (0x3000, *range(0xFF00, 0xFFF0)) if (d := unicodedata.normalize("NFKD", chr(c))) != chr(c)}


def fold_chars(fold: dict[int, str]) -> frozenset[str]:
    """The characters ``fold`` changes (text without one is left as it is). A set, not a character class: a
    class holding characters beyond U+FFFF is searched by a list, ~5 µs a message."""
    return frozenset(map(chr, fold))


_PUNCT_FOLDABLE = fold_chars(PUNCT_FOLD)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("hk2s")  # t2s plus Hong Kong variant characters (衞 -> 卫)


def to_simplified(text: str) -> str:
    """Traditional characters (and Hong Kong / Taiwan variants) as Simplified ones; ASCII unchanged."""
    if text.isascii():
        return text
    try:
        return _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate (valid in JSON, not in UTF-8): read as U+FFFD
        return _converter().convert(_SURROGATE.sub("\ufffd", text))


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker for text that is NFKC once its full-width forms are
    narrowed (most resident messages)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text.translate(_WIDE))  # returns the text itself when it is NFKC


def normalize(text: str, fold: dict[int, str] | None = None, foldable: frozenset[str] | None = None) -> str:
    """NFKC, lower case, Simplified script, extra character folds, no mentions, single spaces.

    ``foldable``: ``fold_chars(fold)``, to skip the fold on text it does not change.
    """
    text = to_simplified(nfkc(text).lower())
    if fold is None:
        fold, foldable = PUNCT_FOLD, _PUNCT_FOLDABLE
    if foldable is None or not foldable.isdisjoint(text):
        text = text.translate(fold)
    if "\u200d" in text:  # the joiner holds emoji together ("👨‍👩‍👧"); inside words ("着\u200d火") it hides them
        text = _LOOSE_JOINER.sub("", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=2)
def _to_traditional(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _changed(config: str, text: str) -> list[bool]:
    """For each character of ``text``, whether OpenCC's ``config`` writes it otherwise."""
    conv = _converter() if config == "hk2s" else _to_traditional(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return [a != b for a, b in zip(text, out, strict=True)]
    return [conv.convert(ch) != ch for ch in text]


def chinese_script(text: str) -> str | None:
    """Which script Chinese words are written in, as OpenCC reads them: "zh-Hant" when more of their characters
    are Traditional only (電, 樓) than Simplified only (电, 楼; 群 or 台, Traditional in Taiwan or Hong Kong, count
    for neither), "zh-Hans" for the reverse, None when nothing tells (no Chinese, or 我家漏水)."""
    if text.isascii():
        return None
    text = _SURROGATE.sub("\ufffd", text)
    traditional = sum(_changed("hk2s", text))
    simplified = sum(a and b for a, b in zip(_changed("s2tw", text), _changed("s2hk", text), strict=True))
    if traditional > simplified:
        return "zh-Hant"
    if simplified > traditional:
        return "zh-Hans"
    return None
