"""Lexicon files: the packaged ones load, and a community can add words without code."""

from __future__ import annotations

from pathlib import Path

import pytest
from parser_scoring import parse_by_rules as parse

from bot.core.parser_lexicon import LexiconError, load_lexicon, set_default_lexicon


def test_extra_file_adds_words(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        '[category]\nrepair = ["喷泉不喷"]\nsafety = ["马蜂窝"]\n[urgency]\nred = ["马蜂窝"]\n',
        encoding="utf-8",
    )
    lex = load_lexicon([extra])
    assert not parse("喷泉不喷了").is_report
    assert parse("喷泉不喷了", lexicon=lex).category == "repair"
    p = parse("5号楼楼下有个马蜂窝", lexicon=lex)
    assert (p.category, p.urgency, p.building) == ("safety", "red", "5")


def test_set_default_lexicon(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text('[category]\nrepair = ["喷泉不喷"]\n', encoding="utf-8")
    try:
        set_default_lexicon(load_lexicon([extra]))
        assert parse("喷泉不喷了").is_report
    finally:
        set_default_lexicon(None)
    assert not parse("喷泉不喷了").is_report


def test_traditional_words_in_extra_file_are_folded(tmp_path: Path) -> None:
    extra = tmp_path / "hk.toml"
    extra.write_text('[category]\nrepair = ["電錶壞"]\n', encoding="utf-8")
    assert parse("电表坏", lexicon=load_lexicon([extra])).category == "repair"


@pytest.mark.parametrize(
    "body",
    [
        '[category]\nplumbing = ["x"]\n',
        '[category]\nrepair = "x"\n',
        '[fold]\npairs = "abc"\n',
        '[fold]\nwords = ["ab 电梯"]\n',
        '[fold]\nwords = ["a"]\n',
    ],
)
def test_bad_files_are_refused(tmp_path: Path, body: str) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon([extra])


def test_a_cantonese_character_is_read_as_its_common_word() -> None:
    """𨋢 (Cantonese "lift", which OpenCC writes 䢂) is 电梯 to the word lists and the model alike."""
    lexicon = load_lexicon()
    assert lexicon.normalize("3座部𨋢壞咗") == lexicon.normalize("3座部電梯壞咗") == "3座部电梯坏咗"
    assert lexicon.normalize("䢂") == "电梯"
    assert "repair_weak:电梯" in parse("𨋢壞咗").reasons


def test_stems_match_word_endings() -> None:
    assert parse("Water leaking from the ceiling in 1502").category == "repair"
    assert parse("The pipes leaked again").urgency == "yellow"
