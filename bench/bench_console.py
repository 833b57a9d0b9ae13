"""The console's board over a community of 1,000,000 stored events with 10,000 of them open.

Run: .venv/bin/python bench/bench_console.py [--events 1000000] [--open 10000] [--runs 20] [--keep DIR]

Builds the database in a temporary directory (schema by the real migrations, rows by executemany in one
transaction), then serves the real console (bot/runtime/console, the same aiohttp app `linli run` mounts) on a
local port with a signed-in admin's session, and times GET /console/api/board: server side (a middleware
around the handler, from the request's arrival to its answer) and as the client sees it. Also: a
worker's board (one grid), filtered boards, the 304 of an unchanged board, hot spots (90 days) and
trends (12 weeks), and the size of the pages' static files.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from communities import TWO_GRIDS, event_row, insert_events  # noqa: E402  (bench/communities.py, beside this script)

from bot.config import Settings  # noqa: E402
from bot.context import AppContext  # noqa: E402
from bot.core import webauth  # noqa: E402
from bot.core.community_file import parse_community  # noqa: E402
from bot.runtime.console.app import build, static_dir  # noqa: E402
from storage import console_auth  # noqa: E402
from storage.database import Database  # noqa: E402

TOKEN = "123456:BENCH-token-abcdefghijklmnop"
ADMIN, WORKERS = 1, list(range(100, 120))
WEEKS_OF_HISTORY = 200
TIMES: dict[str, list[float]] = {}
HALL_LIGHT = "楼道灯坏了，晚上看不见路，请尽快来修"
COMMUNITY = (
    TWO_GRIDS
    + """
[[teams]]
id = "maint"
name = "物业维修"
members = [100, 101]
categories = ["repair"]
"""
    + "".join(f'[[workers]]\ntelegram_id = {w}\nname = "网格员{w}"\n' for w in WORKERS)
    + "".join(
        f'[[shifts]]\nworker = {w}\ngrid = "{"A" if w % 2 == 0 else "B"}"\nstart = "00:00"\nend = "24:00"\n'
        for w in WORKERS
    )
)


def rows(n: int, n_open: int, now: int, rng: random.Random):
    """Events over WEEKS_OF_HISTORY weeks; the newest 3·n_open hold the n_open still open (every third)."""
    span = WEEKS_OF_HISTORY * 7 * 86400
    first_open = n - 3 * n_open
    for i in range(1, n + 1):
        created = now - span + (span * i) // n
        b = rng.randint(1, 20)
        worker = WORKERS[(b % 2) + 2 * rng.randint(0, 9)]
        accepted = created + rng.randint(60, 7200)
        closed, status, due = accepted + rng.randint(600, 3 * 86400), "closed", accepted + 86400
        if i > first_open and (i - first_open) % 3 == 0:
            status = rng.choice(("dispatched", "accepted"))
            closed = None
            accepted = accepted if status == "accepted" and accepted < now else None
            due = accepted + 86400 if accepted else None
        times = {"created": created, "accepted": accepted, "closed": closed, "due": due}
        yield event_row(i, b, rng, text=HALL_LIGHT, status=status, worker=worker, **times)


def build_db(path: Path, n: int, n_open: int, now: int) -> float:
    """The database, with the real migrations; returns seconds taken."""
    t0 = time.perf_counter()

    async def migrate() -> None:
        await (await Database.open(path)).close()

    asyncio.run(migrate())
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    with con:
        insert_events(con, rows(n, n_open, now, random.Random(16)))
        con.execute(
            "INSERT INTO event_log (event_id, at, action) SELECT id, created_at, 'reported' FROM events"
            " WHERE id % 10 = 0"
        )
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - t0


@web.middleware
async def timed(request: web.Request, handler):  # noqa: ANN001, ANN201
    """Server-side time of each request (arrival to answer), kept per path."""
    t0 = time.perf_counter()
    response = await handler(request)
    TIMES.setdefault(request.rel_url.path_qs, []).append(time.perf_counter() - t0)
    return response


async def measure(path: Path, runs: int) -> None:
    """Serve the console over the database and time its answers."""
    community = parse_community(COMMUNITY, "bench")
    settings = Settings(telegram_bot_token=TOKEN, database_path=path)
    db = await Database.open(path)
    ctx = AppContext(db=db, community=community, settings=settings)
    ctx.console_url = "http://127.0.0.1"
    now = int(time.time())
    sessions = {}
    async with db.tx() as c:
        for user in (ADMIN, WORKERS[1]):
            sid = webauth.new_session_id()
            await console_auth.add_session(
                c, webauth.session_hash(sid), user, "csrf", "link", "zh-Hans", now, now + 3600
            )
            sessions[user] = sid
    outer = web.Application(middlewares=[timed])

    async def no_files(file_id: str) -> bytes:
        return b""

    outer.add_subapp("/console", build(ctx, no_files))  # the outer middleware times the console's own too
    runner = web.AppRunner(outer, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}/console/api/"
    cases = [
        ("admin: whole board (100 shown)", ADMIN, "board"),
        ("admin: whole board, 500 shown", ADMIN, "board?limit=500"),
        ("admin: red only", ADMIN, "board?urgency=red"),
        ("admin: grid B, repair", ADMIN, "board?grid=B&category=repair"),
        ("admin: team maint", ADMIN, "board?team=maint"),
        ("admin: one worker", ADMIN, f"board?worker={WORKERS[3]}"),
        ("worker (grid B)", WORKERS[1], "board"),
        ("admin: hot spots, 90 days", ADMIN, "hotspots?days=90"),
        ("admin: trends, 12 weeks", ADMIN, "trends?weeks=12"),
    ]
    print(f"{'request':38} {'server p50':>11} {'server max':>11} {'client p50':>11} {'bytes':>9}")
    async with aiohttp.ClientSession() as http:
        for label, user, query in cases:
            headers = {"Authorization": "Bearer " + sessions[user]}
            client_times, size, etag = [], 0, None
            n = runs if not query.startswith(("trends", "hotspots")) else max(3, runs // 5)
            for _ in range(n):
                t0 = time.perf_counter()
                async with http.get(base + query, headers=headers) as resp:
                    body = await resp.read()
                    assert resp.status == 200, (resp.status, body[:200])
                    etag = resp.headers.get("ETag")
                client_times.append(time.perf_counter() - t0)
                size = len(body)
            server = TIMES["/console/api/" + query]
            print(
                f"{label:38} {statistics.median(server) * 1000:9.1f}ms {max(server) * 1000:9.1f}ms "
                f"{statistics.median(client_times) * 1000:9.1f}ms {size:9,}"
            )
            if query == "board" and user == ADMIN and etag:
                t304 = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    async with http.get(base + query, headers={**headers, "If-None-Match": etag}) as resp:
                        assert resp.status in (200, 304)
                    t304.append(time.perf_counter() - t0)
                print(f"{'admin: unchanged board (304)':38} {'':>11} {'':>11} {statistics.median(t304) * 1000:9.1f}ms")
    await runner.cleanup()
    await db.close()


def static_sizes() -> None:
    """What a browser downloads for the pages, before any photo."""
    folder = static_dir()
    files = ["page.html", "index.html", "app.css", "vendor/uPlot.min.css", "vendor/uPlot.iife.min.js"]
    files += sorted(f"js/{p.name}" for p in (folder / "js").glob("*.js"))
    total = sum((folder / f).stat().st_size for f in files)
    print(
        f"pages' static files: {len(files)} files, {total / 1000:.0f} kB in all (uPlot "
        f"{(folder / 'vendor/uPlot.iife.min.js').stat().st_size / 1000:.0f} kB), no build step"
    )


def main() -> None:
    """Build, serve, time, print."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--open", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--keep", type=Path, help="build the database in this directory and keep it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench_console.db"
        path.unlink(missing_ok=True)
        built = build_db(path, args.events, args.open, int(datetime.now(UTC).timestamp()))
        print(f"machine: nproc={os.cpu_count()}, Python {platform.python_version()}, {platform.machine()}")
        print(
            f"database: {args.events:,} events ({args.open:,} open), {path.stat().st_size / 1e6:.0f} MB, "
            f"built in {built:.1f} s"
        )
        asyncio.run(measure(path, args.runs))
        static_sizes()


if __name__ == "__main__":
    main()
