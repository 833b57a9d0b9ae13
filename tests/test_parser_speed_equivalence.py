"""The parser's quick paths read exactly as the plain ones they replace (no timing: only equal results).

- n-grams are looked up in an open-addressing table instead of a sorted array;
- the location reader skips text that holds nothing a place needs, and tries its branches at fewer positions;
- NFKC is skipped for text already NFKC once its full-width forms are narrowed, and the fold for text it
  would not change;
- a batch's (message, feature) keys are sorted with the stable sort, and its weight rows come from a float32 copy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import parser_location, parser_location_trained
from bot.core.gram_table import GramTable
from bot.core.parser import parse, parse_many, read_rules
from bot.core.parser_lexicon import packaged_lexicon, scan
from bot.core.reader_model import _BATCH_ROWS, Reader, Scores, _distinct_sorted, default_reader, features, gram_hash
from bot.core.text_norm import PUNCT_FOLD, fold_chars, nfkc, normalize

ROOT = Path(__file__).resolve().parents[1]
_LX = packaged_lexicon()
_LINES = [
    json.loads(line)["text"]
    for path in sorted((ROOT / "data" / "corpus").glob("w*.jsonl"))[::3]
    for line in path.open(encoding="utf-8")
    if line.strip()
]
_NORMS = [_LX.normalize(t) for t in _LINES]
# the location readers' start check before it was narrowed to the words and letters that begin a place: (the
# reader, its pattern with that check); the trained reader (the model's) knows no 幺
_LOCATION_READERS = [
    (
        reader,
        re.compile(f"(?=[0-9#{digits}]|(?<![a-z])[a-z]|(?<=楼))" + reader._PATTERN.pattern.removeprefix(reader._START)),
    )
    for reader, digits in (
        (parser_location, "零〇幺一二两三四五六七八九十百"),
        (parser_location_trained, "零〇一二两三四五六七八九十百"),
    )
]
_PIECES = [
    *"0123456789abhiz #-.:/号楼栋幢座院单元室一二十百两零幺樓層",
    "3-2-302",
    "5-1号楼",
    "#07-231",
    "block a ",
    "blk ",
    "tower ",
    "unit ",
    "entrance ",
    "building ",
    "apt ",
    "room ",
    "no. ",
    "lou ",
    "danyuan ",
    " hao lou",
    " dong",
    "我住",
    "i live in ",
    "12樓c室",
    "٣",
    "１２",
    "。",
    "\t",
    "\n",
]


def _sorted_lookup(hashes: np.ndarray, rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """The lookup the table replaced: a sorted search, the first row of equal hashes, -1 when absent."""
    order = np.lexsort((rows, hashes))
    keys, vals = hashes[order], rows[order]
    pos = np.searchsorted(keys, queries)
    pos[pos >= len(keys)] = 0
    return np.where(keys[pos] == queries, vals[pos], -1) if len(keys) else np.full(len(queries), -1)


def test_the_table_finds_every_feature_and_nothing_else() -> None:
    model = default_reader()
    assert model is not None
    feats = model.feature_names()
    grams = [i for i, f in enumerate(feats) if not f.startswith("\x1f")]
    hashes = np.array([gram_hash(feats[i]) for i in grams], dtype=np.uint64)
    assert np.array_equal(model._grams.find(hashes), np.array(grams))
    rng = np.random.default_rng(1)
    absent = rng.integers(0, 2**64 - 1, 50_000, dtype=np.uint64, endpoint=True)
    assert np.array_equal(model._grams.find(absent), _sorted_lookup(hashes, np.array(grams), absent))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=200),
    st.lists(st.integers(0, 2**64 - 1), max_size=50),
    st.integers(0, 2**64 - 1),
)
def test_small_tables_with_equal_hashes_and_crowded_slots(small: list[int], big: list[int], seed: int) -> None:
    """Equal hashes keep their first row; hashes of one home slot and wrapped probes are found."""
    hashes = np.array(small + big, dtype=np.uint64)
    rows = np.random.default_rng(seed % 2**32).permutation(len(hashes)).astype(np.int64)
    table = GramTable(hashes, rows)
    queries = np.concatenate([hashes, np.arange(0, 60, dtype=np.uint64), np.array(big, dtype=np.uint64) + 1])
    assert np.array_equal(table.find(queries), _sorted_lookup(hashes, rows, queries))


def test_batch_pairs_are_the_named_features() -> None:
    """(message, row) pairs of a batch: exactly the rows of each message's named features."""
    model = default_reader()
    assert model is not None
    texts = _LINES[::5] + ["", " ", "\n\n", "x" * 5000, "🔥 fire fire in blk 5", "a b", "  ", "又" * 700]
    rules = [read_rules(t) for t in texts]
    msgs, rows = model.pairs([r.norm for r in rules], [r.tags() for r in rules])
    got = list(zip(msgs.tolist(), rows.tolist(), strict=True))
    want = sorted((i, row) for i, r in enumerate(rules) for row in set(model.rows(features(r.norm, r.tags(), 4))))
    assert got == want


def test_top_category_is_the_highest_then_the_last_name() -> None:
    def old(sc: Scores) -> str:
        return max(sc.category, key=lambda c: (sc.category[c], c))

    for cat in ({"a": 0.2, "b": 0.5, "c": 0.5}, {"x": 0.1}, {"b": 0.3, "a": 0.3}, {"a": 0.1, "b": float("nan")}):
        sc = Scores(report=0.5, red=0.1, category=cat, urgency={})
        assert sc.top_category() == old(sc)


def test_location_pattern_reads_the_corpus_as_before() -> None:
    for reader, old_pattern in _LOCATION_READERS:
        for norm in _NORMS:
            old = [(m.span(), m.groups()) for m in old_pattern.finditer(norm)]
            assert [(m.span(), m.groups()) for m in reader._PATTERN.finditer(norm)] == old, norm
            assert reader._MAYBE.search(norm) or not old, norm


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_location_pattern_reads_made_up_text_as_before(pieces: list[str]) -> None:
    norm = "".join(pieces)
    for reader, old_pattern in _LOCATION_READERS:
        old = [(m.span(), m.groups()) for m in old_pattern.finditer(norm)]
        assert [(m.span(), m.groups()) for m in reader._PATTERN.finditer(norm)] == old
        assert reader._MAYBE.search(norm) or not old  # nothing is skipped that could name a place


def _wide_text() -> st.SearchStrategy[str]:
    wide = st.sampled_from([chr(c) for c in (0x3000, *range(0xFF00, 0xFFF0))])
    return st.lists(st.one_of(wide, st.characters(), st.sampled_from(["\u0301", "\u3099", "ｶ", "ﾞ", "e", "。"])))


@settings(max_examples=500, deadline=None)
@given(_wide_text())
def test_nfkc_is_unicodedata_nfkc(chars: list[str]) -> None:
    text = "".join(chars)
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_on_every_wide_form_and_the_corpus() -> None:
    for c in (0x3000, *range(0xFF00, 0xFFF0)):
        for text in (chr(c), "a" + chr(c) + "\u0301", chr(c) + "\u3099", "ｶ" + chr(c)):
            assert nfkc(text) == unicodedata.normalize("NFKC", text)
    for text in _LINES:
        assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_skipping_the_fold_changes_nothing(text: str) -> None:
    assert normalize(text) == normalize(text, dict(PUNCT_FOLD))
    assert _LX.normalize(text) == normalize(text, _LX.table)
    assert not fold_chars(_LX.table).isdisjoint(text) or text.translate(_LX.table) == text


def test_hits_are_the_scanned_words_with_their_tags() -> None:
    for norm in _NORMS:
        hits = _LX.hits(norm)
        spans = scan(_LX.trie, norm)
        assert [(start, end) for start, end, _, _ in hits] == spans  # every word the trie finds has tags
        for start, end, word, tags in hits:
            if word.endswith("*"):  # a stem, and the letters that follow it
                assert norm[start:end].startswith(word[:-1]) and tags == _LX.stems[word[:-1]]
            else:
                assert word == norm[start:end] and tags == _LX.words[word]


def test_an_empty_model_reads_nothing() -> None:
    meta = {
        "ngram_max": 2,
        "features": [],
        "bias": [0.0] * 14,
        "heads": {
            "report": {"columns": [0, 1], "classes": ["report"]},
            "red": {"columns": [1, 2], "classes": ["red"]},
            "category": {"columns": [2, 11], "classes": list("abcdefghi")},
            "urgency": {"columns": [11, 14], "classes": ["green", "yellow", "red"]},
        },
        "thresholds": {},
    }
    model = Reader(meta, np.zeros((0, 14), dtype=np.float16))
    msgs, rows = model.pairs(["abc", ""], [["x"], []])
    assert len(msgs) == len(rows) == 0


def test_distinct_sorted_keys_are_numpys_unique() -> None:
    rng = np.random.default_rng(5)
    blocks = np.concatenate([np.sort(rng.integers(0, 50, 400)) * 1000 + rng.integers(0, 1000, 400) for _ in range(5)])
    for keys in (
        blocks,
        rng.permutation(blocks),
        rng.integers(0, 30, 200),
        np.array([7]),
        np.array([], dtype=np.int64),
    ):
        assert np.array_equal(_distinct_sorted(keys), np.unique(keys))


def test_a_batch_reads_its_weight_rows_exactly_as_one_message_does() -> None:
    model = default_reader()
    assert model is not None
    rows = np.random.default_rng(6).integers(0, model.weights.shape[0], 2 * _BATCH_ROWS)
    cast = model.weights.take(rows, axis=0).astype(np.float32)
    assert np.array_equal(model._weight_rows(rows), cast)  # the float32 copy
    assert np.array_equal(model._weight_rows(rows[:100]), cast[:100])  # the rows cast one message at a time
    texts = _LINES[:300]
    assert parse_many(texts) == [parse(t) for t in texts]  # a batch this size uses the copy
