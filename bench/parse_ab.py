"""Old against new parser code, interleaved: batch (`parse_many`), the `linli parse` command and one message.

Run: .venv/bin/python bench/parse_ab.py OLD_ROOT NEW_ROOT [--rounds 6] [--cpu]
(OLD_ROOT: e.g. a worktree of the old commit, `git worktree add /tmp/old <commit>`). Each round runs the two in
fresh processes, in alternating order, on one core; each process times three passes of each over the benchmark's
messages (bench_parser.py's inputs, taken from NEW_ROOT). ``--cpu``: process CPU time instead of wall clock (less
moved by other jobs on a shared machine). Prints medians and ranges; no figure is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path


def measure(root: str, inputs_root: str, cpu: bool) -> dict[str, list[float]]:
    """In this process: import the parser at ``root`` and time it (the child side)."""
    import gc
    import io
    import time

    sys.path.insert(0, root)  # the code measured (bench_parser is not imported: it would put its own root first)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from bot.cli import parse as command
    from bot.core.parser import parse, parse_many

    clock = time.process_time if cpu else time.perf_counter
    base = Path(inputs_root)
    paths = sorted((base / "tests" / "data").glob("*_messages.jsonl")) + sorted(
        (base / "data" / "corpus").glob("w*.jsonl")
    )
    texts = [json.loads(line)["text"] for path in paths for line in path.open(encoding="utf-8") if line.strip()]
    lines = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    parse_many(texts[:1000])

    def batch() -> float:
        start = clock()
        for i in range(0, len(texts), 1000):
            parse_many(texts[i : i + 1000])
        return len(texts) / (clock() - start)

    def whole_command() -> float:
        gc.disable()  # as the linli launcher runs it (bot/cli/launch.py)
        try:
            start = clock()
            command.main(io.StringIO(lines), io.StringIO())
            return len(texts) / (clock() - start)
        finally:
            gc.enable()

    def one() -> list[float]:
        out = []
        for t in texts:
            start = clock()
            parse(t)
            out.append((clock() - start) * 1000)
        return sorted(out)

    lat = one()
    return {
        "batch": [batch() for _ in range(3)],
        "command": [whole_command() for _ in range(3)],
        "p50": [lat[len(lat) // 2]],
        "p99": [lat[int(0.99 * len(lat))]],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--cpu", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.new, args.cpu)))
        return
    runs: dict[str, list[dict[str, list[float]]]] = {"old": [], "new": []}
    print(f"load at the start {os.getloadavg()[0]:.2f}")
    for r in range(args.rounds):
        order = [("old", args.old), ("new", args.new)]
        for name, root in order if r % 2 == 0 else order[::-1]:
            cmd = [sys.executable, __file__, args.old, args.new, "--child", root] + (["--cpu"] if args.cpu else [])
            runs[name].append(json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout))
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    for key, unit, fmt in (
        ("batch", "messages/s", ",.0f"),
        ("command", "messages/s", ",.0f"),
        ("p50", "ms", ".3f"),
        ("p99", "ms", ".3f"),
    ):
        line = []
        for name in ("old", "new"):
            v = [x for run in runs[name] for x in run[key]]
            line.append(f"{name} {statistics.median(v):{fmt}} ({min(v):{fmt}}-{max(v):{fmt}})")
        print(f"{key} ({unit}, median (range), {len(v)} values each): " + ", ".join(line))


if __name__ == "__main__":
    main()
