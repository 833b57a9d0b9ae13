#!/usr/bin/env python3
"""Checks labelled corpus files against the labelling guide's schema and prints a summary.

Usage: corpus_check.py FILE.jsonl [FILE.jsonl ...]
Exit status 1 when a line is malformed (each problem is printed with its line number).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

LANGS = {"zh-Hans", "zh-Hant", "en"}
CATEGORIES = {"care", "safety", "security", "dispute", "parking", "noise", "sanitation", "repair", "other"}
URGENCIES = {"red", "yellow", "green"}
LOCATION = re.compile(r"^[0-9A-Z][0-9A-Z-]*$")
REQUIRED = ("id", "writer", "lang", "text", "is_report", "category", "urgency", "building", "unit", "room")


def problems(row: dict) -> list[str]:
    """The ways one labelled line breaks the schema (empty when it is fine)."""
    out = [f"missing {k}" for k in REQUIRED if k not in row]
    if out:
        return out
    if row["lang"] not in LANGS:
        out.append(f"lang {row['lang']!r}")
    if not isinstance(row["text"], str) or not row["text"].strip():
        out.append("empty text")
    if not isinstance(row["is_report"], bool):
        out.append("is_report must be true or false")
    elif row["is_report"]:
        if row["category"] not in CATEGORIES:
            out.append(f"category {row['category']!r}")
        if row["urgency"] not in URGENCIES:
            out.append(f"urgency {row['urgency']!r}")
        if row["category"] in ("safety", "security", "dispute") and row["urgency"] == "green":
            out.append("safety/security/dispute is at least yellow")
    else:
        for k in ("category", "urgency", "building", "unit", "room"):
            if row[k] is not None:
                out.append(f"{k} must be null for a non-report")
    for k in ("building", "unit", "room"):
        v = row[k]
        if v is not None and (not isinstance(v, str) or not LOCATION.match(v)):
            out.append(f"{k} {v!r}: Arabic digits and upper-case letters as a string, or null")
    return out


def main(paths: list[str]) -> int:
    bad = 0
    rows: list[dict] = []
    seen: set[str] = set()
    texts: Counter[str] = Counter()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{path}:{n}: not JSON ({e})")
                    bad += 1
                    continue
                errs = problems(row)
                if row.get("id") in seen:
                    errs.append(f"duplicate id {row.get('id')}")
                seen.add(row.get("id"))
                for e in errs:
                    print(f"{path}:{n}: {e}")
                bad += bool(errs)
                rows.append(row)
                texts[row.get("text", "")] += 1
    reports = [r for r in rows if r.get("is_report") is True]
    print(f"lines {len(rows)}, malformed {bad}, repeated texts {sum(c - 1 for c in texts.values() if c > 1)}")
    if rows:
        print(f"non-reports {len(rows) - len(reports)} ({(len(rows) - len(reports)) / len(rows):.0%})")
        print("lang", dict(Counter(r.get("lang") for r in rows)))
        print("category", dict(Counter(r.get("category") for r in reports).most_common()))
        print("urgency", dict(Counter(r.get("urgency") for r in reports).most_common()))
        print("with building", sum(r.get("building") is not None for r in reports))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) if len(sys.argv) > 1 else __doc__)
