"""A small learned fallback for the parser: multinomial Naive Bayes over character 1-3-grams.

The word lists decide; this model is consulted only where they are unsure (see docs/parser.md,
"Learned fallback"). The counts live in ``bot/lexicon/model.json``, rebuilt deterministically
by ``tools/train_parser_model.py`` from the labelled sets. Pure Python, loaded once, lazily.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "lexicon" / "model.json"
MAX_NGRAM = 3
MAX_FEATURE_CHARS = 400  # long messages: the start says enough, and keeps the cost bounded
_DIGITS = re.compile(r"\d+")


def features(norm: str) -> set[str]:
    """Distinct character 1-3-grams of normalised text (digit runs folded to one "0")."""
    text = "\x02" + _DIGITS.sub("0", norm[:MAX_FEATURE_CHARS]) + "\x03"
    out: set[str] = set()
    n = len(text)
    for size in range(1, MAX_NGRAM + 1):
        for i in range(n - size + 1):
            gram = text[i : i + size]
            if gram.strip():
                out.add(gram)
    return out


class Head:
    """One classifier: classes, log priors and per-feature log likelihoods."""

    __slots__ = ("classes", "log_prior", "log_like")

    def __init__(self, data: dict, alpha: float) -> None:
        self.classes: tuple[str, ...] = tuple(data["classes"])
        docs = data["docs"]
        totals = data["totals"]
        vocab = max(1, len(data["features"]))
        n_docs = sum(docs)
        k = len(self.classes)
        self.log_prior = tuple(math.log((d + 1) / (n_docs + k)) for d in docs)
        denoms = [t + alpha * vocab for t in totals]
        self.log_like: dict[str, tuple[float, ...]] = {
            f: tuple(math.log((c + alpha) / d) for c, d in zip(counts, denoms, strict=True))
            for f, counts in data["features"].items()
        }

    def proba(self, feats: set[str]) -> dict[str, float]:
        """Class probabilities; features never seen in training are ignored (they favour no class)."""
        scores = list(self.log_prior)
        like = self.log_like
        for f in feats:
            row = like.get(f)
            if row is not None:
                for i, v in enumerate(row):
                    scores[i] += v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def best(self, feats: set[str]) -> tuple[str, float]:
        p = self.proba(feats)
        name = max(self.classes, key=lambda c: (p[c], c))
        return name, p[name]


class Model:
    __slots__ = ("report", "category", "_prior_odds", "_odds")

    def __init__(self, data: dict) -> None:
        alpha = float(data.get("alpha", 1.0))
        self.report = Head(data["heads"]["report"], alpha)
        self.category = Head(data["heads"]["category"], alpha)
        # two classes: one log-odds number per feature is all p_report needs (the hot path)
        yes = self.report.classes.index("report")
        no = 1 - yes
        self._prior_odds = self.report.log_prior[yes] - self.report.log_prior[no]
        self._odds = {f: row[yes] - row[no] for f, row in self.report.log_like.items()}

    def p_report(self, feats: set[str]) -> float:
        """Probability that the message is a report (same figure as ``report.proba``, faster)."""
        odds = self._prior_odds
        table = self._odds
        for f in feats:
            odds += table.get(f, 0.0)
        if odds >= 0:
            return 1.0 / (1.0 + math.exp(-odds))
        e = math.exp(odds)
        return e / (1.0 + e)


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    """The packaged model, or None when the file is missing or unreadable (the fallback is then off)."""
    try:
        with MODEL_PATH.open(encoding="utf-8") as f:
            return Model(json.load(f))
    except (OSError, ValueError, KeyError, TypeError):
        return None
