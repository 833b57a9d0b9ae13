"""Two of a writer's own lines made one message, for training only (docs/parser.md, "Two lines in one message").

Residents put a thank-you, an all-clear or chat before or after a problem in one message ("昨天的停水恢复了，谢谢物业。
另外5号楼电梯又坏了"). The corpus has few such lines, and the report head, trained on single lines, read the all-clear
and missed the problem. Joining two real, labelled lines of one writer shows the heads every kind: chat then a
problem, and a problem then chat (both labelled as the problem), and two chat lines (no report), so that a second
sentence alone does not make a report.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict

KINDS = ("chat_then_report", "report_then_chat", "chat_then_chat")


def _joined(first: str, second: str, lang: str) -> str:
    """The two lines as one message: a space after a closing mark, else the language's full stop."""
    first, second = first.rstrip(), second.lstrip()
    last = first[-1:]
    if last and unicodedata.category(last)[0] in "PS":
        return f"{first} {second}"
    return f"{first}。{second}" if lang.startswith("zh") else f"{first}. {second}"


def mixed_rows(rows: list[dict], want: dict) -> list[dict]:
    """``want[kind]`` messages of each kind in ``KINDS``, each of two lines of one writer (a writer with both chat
    and reports, drawn by ``want["seed"]``), labelled as the report in it, or as no report."""
    rng = random.Random(want["seed"])
    lines: dict[str, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))
    for r in rows:
        lines[r["writer"]][bool(r["is_report"])].append(r)
    writers = sorted(w for w, (chat, reports) in lines.items() if chat and reports)
    out: list[dict] = []
    for kind in KINDS:
        for _ in range(want.get(kind, 0) if writers else 0):
            chat, reports = lines[rng.choice(writers)]
            if kind == "chat_then_report":
                first, second = rng.choice(chat), rng.choice(reports)
            elif kind == "report_then_chat":
                first, second = rng.choice(reports), rng.choice(chat)
            else:
                first, second = rng.sample(chat, 2) if len(chat) > 1 else (chat[0], chat[0])
            label = first if first["is_report"] else second
            text = _joined(first["text"], second["text"], label.get("lang", ""))
            out.append({**label, "id": f"{first['id']}+{second['id']}", "text": text, "mixed": kind})
    return out
