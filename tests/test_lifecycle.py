"""The lifecycle table and its helpers."""

import pytest

from bot.core.lifecycle import can_transition, is_open, parse_event_number
from bot.core.types import Status


@pytest.mark.parametrize(
    ("src", "dst", "ok"),
    [
        (Status.NEW, Status.DISPATCHED, True),
        (Status.DISPATCHED, Status.ACCEPTED, True),
        (Status.ACCEPTED, Status.CLOSED, True),
        (Status.ACCEPTED, Status.DISPATCHED, True),  # handed back
        (Status.CLOSED, Status.DISPATCHED, True),  # reopened
        (Status.DISPATCHED, Status.CLOSED, False),  # must be accepted first
        (Status.NEW, Status.CLOSED, False),
        (Status.CANCELLED, Status.DISPATCHED, False),
    ],
)
def test_transitions(src: Status, dst: Status, ok: bool) -> None:
    assert can_transition(src, dst) is ok


def test_open_states() -> None:
    assert is_open(Status.ACCEPTED) and not is_open(Status.CLOSED)


@pytest.mark.parametrize(("text", "n"), [("#42", 42), ("42", 42), ("＃１２ 号", 12), (" # 7", 7), ("无", None)])
def test_event_numbers(text: str, n: int | None) -> None:
    assert parse_event_number(text) == n
