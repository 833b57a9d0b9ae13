"""Flat and telephone numbers taken out of a worker's words before a residents' group reads them."""

from __future__ import annotations

import pytest
from harness import make_event

from bot.core.private_numbers import hide_numbers, public_note
from bot.core.types import Outcome


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("楼上602业主在外地", "楼上…业主在外地"),
        ("3-2-602的住户不配合", "…的住户不配合"),
        ("樓上1802單位冇人", "樓上…單位冇人"),
        ("owner of flat 1801 is abroad, call +86 138 1234 5678", "owner of flat … is abroad, call …"),
        ("#06-212 owner not home", "… owner not home"),
        ("联系电话13812345678", "联系电话…"),
    ],
)
def test_a_neighbours_flat_and_a_telephone_are_hidden(words: str, shown: str) -> None:
    assert hide_numbers(words, keep=["302"]) == shown


@pytest.mark.parametrize(
    "words",
    [
        "需要300元材料费，2026年预算批下来再修",
        "换1200mm的管子，要等3天",
        "与#123重复",
        "2026-12-05 10:30再来",
        "12号楼2单元的总闸",
        "本户302卫生间的防水层要重做",
        "3-2-302的水管是业主自己改的",
    ],
)
def test_amounts_dates_times_event_numbers_and_her_own_flat_stay(words: str) -> None:
    assert hide_numbers(words, keep=["302"]) == words


def test_a_referrals_telephone_is_for_residents_to_call_and_stays() -> None:
    note = "已转交自来水公司，电话 0755-83333333，楼上602"
    referred = make_event(outcome=Outcome.REFERRED, outcome_note=note, room="302")
    assert public_note(referred) == "已转交自来水公司，电话 0755-83333333，楼上…"
    cannot = make_event(outcome=Outcome.CANNOT_FIX, outcome_note="业主电话 0755-83333333 打不通", room="302")
    assert public_note(cannot) == "业主电话 … 打不通"
