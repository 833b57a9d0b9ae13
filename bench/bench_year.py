"""Linli after a year of use (bench/year_db.py: 40 groups, 30 workers, 15,000 events, 200,000 inbox rows,
~100,000 outbox rows) against a fresh database of the same community: the per-update path, a timer firing,
the sender's pick, /status, the console board, the digest, an export, start-up, housekeeping and the backup.
Over 300 lines: one script drives the bot through every path it times, then reads the plans of what it ran.

    .venv/bin/python bench/bench_year.py [--runs 15] [--plans] [--keep DIR]

Each database is copied anew before it is used; the real bot (EmbeddedBot, real clock) runs against the fake
Bot API in this process. Times are medians of ``--runs`` (ms). ``--plans`` also prints SQLite's plan of every
distinct statement the bot ran over the year's file that scans a table of more than 2,000 rows (and writes
every statement's plan beside the file, year.plans.txt, with --keep).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import year_db  # noqa: E402  (bench/year_db.py, beside this script)

from bot.core.community_file import parse_community  # noqa: E402
from bot.core.console_query import EventFilter, Visibility  # noqa: E402
from bot.core.permissions import Role  # noqa: E402
from bot.core.weeks import shift, week_of  # noqa: E402
from bot.fakeapi import FakeTelegram  # noqa: E402
from bot.runtime.embedded import EmbeddedBot  # noqa: E402
from bot.runtime.housekeeping import run_housekeeping  # noqa: E402
from bot.services import console_board, console_export, digest, queries  # noqa: E402
from bot.services import timers as timer_service  # noqa: E402
from bot.services.console_auth import Reader  # noqa: E402
from storage import backup as backup_mod  # noqa: E402
from storage import connection, database, outbox  # noqa: E402
from storage import db as db_mod  # noqa: E402

TOKEN = "123456:YEAR-bench-token"
ADMIN = 1001
STATEMENTS: set[str] = set()


def traced_connect():  # noqa: ANN201
    """storage's connect, with every statement's SQL (parameters filled in) collected in STATEMENTS."""
    real = connection.connect

    async def connect(path, busy_timeout_ms):  # noqa: ANN001, ANN202
        c = await real(path, busy_timeout_ms)
        await c.set_trace_callback(STATEMENTS.add)
        return c

    database.connect = connect
    db_mod.connect = connect


def median_ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:8.1f}"


async def timed(fn, runs: int) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await fn()
        out.append(time.perf_counter() - t0)
    return out


async def measure(path: Path, runs: int, label: str) -> dict[str, str]:
    """Start the bot over `path`, time its work; a row of figures."""
    res: dict[str, str] = {}
    comm = parse_community(year_db.community(), "year.toml")
    async with FakeTelegram(token=TOKEN) as fake:
        fake._next_update_id = 10_000_000  # past the year's update ids (the kept poll offset)
        fake.group(year_db.COMMITTEE, "居委会")
        for i, g in enumerate(year_db.GROUPS):
            fake.group(g, f"居民群{i}")
            fake.chats[g].next_message_id = 1_000_000  # past the year's message ids
        fake.user(ADMIN, "主任")
        for w in year_db.WORKERS:
            fake.user(w, f"网格员{w}")
            fake.user_starts_bot(w)
            fake.ensure_chat(w).next_message_id = 1_000_000
        for r in year_db.RESIDENTS[:200]:
            fake.user(r, f"居民{r}")
        bot = EmbeddedBot(
            f"{fake.url}/bot", TOKEN, path, comm, digest_enabled=False, merge_window_s=0, outbox_keep_days=30
        )
        t0 = time.perf_counter()
        await bot.start()
        res["start (bot.start)"] = f"{(time.perf_counter() - t0) * 1000:8.1f}"
        ctx = bot.ctx
        await asyncio.sleep(1)

        async def settle() -> None:
            await fake.wait_until_updates_consumed(30)
            while True:
                async with ctx.db.read() as c:
                    busy = (await (await c.execute("SELECT COUNT(*) FROM inbox WHERE status='pending'")).fetchone())[
                        0
                    ] + await outbox.due_count(c, time.time())
                if not busy:
                    return
                await asyncio.sleep(0.005)

        await settle()
        # per update: a report in a group, answered in the group (the acknowledgement)
        n = [0]

        async def report() -> None:
            n[0] += 1
            g = year_db.GROUPS[n[0] % 40]
            before = fake.sent_count(g)
            fake.send_message(
                g, year_db.RESIDENTS[n[0] % 200], f"{n[0] % 5 * 5 + 1}号楼{n[0]}单元楼道灯坏了，请尽快来修"
            )
            await fake.wait_for(lambda: fake.sent_count(g) > before, 30)

        res["report → group ack"] = median_ms(await timed(report, runs))
        await settle()

        async def chat() -> None:
            n[0] += 1
            fake.send_message(year_db.GROUPS[n[0] % 40], year_db.RESIDENTS[n[0] % 200], "大家早上好，今天天气不错")
            await settle()

        res["chit-chat handled"] = median_ms(await timed(chat, runs))

        async def status() -> None:
            await queries.status(ctx, 14_990 if label == "year" else 1, ADMIN, ADMIN, "zh-Hans")

        res["/status (service)"] = median_ms(await timed(status, runs))

        async def status_cmd() -> None:
            before = fake.sent_count(ADMIN)
            fake.send_message(ADMIN, ADMIN, f"/status {14_990 if label == 'year' else 1}")
            await fake.wait_for(lambda: fake.sent_count(ADMIN) > before, 30)

        res["/status (update → reply)"] = median_ms(await timed(status_cmd, runs))

        async def pick() -> None:
            async with ctx.db.read() as c:
                chats = await outbox.pending_chats(c)
                await outbox.lane_rows(c, [(ch, 20) for ch, _, _ in chats])

        res["sender's pick"] = median_ms(await timed(pick, runs))

        async def sync() -> None:
            await bot.app.bot_data["scheduler"].sync()

        res["timer sync (tick)"] = median_ms(await timed(sync, runs))

        async def fire() -> None:
            async with ctx.db.tx() as c:
                row = await (
                    await c.execute(
                        "SELECT id FROM events WHERE status = 'dispatched' ORDER BY id DESC LIMIT 1",
                    )
                ).fetchone()
                cur = await c.execute(
                    "INSERT INTO timers (event_id, kind, due_at, payload, created_at) VALUES (?, 'remind', ?, ?, ?)",
                    (row[0], int(time.time()) - 1, '{"after_s": 1800}', int(time.time())),
                )
                tid = cur.lastrowid
            t0 = time.perf_counter()
            await timer_service.fire(ctx, tid)
            fire_times.append(time.perf_counter() - t0)

        fire_times: list[float] = []
        await timed(fire, runs)
        res["timer fires (remind)"] = median_ms(fire_times)
        admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "csrf", "x")
        worker = Reader(year_db.WORKERS[3], Role.WORKER, Visibility(grids=("G3", "G33")), "zh-Hans", "csrf", "y")

        async def board() -> None:
            await console_board.board(ctx, admin, EventFilter())

        async def wboard() -> None:
            await console_board.board(ctx, worker, EventFilter())

        res["console board (admin)"] = median_ms(await timed(board, runs))
        res["console board (worker)"] = median_ms(await timed(wboard, runs))
        last_week = shift(week_of(ctx.now(), comm.tz), -1, comm.tz)

        async def build_digest() -> None:
            await digest.build(ctx.db, last_week, comm, "zh-Hans")

        res["digest of last week"] = median_ms(await timed(build_digest, max(3, runs // 3)))
        today = ctx.now().astimezone(comm.tz).date()

        async def export_year() -> None:
            await console_export.download(ctx, admin, "csv", today - timedelta(days=365), today)

        res["export, a year (csv)"] = median_ms(await timed(export_year, 3))

        async def report_during_export() -> None:
            export = asyncio.create_task(export_year())
            await asyncio.sleep(0.01)  # the export has begun
            t0 = time.perf_counter()
            await report()
            stalled.append(time.perf_counter() - t0)
            await export

        stalled: list[float] = []
        await timed(report_during_export, 3)
        res["report → ack, during export"] = median_ms(stalled)
        await settle()

        # housekeeping (a first pass: the inbox's handled rows beyond the newest 1,000)
        t0 = time.perf_counter()
        await run_housekeeping(ctx)
        res["housekeeping pass"] = f"{(time.perf_counter() - t0) * 1000:8.1f}"
        await bot.stop()
    return res


def backup_while_writing(path: Path, folder: Path, every_s: float, cap_s: float) -> str:
    """Back up `path` while another connection commits a row every `every_s`; seconds taken or 'not done'."""
    stop = threading.Event()

    def writer() -> None:
        c = sqlite3.connect(path, timeout=30)
        while not stop.is_set():
            with c:
                c.execute(
                    "INSERT INTO bot_meta (key, value) VALUES ('bench', 1) ON CONFLICT DO UPDATE SET value=value+1"
                )
            time.sleep(every_s)
        c.close()

    done: list[float] = []

    def run() -> None:
        t0 = time.perf_counter()
        backup_mod.backup(path, folder / "backup.db")
        done.append(time.perf_counter() - t0)

    w = threading.Thread(target=writer, daemon=True)
    b = threading.Thread(target=run, daemon=True)
    w.start()
    b.start()
    b.join(cap_s)
    stop.set()
    w.join()
    if done:
        return f"{done[0]:.2f} s"
    b.join()
    return f"not done within {cap_s:.0f} s of writes (then {done[0]:.2f} s in all)"


def sizes(path: Path) -> str:
    """MB in use by each large table with its indexes, and free (pages freed by deletions, reused before the file
    grows)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    owner = dict(con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
    used: dict[str, int] = {}
    for name, size in con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        used[owner.get(name, name)] = used.get(owner.get(name, name), 0) + size
    free = con.execute("PRAGMA freelist_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    big = sorted(((v, k) for k, v in used.items() if v > 1e6), reverse=True)
    return (
        ", ".join(f"{k} {v / 1e6:.1f}" for v, k in big)
        + f"; free {free / 1e6:.1f}; file {path.stat().st_size / 1e6:.1f}"
    )


def plans(path: Path) -> None:
    """The plans of the statements that scan a table of more than 2,000 rows."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sizes = {
        t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    seen = set()
    dump = open(path.with_suffix(".plans.txt"), "w", encoding="utf-8")  # noqa: SIM115
    for sql in sorted(STATEMENTS):
        head = sql.lstrip().split()[0].upper()
        if head not in ("SELECT", "UPDATE", "DELETE", "INSERT", "WITH"):
            continue
        try:
            plan = con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        except sqlite3.Error:
            continue
        bad = [d for *_, d in plan if (m := re.match(r"SCAN (\w+)", d)) and sizes.get(m.group(1), 0) > 2000]
        key = re.sub(r"-?\d+", "N", sql)[:300]
        dump.write(f"-- {sql[:400]}\n   " + "\n   ".join(d for *_, d in plan) + "\n")
        if bad and key not in seen:
            seen.add(key)
            print(f"\n-- {sql[:600]}\n   " + "\n   ".join(d for *_, d in plan))
    dump.close()
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--plans", action="store_true")
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    traced_connect()
    print(f"machine: nproc={os.cpu_count()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        year, fresh = folder / "year_src.db", folder / "fresh_src.db"
        t0 = time.perf_counter()
        counts = year_db.build(year, 15_000, 200_000, 100_000, int(time.time()))
        print(f"year: built in {time.perf_counter() - t0:.1f} s, {year.stat().st_size / 1e6:.0f} MB, {counts}")
        asyncio.run(year_db._migrate(fresh))
        cols = {}
        for label, src in (("fresh", fresh), ("year", year)):
            work = folder / f"{label}.db"
            shutil.copy(src, work)
            if label == "year":
                STATEMENTS.clear()
            cols[label] = asyncio.run(measure(work, args.runs, label))
            for suffix in ("-wal", "-shm"):
                Path(str(work) + suffix).unlink(missing_ok=True)
        print(f"\nMB, the year's file as built: {sizes(year)}")
        print(f"MB, after the bot's run and a housekeeping pass: {sizes(folder / 'year.db')}")
        print(f"\n{'ms (median)':28} {'fresh':>9} {'year':>9}")
        for k in cols["year"]:
            print(f"{k:28} {cols['fresh'][k]:>9} {cols['year'][k]:>9}")
        shutil.copy(year, folder / "backup_src.db")
        t0 = time.perf_counter()
        backup_mod.backup(folder / "backup_src.db", folder / "quiet.db")
        print(
            f"\nbackup of the year's file ({year.stat().st_size / 1e6:.0f} MB), no writer:"
            f" {time.perf_counter() - t0:.2f} s"
        )
        for every in (0.2, 0.05, 0.01):
            took = backup_while_writing(folder / "backup_src.db", folder, every, 15)
            print(f"backup while another connection commits every {every} s: {took}")
        if args.plans:
            plans(folder / "year.db")


if __name__ == "__main__":
    main()
