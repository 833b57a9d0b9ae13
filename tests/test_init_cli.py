"""`linli init`: questions answered on stdin, each answer checked, files written only when they load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import load_settings
from bot.core.community_file import load_community

ROOT = Path(__file__).resolve().parents[1]
GOOD = [
    "not-a-token",
    "123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd",  # a wrong answer is asked again
    "滨海社区",
    "",
    "",
    "1001, 1002",
    "-1001000000001",
    "",
    "1, 2, 3, 10A",
    "-1001234567890",
    "2001 王师傅, 2002 李姐",
]


def init(tmp_path: Path, answers: list[str], *args: str) -> subprocess.CompletedProcess:
    # Telegram out of reach (no network, a proxy not set): the ids are typed by hand (tests/test_init_telegram.py
    # has them read from Telegram)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "init", *args],
        input="\n".join(answers) + "\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_answers_become_files_that_load(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    out = init(tmp_path, GOOD)
    assert out.returncode == 0, out.stderr
    assert "that is not a bot token" in out.stdout
    assert "cannot reach Telegram to check it" in out.stdout and "typed by hand" in out.stdout
    community = load_community(tmp_path / "community.toml")
    assert community.community.name == "滨海社区" and community.community.admins == [1001, 1002]
    assert [w.name for w in community.workers] == ["王师傅", "李姐"]
    assert community.grid_for_building("10a").id == "A"
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    settings.check_token()
    assert settings.token.endswith("abcd")
    again = init(tmp_path, GOOD)  # never overwritten by accident
    assert again.returncode == 2 and "already exist" in again.stderr
    assert init(tmp_path, GOOD, "--force").returncode == 0


def test_full_width_digits_and_chinese_commas_are_read(tmp_path: Path) -> None:
    """Answers typed with a Chinese keyboard: full-width digits, the full-width comma and 、 separate as ',' does."""
    wide = [*GOOD[1:5], "１００１，１００２", "－1001000000001", "", "1、2、3、10A", "-1001234567890"]
    wide.append("2001 王师傅，2002 李姐")
    out = init(tmp_path, wide)
    assert out.returncode == 0, out.stderr
    community = load_community(tmp_path / "community.toml")
    assert community.community.admins == [1001, 1002]
    assert [(w.telegram_id, w.name) for w in community.workers] == [(2001, "王师傅"), (2002, "李姐")]
    assert community.grid_for_building("3").id == "A"


def test_refused_answers_write_nothing(tmp_path: Path) -> None:
    bad = GOOD[:5] + ["not ids", "still not", "nope"]
    out = init(tmp_path, bad)
    assert out.returncode == 2 and "nothing was written" in out.stderr
    assert not (tmp_path / ".env").exists() and not (tmp_path / "community.toml").exists()


def test_input_that_ends_early_writes_nothing(tmp_path: Path) -> None:
    out = init(tmp_path, GOOD[:4])
    assert out.returncode == 2 and "input ended" in out.stderr
    assert not (tmp_path / ".env").exists()


def test_the_committee_chat_given_as_the_residents_group_is_asked_again(tmp_path: Path) -> None:
    """The committee chat's id pasted twice was refused only at the end, after ten answers, and all were lost."""
    answers = [*GOOD[1:9], GOOD[6], GOOD[9], GOOD[10]]  # the committee's id first, then the group's own
    out = init(tmp_path, answers)
    assert out.returncode == 0, out.stderr
    assert "committee chat's id" in out.stdout and (tmp_path / "community.toml").exists()


def test_a_worker_id_typed_twice_is_asked_again(tmp_path: Path) -> None:
    out = init(tmp_path, [*GOOD[1:10], "2001 王师傅, 2001 李姐", GOOD[10]])
    assert out.returncode == 0, out.stderr
    assert "typed twice" in out.stdout and (tmp_path / "community.toml").exists()


def test_a_span_of_buildings_is_each_of_them(tmp_path: Path) -> None:
    """Committee secretary review: thirty buildings typed as "1-30" were written as one building named "1-30", so no
    report of "5号楼" was placed in it and `linli check` refused the file; the span is each building of it."""
    out = init(tmp_path, [*GOOD[1:8], "1-30, 商铺", *GOOD[9:]])
    assert out.returncode == 0, out.stderr
    grid = load_community(tmp_path / "community.toml").grids[0]
    assert grid.buildings == [*map(str, range(1, 31)), "商铺"]
