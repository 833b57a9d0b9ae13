"""What the benchmarks share: the machine line, CPU and memory of a process from /proc, loud failures,
the bot processes and their environment, and the counts the traced bot (bench/linli_traced.py) writes."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:BENCH-token-abcdefghijklmnop"
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def fail(bench: str, sentence: str) -> NoReturn:
    """Stop the benchmark with one sentence and a non-zero exit code (never a silent fallback)."""
    print(f"{bench}: {sentence}", file=sys.stderr)
    sys.exit(2)


def require_proc(bench: str) -> None:
    """CPU and memory figures come from /proc: without it there is nothing honest to print."""
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        fail(bench, "/proc is not available, so the bot process's CPU time cannot be measured (Linux only).")


def require_file(bench: str, path: Path, what: str) -> Path:
    """An input the benchmark needs; missing: fail loudly."""
    if not path.is_file():
        fail(bench, f"{what} {path} is missing.")
    return path


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    """One line naming the machine the figures come from."""
    model = ""
    try:
        model = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} cores ({model or platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, load average {load:.1f} at start, "
        f"reference loop {reference_loop_s():.2f} s CPU"
    )


def reference_loop_s() -> float:
    """CPU seconds of a fixed pure-Python loop (2,000,000 additions): how fast this shared machine runs right
    now. Its speed moves by half from hour to hour; CPU figures are comparable only beside this number."""
    start = time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i
    return time.process_time() - start


class Process:
    """A bot as its own process; its stderr is kept in a file, so a failure can be told in one sentence."""

    def __init__(self, bench: str, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.bench = bench
        self.log = log
        self._log_file = log.open("wb")
        self.started = time.time()
        self.proc = subprocess.Popen(
            args,
            cwd=cwd,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
        )

    @property
    def pid(self) -> int:
        """The bot's process id (under BENCH_PROFILE, py-spy's child: CPU, memory and signals are the bot's)."""
        if not os.environ.get("BENCH_PROFILE"):
            return self.proc.pid
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        for _ in range(100):
            found = children.read_text().split() if children.exists() else []
            if found:
                return int(found[0])
            time.sleep(0.05)
        fail(self.bench, "py-spy started no bot process.")

    def check(self, what: str) -> None:
        """Fail loudly when the process has ended on its own."""
        code = self.proc.poll()
        if code is not None:
            self._log_file.flush()
            lines = [ln for ln in self.log.read_text(errors="replace").splitlines() if ln.strip()]
            fail(self.bench, f"{what} exited with code {code} ({lines[-1].strip() if lines else 'no output'}).")

    async def wait(self, fake, predicate, what: str, timeout: float) -> None:  # noqa: ANN001
        """Wait for a condition on the fake server, failing loudly if the process dies or time runs out."""
        deadline = time.time() + timeout
        while not predicate():
            self.check(what)
            if time.time() > deadline:
                fail(self.bench, f"{what} did not finish within {timeout:.0f} s.")
            try:
                await fake.wait_for(predicate, timeout=0.5)
            except TimeoutError:
                pass

    async def stop(self) -> None:
        """SIGINT when profiled (py-spy writes its file), SIGTERM otherwise; kill after 10 s."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT if os.environ.get("BENCH_PROFILE") else signal.SIGTERM)
            for _ in range(100):
                if self.proc.poll() is not None:
                    break
                await asyncio.sleep(0.1)
            else:
                self.proc.kill()
        self._log_file.close()


def bot_env(base_url: str, folder: Path, db: Path | None = None, **settings: str) -> dict[str, str]:
    """The environment of a bot run against the fake server at base_url: community.toml (and bench.db, unless
    db is given) in folder, Telegram's rate limiter off, warnings only; settings add or override."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "RATE_LIMITER": "false",
        "DATABASE_PATH": str(db or folder / "bench.db"),
        "COMMUNITY_FILE": str(folder / "community.toml"),
        "LOG_LEVEL": "WARNING",
        **settings,
    }


def profiled(bench: str, cmd: list[str]) -> list[str]:
    """BENCH_PROFILE=/tmp/x.txt records the bot with py-spy (raw collapsed stacks); py-spy must be installed."""
    out = os.environ.get("BENCH_PROFILE")
    if not out:
        return cmd
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        fail(bench, f"BENCH_PROFILE is set but py-spy is not installed beside {sys.executable} (pip install py-spy).")
    return [str(spy), "record", "--format", "raw", "-r", "200", "--subprocesses", "-o", out, "--", *cmd]


async def sql_counts(proc: Process, counts_file: Path) -> dict[str, int]:
    """Ask the traced bot (bench/linli_traced.py) for its SQL counts so far (SIGUSR1, then read its file)."""
    counts_file.unlink(missing_ok=True)
    os.kill(proc.pid, signal.SIGUSR1)
    for _ in range(200):
        if counts_file.exists():
            try:
                return json.loads(counts_file.read_text())
            except ValueError:
                pass  # being written
        proc.check("the traced bot")
        await asyncio.sleep(0.025)
    fail(proc.bench, f"the traced bot did not write its SQL counts to {counts_file}.")


def pct(values: list[float], p: float) -> float:
    """The p-quantile of sorted values (nan when empty)."""
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


def span(values: list[float], fmt: str = "{:.0f}") -> str:
    """min–max (median) of values."""
    if not values:
        return "n/a"
    s = sorted(values)
    return f"{fmt.format(s[0])}–{fmt.format(s[-1])} (median {fmt.format(s[len(s) // 2])})"
