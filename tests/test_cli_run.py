"""`linli run` refuses bad set-ups with one clear sentence, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import COMMUNITY_TOML

GOOD_TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"


def run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COMMUNITY_", "DATABASE_"))}
    base.update(env)
    return subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=base,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
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
