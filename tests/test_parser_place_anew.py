"""A report's place is read anew by the location reader; the rules and the model read places as they were trained.

The rules' place tags are model features, so the reading the model learnt from (``parser_location_trained``) stays
as it was, while the location reader (``parser_location``) learns new ways of naming a place without a retrain.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.core import parser
from bot.core.parser import by_rules, parse, parse_many, place_anew, read_rules
from bot.core.parser_location import Location, extract_location
from bot.core.parser_location_trained import trained_location


def _place(p: parser.ParsedReport) -> tuple[str | None, str | None, str | None]:
    return p.building, p.unit, p.room


@pytest.mark.parametrize(
    ("text", "trained", "registered"),
    [
        ("车牌尾号368的白色轿车堵住了消防通道", (None, None, "368"), (None, None, None)),  # a plate, not a flat
        ("C区112号车位被人占了好几天", (None, None, "112"), (None, None, None)),  # a parking space
        ("5栋601个阿伯摔倒了", ("5", None, None), ("5", None, "601")),  # a flat right after its building
        ("3好楼2单元门口的灯坏了", (None, "2", None), ("3", "2", None)),  # 好 typed for 号
        ("幺五零二的邻居家漏水", (None, None, None), (None, None, "1502")),  # a flat said digit by digit
        ("Blocks 14 to 18 have no water", ("S", None, None), ("14", None, None)),  # a plural, not block S
    ],
)
def test_a_report_registers_the_place_the_location_reader_reads_now(
    text: str, trained: tuple[str | None, ...], registered: tuple[str | None, ...]
) -> None:
    rules = read_rules(text)
    assert (rules.location.building, rules.location.unit, rules.location.room) == trained
    placed = place_anew(by_rules(rules), rules)
    assert placed.is_report
    assert _place(placed) == registered
    assert [x for x in placed.reasons if x.startswith("loc:")] == [
        f"loc:{e}" for e in extract_location(rules.norm).evidence
    ]


def test_parse_and_parse_many_register_the_new_place_and_read_all_else_as_trained() -> None:
    texts = ["车牌尾号368的白色轿车堵住了消防通道", "5栋601个阿伯摔倒了", "3号楼2单元502漏水"]
    one = [parse(t) for t in texts]
    assert one == parse_many(texts)
    assert [_place(p) for p in one] == [(None, None, None), ("5", None, "601"), ("3", "2", "502")]
    # the model still sees the trained reading's place tags: a flat (the plate's number) in the first message
    assert "loc:r" in read_rules(texts[0]).tags()
    assert "loc:r" not in read_rules(texts[1]).tags()


def test_the_model_features_do_not_follow_the_location_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The location reader can change without moving what the model was trained on (nor the rules' reading)."""
    text = "3号楼2单元502漏水"
    before = read_rules(text)
    monkeypatch.setattr(parser, "extract_location", lambda _norm: Location())
    after = read_rules(text)
    assert after.location == before.location == trained_location(before.norm)
    assert after.tags() == before.tags()
    assert {"loc:b", "loc:u", "loc:r"} <= set(after.tags())
    assert _place(parse(text)) == (None, None, None)  # what is registered does follow it


def test_a_place_a_part_of_the_message_gave_stays() -> None:
    rules = read_rules("3号楼的灯修好了谢谢师傅。不过8栋楼道的灯又不亮了")
    from_part = dataclasses.replace(by_rules(rules), building="8", unit=None, room=None)
    assert place_anew(from_part, rules) is from_part
    assert parse("3号楼的灯修好了谢谢师傅。不过8栋楼道的灯又不亮了").building == "8"


def test_chat_and_failures_are_left_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    chat = read_rules("谢谢大家")
    plain = by_rules(chat)
    assert not plain.is_report and place_anew(plain, chat) is plain
    report = read_rules("5栋601个阿伯摔倒了")
    read = by_rules(report)
    assert place_anew(read, None) is read

    def broken(_norm: str) -> Location:
        raise RuntimeError("a bug in the location reader")

    monkeypatch.setattr(parser, "extract_location", broken)
    assert place_anew(read, report) is read  # the trained place stands
    assert parse("5栋601个阿伯摔倒了").building == "5"
