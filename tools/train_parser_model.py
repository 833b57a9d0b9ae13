#!/usr/bin/env python3
"""Rebuild bot/lexicon/model.json, the parser's learned fallback (docs/parser.md, "Learned fallback").

Trains two multinomial Naive Bayes heads over character 1-3-grams of the normalised text:
``report`` (report / not) on every labelled line, ``category`` on the reports. Deterministic:
the same inputs give the same file byte for byte.

Run: .venv/bin/python tools/train_parser_model.py [--out PATH] [LABELS.jsonl ...]
Default inputs: ../shared/data/dev_messages.jsonl and tests/data/{holdout,probe,blind2,blind3,blind4}_messages.jsonl.
tests/data/blind5_messages.jsonl is NEVER a training input: it is the held-out measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.parser_lexicon import CATEGORIES, default_lexicon  # noqa: E402
from bot.core.parser_model import MODEL_PATH, features  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_INPUTS = [
    ROOT.parent / "shared" / "data" / "dev_messages.jsonl",
    *(DATA / f"{name}_messages.jsonl" for name in ("holdout", "probe", "blind2", "blind3", "blind4")),
]
HELD_OUT = {"blind5_messages.jsonl"}
ALPHA = 0.5
MIN_COUNT = 2  # a feature seen in fewer training lines is dropped (keeps the file small)


def load(paths: list[Path]) -> list[dict]:
    rows: list[dict] = []
    for path in paths:
        if path.name in HELD_OUT:
            sys.exit(f"{path.name} is held out and must not be used for training")
        with path.open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def _head(samples: list[tuple[set[str], str]], classes: list[str]) -> dict:
    index = {c: i for i, c in enumerate(classes)}
    docs = [0] * len(classes)
    counts: dict[str, list[int]] = {}
    seen: dict[str, int] = {}
    for feats, label in samples:
        docs[index[label]] += 1
        for f in feats:
            seen[f] = seen.get(f, 0) + 1
            counts.setdefault(f, [0] * len(classes))[index[label]] += 1
    kept = {f: counts[f] for f in sorted(counts) if seen[f] >= MIN_COUNT}
    totals = [sum(row[i] for row in kept.values()) for i in range(len(classes))]
    return {"classes": classes, "docs": docs, "totals": totals, "features": kept}


def train(rows: list[dict]) -> dict:
    lex = default_lexicon()
    feats = [features(lex.normalize(r["text"])) for r in rows]
    report = [(f, "report" if r["is_report"] else "not") for f, r in zip(feats, rows, strict=True)]
    category = [(f, r["category"]) for f, r in zip(feats, rows, strict=True) if r["is_report"]]
    return {
        "version": 1,
        "alpha": ALPHA,
        "trained_on": len(rows),
        "heads": {"report": _head(report, ["not", "report"]), "category": _head(category, list(CATEGORIES))},
    }


def dumps(data: dict) -> str:
    """The file's text: sorted keys, no spaces, so retraining on the same lines gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    rows = load(args.inputs or DEFAULT_INPUTS)
    data = train(rows)
    args.out.write_text(dumps(data), encoding="utf-8")
    n = len(data["heads"]["report"]["features"])
    print(f"{args.out}: {len(rows)} lines, {n} report features, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
