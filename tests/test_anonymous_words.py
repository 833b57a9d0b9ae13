"""A private report's own words asking that her name be kept out (``core.anonymous.asked``), both sides."""

from __future__ import annotations

import pytest

from bot.core import anonymous

ASKED = [
    "我想匿名反映一下：5号楼楼道堵了",
    "5号楼楼道堵了，别说是我说的",
    "不要告诉他们是我报的",
    "唔好話係我講嘅",  # Cantonese, Traditional
    "請幫我保密",
    "不要写我的名字",
    "我不想让邻居知道是我反映的",
    "please keep my name out of it",
    "Please don't tell them it was me",
    "don't use my name",
]
NOT_ASKED = [
    "5号楼楼道堵了",
    "我说了好几次了",
    "别说了，烦死了",
    "不要说我没提醒你",
    "my name is Li, the lift is broken",
]


@pytest.mark.parametrize(("words", "wanted"), [(w, True) for w in ASKED] + [(w, False) for w in NOT_ASKED])
def test_asked_or_not(words: str, wanted: bool) -> None:
    assert anonymous.asked(words) is wanted
