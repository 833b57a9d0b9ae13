"""Restart with 1,000,000 events, 100,000 pending timers and a catch-up weekly digest due: time to the first
report's notification, to the digest, and memory.

    .venv/bin/python bench/bench_restart.py [--events 1000000] [--timers 100000] [--load 500] [--runs 3]

Builds the database once in a temporary folder (bulk inserts, the real migrations), then starts the real
bot (`linli run`) as its own process against the fake Bot API in this process, `--runs` times. Before each
start a resident's report is already waiting at the fake server (sent while the bot was down), and no
digest of last week was sent, so the start-up catch-up digest is due. Printed per start: "ready" (the
deleteWebhook call right before the first getUpdates), the first report's worker notification (the number
that matters), the catch-up digest delivered to the committee, and RSS (/proc) before and after the digest
and at peak while `--load` residents report.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import TOKEN, Process, bot_env, cpu_s, fail, machine, profiled, require_proc, rss_mb  # noqa: E402
from communities import community_toml, grid_toml  # noqa: E402  (bench/communities.py, beside this script)

from bot.fakeapi import FakeTelegram  # noqa: E402
from storage.db import _migrations  # noqa: E402

BENCH = "bench_restart"
GROUP, WORKER, COMMITTEE = -1001234567890, 2001, -1009999999999
OLD_GROUP = -1001234500000  # the history lives in another chat, so new message ids never collide
COMMUNITY = community_toml([grid_toml("A", "网格", GROUP, WORKER, "王师傅", [str(b) for b in range(1, 10)])], COMMITTEE)
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
    # a bot that has run on this database for the 400 days (a fresh one sends no digest of a week before it)
    c.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('first_started_at', ?)", (start,))
    c.execute("COMMIT")
    c.close()
    return time.time() - t0


async def measure(db: Path, tmp: Path, load: int, catch_up_s: int | None, run: int) -> dict:
    (tmp / "community.toml").write_text(COMMUNITY, encoding="utf-8")
    async with FakeTelegram(token=TOKEN) as fake:
        fake.group(GROUP, "居民群")
        # Message and update ids go on from the previous run's, as on Telegram (a repeated id is a repeat, and
        # the bot asks for updates after the last one it stored).
        fake.chats[GROUP].next_message_id = 1 + run * (load + 10)
        fake._next_update_id = 1 + run * (load + 10)
        fake.group(COMMITTEE, "居委会")
        fake.user(WORKER, "王师傅")
        fake.user_starts_bot(WORKER)
        # Monday 00:00: always passed, and the database has no digest sent, so the catch-up is due.
        env = bot_env(fake.base_url, tmp, db, DIGEST_ENABLED="true", DIGEST_WEEKDAY="mon", DIGEST_TIME="00:00")
        env["FIRST_DM_CARDS"] = "0"  # each report's worker DM at once (counted below), none held for a list
        if catch_up_s is not None:
            env["DIGEST_CATCH_UP_S"] = str(catch_up_s)
        # A resident reported while the bot was down: it is waiting in the first getUpdates.
        # Each run's residents and buildings are new, so nothing is merged with (or flood-limited by) an earlier run.
        first_user, base = 599_000 + run, 10 + run * (load + 1)
        fake.user(first_user, "居民")
        fake.send_message(GROUP, first_user, f"{base}号楼1单元楼道灯坏了")
        t0 = time.time()
        proc = Process(BENCH, profiled(BENCH, [sys.executable, "-m", "bot.cli", "run"]), env, tmp, tmp / "stderr.log")
        try:
            await proc.wait(fake, lambda: fake.calls_to("deleteWebhook"), "the bot (start)", 120)
            ready = fake.calls_to("deleteWebhook")[0].done_at - t0
            await proc.wait(fake, lambda: fake.sent_count(WORKER) >= 1, "the first report", 120)
            first = (
                next(
                    c for c in fake.calls if c.method == "sendMessage" and c.ok and c.params.get("chat_id") == WORKER
                ).done_at
                - t0
            )
            cpu_first = cpu_s(proc.pid)
            rss_before = rss_mb(proc.pid)
            await proc.wait(fake, lambda: fake.calls_to("sendPhoto", ok=True), "the catch-up digest", 300)
            digest = fake.calls_to("sendPhoto", ok=True)[0].done_at - t0
            await asyncio.sleep(2)
            rss_digest = rss_mb(proc.pid)
            peak = rss_digest
            for i in range(load):
                fake.user(600_000 + run * load + i, f"居民{i}")
                fake.send_message(GROUP, 600_000 + run * load + i, f"{base + 1 + i}号楼{i % 4 + 1}单元楼道灯坏了")
            deadline = time.time() + 300
            while fake.sent_count(WORKER) < load + 1 and time.time() < deadline:
                proc.check("the bot under load")
                peak = max(peak, rss_mb(proc.pid))
                await asyncio.sleep(0.05)
            peak = max(peak, rss_mb(proc.pid))
            served = fake.sent_count(WORKER) - 1
        finally:
            await proc.stop()
        if served < load:
            fail(BENCH, f"only {served} of {load} reports were notified within 300 s.")
        return {
            "ready_s": ready,
            "first_s": first,
            "cpu_first_s": cpu_first,
            "digest_s": digest,
            "rss_before_mb": rss_before,
            "rss_digest_mb": rss_digest,
            "rss_load_mb": peak,
            "served": served,
        }


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--timers", type=int, default=100_000)
    ap.add_argument("--load", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3, help="starts over the same database (each its first report)")
    ap.add_argument("--catch-up-s", type=int, default=None, help="DIGEST_CATCH_UP_S for the bot (default: its own)")
    args = ap.parse_args()
    require_proc(BENCH)
    # The bot's bytecode compiled first, as `pip install` does: an edited checkout (or PYTHONDONTWRITEBYTECODE)
    # would otherwise compile changed modules from source at every start and time that instead.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *(str(ROOT / d) for d in ("bot", "handlers", "storage"))],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(machine())
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        built = build_db(tmp / "bench.db", args.events, args.timers)
        # The build wrote ~350 MB that the kernel may still be writing out: the first start is not to wait on it.
        os.sync()
        size = (tmp / "bench.db").stat().st_size / 2**20
        print(
            f"database: {args.events:,} events, {args.timers:,} pending timers, {size:.0f} MiB "
            f"(built in {built:.1f} s); no digest sent yet, so the catch-up digest is due at every start"
        )
        for run in range(args.runs):
            with sqlite3.connect(tmp / "bench.db") as c:
                # due again at the next start (and its messages are not taken for repeats of the last run's)
                c.execute("DELETE FROM digests_sent")
                digest_rows = "SELECT id FROM outbox WHERE purpose = 'digest'"
                c.execute(f"DELETE FROM outbox_files WHERE outbox_id IN ({digest_rows})")
                c.execute("DELETE FROM outbox WHERE purpose = 'digest'")
            r = await measure(tmp / "bench.db", tmp, args.load, args.catch_up_s, run)
            print(
                f"run {run + 1}: start → ready (first getUpdates) {r['ready_s']:.2f} s; start → first report's "
                f"worker notified {r['first_s']:.2f} s (bot CPU {r['cpu_first_s']:.2f} s); start → catch-up "
                f"digest delivered {r['digest_s']:.1f} s; RSS {r['rss_before_mb']:.0f} MB before the digest, "
                f"{r['rss_digest_mb']:.0f} MB after it, peak {r['rss_load_mb']:.0f} MB under load "
                f"({args.load} reports, {r['served']} notified)",
                flush=True,
            )


if __name__ == "__main__":
    asyncio.run(main())
