"""The benchmarks stop with one sentence and a non-zero exit code when an input they need is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["bench/bench_parser.py", "/nonexistent/dev_messages.jsonl"], "/nonexistent/dev_messages.jsonl is missing"),
        (["bench/bench_digest.py", "--reuse"], "--reuse needs --keep DIR"),
        (["bench/bench_e2e.py", "--variants", "linli,ptb-ish"], "unknown variant ptb-ish"),
        (["bench/linli_traced.py"], "set BENCH_SQL_COUNTS"),
    ],
)
def test_a_missing_input_is_one_sentence_and_a_failure(args: list[str], says: str, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and says in lines[0], run.stderr
