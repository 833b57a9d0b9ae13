"""The learned reader: heads over character n-grams, word and rule features.

Over 300 lines: the feature cutting, its batch lookup and the heads stay together (training shares them).

Trained at development time by ``tools/train_reader.py`` (scikit-learn: logistic regression and linear
SVMs; for red optionally a network with one hidden layer, off in the packaged model) and exported to two
files in ``bot/lexicon/``: ``reader.json`` (feature list, classes, biases, a red network's output layer if
any, thresholds) and ``reader.f16`` (the weight matrix, little-endian float16, one row per feature: the
linear heads' columns, the red head's column or its hidden units). At run time only NumPy is needed.
Features are binary and each message's vector is scaled to unit
length, exactly as in training.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.core.gram_table import GramTable

MODEL_DIR = Path(__file__).resolve().parents[1] / "lexicon"
META_PATH = MODEL_DIR / "reader.json"
WEIGHTS_PATH = MODEL_DIR / "reader.f16"
HEADS = ("report", "red", "category", "urgency")
MAX_FEATURE_CHARS = 600  # long messages: the start says enough, and the cost stays bounded
OTHER = "\x1f"  # prefix of word and rule features; normalised text never holds it (text_norm)
_WORD, _TAG = OTHER + "w:", OTHER + "t:"
_DIGITS = re.compile(r"\d+")
_BANGS = re.compile(r"!{2,}")
_WORDS = re.compile(r"[a-z][a-z']+")
_MASK = (1 << 64) - 1
# from this many weight rows on, a float32 copy of the matrix is used (twice the float16's memory, ~11 MB): one
# message, even of 4,096 characters, has fewer (its first MAX_FEATURE_CHARS only), so the bot never makes it
_BATCH_ROWS = 8 * MAX_FEATURE_CHARS
_P = 1_000_003


def gram_text(norm: str) -> str:
    """The text n-grams are cut from: digit runs folded to one "0" and runs of "!" to one (how many is the writer's
    tone, not the danger: "楼上好吵！！" read as a sure red), start and end marked."""
    text = _DIGITS.sub("0", norm[:MAX_FEATURE_CHARS])
    if "!!" in text:
        text = _BANGS.sub("!", text)
    return "\x02" + text + "\x03"


def char_ngrams(norm: str, n_max: int) -> set[str]:
    """Distinct character 1..n_max-grams of normalised text (single and double spaces left out)."""
    text = gram_text(norm)
    n = len(text)
    out = set(text)
    for size in range(2, n_max + 1):
        out.update([text[i : i + size] for i in range(n - size + 1)])
    out.discard(" ")
    out.discard("  ")
    return out


def latin_words(norm: str) -> list[str]:
    """The Latin-script words of the start of a message (the word features, without their prefix)."""
    return _WORDS.findall(norm[:MAX_FEATURE_CHARS])


def other_features(norm: str, rule_tags: Iterable[str]) -> list[str]:
    """The features that are not n-grams: Latin words and what the rules found."""
    return [_WORD + w for w in latin_words(norm)] + [_TAG + t for t in rule_tags]


def features(norm: str, rule_tags: Iterable[str], n_max: int = 4) -> set[str]:
    """Every feature of one message as strings (training uses these; the bot hashes the n-grams)."""
    out = char_ngrams(norm, n_max)
    out.update(other_features(norm, rule_tags))
    return out


def gram_hash(gram: str) -> int:
    """The 64-bit hash of an n-gram, the same as the vectorised one in ``Reader.pairs``."""
    h = len(gram)
    for ch in gram:
        h = (h * _P + ord(ch) + 1) & _MASK
    return h


def _gram_hashes(names: str, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of the features (joined in ``names``, each ``lengths`` long): the rows of the n-grams (those not
    starting with OTHER), their ``gram_hash`` (numpy, one pass per character position: the model's load
    time), and the rows of the other features."""
    cp = np.frombuffer(names.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.cumsum(lengths) - lengths
    first = np.zeros(len(lengths), dtype=np.uint64)
    nonempty = np.flatnonzero(lengths)
    first[nonempty] = cp[starts[nonempty]]
    gram = first != ord(OTHER)
    rows = np.flatnonzero(gram)
    lengths, starts = lengths[rows], starts[rows]
    h = lengths.astype(np.uint64)
    for j in range(int(lengths.max(initial=0))):
        live = np.flatnonzero(lengths > j)
        h[live] = h[live] * np.uint64(_P) + cp[starts[live] + j] + np.uint64(1)
    return rows, h, np.flatnonzero(~gram)


@dataclass(frozen=True, slots=True)
class Scores:
    """The heads' probabilities for one message."""

    report: float
    red: float
    category: dict[str, float]
    urgency: dict[str, float]

    def top_category(self) -> str:
        return max(zip(self.category.values(), self.category, strict=True))[1]  # the highest; on a tie, the last name


class Reader:
    """A loaded model: feature index, weights and biases, and the thresholds chosen in training."""

    def __init__(self, meta: dict, weights: np.ndarray) -> None:
        self.meta = {k: v for k, v in meta.items() if k != "features"}
        self.n_max: int = int(meta["ngram_max"])
        self.weights = weights  # float16 as stored: rows become float32 when gathered (half the memory)
        self.bias = np.asarray(meta["bias"], dtype=np.float32)
        self.columns: dict[str, tuple[int, int]] = {h: tuple(meta["heads"][h]["columns"]) for h in HEADS}
        self.classes: dict[str, tuple[str, ...]] = {h: tuple(meta["heads"][h]["classes"]) for h in HEADS}
        self.thresholds: dict[str, float] = dict(meta["thresholds"])
        # the hazard words and rules that keep a report red whatever the heads say (None: all of them, as before)
        sure = meta.get("sure_hazards")
        self.sure_hazards: frozenset[str] | None = frozenset(sure) if sure is not None else None
        red = meta["heads"]["red"]  # a linear column, or hidden units (columns) and an output layer ("out")
        self._red_out = np.asarray(red["out"], dtype=np.float64) if "out" in red else None
        if self._red_out is not None and len(self._red_out) != red["columns"][1] - red["columns"][0]:
            raise ValueError("the red head's output layer does not match its hidden units")
        self._red_out_bias = float(red.get("out_bias", 0.0))
        feats: list[str] = meta["features"]
        # the feature names as one string and where each ends (a list of 150,000 short strings would cost ~10 MB)
        self._names = "".join(feats)
        lengths = np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))
        self._name_ends = np.cumsum(lengths)  # an array: ~180,000 Python ints would cost ~5 MB more
        # n-grams are looked up by hash, all of a batch at once (numpy); words and rule tags by name
        gram_rows, hashes, other_rows = _gram_hashes(self._names, lengths)
        self._grams = GramTable(hashes, gram_rows)
        other = {feats[i]: i for i in other_rows.tolist()}
        self._words = {f.removeprefix(_WORD): i for f, i in other.items() if f.startswith(_WORD)}
        self._tags = {f.removeprefix(_TAG): i for f, i in other.items() if f.startswith(_TAG)}
        self._skip = np.array([gram_hash(" "), gram_hash("  ")], dtype=np.uint64)
        self._index: dict[str, int] | None = None
        self._weights32: np.ndarray | None = None  # made by the first batch (_weight_rows)

    @classmethod
    def load(cls, meta_path: Path = META_PATH, weights_path: Path = WEIGHTS_PATH) -> Reader:
        """Read the two exported files."""
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        raw = np.frombuffer(weights_path.read_bytes(), dtype="<f2")
        return cls(meta, raw.reshape(len(meta["features"]), len(meta["bias"])))

    def feature_names(self) -> list[str]:
        """Every feature's name, in row order (as exported)."""
        names, start = [], 0
        for end in self._name_ends.tolist():
            names.append(self._names[start:end])
            start = end
        return names

    @property
    def index(self) -> dict[str, int]:
        """Feature name -> row (built on first use: training and tests look features up by name)."""
        if self._index is None:
            self._index = {f: i for i, f in enumerate(self.feature_names())}
        return self._index

    def _weight_rows(self, rows: np.ndarray | Sequence[int]) -> np.ndarray:
        """The weight rows as float32 (exactly the float16 values). A batch's rows come from a float32 copy of the
        matrix made on the first batch (`linli parse`): casting them each time was a sixth of a batch's time."""
        if len(rows) < _BATCH_ROWS:
            return self.weights.take(rows, axis=0).astype(np.float32)
        if self._weights32 is None:
            self._weights32 = self.weights.astype(np.float32)
        return self._weights32.take(rows, axis=0)

    def rows(self, feats: Iterable[str]) -> list[int]:
        """Indices of the known features (unknown ones are ignored, as in training)."""
        get = self.index.get
        return [i for i in map(get, feats) if i is not None]

    def pairs(self, norms: Sequence[str], tags: Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(message, row) of every known feature of a batch, distinct and sorted by message.

        The n-grams of all messages are hashed together with numpy, on one array of code points.
        """
        texts = [gram_text(n) for n in norms]
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
        hashes, whose, wanted = [], [], []
        h = np.zeros(len(cp), dtype=np.uint64)
        for k in range(1, self.n_max + 1):
            m = len(cp) - k + 1
            if m <= 0:
                break
            # the (k-1)-grams' hashes grown by one character: (k-1)·P^(k-1) + … becomes k·P^k + … (gram_hash)
            h = (h[:m] + np.uint64(_P ** (k - 1) & _MASK)) * np.uint64(_P) + cp[k - 1 : k - 1 + m] + np.uint64(1)
            ok = owner[:m] == owner[k - 1 :]  # within one message
            if k <= 2:  # blanks alone say nothing (two comparisons: np.isin would sort on every call)
                ok &= (h != self._skip[0]) & (h != self._skip[1])
            hashes.append(h)
            whose.append(owner[:m])
            wanted.append(ok)
        msgs, rows = [], []
        if hashes:  # every length looked up at once: a few calls per batch, not per length (one message's cost)
            h, ok = np.concatenate(hashes), np.concatenate(wanted)
            row = self._grams.find(h)
            at = np.flatnonzero(ok & (row >= 0))
            msgs.append(np.concatenate(whose)[at])
            rows.append(row[at])
        who, found = self._other_pairs(norms, tags)
        msgs.append(who)
        rows.append(found)
        width = np.int64(self.weights.shape[0])
        key = _distinct_sorted(np.concatenate(msgs) * width + np.concatenate(rows))
        return key // width, key % width

    def _other_pairs(self, norms: Sequence[str], tags: Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(message, row) of the known word and rule features (``other_features``, looked up without their prefix)."""
        word, tag = self._words.get, self._tags.get
        who: list[int] = []
        found: list[int] = []
        for i, (norm, tg) in enumerate(zip(norms, tags, strict=True)):
            rows = [r for r in map(word, latin_words(norm)) if r is not None]
            rows += [r for r in map(tag, tg) if r is not None]
            found += rows
            who += [i] * len(rows)
        return np.array(who, dtype=np.int64), np.array(found, dtype=np.int64)

    def logits_pairs(self, n: int, msgs: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Raw scores of ``n`` messages from their (message, row) pairs (see ``pairs``)."""
        out = np.tile(self.bias, (n, 1))
        if len(msgs) == 0:
            return out
        counts = np.bincount(msgs, minlength=n)
        present = np.flatnonzero(counts)
        starts = np.concatenate(([0], np.cumsum(counts[present])[:-1]))
        sums = np.add.reduceat(self._weight_rows(rows), starts, axis=0)
        out[present] += sums / np.sqrt(counts[present])[:, None]
        return out

    def logits(self, rows: Sequence[int]) -> np.ndarray:
        """Raw scores of every output column for one message."""
        if not rows:
            return self.bias.copy()
        return self._weight_rows(rows).sum(axis=0) / math.sqrt(len(rows)) + self.bias

    def logits_batch(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """Raw scores for many messages at once (one row each)."""
        out = np.tile(self.bias, (len(batch), 1))
        flat = [i for rows in batch for i in rows]
        if not flat:
            return out
        sizes = np.fromiter((len(r) for r in batch), dtype=np.int64, count=len(batch))
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        nonempty = sizes > 0
        sums = np.add.reduceat(self._weight_rows(flat), starts[nonempty], axis=0)
        out[nonempty] += sums / np.sqrt(sizes[nonempty])[:, None]
        return out

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Per message (rows of ``logits``), in the heads' columns: P(report), the category and urgency
        distributions, and P(red) in the red head's first column (its hidden units' other columns are 0).

        The red head is a linear column, or hidden units (ReLU) and an output layer. Its probability is blended
        with the urgency head's red share by ``red_blend`` (0 for the exported network: its own alone).
        """
        z = np.atleast_2d(logits).astype(np.float64)
        out = np.zeros_like(z)
        r0 = self.columns["report"][0]
        out[:, r0] = 1.0 / (1.0 + np.exp(-z[:, r0]))
        for head in ("category", "urgency"):
            lo, hi = self.columns[head]
            e = np.exp(z[:, lo:hi] - z[:, lo:hi].max(axis=1, keepdims=True))
            out[:, lo:hi] = e / e.sum(axis=1, keepdims=True)
        red_lo, red_hi = self.columns["red"]
        if self._red_out is None:
            red_logit = z[:, red_lo]
        else:
            red_logit = np.maximum(z[:, red_lo:red_hi], 0.0) @ self._red_out + self._red_out_bias
        red = 1.0 / (1.0 + np.exp(-red_logit))
        urg_red = out[:, self.columns["urgency"][0] + self.classes["urgency"].index("red")]
        w = float(self.meta.get("red_blend", 0.0))
        out[:, red_lo] = (1.0 - w) * red + w * urg_red
        return out

    def scores(self, logits: np.ndarray) -> Scores:
        """The heads' probabilities for one message."""
        return self.scores_of(self.probabilities(logits)[0])

    def scores_of(self, probs: np.ndarray) -> Scores:
        """A Scores from one row of ``probabilities``."""
        return self.scores_all(np.atleast_2d(probs))[0]

    def scores_all(self, probs: np.ndarray) -> list[Scores]:
        """A Scores for each row of ``probabilities`` (the columns looked up once for the batch)."""
        report, red = self.columns["report"][0], self.columns["red"][0]
        (cat_lo, cat_hi), (urg_lo, urg_hi) = self.columns["category"], self.columns["urgency"]
        cats, urgs = self.classes["category"], self.classes["urgency"]
        return [
            Scores(
                p[report],
                p[red],
                dict(zip(cats, p[cat_lo:cat_hi], strict=True)),
                dict(zip(urgs, p[urg_lo:urg_hi], strict=True)),
            )
            for p in probs.tolist()
        ]


def _distinct_sorted(keys: np.ndarray) -> np.ndarray:
    """``np.unique(keys)`` by sorting: numpy 2's hash-based ``unique`` is ~25x slower on these arrays."""
    if len(keys) == 0:
        return keys
    keys = np.sort(keys, kind="stable")  # runs of a message each: ~3 times quicker than the default here
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


@lru_cache(maxsize=1)
def default_reader() -> Reader | None:
    """The packaged model, or None when its files are missing or broken (the rules then read alone)."""
    try:
        return Reader.load()
    except (OSError, ValueError, KeyError, TypeError):
        return None
