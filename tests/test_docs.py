"""The README tells the truth: every setting is documented, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV = (ROOT / ".env.example").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_and_env_example(name: str) -> None:
    assert name.upper() in README, f"{name.upper()} is not in README.md"
    assert re.search(rf"^{name.upper()}=", ENV, re.M), f"{name.upper()} is not in .env.example"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert command in README
