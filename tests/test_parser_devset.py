"""The parser meets the project's targets on the shared dev set (skipped if shared/ is absent)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bot.parse_cli import _result

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score_parser.py"
DEV = SHARED / "data" / "dev_messages.jsonl"

pytestmark = pytest.mark.skipif(not (SCORER.exists() and DEV.exists()), reason="shared/ not beside the repo")


def test_dev_set_targets() -> None:
    spec = importlib.util.spec_from_file_location("score_parser", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    labels = scorer.load(str(DEV))
    preds = [_result(json.dumps({"id": g["id"], "text": g["text"]}, ensure_ascii=False)) for g in labels]
    s = scorer.score(labels, preds)
    assert s["missing_predictions"] == 0
    assert s["report_f1"] >= 0.95
    assert s["category_accuracy"] >= 0.90
    assert s["urgency_accuracy"] >= 0.90
    assert s["red_recall"] == 1.0
    assert s["red_precision"] >= 0.85
    assert s["location_exact"] >= 0.95
