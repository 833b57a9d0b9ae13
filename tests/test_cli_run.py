"""`linli run` refuses bad set-ups with one clear sentence, no traceback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from harness import COMMUNITY_TOML, MakeFake

from bot.fakeapi import FakeTelegram

GOOD_TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
# s: how long a `linli run` may take to get where a test waits for it (its answer, its exit). Only a hang guard: the
# start-up alone (Python and its imports) took 26 s on a loaded machine, and a 30 s limit failed tests that were right.
STARTS_S = 180


def run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=base,
        capture_output=True,
        text=True,
        timeout=STARTS_S,
    )


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "123456789:replace-with-your-token-from-botfather"}, "placeholder"),
        ({"TELEGRAM_BOT_TOKEN": GOOD_TOKEN, "COMMUNITY_FILE": "missing.toml"}, "missing.toml"),
        ({"TELEGRAM_BOT_TOKEN": GOOD_TOKEN, "TIMEZONE": "Nowhere/City"}, "TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": GOOD_TOKEN, "COMMUNITY_FILE": "bad.toml"}, "bad.toml line"),
    ],
)
def test_bad_setup_is_one_sentence(tmp_path: Path, env: dict[str, str], needle: str) -> None:
    (tmp_path / "bad.toml").write_text(COMMUNITY_TOML.replace("[[grids]]", "[[grids]\n", 1), encoding="utf-8")
    env = {**env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = run(tmp_path, **env)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert GOOD_TOKEN not in out.stderr


@pytest.fixture
async def real_token_tg(make_fake: MakeFake) -> FakeTelegram:
    """The fake Bot API with a token shaped like BotFather's (the run command checks the shape)."""
    return await make_fake(token=GOOD_TOKEN)


def bot_folder(fake: FakeTelegram, tmp_path: Path) -> dict[str, str]:
    """The test community's file in tmp_path; the environment `linli run` needs there to use the fake."""
    (tmp_path / "community.toml").write_text(COMMUNITY_TOML, encoding="utf-8")
    return {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": f"{fake.url}/bot", "DATABASE_PATH": "linli.db"}


async def run_async(tmp_path: Path, *args: str, timeout: float = STARTS_S, **env: str) -> tuple[int, str]:
    """`linli run` as a real process while this test's event loop keeps the fake Bot API serving."""
    import asyncio

    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    base.update(env, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        *args,
        cwd=tmp_path,
        env=base,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        raise AssertionError("linli run did not exit") from None
    return proc.returncode or 0, err.decode()


def one_sentence(code: int, err: str, needle: str, token: str, expected: int = 2) -> None:
    assert code == expected, err
    assert needle in err, err
    assert "Traceback" not in err and token not in err
    assert len([line for line in err.strip().splitlines() if line.startswith("linli:")]) == 1


@pytest.mark.parametrize(
    ("case", "needle"),
    [
        ("not_a_database", "is not a usable Linli database"),
        ("corrupt_database", "is not a usable Linli database"),
        ("folder_is_a_file", "cannot start"),
        ("unreachable_api", "cannot reach the Telegram Bot API"),
        ("locked_database", "is busy or its disk is full"),
        ("no_scheme", "TELEGRAM_API_BASE_URL is invalid"),
        ("rejected_token", "Telegram rejected the bot token"),
        ("webhook_without_https", "https"),
    ],
)
async def test_start_up_failures_are_one_sentence(
    real_token_tg: FakeTelegram, tmp_path: Path, case: str, needle: str
) -> None:
    env = bot_folder(real_token_tg, tmp_path)
    args: list[str] = []
    if case == "not_a_database":
        (tmp_path / "linli.db").write_text("these are the minutes of the last meeting\n" * 100, encoding="utf-8")
    elif case == "corrupt_database":
        (tmp_path / "linli.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    elif case == "folder_is_a_file":
        (tmp_path / "data").write_text("x", encoding="utf-8")
        env["DATABASE_PATH"] = "data/linli.db"
    elif case == "unreachable_api":
        env["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9/bot"
    elif case == "locked_database":  # another program holds a write lock (a hand-run query, a copy script)
        holder = sqlite3.connect(tmp_path / "linli.db", isolation_level=None)
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        env["DATABASE_BUSY_TIMEOUT_MS"] = "200"  # waited for this long, then the usual "database is locked"
    elif case == "no_scheme":
        env["TELEGRAM_API_BASE_URL"] = "api.telegram.org/bot"
    elif case == "rejected_token":
        env["TELEGRAM_BOT_TOKEN"] = "999999:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"
    elif case == "webhook_without_https":
        args = ["--webhook", "http://bot.example.org/telegram"]
    code, err = await run_async(tmp_path, *args, **env)
    # what passes by itself (a lock, Telegram out of reach) exits 1, so a supervisor starts it again
    passes = case in ("unreachable_api", "locked_database")
    one_sentence(code, err, needle, env["TELEGRAM_BOT_TOKEN"], 1 if passes else 2)


async def test_a_second_instance_on_the_same_database_refuses(real_token_tg: FakeTelegram, tmp_path: Path) -> None:
    import asyncio

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))},
        **bot_folder(real_token_tg, tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    first = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        # deleteWebhook comes right before polling starts, so the first one holds the lock by then.
        # (Waiting for getUpdates would wait for its 25 s long poll to be answered: flaky on a busy machine.)
        await real_token_tg.wait_for_call("deleteWebhook", timeout=STARTS_S)
        code, err = await run_async(
            tmp_path, **{k: env[k] for k in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "DATABASE_PATH")}
        )
        one_sentence(code, err, "already running", env["TELEGRAM_BOT_TOKEN"])
        assert first.returncode is None  # the first one runs on
    finally:
        first.terminate()
        await asyncio.wait_for(first.wait(), STARTS_S)
    assert first.returncode == 0  # SIGTERM: a clean stop


def test_exit_codes_tell_a_supervisor_whether_to_start_again() -> None:
    """1 for what passes by itself, 2 for what a person must fix; a Telegram 400 (a NetworkError in PTB) is the
    second: a refused webhook restarted for ever said "cannot reach Telegram" (found in the diff review)."""
    from telegram.error import BadRequest, NetworkError, TimedOut

    from bot.config import Settings
    from bot.runtime.startup import exit_code, start_failure

    refused = BadRequest("Bad webhook: Failed to resolve host: Name or service not known")
    settings = Settings(telegram_bot_token="123456:" + "a" * 35)
    assert exit_code(refused) == 2 and "cannot reach" not in start_failure(refused, settings)
    assert "Bad webhook" in start_failure(refused, settings)
    assert exit_code(NetworkError("connection refused")) == 1 and exit_code(TimedOut()) == 1
    assert exit_code(sqlite3.OperationalError("database is locked")) == 1
    assert exit_code(sqlite3.OperationalError("unable to open database file")) == 2
    assert exit_code(OSError(28, "No space left on device")) == 1 and exit_code(OSError(13, "Permission denied")) == 2


@pytest.mark.parametrize("tty", [True, False])
def test_a_first_run_at_a_terminal_asks_the_set_up_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    """README review: the README's one command (`… && .venv/bin/linli run`) on a fresh checkout stopped at
    "TELEGRAM_BOT_TOKEN is not set"; at a terminal it now asks `linli init`'s questions first (here answered by
    nobody: init stops, and run with it); with no terminal (a supervisor) it says what is missing."""
    import argparse

    from bot.cli import init
    from bot.cli import main as cli

    asked: list[bool] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: tty)
    monkeypatch.setattr(init, "main", lambda: asked.append(True) or 2)
    assert cli.cmd_run(argparse.Namespace(webhook=None, hold=False)) == 2
    assert asked == ([True] if tty else [])


def test_flood_control_at_start_passes_by_itself() -> None:
    """Crash review: a 429 at getMe or deleteWebhook exited 2, and deploy/linli.service's RestartPreventExitStatus=2
    left the bot down until a person noticed; flood control passes by itself like a 502 (exit 1)."""
    from telegram.error import RetryAfter

    from bot.runtime.startup import exit_code

    assert exit_code(RetryAfter(3)) == 1


def test_hold_keeps_a_stop_a_person_must_fix_stopped_until_told(tmp_path: Path) -> None:
    """Crash review: under Docker's `--restart unless-stopped` exit code 2 was started again at once (a bad token tried
    for ever; two copies on one token stopping each other in turn). With `--hold` (the image's command) the process
    says it stopped and stays, until SIGTERM (`docker stop`) ends it with code 2."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--hold"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        assert "TELEGRAM_BOT_TOKEN is not set" in proc.stderr.readline()
        assert "waiting to be stopped" in proc.stderr.readline()
        assert proc.poll() is None  # it stays: the supervisor sees a stopped (unhealthy) bot, not an exit
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STARTS_S) == 2
    finally:
        proc.kill()
        proc.wait()
