"""tools/mixed_lines.py: two of a writer's lines made one training message, labelled as the report in it."""

from __future__ import annotations

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))

from mixed_lines import KINDS, mixed_rows  # noqa: E402


def line(writer: str, n: int, text: str, report: bool, lang: str = "zh-Hans") -> dict:
    label = {"category": "repair", "urgency": "yellow", "building": "5"} if report else {}
    none = {"category": None, "urgency": None, "building": None}
    return {"id": f"{writer}-{n}", "writer": writer, "lang": lang, "text": text, "is_report": report, **none, **label}


ROWS = [
    line("w1", 1, "昨天的停水恢复了，谢谢物业", False),
    line("w1", 2, "今天天气真好！", False),
    line("w1", 3, "5号楼电梯又坏了", True),
    line("w2", 1, "Thanks for fixing the gate", False, "en"),
    line("w2", 2, "See you at the party!", False, "en"),
    line("w2", 3, "The lift in block 5 is stuck again", True, "en"),
    line("w3", 1, "only chat here", False, "en"),  # a writer with no report is never drawn
]
WANT = {"chat_then_report": 20, "report_then_chat": 10, "chat_then_chat": 15, "seed": 3}


def test_each_kind_is_labelled_as_the_report_in_it_or_as_none() -> None:
    out = mixed_rows(ROWS, WANT)
    assert [sum(m["mixed"] == k for m in out) for k in KINDS] == [20, 10, 15]
    by_id = {r["id"]: r for r in ROWS}
    for m in out:
        first, second = (by_id[i] for i in m["id"].split("+"))
        assert first["writer"] == second["writer"] != "w3"
        assert m["text"].startswith(first["text"]) and m["text"].endswith(second["text"])
        report = {"chat_then_report": second, "report_then_chat": first}.get(m["mixed"])
        if report is None:
            assert not first["is_report"] and not second["is_report"] and not m["is_report"]
            assert first is not second
        else:
            assert report["is_report"] and m["is_report"]
            assert (m["category"], m["urgency"], m["building"]) == (report["category"], report["urgency"], "5")


def test_the_two_lines_are_joined_as_their_language_writes() -> None:
    joined = {m["text"] for m in mixed_rows(ROWS, WANT)}
    assert "昨天的停水恢复了，谢谢物业。5号楼电梯又坏了" in joined  # no closing mark: the Chinese full stop
    assert "Thanks for fixing the gate. The lift in block 5 is stuck again" in joined
    assert "今天天气真好！ 5号楼电梯又坏了" in joined  # a closing mark already: a space


def test_the_same_seed_draws_the_same_messages_and_another_seed_others() -> None:
    assert mixed_rows(ROWS, WANT) == mixed_rows(ROWS, WANT)
    assert mixed_rows(ROWS, WANT) != mixed_rows(ROWS, {**WANT, "seed": 4})


def test_no_writer_with_both_chat_and_reports_gives_nothing() -> None:
    assert mixed_rows([r for r in ROWS if not r["is_report"]], WANT) == []
    assert mixed_rows([], WANT) == []
