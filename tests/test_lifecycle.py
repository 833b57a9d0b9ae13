"""The lifecycle table and its helpers."""

import re
from pathlib import Path

import pytest

from bot.core import lifecycle
from bot.core.lifecycle import can_transition, is_open, parse_event_number
from bot.core.types import Status
from storage.events import status_in

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("src", "dst", "ok"),
    [
        (Status.NEW, Status.DISPATCHED, True),
        (Status.DISPATCHED, Status.ACCEPTED, True),
        (Status.ACCEPTED, Status.CLOSED, True),
        (Status.ACCEPTED, Status.DISPATCHED, True),  # handed back
        (Status.CLOSED, Status.DISPATCHED, True),  # reopened
        (Status.DISPATCHED, Status.CLOSED, True),  # an admin settles a waiting one (a worker accepts first)
        (Status.NEW, Status.CLOSED, True),
        (Status.CLOSED, Status.CLOSED, False),
        (Status.CANCELLED, Status.DISPATCHED, False),
    ],
)
def test_transitions(src: Status, dst: Status, ok: bool) -> None:
    assert can_transition(src, dst) is ok


def test_open_states() -> None:
    assert is_open(Status.ACCEPTED) and not is_open(Status.CLOSED)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("#42", 42),
        ("42", 42),
        ("＃１２ 号", 12),
        (" # 7", 7),
        ("无", None),
        # found in the robustness review: "4号楼…跟#3重复" closed #5 as a duplicate of #4
        ("4号楼也有人报过，跟#3重复", 3),
        ("4号楼也有人报过，跟3重复", 3),
        ("same as 12, block 3 flat 4", 12),  # a place word before a number: a place
        ("同 3 和 5", None),  # two bare numbers, no '#': asked again
        # the diff review: Traditional and English place words, and "4#楼", named a building as the event
        ("跟4號樓那單重複", None),
        ("跟4棟那單重複", None),
        ("跟2單元的重複", None),
        ("5層也報過了", None),
        ("same as the one in building 4", None),
        ("跟4#楼那单重复", None),
        ("4號樓也有人報過，跟3重複", 3),
        ("跟12号的一样", 12),
    ],
)
def test_event_numbers(text: str, n: int | None) -> None:
    assert parse_event_number(text) == n


def test_a_worker_closes_only_what_was_accepted_an_admin_what_waits() -> None:
    assert lifecycle.CLOSE.src == {Status.ACCEPTED}  # the worker's Close button
    assert lifecycle.SETTLE.src == {Status.NEW, Status.DISPATCHED}  # an admin, from the console


def test_a_transition_narrowed_to_the_state_read() -> None:
    assert lifecycle.HAND_BACK.since(Status.ACCEPTED).src == {Status.ACCEPTED}
    with pytest.raises(ValueError):
        lifecycle.HAND_BACK.since(Status.CLOSED)


def test_the_sets_and_the_table_agree() -> None:
    assert lifecycle.OPEN | lifecycle.DONE == set(Status) and not lifecycle.OPEN & lifecycle.DONE
    assert all(can_transition(s, t.dst) for t in lifecycle.ALL for s in t.src)
    assert not any(can_transition(Status.CANCELLED, s) for s in Status)


def test_storage_writes_the_states_from_the_sets() -> None:
    assert status_in(lifecycle.WITH_WORKER) == "status IN ('dispatched', 'accepted')"
    assert status_in(lifecycle.OPEN, "+status") == "+status IN ('new', 'dispatched', 'accepted')"


# an event state written out as a literal: in a comparison, or in SQL
STATES = "|".join(s.value for s in Status)
LITERAL = re.compile(rf"status(?:\.value)?\s*(?:=|==|!=|IN|in)\s*\(?\s*['\"](?:{STATES})['\"]")


def test_no_event_state_is_written_outside_core() -> None:
    found = []
    for folder in ("bot/services", "bot/render", "bot/runtime", "storage", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "timers.py" and folder == "storage":  # timer rows have states of their own
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LITERAL.search(line) or re.search(r"\.status\.value\s*(==|!=|in)\b", line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "name the state or the set from bot/core/lifecycle.py:\n" + "\n".join(found)


def test_the_literal_check_sees_a_literal() -> None:
    assert LITERAL.search("WHERE id = ? AND status IN ('new', 'dispatched')")
    assert LITERAL.search('if ev.status.value == "accepted":')
