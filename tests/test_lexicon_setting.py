"""LEXICON_FILES: a community adds its own words without touching code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = "3号楼门口的喷泉不喷了"


def parse(tmp: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse"],
        input=json.dumps({"id": 1, "text": TEXT}),
        capture_output=True,
        text=True,
        env=full,
        cwd=tmp,
        timeout=60,
    )


def test_extra_words_file_is_used(tmp_path: Path) -> None:
    before = json.loads(parse(tmp_path).stdout)
    assert not any("喷泉不喷" in r for r in before["reasons"])  # the packaged lists do not know it
    words = tmp_path / "our_words.toml"
    words.write_text('[category]\nrepair = ["喷泉不喷"]\n', encoding="utf-8")
    out = parse(tmp_path, LEXICON_FILES=str(words))
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    # the committee's own word is certain: a repair report whatever the model made of it
    assert row["is_report"] is True and row["category"] == "repair" and row["building"] == "3"
    assert any("喷泉不喷" in r for r in row["reasons"])


def test_a_bad_words_file_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[category]\nrepair = "not a list"\n', encoding="utf-8")
    for env in ({"LEXICON_FILES": str(bad)}, {"LEXICON_FILES": str(tmp_path / "missing.toml")}):
        out = parse(tmp_path, **env)
        assert out.returncode == 2 and "LEXICON_FILES" in out.stderr and "Traceback" not in out.stderr
