"""A committee member's plain instruction, read without Telegram (bot/core/instructions.py): whom it names, as staff
call workers, and when it is for; when the worker's card goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from ids import START, WANG, ZHAO
from test_e2e_committee57 import DAYTIME, MONDAY_22

from bot.core.community_file import parse_community
from bot.core.instructions import Instruction, When, card_at, named, read
from bot.core.routing import next_on_duty

STAFF = [(1, "王强"), (2, "李姐"), (3, "赵师傅"), (4, "Tom Baker")]


@pytest.mark.parametrize(
    ("words", "name", "when"),
    [
        ("明早让王师傅去看看", "王师傅", When.LATER),
        ("让小李明天一早处理", "小李", When.LATER),
        ("ask Wang to look at it in the morning", "wang", When.LATER),
        ("让李姐马上去看看", "李姐", When.NOW),
        ("叫老赵去修一下", "老赵", When.UNSAID),
        ("have Tom check it now", "tom", When.NOW),
        ("明早讓王師傅去看看", "王师傅", When.LATER),
        # the English notes' example names the worker as the file keeps him (committee review 60)
        ("ask 王师傅 to go now", "王师傅", When.NOW),
        ("ask 李姐 to go in the morning", "李姐", When.LATER),
    ],
)
def test_an_instruction_names_a_worker_and_a_time(words: str, name: str, when: When) -> None:
    assert read(words) == Instruction(name, when)


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("明早让王师傅去看看 #3", 3),
        ("让李姐去看看＃12", 12),
        ("#7 ask Wang to look at it", 7),
        ("让李姐去看看3号楼", None),
    ],
)
def test_an_instruction_may_name_the_event_s_number(words: str, number: int | None) -> None:
    """Committee review 59: words not given as a reply name the event by its number when several notes are recent."""
    said = read(words)
    assert said is not None and said.event_id == number


@pytest.mark.parametrize(
    "words",
    [
        "收到",
        "谁在处理？",
        "王师傅修好了吗？",
        "请王师傅今天之内一定处理好",
        "找人去修一下",
        "ask him to look",
        "请大家去看看通知",
        "请你去处理一下",
    ],
)
def test_other_words_are_no_instruction(words: str) -> None:
    assert read(words) is None


@pytest.mark.parametrize(
    ("name", "found"),
    [("王师傅", [1]), ("老王", [1]), ("wang", [1]), ("小李", [2]), ("li", [2]), ("赵师傅", [3]), ("tom", [4])],
)
def test_a_name_is_the_worker_s_as_staff_call_him(name: str, found: list[int]) -> None:
    assert named(name, STAFF) == found


def test_an_unknown_name_is_no_one_s_and_a_shared_surname_is_several() -> None:
    assert named("孙师傅", STAFF) == []
    assert named("王师傅", [*STAFF, (5, "王明")]) == [1, 5]


NIGHT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 01:00 in Shanghai
SHIFT = NIGHT + timedelta(hours=7, minutes=30)
BRIEF = NIGHT + timedelta(hours=7)


def test_the_card_waits_for_his_shift_unless_red_on_duty_or_now() -> None:
    assert card_at(False, False, When.LATER, SHIFT, BRIEF) == SHIFT
    assert card_at(False, False, When.UNSAID, SHIFT, BRIEF) == SHIFT
    assert card_at(False, False, When.LATER, None, BRIEF) == BRIEF  # no shift of his soon: the morning
    assert card_at(True, False, When.LATER, SHIFT, BRIEF) is None  # a red: now
    assert card_at(False, True, When.LATER, SHIFT, BRIEF) is None  # on duty: now
    assert card_at(False, False, When.NOW, SHIFT, BRIEF) is None  # "马上": now


def test_a_worker_next_comes_on_duty_at_his_shift() -> None:
    community = parse_community(DAYTIME, "t")  # 王师傅 and 李姐 in grid A, weekdays 08:30-17:30
    assert next_on_duty(community, None, "A", WANG, MONDAY_22) == START + timedelta(hours=22, minutes=30)
    assert next_on_duty(community, None, "A", ZHAO, MONDAY_22) is None  # not on grid A's rota
