"""`linli` pauses the garbage collector during start-up only."""

from __future__ import annotations

import gc
import sys

import pytest

from bot.cli import launch
from bot.cli.main import collect_from_now_on


def test_the_collector_runs_again_when_a_command_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["linli", "--version"])
    with pytest.raises(SystemExit):
        launch.main()
    assert gc.isenabled()


def test_once_ready_the_start_up_objects_are_frozen_and_the_collector_runs() -> None:
    gc.disable()
    try:
        collect_from_now_on()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_running_collector_is_left_alone() -> None:
    assert gc.isenabled()
    before = gc.get_freeze_count()
    collect_from_now_on()
    assert gc.isenabled() and gc.get_freeze_count() == before
