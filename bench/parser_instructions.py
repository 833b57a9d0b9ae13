"""Instructions a message in batch parsing, counted by valgrind's callgrind: a figure that does not move with the
machine's speed or load, unlike seconds (these shared machines differ by 2.5 times between sessions).

Two processes run under callgrind: one loads the model and the lexicon and reads ``N`` corpus lines in batches of
1,000 (as ``linli parse`` does), the other does the same but reads none; the difference over ``N`` is the count.

Run: .venv/bin/python bench/parser_instructions.py [N]   (default 2,000; needs valgrind; about two minutes)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 1000


def _read(n: int) -> None:
    """The measured process: load, warm up on 50 lines, then parse the first ``n`` corpus lines in batches."""
    sys.path.insert(0, str(ROOT))
    from bot.core.parser import parse_many
    from bot.core.parser_lexicon import default_lexicon
    from bot.core.reader_model import default_reader

    texts: list[str] = []
    for path in sorted((ROOT / "data" / "corpus").glob("w*.jsonl")):
        with path.open(encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
    default_reader()
    default_lexicon()
    parse_many(texts[:50])
    for i in range(0, n, BATCH):
        parse_many(texts[i : min(n, i + BATCH)])


def _count(n: int, out: Path) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__, "--read", str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"parser_instructions: no count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        _read(int(sys.argv[2]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    if shutil.which("valgrind") is None:
        sys.exit("parser_instructions: valgrind is not installed (Debian's package valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        base = _count(0, Path(tmp) / "base.out")
        full = _count(n, Path(tmp) / "full.out")
    print(f"{n} corpus lines: {full:,} instructions, {base:,} without them")
    print(f"{(full - base) / n:,.0f} instructions a message (batch of {BATCH:,})")


if __name__ == "__main__":
    main()
