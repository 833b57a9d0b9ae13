"""`linli parse`: JSON Lines in ({"id", "text"[, "lang"]}), one reading per line out, in the same order; or
`linli parse TEXT…`: the texts given, id 1, 2, … in their order (to try a sentence at a terminal).

Lines are read in batches of BATCH so the model's arithmetic is done once per batch (bot/core/parser.py,
``parse_many``); a malformed line gets ``id: null`` (or its id) and an ``error``, and the rest goes on.
"""

from __future__ import annotations

import itertools
import json
import sys
from typing import TextIO

from bot.core.parser import parse_many
from bot.core.types import ParsedReport

BATCH = 1000


def _request(line: str) -> tuple[object, str | None, str | None]:
    """(id, text, error) of one input line."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than Python's stack
        return None, None, f"invalid JSON: {str(exc)[:200]}"
    if not isinstance(obj, dict):
        return None, None, "a line must be a JSON object"
    text = obj.get("text")
    if not isinstance(text, str):
        return obj.get("id"), None, "missing or non-string 'text'"
    return obj.get("id"), text, None


def _reading(id_: object, p: ParsedReport) -> dict:
    if p.reasons == ("error",):  # the parser failed on this text (never expected): said, not passed off as chat
        return {"id": id_, "error": "the parser could not read this text"}
    return {
        "id": id_,
        "is_report": p.is_report,
        "category": p.category.value if p.category else None,
        "urgency": p.urgency.value if p.urgency else None,
        "building": p.building,
        "unit": p.unit,
        "room": p.room,
        "confidence": p.confidence,
        "red_unsure": p.red_unsure,
        "maybe_danger": p.maybe_danger,
        "ask": p.ask,
        "reasons": list(p.reasons),
    }


def results(lines: list[str]) -> list[dict]:
    """The output objects for a batch of non-blank input lines."""
    requests = [_request(line) for line in lines]
    readings = iter(parse_many([text for _, text, error in requests if error is None and text is not None]))
    return [{"id": id_, "error": error} if error else _reading(id_, next(readings)) for id_, _, error in requests]


# json.dumps(r, ensure_ascii=False) makes an encoder at every call; these are made once (the same output)
_AS_IS = json.JSONEncoder(ensure_ascii=False).encode
_ESCAPED = json.JSONEncoder().encode


def _dump(r: dict) -> str:
    """One output line: UTF-8 as it is, or with \\u escapes where it holds what UTF-8 cannot (a lone surrogate)."""
    line = _AS_IS(r)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = _ESCAPED(r)
    return line + "\n"


def texts_as_lines(texts: list[str]) -> list[str]:
    """The JSON Lines a list of texts stands for: id 1, 2, … in their order."""
    return [json.dumps({"id": n, "text": text}, ensure_ascii=False) for n, text in enumerate(texts, 1)]


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Parse every non-blank input line; bad lines get an "error" and processing goes on. Input is read as
    bytes where it can be: a byte that is not UTF-8 becomes U+FFFD, whatever the locale."""
    raw = getattr(stdin, "buffer", None)
    source = (b.decode("utf-8", "replace") for b in raw) if raw is not None else iter(stdin)
    lines = (line for line in source if line.strip())
    while batch := list(itertools.islice(lines, BATCH)):
        stdout.write("".join(_dump(r) for r in results(batch)))
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
