"""Parser speed on one core: batch throughput (`linli parse`), one-message latency, and 4096-char messages.

Batch is timed twice: ``parse_many`` in batches of 1,000, and the command itself in-process (``bot.cli.parse.main``,
JSON Lines in and out, with the collector paused as the ``linli`` launcher runs it: ``bot/cli/launch.py``).

Run: .venv/bin/python bench/bench_parser.py [LABELLED.jsonl ...]
Default input: the blind sets in tests/data and the corpus in data/corpus (all in the repository);
a missing input is an error, never a silent fallback.
"""

from __future__ import annotations

import gc
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.cli import parse as command  # noqa: E402
from bot.core.parser import parse, parse_many  # noqa: E402
from bot.core.parser_lexicon import default_lexicon  # noqa: E402
from bot.core.reader_model import default_reader  # noqa: E402

BATCH = command.BATCH  # lines `linli parse` reads at a time


def default_inputs() -> list[Path]:
    tests = sorted((ROOT / "tests" / "data").glob("*_messages.jsonl"))
    return tests + sorted((ROOT / "data" / "corpus").glob("w*.jsonl"))


def load_texts(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        if not path.exists():
            sys.exit(f"bench_parser: input {path} is missing")
        with path.open(encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
    if not texts:
        sys.exit("bench_parser: no input lines")
    return texts


def long_messages(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """n messages of exactly 4096 chars: lines glued together, digits and odd unicode."""
    rng = random.Random(seed)
    fillers = ["3-2-302", "１２３４５", "🔥🔥", "@someone ", "号楼号楼", "栋栋栋", "1" * 40, "又又又", "a" * 50]
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 4096:
            parts.append(rng.choice(texts) if rng.random() < 0.8 else rng.choice(fillers))
        out.append("".join(parts)[:4096])
    return out + ["9" * 4096, "号楼" * 2048, "一" * 4096, "-1" * 2048]


def batch_rate(texts: list[str]) -> float:
    start = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        parse_many(texts[i : i + BATCH])
    return len(texts) / (time.perf_counter() - start)


def command_rate(texts: list[str]) -> float:
    """Messages/s of `linli parse` over the texts as JSON Lines (output to memory), collector paused."""
    lines = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    gc.disable()
    try:
        start = time.perf_counter()
        command.main(io.StringIO(lines), io.StringIO())
        return len(texts) / (time.perf_counter() - start)
    finally:
        gc.enable()


def latencies(texts: list[str]) -> list[float]:
    out = []
    for t in texts:
        t0 = time.perf_counter()
        parse(t)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or default_inputs()
    texts = load_texts(paths)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    t0 = time.perf_counter()
    default_lexicon()
    model = default_reader()
    load_ms = (time.perf_counter() - t0) * 1000
    if model is None:
        sys.exit("bench_parser: the reader model (bot/lexicon/reader.json, reader.f16) is missing or unreadable.")
    parse_many(texts[:BATCH])  # warm up
    print(
        f"python {platform.python_version()}, {len(texts)} messages from {len(paths)} files, model "
        f"loaded ({model.weights.shape[0]} features) in {load_ms:.0f} ms"
    )
    for label, rate in (
        ("batch (linli parse)", batch_rate),
        ("linli parse (JSON in and out, collector paused)", command_rate),
    ):
        rates = [rate(texts) for _ in range(3)]
        runs = ", ".join(f"{r:,.0f}" for r in rates)
        print(f"{label}: {statistics.median(rates):,.0f} messages/s (runs: {runs})")
    lat = sorted(latencies(texts))
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000  # noqa: E731
    print(f"one message: p50 {q(0.5):.3f} ms, p99 {q(0.99):.3f} ms, worst {lat[-1] * 1000:.3f} ms")
    longs = long_messages(texts, 200)
    long_lat = sorted(latencies(longs))
    print(
        f"4096-char messages: {len(longs) / sum(long_lat):,.0f} messages/s, p99 "
        f"{long_lat[int(0.99 * len(long_lat))] * 1000:.2f} ms, worst {long_lat[-1] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
