"""End to end, against a fair ceiling: Linli beside a PTB echo bot and a bare aiohttp client at the same concurrency.

    .venv/bin/python bench/bench_e2e.py [--reports 600] [--groups 4] [--rounds 3] [--paced 20]
                                        [--variants linli,echo,bare]

Every variant is its own process against the fake Bot API served by this one, and gets the same burst:
N residents in M groups each post one message at once.
- linli: `linli run` (its sender keeps at most CONCURRENCY calls in flight: bot/runtime/sender.py); a
  report is handled when its group acknowledgement and its worker's DM are delivered (2 calls a report).
- echo: a PTB echo bot (bench/echo_bot.py) with `concurrent_updates` and a pool of that same CONCURRENCY:
  one sendMessage per message.
- bare: a bare aiohttp client (bench/bare_client.py) doing getUpdates + sendMessage, CONCURRENCY in flight.
Also: linli-httpx (Linli over PTB's HTTPXRequest), echo-aiohttp (the echo bot over Linli's aiohttp request).

Rounds are interleaved (linli echo bare linli echo bare …), so noise on a shared machine hits all alike;
ratios are taken within a round. Updates handled per second = messages ÷ time from the burst to the last
call it causes; CPU ms per update = the bot process's user + system CPU (/proc) over the burst ÷ messages.
The fake server's own CPU (this process) is printed to show it is not the limit. Telegram's rate limiter is
off (it would measure Telegram's cap, not the bot). A paced run of Linli follows (latency served → notified).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import (  # noqa: E402
    TOKEN,
    Process,
    bot_env,
    cpu_s,
    fail,
    machine,
    pct,
    profiled,
    require_file,
    require_proc,
    span,
)
from communities import grid_per_group  # noqa: E402  (bench/communities.py, beside this script)

from bot.fakeapi import FakeTelegram  # noqa: E402
from bot.runtime.sender import CONCURRENCY  # noqa: E402

BENCH = "bench_e2e"
WORKER = 2001  # the grid worker of group i is WORKER + i
COMMITTEE = -1009999999999
PROBLEMS = ["楼道灯坏了", "电梯坏了", "下水道堵了", "门禁坏了", "垃圾桶满了两天没人清", "墙皮脱落了", "路灯不亮"]
OUTGOING = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "answerCallbackQuery"}
VARIANTS = ("linli", "echo", "bare", "linli-httpx", "echo-aiohttp")


@dataclass
class Run:
    """One variant's burst."""

    variant: str
    updates: int
    elapsed: float  # burst → last call it caused
    cpu_s: float  # the bot process
    calls: int  # outgoing Bot API calls
    server_cpu_s: float  # this process (the fake server) over the same time
    latencies: list[float] = field(default_factory=list)

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.elapsed

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.elapsed

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu_s * 1000 / self.updates

    @property
    def cpu_ms_per_call(self) -> float:
        return self.cpu_s * 1000 / self.calls if self.calls else float("nan")


async def inject(fake: FakeTelegram, groups: list[int], n: int, rate: float = 0) -> None:
    """All at once (rate 0: a burst, as fast as the bot takes them) or `rate` messages per second."""
    start = time.perf_counter()
    for i in range(n):
        if rate:
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
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


def outgoing(fake: FakeTelegram, since: float) -> list:
    return [c for c in fake.calls if c.method in OUTGOING and c.ok and c.time >= since]


async def run_variant(variant: str, n: int, m: int, rate: float = 0) -> Run:
    """One process of `variant` against a fresh fake server; a burst (or a paced run) of n messages."""
    async with FakeTelegram(token=TOKEN) as fake:
        groups = [-1001_000_000_000 - i for i in range(m)]
        for g in groups:
            fake.group(g, f"群{g}")
        workers = [WORKER + i for i in range(m)]
        for w in workers:
            fake.user(w, f"网格员{w}")
            fake.user_starts_bot(w)
        with tempfile.TemporaryDirectory() as tmp_s:
            tmp = Path(tmp_s)
            linli = variant.startswith("linli")
            if linli:
                (tmp / "community.toml").write_text(grid_per_group(groups, WORKER, COMMITTEE), encoding="utf-8")
                client = "httpx" if variant == "linli-httpx" else "aiohttp"
                # every report's card at once (FIRST_DM_CARDS=0: none held for a list): a report is served when its
                # worker's DM is delivered
                env = bot_env(fake.base_url, tmp, DIGEST_ENABLED="false", HTTP_CLIENT=client, FIRST_DM_CARDS="0")
                cmd, ready = [sys.executable, "-m", "bot.cli", "run"], lambda: fake.calls_to("getUpdates")
            elif variant.startswith("echo"):
                env = {}
                cmd = [
                    sys.executable,
                    str(ROOT / "bench" / "echo_bot.py"),
                    fake.base_url,
                    TOKEN,
                    str(CONCURRENCY),
                    "aiohttp" if variant == "echo-aiohttp" else "httpx",
                ]
                ready = lambda: fake.calls_to("getUpdates")  # noqa: E731
            else:
                env = {}
                cmd = [sys.executable, str(ROOT / "bench" / "bare_client.py"), fake.base_url, TOKEN, str(CONCURRENCY)]
                ready = lambda: fake.calls_to("getUpdates")  # noqa: E731
            proc = Process(BENCH, profiled(BENCH, cmd), env, tmp, tmp / "stderr.log")
            try:
                await proc.wait(fake, ready, f"{variant} (start)", 120)
                await asyncio.sleep(0.5)
                cpu0, server0, t0 = cpu_s(proc.pid), time.process_time(), time.time()
                await inject(fake, groups, n, rate)
                if linli:

                    def done() -> bool:
                        return (
                            sum(fake.sent_count(w) for w in workers) >= n
                            and sum(fake.sent_count(g) for g in groups) >= n
                        )
                else:

                    def done() -> bool:
                        return sum(fake.sent_count(g) for g in groups) >= n

                await proc.wait(fake, done, f"{variant} ({n} messages)", 900)
                cpu1, server1 = cpu_s(proc.pid), time.process_time()
            finally:
                await proc.stop()
            calls = outgoing(fake, t0)
            elapsed = max(c.done_at for c in calls) - t0
            run = Run(variant, n, elapsed, cpu1 - cpu0, len(calls), server1 - server0)
            if linli:
                with sqlite3.connect(tmp / "bench.db") as c:
                    by_event = {r[0]: (r[1], r[2]) for r in c.execute("SELECT id, chat_id, message_id FROM events")}
                served = served_times(fake)
                for call in fake.calls:
                    if call.method == "sendMessage" and call.params.get("chat_id") in workers and call.ok:
                        m_ = re.search(r"#(\d+)", call.params.get("text", ""))
                        key = by_event.get(int(m_.group(1))) if m_ else None
                        if key in served:
                            run.latencies.append(call.done_at - served[key])
                run.latencies.sort()
            return run


def describe(r: Run) -> str:
    what = "reports" if r.variant.startswith("linli") else "messages"
    line = (
        f"{r.variant:12s} {r.updates_per_s:6.0f} updates/s ({r.updates} {what} in {r.elapsed:.2f} s), "
        f"{r.cpu_ms_per_update:5.1f} ms CPU/update; outgoing calls {r.calls} at {r.calls_per_s:.0f}/s, "
        f"{r.cpu_ms_per_call:.1f} ms CPU/call; fake server {100 * r.server_cpu_s / r.elapsed:.0f}% of a core"
    )
    if r.latencies:
        line += (
            f"; served → worker notified p50 {pct(r.latencies, 0.5) * 1000:.0f} ms, "
            f"p99 {pct(r.latencies, 0.99) * 1000:.0f} ms"
        )
    return line


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=600)
    ap.add_argument("--groups", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variants", default="linli,echo,bare", help=f"comma-separated, in order: {', '.join(VARIANTS)}")
    ap.add_argument("--paced", type=float, default=20, help="then Linli paced at this many reports/s (0: none)")
    args = ap.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        fail(BENCH, f"unknown variant {', '.join(unknown) or '(none)'}: choose among {', '.join(VARIANTS)}.")
    require_proc(BENCH)
    require_file(BENCH, ROOT / "bench" / "echo_bot.py", "the echo bot")
    require_file(BENCH, ROOT / "bench" / "bare_client.py", "the bare client")
    logging.basicConfig(level=logging.WARNING)
    print(machine())
    print(
        f"burst: {args.reports} messages from {args.reports} residents in {args.groups} groups; "
        f"{CONCURRENCY} calls in flight at most in every variant; {args.rounds} interleaved rounds"
    )
    rounds: list[dict[str, Run]] = []
    for i in range(args.rounds):
        results = {}
        for v in variants:
            results[v] = await run_variant(v, args.reports, args.groups)
            print(f"round {i + 1}: {describe(results[v])}", flush=True)
        rounds.append(results)
    print("\nsummary (min–max over rounds, median):")
    for v in variants:
        runs = [r[v] for r in rounds]
        print(
            f"  {v:12s} updates/s {span([r.updates_per_s for r in runs])}; "
            f"CPU ms/update {span([r.cpu_ms_per_update for r in runs], '{:.1f}')}; "
            f"outgoing calls/s {span([r.calls_per_s for r in runs])}"
        )
    base = variants[0]
    for other in variants[1:]:
        ups = [r[base].updates_per_s / r[other].updates_per_s for r in rounds]
        cps = [r[base].calls_per_s / r[other].calls_per_s for r in rounds]
        cpu = [r[base].cpu_ms_per_update / r[other].cpu_ms_per_update for r in rounds]
        print(
            f"  {base} ÷ {other} (same round): updates/s {span(ups, '{:.2f}')}; "
            f"outgoing calls/s {span(cps, '{:.2f}')}; CPU per update {span(cpu, '{:.2f}')}"
        )
    if args.paced and any(v.startswith("linli") for v in variants):
        n = min(args.reports, int(args.paced * 10))
        paced = await run_variant(next(v for v in variants if v.startswith("linli")), n, args.groups, args.paced)
        print(
            f"\npaced at {args.paced:.0f} reports/s ({n} reports, from 0.5 s after start): served → worker notified "
            f"p50 {pct(paced.latencies, 0.5) * 1000:.0f} ms, p99 {pct(paced.latencies, 0.99) * 1000:.0f} ms, "
            f"max {paced.latencies[-1] * 1000:.0f} ms; {paced.cpu_ms_per_update:.1f} ms CPU/report"
        )


if __name__ == "__main__":
    asyncio.run(main())
