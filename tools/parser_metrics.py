"""The labelled-set figures of shared/tools/score_parser.py, as a library the trainer and tests share.

Same definitions as the project's scorer (a test checks they agree): report precision/recall/F1
over all lines; category, urgency and location accuracy over the gold reports; red recall over
gold red reports and red precision over predicted red reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def _norm(v: object) -> str | None:
    return None if v in (None, "") else str(v).strip().upper()


def score(labels: Sequence[dict], preds: Sequence[dict]) -> dict:
    """Figures for predictions (dicts with is_report, category, urgency, building, unit, room) in label order."""
    tp = fp = fn = 0
    cat_ok = urg_ok = loc_ok = gold_reports = 0
    red_gold = red_hit = red_pred = red_pred_ok = 0
    for g, p in zip(labels, preds, strict=True):
        pr = bool(p.get("is_report"))
        if g["is_report"] and pr:
            tp += 1
        elif pr:
            fp += 1
        elif g["is_report"]:
            fn += 1
        if pr and p.get("urgency") == "red":
            red_pred += 1
            red_pred_ok += g.get("urgency") == "red"
        if not g["is_report"]:
            continue
        gold_reports += 1
        cat_ok += pr and p.get("category") == g["category"]
        urg_ok += pr and p.get("urgency") == g["urgency"]
        loc_ok += all(_norm(p.get(k)) == _norm(g[k]) for k in ("building", "unit", "room"))
        if g["urgency"] == "red":
            red_gold += 1
            red_hit += pr and p.get("urgency") == "red"
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "messages": len(labels),
        "report_precision": round(prec, 3),
        "report_recall": round(rec, 3),
        "report_f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
        "category_accuracy": ratio(cat_ok, gold_reports),
        "urgency_accuracy": ratio(urg_ok, gold_reports),
        "red_recall": ratio(red_hit, red_gold),
        "red_precision": ratio(red_pred_ok, red_pred),
        "location_exact": ratio(loc_ok, gold_reports),
    }


def confusion(labels: Sequence[dict], preds: Sequence[dict], field: str) -> Counter[tuple[str, str]]:
    """(gold, predicted) counts of a field over the gold reports; "-" where the prediction is not a report."""
    out: Counter[tuple[str, str]] = Counter()
    for g, p in zip(labels, preds, strict=True):
        if g["is_report"]:
            out[(g[field], p.get(field) if p.get("is_report") else "-")] += 1
    return out
