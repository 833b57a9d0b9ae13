"""Whole lifecycles in bursts: report → accept → close as fixed → survey answer, at 100, 400 and 1,000 per burst.

    .venv/bin/python bench/bench_lifecycle.py [--sizes 100,400,1000] [--groups 4] [--started]

For each size, a fresh database and the real bot as its own process (bench/linli_traced.py: `linli run`
with sqlite3's trace callback counting statements) against the fake Bot API in this process. N residents
each report once, all at once; then the workers accept all N, then close all N as fixed; the surveys are
due at the closing (SURVEY_DELAY_S=0, so N survey timers fall due together); then every reporter answers.
Each phase waits until the bot is idle (no update, message or due timer left: read from the database).

Each size runs twice. The CPU figures come from a run of the bot as deployed; the SQL counts come from a second
run with the statement counter installed, because its Python callback runs on SQLite's thread for every
statement and costs the bot 2.5-3.3 ms of CPU per lifecycle (measured: 37.2-41.1 ms traced against 34.4-37.8 ms
untraced, three pairs at 400). The traced run's CPU is printed beside the other for that reason.

Printed per size: CPU ms of the bot process per lifecycle and per phase, write transactions and SQL
statements per lifecycle and per report, timer claims per fired timer, and the Bot API calls per
lifecycle by chat: the residents' group, the worker's private chat, the resident's private chat, the
committee, and callback answers. Residents have not started the bot (the common case: the survey is
asked in the group) unless --started.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import TOKEN, Process, bot_env, cpu_s, fail, machine, profiled, require_file, require_proc, sql_counts  # noqa: E402
from communities import grid_per_group  # noqa: E402  (bench/communities.py, beside this script)

from bot.core.callbacks import Action, decode  # noqa: E402
from bot.fakeapi import FakeTelegram  # noqa: E402

BENCH = "bench_lifecycle"
WORKER = 2001
RESIDENT = 500_000
COMMITTEE = -1009999999999
PROBLEMS = ["楼道灯坏了", "电梯坏了", "下水道堵了", "门禁坏了", "墙皮脱落了", "路灯不亮"]
PHASES = ("report", "accept", "close", "answer")


class Idle:
    """Reads the bot's database (WAL: no lock taken from the bot) to tell when it has nothing left to do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def busy(self) -> int:
        c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        try:
            now = time.time()
            return sum(
                c.execute(sql, args).fetchone()[0]
                for sql, args in (
                    ("SELECT COUNT(*) FROM inbox WHERE status = 'pending'", ()),
                    ("SELECT COUNT(*) FROM outbox WHERE status = 'pending'", ()),
                    ("SELECT COUNT(*) FROM timers WHERE status = 'pending' AND due_at <= ?", (now,)),
                )
            )
        finally:
            c.close()

    def scalar(self, sql: str) -> int:
        c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        try:
            return c.execute(sql).fetchone()[0]
        finally:
            c.close()


async def settle(proc: Process, fake: FakeTelegram, idle: Idle, done, what: str) -> None:  # noqa: ANN001
    """Wait for the phase's own condition, then for the bot to be idle three looks in a row."""
    await proc.wait(fake, done, what, 900)
    quiet, deadline = 0, time.time() + 300
    while quiet < 3:
        proc.check(what)
        if time.time() > deadline:
            fail(BENCH, f"{what}: the bot never became idle (updates, messages or timers still waiting).")
        quiet = quiet + 1 if idle.busy() == 0 else 0
        await asyncio.sleep(0.1)


def first_with(fake: FakeTelegram, chat_id: int, pattern: re.Pattern[str]) -> dict[int, int]:
    """Event id (from `#<id>` in the text) → the first bot message in a chat that names it."""
    out: dict[int, int] = {}
    chat = fake.chats.get(chat_id)
    for msg_id, msg in chat.messages.items() if chat else ():
        if fake.is_bot_message(msg):
            m = pattern.search(msg.get("text") or msg.get("caption") or "")
            if m and int(m.group(1)) not in out:
                out[int(m.group(1))] = msg_id
    return out


def survey_buttons(fake: FakeTelegram, chats: list[int]) -> list[tuple[int, int, str]]:
    """(chat, message, callback data of the 'satisfied' button) of every survey question."""
    out = []
    for chat_id in chats:
        chat = fake.chats.get(chat_id)
        for msg_id, msg in chat.messages.items() if chat else ():
            for row in msg.get("reply_markup", {}).get("inline_keyboard", []):
                for b in row:
                    cb = decode(b.get("callback_data"))  # as sent: with the database's tag
                    if cb is not None and cb.action is Action.RATE and cb.arg == "ok":
                        out.append((chat_id, msg_id, b["callback_data"]))
    return out


def by_chat(calls: list, groups: set[int], workers: set[int]) -> Counter[str]:
    out: Counter[str] = Counter()
    for c in calls:
        if c.method in ("getUpdates", "getMe", "setMyCommands", "deleteWebhook", "getChat", "getChatMember"):
            continue
        if not c.ok:
            out["failed calls"] += 1
            continue
        if c.method == "answerCallbackQuery":
            out["callback answers"] += 1
            continue
        chat = int(c.params.get("chat_id", 0) or 0)
        kind = (
            "group"
            if chat in groups
            else "worker private"
            if chat in workers
            else "committee"
            if chat == COMMITTEE
            else "resident private"
            if chat >= RESIDENT
            else f"other {chat}"
        )
        out[kind] += 1
        out[f"{kind}: {c.method}"] += 1
    return out


async def run_size(n: int, m: int, started: bool, traced: bool) -> dict:
    """One burst of n lifecycles; SQL counted only when traced (the counter costs CPU)."""
    async with FakeTelegram(token=TOKEN) as fake:
        groups = [-1001_000_000_000 - i for i in range(m)]
        for g in groups:
            fake.group(g, f"群{g}")
        fake.group(COMMITTEE, "居委会")
        workers = [WORKER + i for i in range(m)]
        for w in workers:
            fake.user(w, f"网格员{w}")
            fake.user_starts_bot(w)
        residents = [RESIDENT + i for i in range(n)]
        for r in residents:
            fake.user(r, f"居民{r}")
            if started:  # their /start waits at the fake server: the bot learns it at its start
                fake.user_starts_bot(r, send_start=True)
        with tempfile.TemporaryDirectory() as tmp_s:
            tmp = Path(tmp_s)
            (tmp / "community.toml").write_text(grid_per_group(groups, WORKER, COMMITTEE), encoding="utf-8")
            counts_file = tmp / "sql.json"
            env = bot_env(  # FIRST_DM_CARDS=0: each report's card at once, its Accept pressed (none held for a list)
                fake.base_url,
                tmp,
                DIGEST_ENABLED="false",
                SURVEY_DELAY_S="0",
                FIRST_DM_CARDS="0",
                BENCH_SQL_COUNTS=str(counts_file),
            )
            if not traced:
                env["BENCH_NO_TRACE"] = "1"
            cmd = profiled(BENCH, [sys.executable, str(ROOT / "bench" / "linli_traced.py")])
            proc = Process(BENCH, cmd, env, tmp, tmp / "stderr.log")
            idle = Idle(tmp / "bench.db")
            cpu: dict[str, float] = {}
            sql: dict[str, Counter] = {}
            try:
                await proc.wait(fake, lambda: fake.calls_to("setMyCommands"), "the bot (start)", 120)
                if started:  # the residents' /start handled and answered before anything is counted
                    await settle(
                        proc, fake, idle, lambda: all(fake.sent_count(r) for r in residents), "the residents' /start"
                    )
                await asyncio.sleep(0.5)
                mark = len(fake.calls)
                before_sql = Counter(await sql_counts(proc, counts_file)) if traced else Counter()
                last_cpu = cpu_s(proc.pid)
                timers_done0 = idle.scalar("SELECT COUNT(*) FROM timers WHERE status = 'done'")

                async def phase(name: str) -> None:
                    nonlocal last_cpu, before_sql
                    now_cpu = cpu_s(proc.pid)
                    cpu[name], last_cpu = now_cpu - last_cpu, now_cpu
                    now_sql = Counter(await sql_counts(proc, counts_file)) if traced else Counter()
                    sql[name], before_sql = now_sql - before_sql, now_sql

                answers = len(fake.callback_answers)

                async def press_all(presses: list[tuple[int, int, int, str]], what: str) -> None:
                    nonlocal answers
                    for user, chat, msg, data in presses:
                        fake.press_button(user, chat, msg, data)
                    answers += len(presses)
                    await settle(proc, fake, idle, lambda: len(fake.callback_answers) >= answers, what)

                for i, r in enumerate(residents):
                    fake.send_message(groups[i % m], r, f"{i + 1}号楼{i % 4 + 1}单元{PROBLEMS[i % len(PROBLEMS)]}")
                await settle(proc, fake, idle, lambda: sum(fake.sent_count(w) for w in workers) >= n, f"{n} reports")
                await phase("report")
                dm = re.compile(r"#(\d+)")
                dms = {ev: (w, msg) for w in workers for ev, msg in first_with(fake, w, dm).items()}
                if len(dms) < n:
                    fail(BENCH, f"only {len(dms)} of {n} reports reached a worker.")
                await press_all([(w, w, msg, f"v1:acc:{ev}") for ev, (w, msg) in dms.items()], f"{n} accepts")
                await phase("accept")
                await press_all([(w, w, msg, f"v1:cls:{ev}") for ev, (w, msg) in dms.items()], f"{n} close menus")
                await press_all([(w, w, msg, f"v1:fix:{ev}") for ev, (w, msg) in dms.items()], f"{n} closings")
                await settle(
                    proc, fake, idle, lambda: len(survey_buttons(fake, groups + residents)) >= n, f"{n} surveys"
                )
                await phase("close")
                reporter = dict(sqlite3.connect(tmp / "bench.db").execute("SELECT s.id, s.user_id FROM surveys s"))
                presses = []
                for chat, msg, data in survey_buttons(fake, groups + residents):
                    presses.append((reporter[int(data.split(":")[2])], chat, msg, data))
                await press_all(presses, f"{n} survey answers")
                await phase("answer")
                timers_fired = idle.scalar("SELECT COUNT(*) FROM timers WHERE status = 'done'") - timers_done0
                answered = idle.scalar("SELECT COUNT(*) FROM surveys WHERE status = 'answered'")
            finally:
                await proc.stop()
            if answered < n:
                fail(BENCH, f"only {answered} of {n} surveys were answered.")
            calls = by_chat(fake.calls[mark:], set(groups), set(workers))
            return {"n": n, "cpu": cpu, "sql": sql, "calls": calls, "timers_fired": timers_fired}


def report(r: dict, t: dict) -> None:
    """Print one size: CPU and calls from the plain run r, SQL counts from the traced run t."""
    n = r["n"]
    total_cpu = sum(r["cpu"].values())
    total_sql = sum(t["sql"].values(), Counter())
    print(
        f"\n{n} lifecycles per burst: {total_cpu * 1000 / n:.1f} ms CPU per lifecycle ("
        + ", ".join(f"{p} {r['cpu'][p] * 1000 / n:.1f}" for p in PHASES)
        + f"); with the statement counter installed: {sum(t['cpu'].values()) * 1000 / n:.1f} ms"
    )
    print(
        f"  SQL per lifecycle: {total_sql['write_transactions'] / n:.1f} write transactions, "
        f"{total_sql['statements'] / n:.1f} statements (+{total_sql['trigger_statements'] / n:.1f} by triggers, "
        f"{total_sql['other_begins'] / n:.1f} other BEGINs)"
    )
    for p in PHASES:
        s = t["sql"][p]
        print(
            f"    {p:7s}: {s['write_transactions'] / n:.2f} write transactions, {s['statements'] / n:.1f} statements"
            " per event"
        )
    claims = total_sql["timer_claims"]
    print(
        f"  timers: {t['timers_fired']} fired, {claims} claim statements "
        f"({claims / t['timers_fired'] if t['timers_fired'] else float('nan'):.2f} per fired timer)"
    )
    calls = r["calls"]
    kinds = ("group", "worker private", "resident private", "committee", "callback answers")
    print(
        "  Bot API calls per lifecycle: "
        + ", ".join(f"{k} {calls[k] / n:.2f}" for k in kinds)
        + (f", failed {calls['failed calls'] / n:.2f}" if calls["failed calls"] else "")
    )
    detail = sorted((k, v) for k, v in calls.items() if ": " in k)
    print("    " + "; ".join(f"{k} {v / n:.2f}" for k, v in detail))


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,400,1000")
    ap.add_argument("--groups", type=int, default=4)
    ap.add_argument("--started", action="store_true", help="residents have started the bot (surveys in private)")
    args = ap.parse_args()
    require_proc(BENCH)
    require_file(BENCH, ROOT / "bench" / "linli_traced.py", "the traced bot")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(machine())
    print(
        f"residents {'have' if args.started else 'have not'} started the bot; {args.groups} groups, a worker each; "
        "rate limiter off; SURVEY_DELAY_S=0"
    )
    for n in sizes:
        plain = await run_size(n, args.groups, args.started, traced=False)
        report(plain, await run_size(n, args.groups, args.started, traced=True))


if __name__ == "__main__":
    asyncio.run(main())
