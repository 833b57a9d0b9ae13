"""How long a new database takes to open: the migrations from nothing, as at a bot's first start (and at every
test's); and an opened one again, as at a restart.

Run: .venv/bin/python bench/bench_open.py [--runs 20]

Each run opens a new file in a temporary directory with `Database.open` (WAL, the migrations, the bot's
pragmas) and closes it; then opens it again. Prints the median and the spread of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import machine  # noqa: E402

from storage.database import Database  # noqa: E402


async def _timed_open(path: Path) -> float:
    start = time.perf_counter()
    db = await Database.open(path)
    took = time.perf_counter() - start
    await db.close()
    return took * 1000


async def main(runs: int) -> None:
    """Open `runs` new databases and each again; print the figures."""
    fresh, again = [], []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(runs):
            path = Path(folder) / f"linli{i}.db"
            fresh.append(await _timed_open(path))
            again.append(await _timed_open(path))
    print(machine())
    for name, times in (("new database (every migration)", fresh), ("opened again", again)):
        print(f"{name}: median {statistics.median(times):.1f} ms, {min(times):.1f}–{max(times):.1f} ms, {runs} runs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    asyncio.run(main(parser.parse_args().runs))
