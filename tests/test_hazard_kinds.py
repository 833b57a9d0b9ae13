"""The kinds of danger words name (``core.hazard_kinds``), row by row of its table: each kind in Simplified and
Traditional script, Cantonese and English; a word of one kind inside a longer word of another ("水烧干了" is a fire
risk, not a flood); words that look like a danger's and are none; a danger denied ("没人受伤")."""

from __future__ import annotations

import pytest

from bot.core import hazard_kinds
from bot.core.text_norm import normalize

ROWS = {
    "gas": ["厨房有很浓的煤气味", "樓下燃氣洩漏", "成棟樓都係石油氣味", "I can smell gas in the stairwell"],
    "fire": ["3号楼着火了", "樓梯口著火，好大煙", "火燭呀！", "there is smoke coming out of 302"],
    "water": ["水管爆了，水喷得到处都是", "地下室水浸", "爆喉呀，成地都係水", "the basement is flooded"],
    "lift": ["电梯困人了", "電梯卡住，有人被困", "困𨋢呀", "someone is stuck in the lift"],
    "electric": ["配电箱冒火花", "插座漏電", "條電線短路", "a man got an electric shock"],
    "person": ["有个老人晕倒了", "阿伯暈低咗", "佢心口痛，唞唔到氣", "an old lady collapsed and is bleeding"],
    "falling": ["楼上高空抛物", "外牆石屎跌落嚟", "有嘢由天台跌落嚟", "tiles falling from the facade"],
    "security": ["楼下有人打架", "有賊撬門", "兩個人喺度打交", "someone broke in with a knife"],
}


@pytest.mark.parametrize(("kind", "words"), [(kind, w) for kind, said in ROWS.items() for w in said])
def test_each_row_names_its_kind(kind: str, words: str) -> None:
    assert hazard_kinds.named(words) == {kind}


def test_every_row_is_tested_and_has_words_of_each_language() -> None:
    assert set(ROWS) == {k.name for k in hazard_kinds.TABLE} - {hazard_kinds.NONE}
    for kind in hazard_kinds.TABLE:
        assert any(w.isascii() for w in kind.words), kind.name  # English
        assert any(not w.isascii() for w in kind.words), kind.name  # Chinese


def test_no_word_is_in_two_rows() -> None:
    seen: dict[str, str] = {}
    for kind in hazard_kinds.TABLE:
        for word in kind.words:
            said = normalize(word)
            assert seen.setdefault(said, kind.name) == kind.name, word


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        ("锅里的水烧干了，冒烟了", {"fire"}),  # a pot boiling dry: a fire risk, not water
        ("水烧干了", {"fire"}),
        ("煲乾咗水", {"fire"}),
        ("电箱冒火花", {"electric"}),  # sparks, not a fire
        ("电线着火了", {"electric", "fire"}),
        ("车库电动车着火了，没人受伤", {"fire"}),  # nobody hurt: no person
        ("煤气漏了，有人晕倒", {"gas", "person"}),
        ("gas leak, my neighbour fainted", {"gas", "person"}),
        ("水管爆了，电梯里也进水了", {"water", "lift"}),
    ],
)
def test_the_longest_word_and_several_kinds(words: str, kinds: set[str]) -> None:
    assert hazard_kinds.named(words) == kinds


@pytest.mark.parametrize(
    "words",
    [
        "这个月的水电费交了吗",
        "今晚吃火锅",
        "楼道里有人抽烟",
        "没人受伤",
        "无人被困",
        "已经不漏水了",
        "没有烟了",
        "no one is hurt",
        "there is no fire",
        "the firefighters are here",
        "人救出来了",
        "消防来了",
    ],
)
def test_words_naming_no_danger(words: str) -> None:
    assert hazard_kinds.named(words) == frozenset()
