"""Scores the parser on a labelled file with the project's own scorer (shared/tools/score_parser.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from bot.parse_cli import _result

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score_parser.py"
TARGETS = {"report_f1": 0.95, "category_accuracy": 0.90, "urgency_accuracy": 0.90, "red_recall": 1.0,
           "red_precision": 0.85, "location_exact": 0.95}


def score_file(path: Path, size: int | None = None) -> dict:
    """The scorer's figures for `linli parse` over a labelled JSONL file (optionally checking its size)."""
    spec = importlib.util.spec_from_file_location("score_parser", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    labels = scorer.load(str(path))
    if size is not None:
        assert len(labels) == size
    preds = [_result(json.dumps({"id": g["id"], "text": g["text"]}, ensure_ascii=False)) for g in labels]
    figures = scorer.score(labels, preds)
    assert figures["missing_predictions"] == 0
    return figures


def assert_at_least(figures: dict, floor: dict[str, float]) -> None:
    """Every figure named in `floor` reaches it."""
    low = {k: (figures[k], v) for k, v in floor.items() if figures[k] < v}
    assert not low, f"below the floor (got, wanted): {low}"
