"""Fault runs against `linli run` as a real process and the fake Bot API over real HTTP.

Over 300 lines: the process, the fault schedule and the checks of one fault run belong together.

Shared by the short runs in tests/test_fault_suite.py and the full ones in bench/fault_suite.py: the
same code, only the sizes differ. Each run returns its figures as a dict; the callers assert or print.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import COMMUNITY_TOML, populate
from ids import COMMITTEE, GROUP_A, GROUP_B, LI, WANG, ZHAO

from bot.core.callbacks import Action, decode
from bot.fakeapi import FakeTelegram
from bot.fakeapi.server import Call

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_faults"
PROBLEMS = ["楼道灯坏了", "电梯坏了", "下水道堵了", "门禁坏了刷不开", "垃圾桶满了没人清", "墙皮脱落了"]
OUTGOING = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"})
GROUPS = (GROUP_A, GROUP_B)
WORKERS = {GROUP_A: WANG, GROUP_B: ZHAO}  # the primary on duty in each group's grid (harness.COMMUNITY_TOML)
REPORTS_PER_RESIDENT = 3  # under the flood limit (5 in 10 minutes), so every report counts


class BotProcess:
    """`linli run` as a child process; its stderr is kept (lines) for the log checks."""

    def __init__(self, fake: FakeTelegram, folder: Path, community: str = COMMUNITY_TOML, **env: str) -> None:
        self.folder = folder
        self.db = folder / "linli.db"
        (folder / "community.toml").write_text(community, encoding="utf-8")
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_", "LOG_"))}
        self.env = {
            **base,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "DATABASE_PATH": str(self.db),
            "COMMUNITY_FILE": str(folder / "community.toml"),
            "RATE_LIMITER": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "MERGE_WINDOW_S": "0",  # one event per report: same-problem merging off
            # each event's card at once, its Accept pressed as it comes: none held for a list of new events
            "FIRST_DM_CARDS": "0",
            "DIGEST_ENABLED": "false",  # no weekly-digest catch-up at each start
            **env,
        }
        self.proc: subprocess.Popen | None = None
        self.stderr: list[str] = []
        self.starts = 0
        self._readers: list[threading.Thread] = []

    def start(self) -> BotProcess:
        """Start a new process over the same database (the previous one must be gone)."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A pipe, not a file: a file-size limit on the bot (the "disk full" run) must not hit its log.
        reader = threading.Thread(target=self._read, args=(self.proc,), daemon=True)
        reader.start()
        self._readers.append(reader)
        self.starts += 1
        return self

    def _read(self, proc: subprocess.Popen) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            self.stderr.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    async def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM and wait (SIGKILL after timeout); returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        return await self.wait(timeout)

    async def wait(self, timeout: float) -> int | None:
        """Wait for the process to end by itself; SIGKILL after timeout."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for reader in self._readers:
            reader.join(timeout=5)
        return self.proc.returncode

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Read the bot's database from this process (WAL: never blocks the bot)."""
        with sqlite3.connect(self.db, timeout=30) as c:
            return c.execute(sql, args).fetchall()

    def scalar(self, sql: str, args: tuple = ()) -> int:
        return self.query(sql, args)[0][0]


@dataclass
class Report:
    """A resident's report as the fake sent it."""

    index: int
    chat_id: int
    message_id: int
    user_id: int


def setup_fake(fake: FakeTelegram) -> None:
    """The test community's chats and people; every worker has started the bot."""
    populate(fake)
    for worker in (WANG, LI, ZHAO):
        fake.user_starts_bot(worker)


def send_report(fake: FakeTelegram, i: int) -> Report:
    """Report i: resident i // 3, a building of its own (never merged), in group A or B."""
    user = 100_000 + i // REPORTS_PER_RESIDENT
    fake.user(user, f"居民{i // REPORTS_PER_RESIDENT}")
    chat = GROUPS[i % 2]
    msg = fake.send_message(chat, user, f"{100 + i}号楼{i % 4 + 1}单元{PROBLEMS[i % len(PROBLEMS)]}")
    return Report(i, chat, msg["message_id"], user)


def accept_button(call: Call) -> int | None:
    """The event id of the Accept button on a worker's DM, if this call sent one."""
    markup = call.params.get("reply_markup")
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            cb = decode(str(button.get("callback_data", "")))  # as sent: with the database's tag
            if cb is not None and cb.action is Action.ACCEPT:
                return cb.id
    return None


def deliveries(fake: FakeTelegram, reports: list[Report]) -> dict[str, dict[int, list[float]]]:
    """When each report's acknowledgement, and each event's worker DM, reached Telegram (every time)."""
    by_message = {(r.chat_id, r.message_id): r.index for r in reports}
    acks: dict[int, list[float]] = {}
    dms: dict[int, list[float]] = {}
    for call in fake.calls:
        if call.method != "sendMessage" or not call.ok:
            continue
        chat = call.params.get("chat_id")
        reply = (call.params.get("reply_parameters") or {}).get("message_id")
        if chat in GROUPS and (chat, reply) in by_message and "#" in call.params.get("text", ""):
            acks.setdefault(by_message[(chat, reply)], []).append(call.time)
        elif chat in WORKERS.values() and (event := accept_button(call)) is not None:
            dms.setdefault(event, []).append(call.time)
    return {"acks": acks, "dms": dms}


def duplicates_per_kill(sends: dict[int, list[float]], kill_times: list[float]) -> list[int]:
    """How many messages each kill made Telegram receive again, each message once per kill.

    A repeat is charged to the kill that lost the previous send's "sent" mark: the first kill after that
    send. (Charging it to the last kill before the repeat would also charge a kill with what the kill before
    it lost and the process in between was killed before sending again.)
    """
    per_kill: list[set[int]] = [set() for _ in kill_times]
    for key, times in sends.items():
        ordered = sorted(times)
        for previous, again in zip(ordered, ordered[1:], strict=False):
            lost = [i for i, k in enumerate(kill_times) if previous <= k <= again]
            if lost:
                per_kill[lost[0]].add(key)
    return [len(keys) for keys in per_kill]


@dataclass
class KillPlan:
    """One kill: when the bot's progress (outgoing calls) reaches `at`, after the next served batch
    of updates if `after_batch`, then `delay` seconds later."""

    at: int
    after_batch: bool
    delay: float
    done: str = ""
    when: float = 0.0  # time.time() of the kill


def kill_plan(rng: random.Random, kills: int, expected_calls: int) -> list[KillPlan]:
    """Kill moments spread over the whole burst by a seeded RNG: one in each of `kills` equal stretches of
    the bot's progress; every other one right after a getUpdates answer that carried updates (at once,
    or up to 300 ms later), the others up to 500 ms after the point is reached."""
    plans = []
    for k in range(kills):
        stretch = (0.95 - 0.01) / kills
        at = int((0.01 + stretch * (k + rng.random())) * expected_calls)
        after_batch = k % 2 == 0
        if after_batch:
            delay = 0.0 if rng.random() < 1 / 3 else rng.uniform(0.0, 0.3)
        else:
            delay = rng.uniform(0.0, 0.5)
        plans.append(KillPlan(at, after_batch, delay))
    return plans


@dataclass
class Progress:
    """What the fake server saw, counted as it happens (listener on every answered call)."""

    outgoing: int = 0
    batches: int = 0
    batch_served: asyncio.Event = field(default_factory=asyncio.Event)
    dm_seen: dict[int, tuple[int, int]] = field(default_factory=dict)  # event -> (worker, message id)

    def on_call(self, call: Call) -> None:
        if call.ok and call.method in OUTGOING:
            self.outgoing += 1
        if call.method == "getUpdates" and call.ok and call.result:
            self.batches += 1
            self.batch_served.set()
        if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in WORKERS.values():
            event = accept_button(call)
            if event is not None and event not in self.dm_seen and isinstance(call.result, dict):
                self.dm_seen[event] = (call.params["chat_id"], call.result["message_id"])


async def sigkill_run(
    folder: Path,
    reports: int = 300,
    presses: int = 100,
    kills: int = 20,
    seed: int = 20,
    say: Callable[[str], None] = lambda _: None,
    timeout: float = 600,
) -> dict:
    """A burst of reports and Accept presses while `linli run` is SIGKILLed `kills` times and restarted.

    Reports go in waves of 10 while the bot keeps up; a worker presses Accept on `presses` events
    (picked by the seeded RNG) as soon as their DM arrives. Returns the figures (see the keys).
    """
    # The fake's server logs "Error handling request" whenever the killed bot leaves a request half-sent.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    rng = random.Random(seed)
    to_press = set(rng.sample(range(1, reports + 1), presses))
    plans = kill_plan(rng, kills, expected_calls=2 * reports + 3 * presses)
    async with FakeTelegram(token=TOKEN) as fake:
        setup_fake(fake)
        progress = Progress()
        pressed: dict[int, int] = {}  # event -> worker who pressed

        def on_call(call: Call) -> None:
            progress.on_call(call)
            for event, (worker, message_id) in list(progress.dm_seen.items()):
                if event in to_press and event not in pressed:
                    pressed[event] = worker
                    fake.press_button(worker, worker, message_id, f"v1:acc:{event}")

        fake.listeners.append(on_call)
        bot = BotProcess(fake, folder).start()
        sent: list[Report] = []
        started = time.monotonic()

        async def feed() -> None:
            while len(sent) < reports:
                if fake.updates_pending() < 40:
                    for _ in range(min(10, reports - len(sent))):
                        sent.append(send_report(fake, len(sent)))
                await asyncio.sleep(0.05)

        feeder = asyncio.create_task(feed())
        try:
            for n, plan in enumerate(plans, 1):
                await fake.wait_for(lambda plan=plan: progress.outgoing >= plan.at, timeout=timeout)
                how = "at any moment"
                if plan.after_batch:
                    progress.batch_served.clear()
                    try:
                        await asyncio.wait_for(progress.batch_served.wait(), timeout=10)  # a restart takes ~3 s
                        how = "after a getUpdates batch"
                    except TimeoutError:
                        how = "at any moment (no batch came)"
                await asyncio.sleep(plan.delay)
                bot.kill()
                plan.when = time.time()
                plan.done = f"{how} +{plan.delay * 1000:.0f} ms, after {progress.outgoing} outgoing calls"
                say(f"kill {n}/{len(plans)}: {plan.done}")
                bot.start()
            await feeder

            def finished() -> bool:
                if len(pressed) < presses or len(sent) < reports:
                    return False
                return (
                    bot.query(
                        "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM outbox WHERE status = 'pending'),"
                        " (SELECT COUNT(*) FROM inbox WHERE status = 'pending'),"
                        " (SELECT COUNT(*) FROM events WHERE status = 'accepted')"
                    )[0]
                    == (reports, 0, 0, presses)
                    and fake.updates_pending() == 0
                )

            await fake.wait_for(finished, timeout=timeout)
            elapsed = time.monotonic() - started
        finally:
            feeder.cancel()
            code = await bot.stop()
        rows = bot.query("SELECT id, chat_id, message_id, status, assignee_id FROM events")
        accepted_logs = Counter(r[0] for r in bot.query("SELECT event_id FROM event_log WHERE action = 'accepted'"))
        inbox_status = dict(bot.query("SELECT status, COUNT(*) FROM inbox GROUP BY status"))
        outbox_status = dict(bot.query("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        got = deliveries(fake, sent)
        by_id = {r[0]: r for r in rows}
        applied = [
            e
            for e, worker in pressed.items()
            if by_id.get(e, (0, 0, 0, "", None))[3] == "accepted" and by_id[e][4] == worker and accepted_logs[e] == 1
        ]
        reported = {(r.chat_id, r.message_id) for r in sent}
        acked_texts = _accepted_acks(fake, pressed, by_id)
        kill_times = [p.when for p in plans if p.done]
        dup = [
            a + b
            for a, b in zip(
                duplicates_per_kill(got["acks"], kill_times), duplicates_per_kill(got["dms"], kill_times), strict=True
            )
        ]
        return {
            "reports": len(sent),
            "events": len(rows),
            "duplicate_events": len(rows) - len({(r[1], r[2]) for r in rows}),
            "reports_without_event": len(reported - {(r[1], r[2]) for r in rows}),
            "presses": len(pressed),
            "presses_applied": len(applied),
            "kills": sum(1 for p in plans if p.done),
            "kill_moments": [p.done for p in plans],
            "kills_after_batch": sum(1 for p in plans if p.done.startswith("after a getUpdates")),
            "acks_missing": reports - len(got["acks"]),
            "dms_missing": reports - len(got["dms"]),
            "duplicate_acks": sum(len(t) - 1 for t in got["acks"].values()),
            "duplicate_dms": sum(len(t) - 1 for t in got["dms"].values()),
            "duplicates_per_kill": dup,
            "accepted_acks_shown": acked_texts,
            "inbox": inbox_status,
            "outbox": outbox_status,
            "exit_code": code,
            "elapsed_s": elapsed,
            "bot_log_errors": [line for line in bot.stderr if " ERROR " in line or "Traceback" in line],
        }


def _accepted_acks(fake: FakeTelegram, pressed: dict[int, int], by_id: dict[int, tuple]) -> int:
    """How many pressed events' group acknowledgements now say the worker took it (edit delivered)."""
    names = {WANG: "王师傅", ZHAO: "赵师傅"}
    shown = 0
    for event, worker in pressed.items():
        row = by_id.get(event)
        if row is None:
            continue
        for msg in fake.messages(row[1]):
            if (
                (msg.get("reply_to_message") or {}).get("message_id") == row[2]
                and f"#{event}" in msg["text"]
                and names[worker] in msg["text"]
                and "接单" in msg["text"]
            ):
                shown += 1
                break
    return shown


__all__ = ["COMMITTEE", "BotProcess", "sigkill_run"]


LOCK_HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
sys.stdin.readline()
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
"""


class DatabaseFault:
    """Another process holds the write lock (`locked`), or the bot's files cannot grow (`full`)."""

    def __init__(self, kind: str, bot: BotProcess, seconds: float) -> None:
        if kind not in ("locked", "full"):
            raise ValueError(kind)
        self.kind, self.bot, self.seconds = kind, bot, seconds
        self.holder: subprocess.Popen | None = None

    def prepare(self) -> None:
        """Ready to strike at once: the lock holder is started and waits for a line on its stdin."""
        if self.kind == "locked":
            self.holder = subprocess.Popen(
                [sys.executable, "-c", LOCK_HOLDER, str(self.bot.db), str(self.seconds)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )

    async def begin(self) -> None:
        """The fault starts now."""
        if self.holder is not None:
            # BEGIN EXCLUSIVE in a process of its own, held for `seconds` (it commits and exits by itself).
            assert self.holder.stdin is not None and self.holder.stdout is not None
            self.holder.stdin.write("go\n")
            self.holder.stdin.flush()
            line = await asyncio.to_thread(self.holder.stdout.readline)
            assert line.strip() == "locked", line
        else:
            # A full disk: no regular file of the bot's may grow by a byte (RLIMIT_FSIZE 0; Python ignores
            # SIGXFSZ, so writes fail with EFBIG and SQLite answers "disk I/O error"). Its log is a pipe.
            import resource

            resource.prlimit(self.bot.pid, resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))

    async def end(self) -> None:
        """The fault is over (the lock holder commits by itself after `seconds`)."""
        if self.holder is not None:
            while self.holder.poll() is None:
                await asyncio.sleep(0.05)
        else:
            import resource

            resource.prlimit(self.bot.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


async def database_fault_run(
    folder: Path,
    kind: str,
    seconds: float,
    reports: int = 40,
    busy_timeout_ms: int = 5000,
    say: Callable[[str], None] = lambda _: None,
    timeout: float = 300,
) -> dict:
    """`linli run` takes a burst of reports while its database is locked by another process (or its disk
    is full) for `seconds`; the fault ends by itself and everything is handled afterwards.

    Half the reports come first, and the fault strikes as soon as the first acknowledgement reaches
    Telegram (so some are handled, some stored and not yet handled); the rest arrive in three waves
    during the fault.
    """
    async with FakeTelegram(token=TOKEN) as fake:
        setup_fake(fake)
        acked = asyncio.Event()  # the first acknowledgement reached Telegram
        fake.listeners.append(
            lambda call: (
                acked.set()
                if call.method == "sendMessage" and call.ok and call.params.get("chat_id") in GROUPS
                else None
            )
        )
        bot = BotProcess(fake, folder, DATABASE_BUSY_TIMEOUT_MS=str(busy_timeout_ms)).start()
        try:
            await fake.wait_for_call("deleteWebhook", timeout=60)  # polling is about to start
            fault = DatabaseFault(kind, bot, seconds)
            fault.prepare()
            sent: list[Report] = []
            for _ in range(reports // 2):
                sent.append(send_report(fake, len(sent)))
            await asyncio.wait_for(acked.wait(), timeout=60)
            began = time.monotonic()
            await fault.begin()
            before = bot.scalar("SELECT COUNT(*) FROM events")
            say(f"{kind}: fault on for {seconds:g} s")
            for wave in range(3):
                for _ in range((reports - reports // 2) // 3 + (wave < (reports - reports // 2) % 3)):
                    sent.append(send_report(fake, len(sent)))
                await asyncio.sleep(seconds / 6)
            # the fault lasts its time (the lock holder commits after `seconds` by itself)
            await asyncio.sleep(max(0.0, seconds - (time.monotonic() - began)))
            during = bot.scalar("SELECT COUNT(*) FROM events") - before
            await fault.end()
            ended = time.monotonic()
            say(
                f"{kind}: fault over after {ended - began:.1f} s; {before} reports handled before it, "
                f"{during} during it, {len(sent)} sent"
            )

            def finished() -> bool:
                got = deliveries(fake, sent)
                return (
                    len(got["acks"]) == len(sent)
                    and len(got["dms"]) == len(sent)
                    and bot.query(
                        "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM outbox WHERE status = 'pending'),"
                        " (SELECT COUNT(*) FROM inbox WHERE status = 'pending')"
                    )[0]
                    == (len(sent), 0, 0)
                )

            await fake.wait_for(finished, timeout=timeout)
            recovered = time.monotonic() - ended
        finally:
            code = await bot.stop()
        rows = bot.query("SELECT chat_id, message_id FROM events")
        got = deliveries(fake, sent)
        attempts = bot.scalar("SELECT COALESCE(MAX(attempts), 0) FROM inbox")
        retried = bot.scalar("SELECT COUNT(*) FROM inbox WHERE attempts > 0")
        return {
            "fault": kind,
            "seconds": seconds,
            "busy_timeout_ms": busy_timeout_ms,
            "reports": len(sent),
            "handled_before_fault": before,
            "handled_during_fault": during,
            "events": len(rows),
            "reports_lost": len({(r.chat_id, r.message_id) for r in sent} - set(rows)),
            "duplicate_events": len(rows) - len(set(rows)),
            "acks_missing": len(sent) - len(got["acks"]),
            "dms_missing": len(sent) - len(got["dms"]),
            "inbox": dict(bot.query("SELECT status, COUNT(*) FROM inbox GROUP BY status")),
            "updates_retried": retried,
            "max_inbox_attempts": attempts,
            "recovered_in_s": recovered,
            "exit_code": code,
            "log_warnings": sum(" WARNING " in line for line in bot.stderr),
            "log_tracebacks": sum("Traceback" in line for line in bot.stderr),
            "log_sample": [line for line in bot.stderr if " WARNING " in line or " ERROR " in line][:8],
        }


REVOKED = "999999:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"  # the token Telegram knows after a /revoke in BotFather
WORDS = ("3号楼2单元楼道灯坏了，孩子差点摔倒", "4号楼电梯坏了，老人下不了楼")


async def log_run(folder: Path, message_texts: bool, rejected_at_start: bool = False) -> dict:
    """`linli run` at LOG_LEVEL=DEBUG through a short loop and its failures, its stderr kept whole.

    A report, the worker's DM and Accept; Telegram unreachable for 1.5 s; a 502 on a send; then the
    token is revoked while the bot runs (every call answered 401), and the bot must stop by itself.
    With `rejected_at_start`, the token is wrong from the start instead.
    """
    async with FakeTelegram(token=TOKEN) as fake:
        setup_fake(fake)
        env = {"LOG_LEVEL": "DEBUG", "LOG_MESSAGE_TEXTS": str(message_texts).lower()}
        if rejected_at_start:
            env["TELEGRAM_BOT_TOKEN"] = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_wrong"
        bot = BotProcess(fake, folder, **env).start()
        if rejected_at_start:
            return {"exit_code": await bot.wait(60), "lines": bot.stderr, "token": env["TELEGRAM_BOT_TOKEN"]}
        try:
            await fake.wait_for_call("deleteWebhook", timeout=60)
            fake.send_message(GROUP_A, 5001, WORDS[0])
            dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"), timeout=60)
            fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1")
            await fake.wait_for(lambda: fake.find_message(GROUP_A, "接单"), timeout=60)
            await fake.refuse_connections(1.5)  # a network error
            back = time.time() + 1.5
            await fake.wait_for(
                lambda: any(c.method == "getUpdates" and c.time > back for c in fake.in_flight), timeout=60
            )  # polling again
            fake.fail_next("sendMessage", 502)  # a bad gateway on a send
            fake.send_message(GROUP_A, 5001, WORDS[1])
            await fake.wait_for(lambda: fake.find_message(GROUP_A, "#2"), timeout=60)
            fake.token = REVOKED  # revoked while running: every call is answered 401 from now on
            fake.send_message(GROUP_A, 5001, "谢谢")  # ends the long poll in flight; the next one is refused
            code = await bot.wait(60)
        finally:
            await bot.stop()
        return {"exit_code": code, "lines": bot.stderr, "token": TOKEN}


def percentile(values: list[float], p: float) -> float:
    """The p-th quantile (0..1) of the values, nearest rank; NaN when empty."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


async def chat_fault_run(
    folder: Path, kind: str, seconds: float = 60, backlog: int = 30, say: Callable[[str], None] = lambda _: None
) -> dict:
    """Group A is throttled (every call answered 429 retry_after=`seconds`, for `seconds`) or its
    sendMessage hangs (the answer held `seconds`), with `backlog` acknowledgements queued for it; then a
    report in group B. Returns B's latency and how group A fared."""
    async with FakeTelegram(token=TOKEN, timeout_delay=seconds, max_delay=max(30.0, seconds)) as fake:
        setup_fake(fake)
        bot = BotProcess(fake, folder).start()
        try:
            await fake.wait_for_call("deleteWebhook", timeout=60)
            began = time.time()
            if kind == "throttle":
                fake.fail_next(None, 429, retry_after=int(seconds), times=10**6, chat_id=GROUP_A)
            else:
                fake.fail_next("sendMessage", "timeout", chat_id=GROUP_A)
            backlog_reports = []
            for i in range(backlog):
                fake.user(600_000 + i // 3, f"居民{i}")
                backlog_reports.append(
                    fake.send_message(GROUP_A, 600_000 + i // 3, f"{101 + i}号楼{i % 4 + 1}单元楼道灯坏了")
                )
            await fake.wait_for(
                lambda: any(c.params.get("chat_id") == GROUP_A for c in fake.calls + fake.in_flight), timeout=60
            )
            sent_b = time.time()
            report = fake.send_message(GROUP_B, 600_100, "7号楼2单元电梯坏了")

            def b_done() -> float | None:
                ack = dm = None
                for call in fake.calls_to("sendMessage", ok=True):
                    if (
                        call.params.get("chat_id") == GROUP_B
                        and (call.params.get("reply_parameters") or {}).get("message_id") == report["message_id"]
                    ):
                        ack = call.done_at
                    elif call.params.get("chat_id") == ZHAO:
                        dm = call.done_at
                return max(ack, dm) if ack and dm else None

            b_at = await fake.wait_for(b_done, timeout=60)
            a_calls_meanwhile = sum(1 for c in fake.calls if c.params.get("chat_id") == GROUP_A and c.done_at <= b_at)
            say(f"{kind}: group B answered {1000 * (b_at - sent_b):.0f} ms after its report, group A still waiting")
            if kind == "throttle":
                await asyncio.sleep(max(0.0, began + seconds - time.time()))
                fake.clear_faults()  # the minute is over

            def a_done() -> bool:
                got = deliveries(fake, [Report(i, GROUP_A, m["message_id"], 0) for i, m in enumerate(backlog_reports)])
                return len(got["acks"]) == backlog

            await fake.wait_for(a_done, timeout=seconds + 120)
            a_at = time.time()
            order = [
                int(re.search(r"#(\d+)", c.params["text"]).group(1))
                for c in fake.calls_to("sendMessage", ok=True)
                if c.params.get("chat_id") == GROUP_A and "#" in c.params.get("text", "")
            ]
        finally:
            code = await bot.stop()
        return {
            "fault": kind,
            "seconds": seconds,
            "backlog": backlog,
            "b_latency_s": b_at - sent_b,
            "a_calls_before_b_answered": a_calls_meanwhile,
            "a_backlog_done_after_s": a_at - began,
            "a_in_order": order == sorted(order),
            "a_throttled_calls": sum(1 for c in fake.calls if c.params.get("chat_id") == GROUP_A and c.status == 429),
            "exit_code": code,
        }


def many_groups_toml(groups: list[int], committee: int) -> str:
    """A community of one grid per group, each with its own worker on duty all day (worker = 2001 + i)."""
    grids = "\n".join(
        f'[[grids]]\nid = "G{i}"\nname = "网格{i}"\nbuildings = []\nchats = [{g}]\n'
        f'[[workers]]\ntelegram_id = {2001 + i}\nname = "网格员{i}"\n'
        f'[[shifts]]\nworker = {2001 + i}\ngrid = "G{i}"\nstart = "00:00"\nend = "24:00"\n'
        for i, g in enumerate(groups)
    )
    return (
        f'[community]\nname = "基准社区"\ntimezone = "Asia/Shanghai"\ncommittee_chat_id = {committee}\n'
        f"admins = [1001]\n{grids}"
    )


async def latency_run(
    folder: Path,
    rate_limiter: bool,
    reports: int = 100,
    per_second: float = 2.0,
    groups: int = 10,
    say: Callable[[str], None] = lambda _: None,
) -> dict:
    """Reports at a steady pace (each group under Telegram's 20 messages a minute) with PTB's rate limiter
    on or off: the time from each report to its acknowledgement and to its worker's DM."""
    group_ids = [-1002_000_000_000 - i for i in range(groups)]
    committee = -1002_999_999_999
    async with FakeTelegram(token=TOKEN) as fake:
        fake.group(committee, "居委会")
        for i, g in enumerate(group_ids):
            fake.group(g, f"群{i}")
            fake.user(2001 + i, f"网格员{i}")
            fake.user_starts_bot(2001 + i)
        bot = BotProcess(
            fake, folder, community=many_groups_toml(group_ids, committee), RATE_LIMITER=str(rate_limiter).lower()
        ).start()
        sent: dict[tuple[int, int], tuple[float, int]] = {}  # (chat, message) -> (when, worker)
        try:
            await fake.wait_for_call("deleteWebhook", timeout=60)
            # The first report after a start loads the parser's model and word lists: timed apart.
            fake.user(699_999, "居民")
            cold_at = time.time()
            fake.send_message(group_ids[0], 699_999, "99号楼1单元楼道灯坏了")
            cold = await fake.wait_for(
                lambda: next(
                    (c.done_at for c in fake.calls_to("sendMessage", ok=True) if c.params.get("chat_id") == 2001), None
                ),
                timeout=60,
            )
            await asyncio.sleep(0.5)
            started = time.time()
            for i in range(reports):
                await asyncio.sleep(max(0.0, started + i / per_second - time.time()))
                fake.user(700_000 + i, f"居民{i}")
                chat = group_ids[i % groups]
                msg = fake.send_message(chat, 700_000 + i, f"{i + 1}号楼{i % 4 + 1}单元{PROBLEMS[i % len(PROBLEMS)]}")
                sent[(chat, msg["message_id"])] = (time.time(), 2001 + i % groups)

            def all_done() -> bool:
                return (
                    sum(
                        1
                        for c in fake.calls_to("sendMessage", ok=True)
                        if 2001 <= int(c.params.get("chat_id", 0)) < 2001 + groups
                    )
                    >= reports + 1
                )

            await fake.wait_for(all_done, timeout=300)
            await asyncio.sleep(1)
        finally:
            await bot.stop()
        events = {r[0]: (r[1], r[2]) for r in bot.query("SELECT id, chat_id, message_id FROM events")}
        to_ack, to_dm = [], []
        for call in fake.calls_to("sendMessage", ok=True):
            chat = call.params.get("chat_id")
            reply = (call.params.get("reply_parameters") or {}).get("message_id")
            if (chat, reply) in sent:
                to_ack.append(call.done_at - sent[(chat, reply)][0])
            elif (
                (m := re.search(r"#(\d+)", call.params.get("text", "")))
                and chat > 0
                and events.get(int(m.group(1))) in sent
                and accept_button(call) is not None
            ):
                to_dm.append(call.done_at - sent[events[int(m.group(1))]][0])
        figures = {
            "rate_limiter": rate_limiter,
            "reports": reports,
            "per_second": per_second,
            "groups": groups,
            "first_dm_after_start_ms": 1000 * (cold - cold_at),
            "acks": len(to_ack),
            "dms": len(to_dm),
            "ack_p50_ms": 1000 * percentile(to_ack, 0.5),
            "ack_p99_ms": 1000 * percentile(to_ack, 0.99),
            "dm_p50_ms": 1000 * percentile(to_dm, 0.5),
            "dm_p99_ms": 1000 * percentile(to_dm, 0.99),
            "ack_ms": [round(1000 * x) for x in to_ack],
            "dm_ms": [round(1000 * x) for x in to_dm],
        }
        say(
            f"latency, rate limiter {'on' if rate_limiter else 'off'}: acknowledgements in report order (ms): "
            f"{figures['ack_ms']}"
        )
        return figures
