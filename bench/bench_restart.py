"""Restart: time from start to ready with 100,000 pending timers and 1,000,000 events; peak RSS idle and under load.

    .venv/bin/python bench/bench_restart.py [--events 1000000] [--timers 100000] [--load 500]

Builds the database once in a temporary folder (bulk inserts), then starts the real bot (`linli run`) as
its own process against the fake Bot API in this process. "Ready" is when polling starts (the
deleteWebhook call right before the first getUpdates), after post_init has migrated, synced the community,
loaded the timers and started the sender.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.fakeapi import FakeTelegram  # noqa: E402
from storage.db import _migrations  # noqa: E402

TOKEN = "123456:BENCH-token-abcdefghijklmnop"
GROUP, WORKER = -1001234567890, 2001
OLD_GROUP = -1001234500000  # the history lives in another chat, so new message ids never collide
COMMUNITY = f"""
[community]
name = "基准社区"
timezone = "Asia/Shanghai"
committee_chat_id = -1009999999999
admins = [1001]
[[grids]]
id = "A"
name = "网格"
buildings = ["1","2","3","4","5","6","7","8","9"]
chats = [{GROUP}]
[[workers]]
telegram_id = {WORKER}
name = "王师傅"
[[shifts]]
worker = {WORKER}
grid = "A"
start = "00:00"
end = "24:00"
"""
CATS = ["repair", "sanitation", "noise", "parking", "safety", "security", "dispute", "care", "other"]


def build_db(path: Path, n_events: int, n_timers: int) -> float:
    """Schema from the migrations, then bulk rows; returns seconds taken."""
    t0 = time.time()
    c = sqlite3.connect(path)
    c.execute("PRAGMA journal_mode=WAL")
    for version, sql in _migrations():
        c.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")
    rng = random.Random(1)
    now = int(time.time())
    start = now - 400 * 86400

    def events():
        for i in range(1, n_events + 1):
            created = start + (i * 400 * 86400) // n_events
            status = "closed" if i < n_events - 5000 else rng.choice(["dispatched", "accepted"])
            closed = created + rng.randint(600, 172800) if status == "closed" else None
            accepted = created + rng.randint(60, 7200) if status != "dispatched" else None
            yield (
                i,
                OLD_GROUP,
                i,
                5000 + i % 3000,
                "居民",
                "3号楼2单元楼道灯坏了",
                CATS[i % 9],
                rng.choice(["green", "green", "green", "yellow", "red"]),
                str(i % 9 + 1),
                str(i % 4 + 1),
                None,
                "A",
                status,
                WORKER,
                created,
                accepted,
                closed,
                "fixed" if closed else None,
            )

    c.execute("BEGIN")
    c.executemany(
        "INSERT INTO events (id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency,"
        " building, unit, room, grid_id, status, assignee_id, created_at, accepted_at, closed_at, outcome)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        events(),
    )
    c.executemany(
        "INSERT INTO timers (event_id, kind, due_at, status, payload, created_at) VALUES (?,?,?,'pending','{}',?)",
        (
            (n_events - (i % 5000), "overdue" if i % 2 else "due_remind", now + 600 + i * 2, now)
            for i in range(n_timers)
        ),
    )
    c.execute("COMMIT")
    c.close()
    return time.time() - t0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(db: Path, tmp: Path, load: int) -> dict:
    (tmp / "community.toml").write_text(COMMUNITY, encoding="utf-8")
    async with FakeTelegram(token=TOKEN) as fake:
        fake.group(GROUP, "居民群")
        fake.user(WORKER, "王师傅")
        fake.user_starts_bot(WORKER)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "DATABASE_PATH": str(db),
            "COMMUNITY_FILE": str(tmp / "community.toml"),
            "RATE_LIMITER": "false",
            "LOG_LEVEL": "WARNING",
        }
        t0 = time.time()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # deleteWebhook is answered right before the first getUpdates (a long poll, recorded when it returns).
            await fake.wait_for(lambda: fake.calls_to("deleteWebhook"), timeout=120)
            ready = fake.calls_to("deleteWebhook")[0].done_at - t0
            await asyncio.sleep(5)
            idle = rss_mb(proc.pid)
            peak = idle
            for i in range(load):
                fake.user(600_000 + i, f"居民{i}")
                fake.send_message(GROUP, 600_000 + i, f"{i + 10}号楼{i % 4 + 1}单元楼道灯坏了")
            deadline = time.time() + 120
            while fake.sent_count(WORKER) < load and time.time() < deadline:
                peak = max(peak, rss_mb(proc.pid))
                await asyncio.sleep(0.05)
            peak = max(peak, rss_mb(proc.pid))
        finally:
            proc.send_signal(signal.SIGINT if os.environ.get("BENCH_PROFILE") else signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        return {"ready_s": ready, "rss_idle_mb": idle, "rss_load_mb": peak, "served": fake.sent_count(WORKER)}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--timers", type=int, default=100_000)
    ap.add_argument("--load", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        built = build_db(tmp / "bench.db", args.events, args.timers)
        size = (tmp / "bench.db").stat().st_size / 2**20
        r = await measure(tmp / "bench.db", tmp, args.load)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {args.events:,} events, {args.timers:,} pending timers, {size:.0f} MiB (built in {built:.1f} s)")
    print(f"start → ready (first getUpdates): {r['ready_s']:.2f} s")
    print(
        f"RSS idle: {r['rss_idle_mb']:.0f} MB; peak under load ({args.load} reports, {r['served']} notified): "
        f"{r['rss_load_mb']:.0f} MB"
    )


if __name__ == "__main__":
    asyncio.run(main())
