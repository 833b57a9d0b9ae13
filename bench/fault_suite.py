"""The fault suite at full size: the figures of the README's "Reliability" section.

    .venv/bin/python bench/fault_suite.py [--only sigkill,db,chats,logs,latency] [--kills 20] [--seed 20]

Every run starts `linli run` as a real process against the fake Bot API (served from this process over
127.0.0.1), with its SQLite file in a temporary folder. The same code runs, smaller, in
tests/test_fault_suite.py; docs/reliability.md says what each run proves.

- sigkill: 300 reports from 100 residents and 100 Accept presses while the bot is SIGKILLed at 20
  moments chosen by a seeded RNG over the whole burst (half right after a getUpdates answer) and
  started again each time.
- db: the database locked by another process (BEGIN EXCLUSIVE) for 30 s against the default 5 s busy
  timeout, then the disk full (no file of the bot's may grow) for 30 s, while 100 reports arrive.
- chats: group A throttled for 60 s (every call answered 429 retry_after=60) with 30 acknowledgements
  queued for it, then a report in group B; then group A's sendMessage hanging instead.
- logs: LOG_LEVEL=DEBUG with and without LOG_MESSAGE_TEXTS through a loop, an outage, a 502 and the token
  revoked mid-run, and a start with a rejected token: lines holding the token, lines holding texts.
- latency: 100 reports at 2 a second over 10 groups (each under Telegram's 20 a minute), with PTB's rate
  limiter on (as in production) and off: report → acknowledgement and report → worker DM, p50 and p99,
  after one warm-up report (the first report after a start loads the parser's model; timed apart).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from faultkit import (  # noqa: E402
    WORDS,
    chat_fault_run,
    database_fault_run,
    latency_run,
    log_run,
    sigkill_run,
)

RUNS = ("sigkill", "db", "chats", "logs", "latency")


def say(line: str) -> None:
    print(f"  {line}", flush=True)


async def run_sigkill(args: argparse.Namespace, folder: Path) -> dict:
    fig = await sigkill_run(
        folder, reports=args.reports, presses=args.presses, kills=args.kills, seed=args.seed, say=say
    )
    dup = fig["duplicate_acks"] + fig["duplicate_dms"]
    print(
        f"sigkill: {fig['kills']} kills ({fig['kills_after_batch']} right after a getUpdates batch) during "
        f"{fig['reports']} reports and {fig['presses']} presses, {fig['elapsed_s']:.0f} s → "
        f"{fig['events']}/{fig['reports']} events, {fig['duplicate_events']} duplicate events, "
        f"{fig['presses_applied']}/{fig['presses']} presses applied, acks missing {fig['acks_missing']}, "
        f"DMs missing {fig['dms_missing']}, {dup} messages sent twice (at most "
        f"{max(fig['duplicates_per_kill'])} per kill), inbox {fig['inbox']}"
    )
    return fig


async def each(folder: Path, kinds: tuple, run: Callable[[Path, Any], Awaitable[dict]]) -> list[dict]:
    """run(its folder, kind) for each kind in turn, each in a new folder of its own; their figures."""
    out = []
    for kind in kinds:
        (folder / str(kind)).mkdir()
        out.append(await run(folder / str(kind), kind))
    return out


DB_FAULTS = {"locked": "locked by another process", "full": "disk full"}  # the db run's faults, as its lines say


async def run_db(args: argparse.Namespace, folder: Path) -> list[dict]:
    async def one(where: Path, kind: str) -> dict:
        fig = await database_fault_run(where, kind, args.fault_seconds, reports=args.db_reports, say=say)
        print(
            f"db {DB_FAULTS[kind]} {fig['seconds']:.0f} s (busy timeout {fig['busy_timeout_ms']} ms): "
            f"{fig['reports']} reports, {fig['handled_during_fault']} handled during the fault, "
            f"{fig['reports_lost']} lost, {fig['duplicate_events']} duplicates, "
            f"all handled {fig['recovered_in_s']:.1f} s after it ended; "
            f"{fig['log_warnings']} warning lines, {fig['log_tracebacks']} tracebacks"
        )
        return fig

    return await each(folder, tuple(DB_FAULTS), one)


async def run_chats(args: argparse.Namespace, folder: Path) -> list[dict]:
    async def one(where: Path, kind: str) -> dict:
        seconds = args.throttle_seconds if kind == "throttle" else 60
        fig = await chat_fault_run(where, kind, seconds=seconds, backlog=30, say=say)
        what = f"throttled {seconds:.0f} s (429)" if kind == "throttle" else "sendMessage hanging"
        print(
            f"chats: group A {what} with 30 acknowledgements queued → group B's acknowledgement and DM "
            f"{fig['b_latency_s'] * 1000:.0f} ms after its report; group A: {fig['a_throttled_calls']} calls "
            f"answered 429, its 30 acknowledgements delivered {fig['a_backlog_done_after_s']:.1f} s after "
            f"the fault began, in order: {fig['a_in_order']}"
        )
        return fig

    return await each(folder, ("throttle", "hang"), one)


async def run_logs(args: argparse.Namespace, folder: Path) -> dict:
    names = ("plain", "texts", "rejected")
    for name in names:
        (folder / name).mkdir()
    runs = await asyncio.gather(
        log_run(folder / "plain", False),
        log_run(folder / "texts", True),
        log_run(folder / "rejected", True, rejected_at_start=True),
    )
    fig = {}
    for name, run in zip(names, runs, strict=True):
        token, lines = run["token"], run["lines"]
        fig[name] = {
            "lines": len(lines),
            "debug_lines": sum(" DEBUG " in line for line in lines),
            "with_token": sum(token in line or token.split(":", 1)[1] in line for line in lines),
            "with_texts": sum(any(w[:6] in line for w in WORDS) for line in lines),
            "exit_code": run["exit_code"],
            "last": lines[-1] if lines else "",
        }
        print(
            f"logs ({name}): {fig[name]['lines']} lines ({fig[name]['debug_lines']} DEBUG), "
            f"{fig[name]['with_token']} with the token, {fig[name]['with_texts']} with a resident's words; "
            f"exit {run['exit_code']}: {fig[name]['last']}"
        )
    return fig


async def run_latency(args: argparse.Namespace, folder: Path) -> list[dict]:
    async def one(where: Path, limiter: bool) -> dict:
        fig = await latency_run(where, limiter, reports=args.paced_reports, per_second=args.paced)
        print(
            f"latency, RATE_LIMITER={str(limiter).lower()}: {fig['reports']} reports at {fig['per_second']:g}/s "
            f"over {fig['groups']} groups → acknowledgement p50 {fig['ack_p50_ms']:.0f} ms, "
            f"p99 {fig['ack_p99_ms']:.0f} ms; worker DM p50 {fig['dm_p50_ms']:.0f} ms, p99 {fig['dm_p99_ms']:.0f} ms "
            f"(the first report after the start, timed apart: its DM {fig['first_dm_after_start_ms']:.0f} ms)"
        )
        return fig

    return await each(folder, (True, False), one)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(RUNS), help=f"comma-separated, of {', '.join(RUNS)}")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--presses", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--fault-seconds", type=float, default=30)
    ap.add_argument("--db-reports", type=int, default=100)
    ap.add_argument("--throttle-seconds", type=float, default=60)
    ap.add_argument("--paced", type=float, default=2.0, help="reports a second in the latency runs")
    ap.add_argument("--paced-reports", type=int, default=100)
    ap.add_argument("--json", metavar="FILE", help="also write every figure here")
    args = ap.parse_args()
    chosen = [r for r in args.only.split(",") if r]
    unknown = set(chosen) - set(RUNS)
    if unknown:
        ap.error(f"unknown run(s): {', '.join(sorted(unknown))}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    figures: dict = {}
    started = time.monotonic()
    for name in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            figures[name] = await globals()[f"run_{name}"](args, Path(tmp))
    print(f"total {time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())
