"""Record every reading of the parser, or check that the code still gives the same ones (speed work: same output).

Run: .venv/bin/python bench/parse_identity.py record OUT.jsonl   (before a change)
     .venv/bin/python bench/parse_identity.py check OUT.jsonl    (after it: exit 1 and the first differences if any)

Texts: every line of data/corpus/*.jsonl, the final-exam sets (tests/data/*_messages.jsonl), the shared dev set
(../shared/data/dev_messages.jsonl, when present), the benchmark's 4,096-character messages and a few odd strings.
Each is read by ``parse_many`` in batches of 1,000 (as ``linli parse`` does) and by ``parse``; every field of the
``ParsedReport`` is written, the confidence as its ``repr`` (exact); then every output line of ``linli parse``
(``bot.cli.parse.main``) given all the texts as JSON Lines.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_parser import BATCH, long_messages  # noqa: E402

from bot.cli import parse as cli  # noqa: E402
from bot.core.parser import parse, parse_many  # noqa: E402
from bot.core.types import ParsedReport  # noqa: E402

ODD = [
    "",
    " ",
    "\x00\x01\n\t",
    "\ud800火",
    "着\u200b火",
    "👨\u200d👩\u200d👧 着\u200d火",
    "７号楼１单元３０２",
    "@someone_here 电梯坏了",
    "又" * 600,
    "9" * 5000,
    "FIRE!!! Block B unit 3 #07-231",
    "嘅喺唔著 衞生間漏水",
    "x" * 20000,
]


def sources() -> list[Path]:
    corpus = sorted((ROOT / "data" / "corpus").glob("*.jsonl"))
    exams = sorted((ROOT / "tests" / "data").glob("*_messages.jsonl"))
    dev = ROOT.parent / "shared" / "data" / "dev_messages.jsonl"
    if not dev.exists():
        dev = Path("/work/shared/data/dev_messages.jsonl")
    return corpus + exams + ([dev] if dev.exists() else [])


def texts() -> list[str]:
    out = []
    for path in sources():
        with path.open(encoding="utf-8") as f:
            out.extend(json.loads(line)["text"] for line in f if line.strip())
    return out + long_messages(out, 200) + ODD


def row(how: str, i: int, p: ParsedReport) -> str:
    values = {f.name: getattr(p, f.name) for f in fields(p)}
    values = {k: (repr(v) if isinstance(v, float) else getattr(v, "value", v)) for k, v in values.items()}
    return json.dumps({"how": how, "i": i, **values}, ensure_ascii=True, sort_keys=True)


def readings() -> Iterator[str]:
    all_texts = texts()
    for start in range(0, len(all_texts), BATCH):
        for j, p in enumerate(parse_many(all_texts[start : start + BATCH])):
            yield row("many", start + j, p)
    for i, t in enumerate(all_texts):
        yield row("one", i, parse(t))
    out = io.StringIO()
    cli.main(io.StringIO("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(all_texts))), out)
    yield from (json.dumps({"how": "cli", "line": line}) for line in out.getvalue().split("\n"))


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "check"):
        sys.exit(__doc__)
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "record":
        lines = list(readings())
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"recorded {len(lines)} readings from {len(sources())} files to {path}")
        return 0
    want = path.read_text(encoding="utf-8").splitlines()
    got = list(readings())
    bad = [(w, g) for w, g in zip(want, got, strict=False) if w != g]
    if len(want) != len(got) or bad:
        print(f"DIFFERENT: {len(bad)} readings of {len(want)} (recorded) / {len(got)} (now)")
        for w, g in bad[:5]:
            print("  was", w, "\n  now", g)
        return 1
    print(f"identical: {len(got)} readings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
