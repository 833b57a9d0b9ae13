"""The rules about a neighbour's words around another resident's report (bot.core.merge and neighbours' words):
what joins her event, and what stays a problem of its own, in Simplified, Traditional and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core import merge, neighbour_words
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


@pytest.mark.parametrize(
    "text",
    [
        "是的，晚上黑漆漆的很危险",
        "对的，晚上很黑",
        "係呀，夜晚好黑",
        "對啊，晚上很暗很危險",
        "真的，晚上黑灯瞎火的 吓人",
        "Yes, it's really dark at night, dangerous for the elderly",
        "我们楼也是，好几天了",
        "同上，晚上黑漆漆的",
        "我家这边也是，一个礼拜了",
        "我哋嗰度都係，成個禮拜喇",
        "一样一样，黑灯瞎火的",
        "同上，已经坏了一周了",
        "same on my floor, pitch dark at night",
        "物业什么时候来修？",
        "物業幾時嚟整呀？",
        "請問物業什麼時候會來修理？",
        "When will they fix it?",
    ],
)
def test_a_neighbour_agreeing_asking_or_saying_mine_too_with_how_it_is_is_of_her_report(text: str) -> None:
    """Sweep of neighbours' words: typed a few minutes after her hall light, or under it, each opened #2 (safety or
    repair, yellow or of no place) for the one light."""
    assert neighbour_words.of_it(text, [HALL_LIGHT], Category.REPAIR, typed=True)
    assert neighbour_words.of_it(text, [HALL_LIGHT], Category.REPAIR, typed=False)


@pytest.mark.parametrize(
    "text",
    [
        "是的，而且电梯也坏了",
        "对，楼道里还有煤气味",
        "是的，我们家水管也漏了",
        "我们楼也是，停水了",
        "我们楼也是，还有人在楼道里充电动车，很危险",
        "我家也是，水管漏水了",
        "同上，另外5号楼门口下水道堵了",
        "我家孩子也是这样，天天玩手机",
        "我也是刚下班",
        "謝謝劉阿姨反映",
        "谢谢刘阿姨反映",
        "物业电话多少？",
        "物业什么时候来修电梯？",
        "今晚小区停车场什么时候开放？",
        "5号楼电梯坏了",
        "yes, and the lift is broken too",
    ],
)
def test_another_problem_danger_or_chat_is_not_of_her_report(text: str) -> None:
    assert not neighbour_words.of_it(text, [HALL_LIGHT], Category.REPAIR, typed=False)


@pytest.mark.parametrize("text", ["是的", "对", "是的，好多了", "Yes!"])
def test_a_bare_yes_typed_is_of_no_report(text: str) -> None:
    """Typed, "是的" may answer anyone's words in the group; under her report it agrees with it."""
    assert not neighbour_words.of_it(text, [HALL_LIGHT], Category.REPAIR, typed=True)
