"""The learned fallback (bot/core/parser_model.py; docs/parser.md, "Learned fallback")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import bot.core.parser as parser_mod
import bot.core.parser_model as model_mod
from bot.core.parser import parse
from bot.core.parser_model import MODEL_PATH, Model, default_model, features

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "tools" / "train_parser_model.py"
NO_WORD_REPORT = "楼上的狗从晚上十点叫到凌晨两点"  # no strong word: the lists alone say "not a report"


def test_model_loads() -> None:
    m = default_model()
    assert m is not None
    assert m.report.classes == ("not", "report")
    assert "other" in m.category.classes
    assert 0.0 <= m.p_report(features("收到")) < 0.01
    assert m.p_report(features(NO_WORD_REPORT)) > 0.999


def test_p_report_matches_the_head() -> None:
    m = default_model()
    assert m is not None
    for text in ["收到", "3号楼电梯坏了", "hello", ""]:
        f = features(text)
        assert m.p_report(f) == pytest.approx(m.report.proba(f)["report"], abs=1e-9)


def test_features_fold_digits_and_are_bounded() -> None:
    assert features("3号楼") == features("12号楼")
    assert len(features("啊" * 100_000)) < 10


def test_fallback_makes_a_confirm_first_report() -> None:
    p = parse(NO_WORD_REPORT)
    assert p.is_report and p.category == "noise" and p.urgency == "green"
    assert p.confidence < parser_mod.CONFIRM_BELOW
    assert any(r.startswith("model:report") for r in p.reasons)
    assert parse(NO_WORD_REPORT) == p  # deterministic


def test_without_the_model_the_lists_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser_mod, "default_model", lambda: None)
    assert not parse(NO_WORD_REPORT).is_report


@pytest.mark.parametrize(
    "text",
    [
        "收到",
        "+1",
        "谢谢物业",
        "明天几点停水？",
        "Lost cat, grey tabby, last seen near Block 4",
        "我家的狗走丢了，有看到的联系我",
    ],
)
def test_vetoed_or_chat_stays_not_a_report(text: str) -> None:
    assert not parse(text).is_report


def test_the_model_never_makes_a_report_red() -> None:
    m = default_model()
    assert m is not None
    assert parse(NO_WORD_REPORT).urgency != "red"


@pytest.mark.parametrize(
    "text",
    [
        None,
        b"\xff\xfe",
        12345,
        "",
        " ",
        "\x00\x01\x02",
        "🔥" * 5000,
        "又" * 20000,
        "a" * 100_000,
        "\ud800",
        "3-2-302" * 999,
    ],
)
def test_never_raises(text: object) -> None:
    p = parse(text)  # type: ignore[arg-type]
    assert p.is_report in (True, False)


def test_broken_model_file_turns_the_fallback_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(model_mod, "MODEL_PATH", bad)
    assert default_model.__wrapped__() is None
    monkeypatch.setattr(model_mod, "MODEL_PATH", tmp_path / "missing.json")
    assert default_model.__wrapped__() is None


def test_committed_model_is_the_training_output(tmp_path: Path) -> None:
    """tools/train_parser_model.py is deterministic and the committed file is its output."""
    spec = importlib.util.spec_from_file_location("train_parser_model", TRAIN)
    assert spec and spec.loader
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    if not all(p.exists() for p in train.DEFAULT_INPUTS):
        pytest.skip("shared/data/dev_messages.jsonl not beside the repo")
    assert not any(p.name in train.HELD_OUT for p in train.DEFAULT_INPUTS)
    data = train.train(train.load(train.DEFAULT_INPUTS))
    assert train.dumps(data) == MODEL_PATH.read_text(encoding="utf-8")
    Model(data)  # loads
