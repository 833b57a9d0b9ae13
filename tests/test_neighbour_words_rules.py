"""The rules about a neighbour's words around another resident's report (bot.core.merge and neighbours' words):
what joins her event, and what stays a problem of its own, in Simplified, Traditional and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core import merge
from bot.core.types import Category, Urgency

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
CHAT = -1001234567890
HALL_LIGHT = "3号楼2单元楼道灯坏了"
WITHIN = timedelta(minutes=30)


def her_light(minutes_ago: float = 3, *, hers: bool = False, text: str = HALL_LIGHT, building: str = "3") -> object:
    return merge.Candidate(
        1, CHAT, Category.REPAIR, Urgency.GREEN, building, "2", NOW - timedelta(minutes=minutes_ago), [text], hers
    )


def unplaced(text: str, chat: int = CHAT, urgency: Urgency = Urgency.GREEN) -> merge.Report:
    return merge.Report(chat, Category.REPAIR, urgency, None, None, text)


def decide(report: merge.Report, *candidates: object) -> int | None:
    return merge.decide(report, candidates, NOW, timedelta(days=1), 0.6, unplaced_within=WITHIN)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("楼道灯确实坏了", HALL_LIGHT),
        ("对，楼道灯不亮好几天了", HALL_LIGHT),
        ("楼道灯真的坏了，麻烦物业尽快修一下", HALL_LIGHT),
        ("樓道燈確實壞咗", HALL_LIGHT),
        ("樓道燈壞了很久了", "3號樓2單元樓道燈壞了"),
        ("the hallway light is out here too", "the hallway light in block 3 is out"),
    ],
)
def test_a_neighbours_same_problem_of_no_place_joins_the_placed_report_just_before(text: str, first: str) -> None:
    """Sweep of neighbours' words: each opened #2 "位置：未注明" for the one light a few minutes after hers."""
    assert decide(unplaced(text), her_light(text=first)) == 1


@pytest.mark.parametrize("text", ["楼道窗户坏了", "车库的灯坏了", "路灯坏了", "电梯坏了", "the lift is broken"])
def test_another_thing_of_no_place_is_its_own(text: str) -> None:
    assert decide(unplaced(text), her_light()) is None


def test_not_long_after_not_from_another_chat_not_her_own_not_a_red() -> None:
    assert decide(unplaced("楼道灯确实坏了"), her_light(minutes_ago=45)) is None
    assert decide(unplaced("楼道灯确实坏了", chat=-1009876543210), her_light()) is None
    assert decide(unplaced("楼道灯确实坏了", urgency=Urgency.RED), her_light()) is None
    # her own placed report: her words of no place follow her rules (continuation: her place), not a neighbour's
    assert decide(unplaced("楼道灯确实坏了"), her_light(hers=True)) is None
    # no window given: as before, a report of no place never joins an event of a place
    assert merge.decide(unplaced("楼道灯确实坏了"), [her_light()], NOW, timedelta(days=1), 0.6) is None


def test_two_places_alike_are_not_guessed_between() -> None:
    other = merge.Candidate(
        2, CHAT, Category.REPAIR, Urgency.GREEN, "5", None, NOW - timedelta(minutes=1), ["5号楼楼道灯坏了"]
    )
    assert decide(unplaced("楼道灯确实坏了"), her_light(), other) is None
    assert (
        decide(merge.Report(CHAT, Category.REPAIR, Urgency.GREEN, "5", None, "楼道灯确实坏了"), her_light(), other) == 2
    )
