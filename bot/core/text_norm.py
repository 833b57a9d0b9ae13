"""One normalisation of resident text, shared by the word lists, the location reader and the model.

NFKC (full-width digits and letters), lower case, Traditional -> Simplified script through OpenCC,
then a few folds that are not script conversion (Cantonese particles, Chinese punctuation), Telegram
``@user`` mentions dropped and runs of white space collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# Chinese punctuation folded to ASCII before matching (NFKC already folds full-width forms); control
# characters become spaces (the reader marks its own features with one).
PUNCT_FOLD = {ord(a): b for a, b in zip("’‘“”。！？；：、～—", "''\"\".!?;:,~-", strict=True)}
PUNCT_FOLD.update({c: " " for c in range(32) if chr(c) not in "\n"})
_MENTION = re.compile(r"@[a-z0-9_]{3,32}")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("hk2s")  # t2s plus Hong Kong variant characters (衞 -> 卫)


def to_simplified(text: str) -> str:
    """Traditional characters (and Hong Kong / Taiwan variants) as Simplified ones; ASCII unchanged."""
    return text if text.isascii() else _converter().convert(text)


def normalize(text: str, fold: dict[int, str] | None = None) -> str:
    """NFKC, lower case, Simplified script, extra character folds, no mentions, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = to_simplified(text).translate(PUNCT_FOLD if fold is None else fold)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    return " ".join(text.split())
