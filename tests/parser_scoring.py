"""Scores `linli parse` on a labelled file with the project's metrics (tools/parser_metrics.py, the same
definitions as shared/tools/score_parser.py; tests/test_parser_holdout.py checks the two agree)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli.parse import results
from bot.core.parser import parse
from bot.core.parser_lexicon import Lexicon
from bot.core.types import ParsedReport

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_parser.py"
sys.path.insert(0, str(ROOT / "tools"))

from parser_metrics import score  # noqa: E402


def parse_by_rules(text: str, lang: str | None = None, lexicon: Lexicon | None = None) -> ParsedReport:
    """The word lists and rules alone: what the learned reader gets as features and red floor, and what
    reads when its files are missing (the learned reader's own figures: tests/test_parser_holdout.py)."""
    return parse(text, lang, lexicon=lexicon, reader=None)


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def predictions(labels: list[dict]) -> list[dict]:
    """What `linli parse` answers for each labelled line."""
    return results([json.dumps({"id": g["id"], "text": g["text"]}, ensure_ascii=False) for g in labels])


def score_file(path: Path, size: int | None = None) -> dict:
    """The figures for `linli parse` over a labelled JSONL file (optionally checking its size)."""
    labels = load(path)
    if size is not None:
        assert len(labels) == size
    return score(labels, predictions(labels))


def assert_at_least(figures: dict, floor: dict[str, float]) -> None:
    """Every figure named in `floor` reaches it."""
    low = {k: (figures[k], v) for k, v in floor.items() if figures[k] < v}
    assert not low, f"below the floor (got, wanted): {low}"
