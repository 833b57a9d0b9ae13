"""The JSON Lines parse command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.parse import main

ROOT = Path(__file__).resolve().parents[1]


def run(lines: str) -> list[dict]:
    out = io.StringIO()
    assert main(io.StringIO(lines), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_object_per_line() -> None:
    rows = run(
        '{"id": "a", "text": "7号楼1单元302厨房冒烟了！", "extra": 1}\n{"id": 2, "text": "收到", "lang": "zh-Hans"}\n'
    )
    assert rows[0] == {
        **rows[0],
        "id": "a",
        "is_report": True,
        "category": "safety",
        "urgency": "red",
        "building": "7",
        "unit": "1",
        "room": "302",
    }
    assert 0 <= rows[0]["confidence"] <= 1 and "safety:冒烟" in rows[0]["reasons"]
    assert rows[1]["id"] == 2 and rows[1]["is_report"] is False and rows[1]["category"] is None


def test_malformed_lines_get_an_error_and_processing_goes_on() -> None:
    rows = run(
        'not json\n\n   \n{"id": "x"}\n{"id": "y", "text": 5}\n[1, 2]\n'
        '{"id": "z", "text": "3号楼的电梯坏了，麻烦尽快来修"}\n'
    )
    assert [r["id"] for r in rows] == [None, "x", "y", None, "z"]
    assert all("error" in r for r in rows[:4])
    assert rows[4]["is_report"] is True and "error" not in rows[4]


def test_output_keeps_chinese_readable() -> None:
    out = io.StringIO()
    main(io.StringIO('{"id": "a", "text": "3号楼冒烟"}\n'), out)
    assert "冒烟" in out.getvalue()


def test_runs_as_a_module() -> None:
    feed = '{"id": 1, "text": "The lift in Block 5 is broken again"}\nbad\n'
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.parse"],
        input=feed,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["is_report"] is True and rows[1]["id"] is None and "error" in rows[1]


def test_odd_input_never_loses_the_batch() -> None:
    """Nesting deeper than Python's stack, a lone surrogate in an id or a text, a byte that is not UTF-8 under a
    strict locale: each line gets its answer and the valid lines around them theirs."""
    feed = (
        b"[" * 100_000
        + b'\n{"id": "\\ud800", "text": "3\\u53f7\\u697c\\ud800\\u7535\\u68af\\u574f\\u4e86"}\n'
        + '{"id": "bad-byte", "text": "3号楼'.encode()
        + b"\xff"
        + '电梯坏了"}\n{"id": "ok", "text": "5号楼冒烟了"}\n'.encode()
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.parse"],
        input=feed,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [None, "\ud800", "bad-byte", "ok"]
    assert "error" in rows[0]
    assert rows[1]["is_report"] is True and rows[1]["building"] == "3"  # the surrogate read as U+FFFD
    assert rows[2]["is_report"] is True and rows[2]["building"] == "3"
    assert rows[3]["is_report"] is True and rows[3]["urgency"] == "red"


def test_texts_given_as_arguments_are_read_in_order() -> None:
    """`linli parse 电梯关人 …` at a terminal: the texts given, ids 1, 2, … (it answered "unrecognized arguments")."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse", "3号楼电梯关人了", "收到，谢谢"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["is_report"] is True and rows[0]["building"] == "3" and rows[1]["is_report"] is False
