"""Digest speed over a database of 1,000,000 events.

Run: .venv/bin/python bench/bench_digest.py [--events 1000000] [--keep DIR [--reuse]]

Builds the database in a temporary directory (schema by the real migrations; rows with one
executemany per table in one transaction), then times the digest's reads and maths (3 runs, a fresh
connection each) for the last complete week and for weeks one, two and 3.6 years back, then the text
and chart rendering. `--keep DIR` builds in DIR and keeps the file; `--reuse` times that file again
(migrations newer than it are applied first, as the bot would), failing if it is not there.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import machine  # noqa: E402
from communities import TWO_GRIDS, event_row, insert_events  # noqa: E402  (bench/communities.py, beside this script)

from bot.core import weeks  # noqa: E402
from bot.core.community_file import parse_community  # noqa: E402
from bot.services.digest import compute  # noqa: E402
from storage.database import Database  # noqa: E402

WEEKS_OF_HISTORY = 200
COMMUNITY = TWO_GRIDS + "".join(f'[[workers]]\ntelegram_id = {100 + i}\nname = "网格员{i}"\n' for i in range(20))


def events(n: int, now: int, rng: random.Random):
    """Event rows spread evenly over the last WEEKS_OF_HISTORY weeks; the newest are often still open."""
    span = WEEKS_OF_HISTORY * 7 * 86400
    for i in range(1, n + 1):
        created = now - span + (span * i) // n
        b = rng.randint(1, 20)
        age = now - created
        accepted = created + rng.randint(60, 7200)
        closed = accepted + rng.randint(600, 3 * 86400)
        status = "closed"
        if age < 3 * 86400 and rng.random() < 0.6:
            status, closed = ("accepted", None) if rng.random() < 0.5 else ("dispatched", None)
            accepted = accepted if status == "accepted" else None
        row = event_row(
            i,
            b,
            rng,
            text="楼道灯坏了",
            status=status,
            worker=100 + i % 20,
            created=created,
            accepted=accepted,
            closed=closed,
            due=created + 86400,
        )
        yield (*row, 1 if rng.random() < 0.01 else 0)


def build(path: Path, n: int, now: int) -> float:
    """Create the database; returns seconds taken."""
    t0 = time.perf_counter()
    asyncio.run(_migrate(path))
    rng = random.Random(7)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    with con:
        insert_events(con, events(n, now, rng), "reopened_count")
        con.execute(
            "INSERT INTO event_log (event_id, at, action) SELECT id, closed_at + 3600, 'reopened' FROM events"
            " WHERE reopened_count > 0 AND closed_at IS NOT NULL"
        )
        con.execute(
            "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, status, choice, created_at)"
            " SELECT id, reporter_id, reporter_id, assignee_id,"
            " CASE WHEN id % 3 = 0 THEN 'unanswered' ELSE 'answered' END,"
            " CASE WHEN id % 3 = 0 THEN NULL WHEN id % 7 = 0 THEN 'not_solved' ELSE 'satisfied' END,"
            " closed_at + 7200 FROM events WHERE closed_at IS NOT NULL AND id % 2 = 0"
        )
    con.close()
    return time.perf_counter() - t0


async def _migrate(path: Path) -> None:
    db = await Database.open(path)
    await db.close()


async def time_digest(path: Path, week: weeks.Week, community, runs: int = 3) -> tuple[list[float], object]:
    """Seconds of each run of the digest's reads and maths (a fresh connection, as the CLI does)."""
    times, d = [], None
    for _ in range(runs):
        db = await Database.open(path)
        t0 = time.perf_counter()
        d = await compute(db, week, community)
        times.append(time.perf_counter() - t0)
        await db.close()
    return times, d


def main() -> None:
    """Build, time, print."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="build the database in this directory and keep it")
    ap.add_argument("--reuse", action="store_true", help="time the database kept in --keep DIR, do not build")
    args = ap.parse_args()
    if args.reuse and not (args.keep and (args.keep / "bench_digest.db").is_file()):
        sys.exit(f"bench_digest: --reuse needs --keep DIR holding bench_digest.db ({args.keep or 'no DIR given'}).")
    community = parse_community(COMMUNITY, "bench")
    tz = community.tz
    now_dt = datetime.now(UTC)
    now = int(now_dt.timestamp())
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench_digest.db"
        if args.reuse:
            con = sqlite3.connect(path)
            n, newest = con.execute("SELECT COUNT(*), MAX(created_at) FROM events").fetchone()
            con.close()
            now_dt, built = datetime.fromtimestamp(newest, UTC), 0.0
            args.events = n
        else:
            path.unlink(missing_ok=True)
            built = build(path, args.events, now)
        size = path.stat().st_size / 1e6
        print(machine())
        print(
            f"database: {args.events:,} events over {WEEKS_OF_HISTORY} weeks, {size:.0f} MB, "
            + (f"built in {built:.1f} s" if built else "reused")
        )
        last = weeks.last_complete(now_dt, tz)
        for name, week in (
            ("last complete week", last),
            ("one year back", weeks.shift(last, -52, tz)),
            ("two years back", weeks.shift(last, -104, tz)),
            ("3.6 years back", weeks.shift(last, -188, tz)),
        ):
            times, d = asyncio.run(time_digest(path, week, community))
            print(
                f"digest {week.label} ({name}): reads+maths {min(times):.3f}–{max(times):.3f} s "
                f"[{', '.join(f'{x:.3f}' for x in times)}] "
                f"(new {d.this.new.total}, closed {d.this.closed.total}, open {d.this.open.total}, "
                f"hot spots {len(d.hot_spots)})"
            )
        from bot.render import digest_chart, digest_text

        t0 = time.perf_counter()
        text = digest_text.render("zh-Hans", d, tz)
        png = digest_chart.render_png("zh-Hans", d)
        print(f"text + chart: {time.perf_counter() - t0:.2f} s ({len(text)} chars, {len(png) / 1000:.0f} kB PNG)")


if __name__ == "__main__":
    main()
