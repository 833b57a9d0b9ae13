"""The README's "How it reads" names how the packaged reader reads some short alarms; these tests keep that true.

A retrain can move any of them: when one fails, correct the README's sentence (and this list) to what the reader
now does, rather than the reader. Each text must stand in the README as written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.parser import parse
from bot.core.types import Urgency

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
# the README wraps lines: compare with every run of white space made one space
FLAT_README = " ".join(README.split())

RED_REPORTS = [
    "Someone is stuck in the lift",
    "有人困电梯里了",
    "𨋢困咗人",
    "There is a fire in building 3",
    "the bin shed is on fire",
    "There is a fire on the 5th floor",
    "the flat below is on fire",
]
ASKED_AND_CHECKED = ["the rubbish chute is on fire"]
STILL_READ_AS_CHAT = ["the bin chute is on fire"]
PLAIN_REPORTS = ["王师傅你好，不好意思打扰了，我家厨房水管漏水了，麻烦您来看看"]


@pytest.mark.parametrize("text", RED_REPORTS + ASKED_AND_CHECKED + STILL_READ_AS_CHAT + PLAIN_REPORTS)
def test_the_readme_names_the_example(text: str) -> None:
    assert f'"{text}"' in FLAT_README, f"{text!r} is no longer in the README: update this list with it"


@pytest.mark.parametrize("text", RED_REPORTS)
def test_red_reports_the_readme_names(text: str) -> None:
    p = parse(text)
    assert p.is_report and p.urgency is Urgency.RED, f"{text!r}: {p.reasons[:4]}"


@pytest.mark.parametrize("text", ASKED_AND_CHECKED)
def test_asked_messages_the_readme_names_are_checked_by_the_committee(text: str) -> None:
    p = parse(text)
    assert not p.is_report and p.ask and p.maybe_danger, f"{text!r}: {p.reasons[:4]}"


@pytest.mark.parametrize("text", STILL_READ_AS_CHAT)
def test_the_miss_the_readme_admits_is_still_a_miss(text: str) -> None:
    p = parse(text)
    assert not p.is_report and not p.ask, f"{text!r} is now read ({p.reasons[:4]}): correct the README's sentence"


@pytest.mark.parametrize("text", PLAIN_REPORTS)
def test_reports_the_readme_names_are_reports(text: str) -> None:
    p = parse(text)
    assert p.is_report, f"{text!r} is read as chat again ({p.reasons[:4]}): correct the README's sentence"
