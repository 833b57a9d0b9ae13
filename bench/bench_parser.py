"""Parser speed: messages per second over the dev set, and over long 4096-char messages.

Run: .venv/bin/python bench/bench_parser.py [path/to/dev_messages.jsonl]
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.parser import parse  # noqa: E402
from bot.core.parser_lexicon import default_lexicon  # noqa: E402
from bot.core.parser_model import default_model  # noqa: E402

DEFAULT_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev_messages.jsonl"
FALLBACK = ["3号楼2单元楼道灯坏了", "7号楼1单元302厨房冒烟了！快来人", "收到", "Lift in Block 5 broken AGAIN"]


def load_texts(path: Path) -> list[str]:
    """Texts of the dev set, or a few built-in lines if it is missing."""
    if not path.exists():
        return FALLBACK
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def long_messages(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """n messages of exactly 4096 chars: dev lines glued together, digits and odd unicode."""
    rng = random.Random(seed)
    out = []
    fillers = ["3-2-302", "１２３４５", "🔥🔥", "@someone ", "号楼号楼", "栋栋栋", "1" * 40, "又又又", "a" * 50]
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 4096:
            parts.append(rng.choice(texts) if rng.random() < 0.8 else rng.choice(fillers))
        out.append("".join(parts)[:4096])
    out.append("9" * 4096)
    out.append("号楼" * 2048)
    out.append("一" * 4096)
    out.append("-1" * 2048)
    return out


def run(texts: list[str], rounds: int) -> tuple[float, float]:
    """(messages per second, worst single-message seconds)."""
    worst = 0.0
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            parse(t)
            worst = max(worst, time.perf_counter() - t0)
    total = time.perf_counter() - start
    return rounds * len(texts) / total, worst


def main() -> None:
    """Print the figures."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEV
    t0 = time.perf_counter()
    default_lexicon()
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    default_model()  # the learned fallback, loaded lazily on first use
    model_ms = (time.perf_counter() - t0) * 1000
    texts = load_texts(path)
    print(f"machine: nproc={os.cpu_count()} python={platform.python_version()} {platform.machine()}")
    print(f"lexicon load: {load_ms:.1f} ms (once); fallback model load: {model_ms:.1f} ms (once)")
    rate, worst = run(texts, 200)
    print(f"dev set x200 ({len(texts) * 200} msgs): {rate:,.0f} msgs/s, worst {worst * 1000:.2f} ms")
    longs = long_messages(texts, 200)
    rate, worst = run(longs, 3)
    print(f"4096-char msgs ({len(longs) * 3} msgs): {rate:,.0f} msgs/s, worst {worst * 1000:.2f} ms")


if __name__ == "__main__":
    main()
