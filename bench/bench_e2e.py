"""End to end: the full bot against the fake Bot API on loopback, beside a PTB echo bot (the ceiling).

Each bot runs as its own process (`linli run` / bench/echo_bot.py); the fake server runs in this one.

    .venv/bin/python bench/bench_e2e.py [--reports 600] [--groups 4]

N residents in M groups send reports as fast as the bot accepts them. Prints reports per second,
p50/p99 latency from the moment the update is served (getUpdates answered) to the moment the worker's
notification reaches the fake server, and outgoing Bot API calls per second of Linli ÷ the echo bot.
Telegram's rate limiter is off in both (it would measure Telegram's cap, not the bot).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import re
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

TOKEN = "123456:BENCH-token-abcdefghijklmnop"
WORKER = 2001  # the grid worker of group i is WORKER + i
PROBLEMS = ["楼道灯坏了", "电梯坏了", "下水道堵了", "门禁坏了", "垃圾桶满了两天没人清", "墙皮脱落了", "路灯不亮"]
OUTGOING = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "answerCallbackQuery"}


def community_toml(groups: list[int]) -> str:
    grids = "\n".join(
        f'[[grids]]\nid = "G{i}"\nname = "网格{i}"\nbuildings = []\nchats = [{g}]\n'
        f'[[workers]]\ntelegram_id = {WORKER + i}\nname = "网格员{i}"\n'
        f'[[shifts]]\nworker = {WORKER + i}\ngrid = "G{i}"\nstart = "00:00"\nend = "24:00"\n'
        for i, g in enumerate(groups)
    )
    return (
        '[community]\nname = "基准社区"\ntimezone = "Asia/Shanghai"\ncommittee_chat_id = -1009999999999\n'
        "admins = [1001]\n" + grids
    )


async def inject(fake: FakeTelegram, groups: list[int], n: int, rate: float = 0) -> None:
    """All at once (rate 0: a burst, as fast as the bot accepts them) or `rate` reports per second."""
    for i in range(n):
        if rate:
            await asyncio.sleep(1 / rate)
        user = 500_000 + i  # one message per resident (no flood limit), a building each (no merging)
        fake.user(user, f"居民{i}")
        fake.send_message(groups[i % len(groups)], user, f"{i + 1}号楼{i % 4 + 1}单元{PROBLEMS[i % len(PROBLEMS)]}")


def served_times(fake: FakeTelegram) -> dict[tuple[int, int], float]:
    """(chat, message_id) → when the getUpdates answer carrying it was sent."""
    out = {}
    for call in fake.calls:
        if call.method == "getUpdates" and call.result:
            for upd in call.result:
                msg = upd.get("message")
                if msg:
                    out[(msg["chat"]["id"], msg["message_id"])] = call.done_at
    return out


def call_rate(fake: FakeTelegram, since: float) -> tuple[int, float]:
    calls = [c for c in fake.calls if c.method in OUTGOING and c.ok and c.time >= since]
    if not calls:
        return 0, 0.0
    span = max(c.done_at for c in calls) - since
    return len(calls), len(calls) / span if span > 0 else 0.0


def spawn(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=cwd,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT if os.environ.get("BENCH_PROFILE") else signal.SIGTERM)
    for _ in range(100):
        if proc.poll() is not None:
            return
        await asyncio.sleep(0.1)
    proc.kill()


async def run_linli(n: int, m: int, rate: float = 0) -> dict:
    """The real bot as its own process (`linli run`), the fake server in this one."""
    async with FakeTelegram(token=TOKEN) as fake:
        groups = [-1001_000_000_000 - i for i in range(m)]
        for g in groups:
            fake.group(g, f"群{g}")
        workers = [WORKER + i for i in range(m)]
        for w in workers:
            fake.user(w, f"网格员{w}")
            fake.user_starts_bot(w)
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "community.toml").write_text(community_toml(groups), encoding="utf-8")
            env = {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "RATE_LIMITER": "false",
                "DATABASE_PATH": str(Path(tmp) / "bench.db"),
                "COMMUNITY_FILE": str(Path(tmp) / "community.toml"),
                "LOG_LEVEL": "WARNING",
            }
            cmd = [sys.executable, "-m", "bot.cli", "run"]
            if os.environ.get("BENCH_PROFILE"):  # e.g. BENCH_PROFILE=/tmp/linli.txt: py-spy's collapsed stacks
                cmd = [
                    "py-spy",
                    "record",
                    "--format",
                    "raw",
                    "-r",
                    "200",
                    "-o",
                    os.environ["BENCH_PROFILE"],
                    "--",
                    *cmd,
                ]
            proc = spawn(cmd, env, Path(tmp))
            try:
                await fake.wait_for(lambda: fake.calls_to("setMyCommands"), timeout=60)  # ready
                await asyncio.sleep(0.5)
                t0 = time.time()
                await inject(fake, groups, n, rate)
                await fake.wait_for(lambda: sum(fake.sent_count(w) for w in workers) >= n, timeout=600)
                elapsed = time.time() - t0
            finally:
                await stop(proc)
            with sqlite3.connect(Path(tmp) / "bench.db") as c:
                by_event = {r[0]: (r[1], r[2]) for r in c.execute("SELECT id, chat_id, message_id FROM events")}
        served = served_times(fake)
        lat = []
        for call in fake.calls:
            if call.method == "sendMessage" and call.params.get("chat_id") in workers and call.ok:
                m_ = re.search(r"#(\d+)", call.params.get("text", ""))
                if m_ and int(m_.group(1)) in by_event and by_event[int(m_.group(1))] in served:
                    lat.append(call.done_at - served[by_event[int(m_.group(1))]])
        calls, per_s = call_rate(fake, t0)
        return {
            "elapsed": elapsed,
            "reports_per_s": n / elapsed,
            "latencies": sorted(lat),
            "calls": calls,
            "calls_per_s": per_s,
        }


async def run_echo(n: int, m: int) -> dict:
    """The PTB echo bot as its own process against the same fake server."""
    async with FakeTelegram(token=TOKEN) as fake:
        groups = [-1001_000_000_000 - i for i in range(m)]
        for g in groups:
            fake.group(g, f"群{g}")
        proc = spawn([sys.executable, str(ROOT / "bench" / "echo_bot.py"), fake.base_url, TOKEN], {}, ROOT)
        try:
            await fake.wait_for(lambda: fake.calls_to("getUpdates"), timeout=60)
            await asyncio.sleep(0.5)
            t0 = time.time()
            await inject(fake, groups, n)
            await fake.wait_for(lambda: sum(fake.sent_count(g) for g in groups) >= n, timeout=600)
            elapsed = time.time() - t0
        finally:
            await stop(proc)
        calls, per_s = call_rate(fake, t0)
        return {"elapsed": elapsed, "msgs_per_s": n / elapsed, "calls": calls, "calls_per_s": per_s}


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=600)
    ap.add_argument("--groups", type=int, default=4)
    ap.add_argument("--paced", type=float, default=20, help="also a paced run at this many reports/s (0: skip)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    echo = await run_echo(args.reports, args.groups)
    linli = await run_linli(args.reports, args.groups)
    paced = await run_linli(min(args.reports, int(args.paced * 10)), args.groups, args.paced) if args.paced else None
    lat = linli["latencies"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"reports: {args.reports} from {args.reports} residents in {args.groups} groups")
    print(
        f"linli: {linli['reports_per_s']:.0f} reports/s ({linli['elapsed']:.2f} s), "
        f"latency served → notified p50 {pct(lat, 0.5) * 1000:.0f} ms, p99 {pct(lat, 0.99) * 1000:.0f} ms "
        f"(n={len(lat)}), outgoing calls {linli['calls']} at {linli['calls_per_s']:.0f}/s"
    )
    print(
        f"echo:  {echo['msgs_per_s']:.0f} messages/s ({echo['elapsed']:.2f} s), "
        f"outgoing calls {echo['calls']} at {echo['calls_per_s']:.0f}/s"
    )
    print(
        f"ratio of outgoing Bot API calls per second (linli ÷ echo): {linli['calls_per_s'] / echo['calls_per_s']:.2f}"
    )
    if paced:
        pl = paced["latencies"]
        print(
            f"paced at {args.paced:.0f} reports/s ({len(pl)} reports): latency served → notified "
            f"p50 {pct(pl, 0.5) * 1000:.0f} ms, p99 {pct(pl, 0.99) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
