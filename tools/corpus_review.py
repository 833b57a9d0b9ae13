#!/usr/bin/env python3
"""The corpus's second reading and settling, in three steps (data/corpus/README.md).

corpus_review.py prepare wNN   blind input for the second reader: data/corpus/second_read/input/wNN.jsonl
                               (id, lang, text: no labels)
corpus_review.py compare wNN   the writer's and the second reader's labels side by side: agreement
                               figures, and data/corpus/settled/wNN.todo.jsonl with every disagreement
corpus_review.py build         data/corpus/wNN.jsonl: the writer's labels where both readers agreed,
                               the settled label where they did not (every disagreement must be settled),
                               and settled/consistency.jsonl where settlers' rules had disagreed
corpus_review.py agreement     agreement figures for every writer that has a second reading
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "corpus"
WRITTEN, SECOND, SETTLED = ROOT / "written", ROOT / "second_read", ROOT / "settled"
FIELDS = ("is_report", "category", "urgency", "building", "unit", "room")


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _label(row: dict) -> dict:
    out = {k: row.get(k) for k in FIELDS}
    for k in ("building", "unit", "room"):
        out[k] = None if out[k] in (None, "") else str(out[k]).strip().upper()
    if not out["is_report"]:
        out.update(category=None, urgency=None, building=None, unit=None, room=None)
    return out


def prepare(writer: str) -> None:
    rows = _load(WRITTEN / f"{writer}.jsonl")
    blind = [{"id": r["id"], "lang": r["lang"], "text": r["text"]} for r in rows]
    _write(SECOND / "input" / f"{writer}.jsonl", blind)
    print(f"{len(rows)} lines -> {SECOND / 'input' / f'{writer}.jsonl'}")


def _pairs(writer: str) -> list[tuple[dict, dict | None]]:
    second = {r["id"]: r for r in _load(SECOND / f"{writer}.jsonl")}
    return [(w, second.get(w["id"])) for w in _load(WRITTEN / f"{writer}.jsonl")]


def agreement(writer: str) -> dict:
    """Share of lines where both readers gave the same value, per field and for the whole label."""
    pairs = _pairs(writer)
    same: Counter[str] = Counter()
    missing = 0
    for w, s in pairs:
        if s is None:
            missing += 1
            continue
        a, b = _label(w), _label(s)
        for k in FIELDS:
            same[k] += a[k] == b[k]
        same["all"] += a == b
    n = len(pairs) - missing
    shares = {k: round(same[k] / n, 3) if n else 0.0 for k in (*FIELDS, "all")}
    return {"lines": len(pairs), "missing": missing, **shares}


def compare(writer: str) -> None:
    todo = []
    for w, s in _pairs(writer):
        if s is None:
            todo.append(
                {
                    "id": w["id"],
                    "text": w["text"],
                    "writer_label": _label(w),
                    "writer_note": w.get("note"),
                    "second_label": None,
                    "second_note": None,
                }
            )
        elif _label(w) != _label(s):
            todo.append(
                {
                    "id": w["id"],
                    "text": w["text"],
                    "writer_label": _label(w),
                    "writer_note": w.get("note"),
                    "second_label": _label(s),
                    "second_note": s.get("note"),
                }
            )
    _write(SETTLED / f"{writer}.todo.jsonl", todo)
    print(json.dumps({"writer": writer, **agreement(writer), "to_settle": len(todo)}))


def build() -> None:
    total = 0
    sweep_path = SETTLED / "consistency.jsonl"
    sweep = {r["id"]: r for r in _load(sweep_path)} if sweep_path.exists() else {}
    for path in sorted(WRITTEN.glob("w*.jsonl")):
        writer = path.stem
        if not (SECOND / path.name).exists():
            print(f"{writer}: no second reading yet, left out")
            continue
        todo = {r["id"] for r in _load(SETTLED / f"{writer}.todo.jsonl")}
        settled_path = SETTLED / f"{writer}.jsonl"
        settled = {r["id"]: r for r in _load(settled_path)} if settled_path.exists() else {}
        open_ids = sorted(todo - settled.keys())
        if open_ids:
            print(f"{writer}: {len(open_ids)} disagreements not settled yet (e.g. {open_ids[:3]}), left out")
            continue
        out = []
        dropped = {i for i, r in settled.items() if r.get("drop")}
        for w in _load(path):
            if w["id"] in dropped:
                continue
            label = _label(w)
            if w["id"] in settled:
                label = _label(settled[w["id"]]["label"])
            if w["id"] in sweep:  # settled again when settlers' rules disagreed (NOTES.md, "Settled between settlers")
                label = _label(sweep[w["id"]]["label"])
            out.append({"id": w["id"], "writer": writer, "lang": w["lang"], "text": w["text"], **label})
        _write(ROOT / f"{writer}.jsonl", out)
        total += len(out)
        print(f"{writer}: {len(out)} lines ({len(todo)} settled, {len(dropped)} dropped)")
    print(f"corpus: {total} lines")


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd = argv[1]
    if cmd == "prepare":
        for w in argv[2:]:
            prepare(w)
    elif cmd == "compare":
        for w in argv[2:]:
            compare(w)
    elif cmd == "build":
        build()
    elif cmd == "agreement":
        for path in sorted(SECOND.glob("w*.jsonl")):
            print(json.dumps({"writer": path.stem, **agreement(path.stem)}))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
