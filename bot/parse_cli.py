"""`linli parse`: JSON Lines in ({"id", "text"[, "lang"]}), one parse result per line out."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.core.parser import parse


def _result(line: str) -> dict:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return {"id": None, "error": f"invalid JSON: {exc}"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    text = obj.get("text")
    if not isinstance(text, str):
        return {"id": obj.get("id"), "error": "missing or non-string 'text'"}
    lang = obj.get("lang") if isinstance(obj.get("lang"), str) else None
    p = parse(text, lang)
    return {
        "id": obj.get("id"),
        "is_report": p.is_report,
        "category": p.category.value if p.category else None,
        "urgency": p.urgency.value if p.urgency else None,
        "building": p.building,
        "unit": p.unit,
        "room": p.room,
        "confidence": p.confidence,
        "reasons": list(p.reasons),
    }


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Parse every non-blank input line; bad lines get an "error" and processing goes on."""
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(_result(line), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
