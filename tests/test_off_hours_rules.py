"""When a report nobody is on duty for may wait for the next shift (bot/core/routing.py waits_for_shift)."""

from __future__ import annotations

from datetime import timedelta

from harness import COMMUNITY_TOML, toml_tables
from ids import START, WANG

from bot.core import routing
from bot.core.community_file import parse_community
from bot.core.types import Category, Urgency

COMMUNITY = parse_community(
    COMMUNITY_TOML.split("[[shifts]]")[0]
    + toml_tables(
        "shifts", {"worker": WANG, "grid": "A", "days": "mon-fri", "start": "08:30", "end": "17:30", "role": "primary"}
    ),
    "t",
)


def waits(hours_after_monday_10: float, urgency: Urgency = Urgency.GREEN) -> str | None:
    """The local start time a report at that hour waits for, as '%a %H:%M'."""
    at = START + timedelta(hours=hours_after_monday_10)
    found = routing.waits_for_shift(COMMUNITY, Category.REPAIR, "A", urgency, at)
    return found.astimezone(COMMUNITY.tz).strftime("%a %H:%M") if found else None


def test_a_green_at_night_waits_for_the_morning() -> None:
    assert waits(12) == "Tue 08:30"  # Monday 22:00
    assert waits(20) == "Tue 08:30"  # Tuesday 06:00


def test_on_a_weekend_it_waits_for_monday() -> None:
    assert waits(5 * 24 - 10) == "Mon 08:30"  # Saturday 00:00


def test_someone_on_duty_or_another_colour_never_waits() -> None:
    assert waits(0) is None  # Monday 10:00: on duty
    assert waits(12, Urgency.YELLOW) is None
    assert waits(12, Urgency.RED) is None


def test_no_shift_within_three_days_does_not_wait() -> None:
    only_far = parse_community(
        COMMUNITY_TOML.split("[[shifts]]")[0]
        + toml_tables(
            "shifts", {"worker": WANG, "grid": "A", "days": "sat", "start": "08:30", "end": "17:30", "role": "primary"}
        ),
        "t",
    )
    at = START + timedelta(hours=12)  # Monday 22:00; Saturday 08:30 is more than three days on
    assert routing.waits_for_shift(only_far, Category.REPAIR, "A", Urgency.GREEN, at) is None
