"""The learned reader: export/load round trip, batch = single, the red floor and unsure red.

Over 300 lines: every rule of the decision over the heads is tested here, beside the reader they decide on.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from unsure_examples import (
    ALL_CLEAR_DANGER,
    THANKS_THEN_LIFT,
    UNSURE,
    UNSURE_DANGER,
    UNSURE_EN,
    UNSURE_EN_6,
    UNSURE_LIFT,
    UNSURE_LIGHT,
)

from bot.core.parser import parse, parse_many, read_rules
from bot.core.parser_lexicon import CATEGORIES
from bot.core.reader_model import META_PATH, WEIGHTS_PATH, Reader, default_reader, features, gram_hash
from bot.core.text_norm import normalize
from bot.core.types import Category, Urgency

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"


def _train_module():
    sys.path.insert(0, str(TOOLS))
    spec = importlib.util.spec_from_file_location("train_reader", TOOLS / "train_reader.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def constant_reader(
    report: float,
    red: float,
    category: str = "safety",
    urgency: str = "yellow",
    thresholds: dict | None = None,
    sure_hazards: list[str] | None = None,
) -> Reader:
    """A model that reads every message the same way (biases only): for testing the decision rules."""
    k = len(CATEGORIES)
    bias = [report, red] + [5.0 if c == category else -5.0 for c in CATEGORIES]
    bias += [5.0 if u == urgency else -5.0 for u in ("green", "yellow", "red")]
    meta = {
        "ngram_max": 3,
        "features": ["x"],
        "bias": bias,
        "heads": {
            "report": {"classes": ["report"], "columns": [0, 1]},
            "red": {"classes": ["red"], "columns": [1, 2]},
            "category": {"classes": list(CATEGORIES), "columns": [2, 2 + k]},
            "urgency": {"classes": ["green", "yellow", "red"], "columns": [2 + k, 5 + k]},
        },
        "thresholds": thresholds or {"report": 0.5, "red_floor": 0.2, "red_sure": 0.8, "ask_margin": 0.1},
    }
    if sure_hazards is not None:
        meta["sure_hazards"] = sure_hazards
    return Reader(meta, np.zeros((1, len(bias)), dtype="<f2"))


def test_packaged_model_loads_with_its_thresholds() -> None:
    model = default_reader()
    assert model is not None
    assert set(model.thresholds) == {
        "report",
        "red_floor",
        "red_sure",
        "ask_margin",
        "not_report",
        "part_report",
        "yellow_ratio",
    }
    assert 0 < model.thresholds["red_floor"] <= model.thresholds["red_sure"] < 1
    assert model.weights.shape == (len(model.index), len(model.bias))
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    assert meta["trained_on"]["writers"] >= 15 and meta["trained_on"]["lines"] >= 6000
    assert WEIGHTS_PATH.stat().st_size == len(meta["features"]) * len(meta["bias"]) * 2


def test_a_red_network_whose_output_layer_does_not_fit_its_hidden_units_is_refused() -> None:
    """A broken export is refused at load (the rules then read alone), not read wrong at every message."""
    meta = json.loads(json.dumps(constant_reader(0.0, 0.0).meta | {"features": ["x"]}))
    meta["bias"] = [0.0] * 16
    meta["heads"]["red"] = {"classes": ["red"], "columns": [14, 16], "out": [1.0], "out_bias": 0.0}
    with pytest.raises(ValueError, match="output layer"):
        Reader(meta, np.zeros((1, 16), dtype="<f2"))
    meta["heads"]["red"]["out"] = [1.0, -1.0]
    assert Reader(meta, np.zeros((1, 16), dtype="<f2")).columns["red"] == (14, 16)


def test_export_and_load_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model trained with scikit-learn, exported and read back gives scikit-learn's probabilities."""
    train = _train_module()
    rows = [
        {
            "id": f"t{i}",
            "writer": "t",
            "lang": "zh-Hans",
            "text": text,
            "is_report": rep,
            "category": cat,
            "urgency": urg,
            "building": None,
            "unit": None,
            "room": None,
        }
        for i, (text, rep, cat, urg) in enumerate(
            [
                ("厨房着火了快来人", True, "safety", "red"),
                ("楼道灯坏了", True, "repair", "green"),
                ("电梯又坏了", True, "repair", "yellow"),
                ("谢谢大家", False, None, None),
                ("今天天气真好", False, None, None),
                ("有人吵架打起来了", True, "security", "red"),
                ("垃圾没人清", True, "sanitation", "yellow"),
                ("收到", False, None, None),
            ]
            * 3
        )
    ]
    data = train.Featurised(rows, 3)
    # the red network (off in the packaged model, docs/parser.md) exported and read back as the bot reads it
    network = {"hidden": 32, "alpha": 1e-3, "epochs": 12, "batch": 500, "min_df": 5}
    config = {**train.CONFIG, "min_df": 1, "red_mlp": network, "red_blend": 0.0}
    meta, weights = train.train(data, list(range(len(rows))), config)
    monkeypatch.setattr(train, "META_PATH", tmp_path / "reader.json")
    monkeypatch.setattr(train, "WEIGHTS_PATH", tmp_path / "reader.f16")
    th = {"report": 0.5, "red_floor": 0.3, "red_sure": 0.7, "ask_margin": 0.1}
    train.export(meta, weights, th, rows)
    loaded = Reader.load(tmp_path / "reader.json", tmp_path / "reader.f16")
    assert loaded.thresholds == th
    in_memory = train.reader(meta, weights, th)
    x = train.matrix(data.feats, meta["features"])
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    # the report head is NB-LR: scikit-learn's logistic regression over the features scaled by their log-count
    # ratio, the scaling folded into the exported weights
    is_report = np.array([r["is_report"] for r in rows])
    scaled = x @ sparse.diags(train.nb_ratio(x, is_report, config["nb_alpha"]["report"]))
    sk = LogisticRegression(C=config["C"]["report"], max_iter=3000, tol=1e-6).fit(scaled, is_report.astype(int))
    # the category head is NB-SVM, one class against the rest: each class's margin as scikit-learn gives it
    reports = np.flatnonzero(is_report)
    cats = np.array([rows[k]["category"] for k in reports])
    margins = {}
    for name in sorted(set(cats)):
        r = train.nb_ratio(x[reports], cats == name, config["nb_alpha"]["category"])
        svm = LinearSVC(C=config["C"]["category"], max_iter=5000, random_state=0).fit(
            x[reports] @ sparse.diags(r), (cats == name).astype(int)
        )
        margins[name] = svm.decision_function(x @ sparse.diags(r))
    lo, _ = meta["heads"]["category"]["columns"]
    red, hidden_in = train._fit_mlp(x, [int(r["urgency"] == "red") for r in rows], config["red_mlp"])
    keep = np.flatnonzero(np.abs(hidden_in).sum(axis=1) > 0)  # the network's inputs: features in >= its min_df lines
    assert 0 < len(keep) < x.shape[1]  # the others' rows are 0 in the export
    assert meta["heads"]["red"]["columns"][1] - meta["heads"]["red"]["columns"][0] == network["hidden"]
    for i, feats in enumerate(data.feats):
        a = loaded.scores(loaded.logits(loaded.rows(feats)))
        b = in_memory.scores(in_memory.logits(in_memory.rows(feats)))
        assert a == b
        assert a.report == pytest.approx(sk.predict_proba(scaled[i])[0][1], abs=2e-3)  # float16 weights
        logits = loaded.logits(loaded.rows(feats))
        for name, m in margins.items():
            assert logits[lo + list(CATEGORIES).index(name)] == pytest.approx(m[i], abs=2e-2)
        assert a.red == pytest.approx(red.predict_proba(x[i][:, keep])[0][1], abs=5e-3)  # hidden and output layers
    linear, _ = train.train(data, list(range(len(rows))), {**train.CONFIG, "min_df": 1})
    assert "out" not in linear["heads"]["red"] and linear["red_blend"] == 0.5  # the packaged kind: one red column


def test_batch_reads_like_one_at_a_time() -> None:
    texts = [
        "3号楼2单元楼道灯坏了",
        "谢谢王师傅",
        "",
        "厨房冒烟了！！",
        "x" * 5000,
        "🔥🔥🔥",
        "lift stuck with people inside",
    ]
    assert parse_many(texts) == [parse(t) for t in texts]


def test_a_hazard_rule_keeps_red_when_the_model_disagrees() -> None:
    """The model alone never demotes a red a hazard rule found; the writer may say it is not urgent."""
    assert read_rules("7号楼1单元302厨房冒烟了！快来人").hazard
    p = parse("7号楼1单元302厨房冒烟了！快来人", reader=constant_reader(report=5.0, red=-8.0))
    assert p.is_report and p.urgency is Urgency.RED and p.red_unsure
    assert (p.building, p.unit, p.room) == ("7", "1", "302")


def test_only_a_hazard_the_corpus_shows_is_red_keeps_red_against_the_model(tmp_path: Path) -> None:
    """A hazard word or rule keeps a report red against the heads only when the model holds it sure (red on nine in
    ten of the training lines it stands in); another is one more feature the heads weigh. A model exported without
    the list holds every hazard sure; a community's own red word is always sure."""
    from bot.core.parser import TRAPPED_INSIDE_RULE
    from bot.core.parser_lexicon import load_lexicon

    text = "7号楼1单元302厨房冒烟了！快来人"
    assert read_rules(text).signals.red_words == {"冒烟"}
    doubting = {"report": 5.0, "red": -8.0, "urgency": "green"}  # P(red) ~ 0.0003: under any floor
    for sure in (None, ["冒烟", "火灾"]):
        p = parse(text, reader=constant_reader(**doubting, sure_hazards=sure))
        assert p.urgency is Urgency.RED and p.red_unsure, sure
    p = parse(text, reader=constant_reader(**doubting, sure_hazards=["火灾"]))
    assert p.is_report and p.urgency is Urgency.YELLOW and not p.red_unsure  # safety: at least yellow (the guide)
    # the rules' own hazards carry names the list can hold: someone inside a broken lift
    lift = "3号楼电梯卡住了，里面有人"
    assert read_rules(lift).signals.red_words == {TRAPPED_INSIDE_RULE}
    assert parse(lift, reader=constant_reader(**doubting, sure_hazards=[TRAPPED_INSIDE_RULE])).urgency is Urgency.RED
    assert parse(lift, reader=constant_reader(**doubting, sure_hazards=[])).urgency is not Urgency.RED
    ours = tmp_path / "ours.toml"
    ours.write_text('[urgency]\nred = ["喷泉漏电"]\n', encoding="utf-8")
    p = parse("喷泉漏电了", lexicon=load_lexicon([ours]), reader=constant_reader(**doubting, sure_hazards=[]))
    assert p.urgency is Urgency.RED


def test_the_sure_hazards_are_learned_from_the_training_lines() -> None:
    """``sure_hazards``: a hazard word red on at least nine in ten of the (at least three) training lines where it
    makes a hazard is sure; one often said of what is not red, or seen too seldom, is not."""
    train = _train_module()
    lines = [("3号楼厨房冒烟了", "red")] * 9 + [("3号楼厨房冒烟了", "yellow")]  # 0.9: sure
    lines += [("电梯卡住了，里面有人", "red")] * 3 + [("电梯卡住了，里面有人", "yellow")] * 2  # 0.6: not
    lines += [("有人晕倒了", "red")] * 2  # seen twice: too seldom
    rows = [
        {"id": str(i), "writer": "w", "text": t, "is_report": True, "urgency": u, "category": "safety"}
        for i, (t, u) in enumerate(lines)
    ]
    data = train.Featurised.__new__(train.Featurised)
    data.rows = rows
    data.rules = [read_rules(r["text"]) for r in rows]
    assert all(r.hazard for r in data.rules)
    assert train.sure_hazards(data, list(range(len(rows)))) == ["冒烟"]
    assert train.sure_hazards(data, list(range(9, len(rows)))) == []  # on lines 9-: one 冒烟, yellow


def test_red_floor_and_sure_red() -> None:
    text = "楼下有个人躺在地上一动不动"
    low = constant_reader(report=5.0, red=-5.0, urgency="green")  # P(red) ~ 0.007 < floor
    floor = constant_reader(report=5.0, red=-0.5)  # P(red) ~ 0.38: between floor and sure
    sure = constant_reader(report=5.0, red=3.0)  # P(red) ~ 0.95
    if not read_rules(text).hazard:
        assert parse(text, reader=low).urgency is Urgency.GREEN
    assert parse(text, reader=floor).urgency is Urgency.RED and parse(text, reader=floor).red_unsure
    assert parse(text, reader=sure).urgency is Urgency.RED and not parse(text, reader=sure).red_unsure


def test_sure_red_is_a_report_even_when_the_report_head_doubts() -> None:
    p = parse("楼下有个人躺在地上一动不动", reader=constant_reader(report=-3.0, red=3.0))
    assert p.is_report and p.urgency is Urgency.RED and p.confidence >= 0.99


@pytest.mark.parametrize("text", ["👍！", "Wow!", "好！", "随便什么"])
def test_sure_red_alone_makes_no_report_of_words_that_name_nothing(text: str) -> None:
    """The red head learned "!" from short alarms ("Fire!!"): it was sure of "👍！" (P(red) 0.65), and a sure red
    made a red event of a thumbs-up. A sure red makes a report only of words in which the lists find a problem."""
    p = parse(text, reader=constant_reader(report=-3.0, red=3.0))
    assert not p.is_report
    assert not parse(text).is_report  # and the packaged reader


@pytest.mark.parametrize("text", ["快报警！", "快啲報警！", "救命！！", "HELP!!!", "Fire!"])
def test_a_short_cry_for_help_is_still_a_red_report(text: str) -> None:
    """The gate above keeps the cries the word lists know: "快报警！" (call the police, quick!) named nothing they
    knew and was dropped by it, until "快报警" joined "叫120" and "报火警" among the danger words."""
    p = parse(text)
    assert p.is_report and p.urgency is Urgency.RED


def test_a_danger_that_is_over_is_not_a_report_when_the_report_head_doubts() -> None:
    """The guide: "it's over now" updates are not reports. A sure-looking red no longer makes one of them a report
    when the rules read that the danger is over and the report head doubts it (found in review: a new red alarm
    for "已经救出来了"); a danger still going on stays red, and so does anything the report head believes."""
    doubts, believes = constant_reader(report=-3.0, red=3.0), constant_reader(report=3.0, red=3.0)
    over = "刚才3号楼电梯困人，已经救出来了"
    assert "over" in read_rules(over).signals.tags and not read_rules(over).hazard
    assert not parse(over, reader=doubts).is_report
    # but asked, with a person told to check: the rules may misread what is over (a second lift still shut)
    assert parse(over, reader=doubts).ask and parse(over, reader=doubts).maybe_danger
    assert parse(over, reader=believes).urgency is Urgency.RED
    assert parse("3号楼电梯困人了！", reader=doubts).urgency is Urgency.RED
    for text in (over, "Fire alarm in block 3 was a false alarm, all clear", "3号楼煤气味没了，虚惊一场"):
        assert not parse(text).is_report, text  # the packaged reader
    assert parse("电梯困人，刚救出来一个，还有一个在里面").urgency is Urgency.RED
    # found in the diff review: an "over" word before the danger does not end it ("still trapped")
    still = "已经救出来一个，还有一个老人困在电梯里"
    assert not read_rules(still).signals.over_now()
    assert parse(still, reader=doubts).urgency is Urgency.RED and parse(still).urgency is Urgency.RED
    # nor does a negated one ("NOT a false alarm", "不是虚惊一场"; found in the second diff review)
    negated = "smoke in block 5 stairwell, this is NOT a false alarm"
    assert not read_rules(negated).signals.over_now() and not read_rules("老人摔倒了，不是虚惊一场").signals.over_now()
    assert parse(negated, reader=doubts).urgency is Urgency.RED


def test_a_danger_told_as_still_there_after_an_over_word_is_a_red_report() -> None:
    """Known miss of the last stop: "the fire is out, but someone is still trapped" was dropped, because the model
    learned that over words mean "no report". A danger word after the last over word, with "but / still / now"
    between them, or an over word only denied, is a red report whatever the heads say; the writer may say it is
    not urgent. A danger word that explains what is over, or one negated ("没人受伤"), is not."""
    doubts = constant_reader(report=-3.0, red=-3.0)
    goes_on = (
        "火已经灭了但是还有人困在里面",
        "刚才说是虚惊一场，结果现在又冒烟了",
        "一个救出来了，还有一个还困在电梯里",
        "False alarm earlier, but now there is real smoke in the stairwell of Block 5",
        "老人摔倒了，不是虚惊一场",
    )
    for text in goes_on:
        p = parse(text, reader=doubts)
        assert p.is_report and p.urgency is Urgency.RED and p.red_unsure, text
        assert parse(text).urgency is Urgency.RED, text  # the packaged reader
    for text in (
        "刚才3号楼电梯困人，已经救出来了",
        "火已经灭了，但是没人受伤",
        "火灭了，不过没有人被困",
        "救出来了，还好没人受伤",
        "It was a false alarm, the fire alarm was set off by burnt toast",
    ):
        assert not read_rules(text).danger_goes_on, text
        assert not parse(text, reader=doubts).is_report, text
    # "是不是误报?" asks; it neither ends the danger nor denies that it ended
    assert not read_rules("楼道烟雾报警器一直在响，是不是误报？").danger_goes_on
    # the rules alone (no model files) read it red too
    assert parse("火已经灭了但是还有人困在里面", reader=False).urgency is Urgency.RED


def test_safety_security_dispute_are_at_least_yellow() -> None:
    for cat in ("safety", "security", "dispute"):
        p = parse("随便什么", reader=constant_reader(report=5.0, red=-8.0, category=cat, urgency="green"))
        assert p.category == Category(cat) and p.urgency is Urgency.YELLOW


def test_yellow_ratio_moves_the_line_between_yellow_and_green() -> None:
    th = {"report": 0.5, "red_floor": 0.3, "red_sure": 0.8, "ask_margin": 0.1, "yellow_ratio": 1.5}
    model = constant_reader(report=5.0, red=-8.0, category="repair", thresholds=th)
    lo, hi = model.columns["urgency"]
    model.bias[lo:hi] = np.log([0.42, 0.38, 0.20])  # yellow + red = 0.58: over green, under 1.5 x green
    assert parse("随便什么", reader=model).urgency is Urgency.GREEN
    model.thresholds["yellow_ratio"] = 1.0
    assert parse("随便什么", reader=model).urgency is Urgency.YELLOW
    del model.thresholds["yellow_ratio"]  # a model exported before the ratio existed reads as before
    assert parse("随便什么", reader=model).urgency is Urgency.YELLOW


def test_yellow_ratio_is_chosen_on_held_out_scores() -> None:
    """Green reports the urgency head leans 1.3 : 1 towards yellow, yellow ones 2 : 1: the ratio between wins."""
    train = _train_module()
    from bot.core.reader_model import Scores

    rows, scores = [], []
    for i in range(200):
        colour = "yellow" if i % 2 else "green"
        lean = 2.0 if colour == "yellow" else 1.3
        green = 1.0 / (1.0 + lean)
        rows.append({"id": str(i), "writer": "w", "text": "x", "is_report": True, "urgency": colour})
        scores.append(
            Scores(
                report=0.9,
                red=0.01,
                category={"repair": 1.0},
                urgency={"green": green, "yellow": 1.0 - green, "red": 0.0},
            )
        )
    data = train.Featurised.__new__(train.Featurised)
    data.rows = rows
    data.rules = [read_rules(r["text"]) for r in rows]
    assert train.choose_thresholds(data, scores)["yellow_ratio"] == 1.5


def test_thresholds_reach_the_red_recall_floor() -> None:
    """The red floor is the highest threshold that keeps red recall at the floor on held-out scores."""
    train = _train_module()
    from bot.core.reader_model import Scores

    rows, scores = [], []
    rng = np.random.default_rng(0)
    for i in range(400):
        red = i % 4 == 0
        rows.append(
            {
                "id": str(i),
                "writer": "w",
                "text": "随便什么",
                "is_report": True,
                "urgency": "red" if red else "green",
                "category": "safety",
            }
        )
        p_red = float(rng.beta(5, 2) if red else rng.beta(2, 5))
        scores.append(Scores(report=0.9, red=p_red, category={"safety": 1.0}, urgency={"green": 1.0}))
    data = train.Featurised.__new__(train.Featurised)
    data.rows = rows
    data.rules = [read_rules(r["text"]) for r in rows]
    th = train.choose_thresholds(data, scores)
    caught = sum(s.red >= th["red_floor"] for r, s in zip(rows, scores, strict=True) if r["urgency"] == "red")
    assert caught / 100 >= 0.98
    assert th["red_floor"] <= th["red_sure"]


def test_the_red_floor_is_checked_with_the_whole_decision() -> None:
    """A red the sure-red path would catch but the whole decision drops (an "over" update the report head doubts)
    does not count toward red recall: the floor steps down until the other reds make up for it."""
    train = _train_module()
    from bot.core.reader_model import Scores

    def row(i: int, text: str, report: bool, urgency: str | None, p_report: float, p_red: float) -> None:
        category = "safety" if report else None
        rows.append(
            {"id": str(i), "writer": "w", "text": text, "is_report": report, "urgency": urgency, "category": category}
        )
        scores.append(Scores(report=p_report, red=p_red, category={"safety": 1.0}, urgency={"green": 1.0}))

    rows: list[dict] = []
    scores: list = []
    # labelled red, read as over: dropped at any floor
    row(0, "刚才3号楼电梯困人，已经救出来了", True, "red", 0.2, 0.99)
    for i, p_red in enumerate([0.405, 0.415, 0.425] + [0.9] * 96, start=1):
        row(i, "随便什么", True, "red", 0.9, p_red)
    for i in range(100, 400):
        row(i, "随便什么", True, "green", 0.9, 0.05)
    for i in range(400, 500):
        row(i, "随便什么", False, None, 0.5, 0.05)  # chat the report head half believes: its line goes above 0.2
    data = train.Featurised.__new__(train.Featurised)
    data.rows = rows
    data.rules = [read_rules(r["text"]) for r in rows]
    th = train.choose_thresholds(data, scores)
    whole = [train.read(data, i, scores[i], th)["urgency"] == "red" for i in range(100)]
    assert th["report"] > 0.2 and not whole[0]
    # counting the dropped red, 0.42 would have kept 98 of 100; the whole decision needs 0.41 for that
    assert th["red_floor"] == 0.41 and sum(whole) == 98


def test_features_fold_digits_and_stay_bounded() -> None:
    assert features("3号楼", []) == features("12号楼", [])
    assert len(features("啊" * 100_000, [])) < 16
    assert "\x1ft:hazard" in features("x", ["hazard"])
    assert "\x1fw:fire" in features("fire", [])


def test_hashed_ngrams_read_like_the_named_features() -> None:
    """The bot looks n-grams up by hash for a whole batch; training names them: both give the same scores."""
    model = default_reader()
    assert model is not None
    texts = ["3号楼2单元楼道灯坏了", "谢谢王师傅", "", "7號樓冒煙了！！", "x" * 5000, "🔥🔥🔥 fire in blk 5"]
    rules = [read_rules(t) for t in texts]
    by_name = np.array([model.logits(model.rows(features(r.norm, r.tags(), model.n_max))) for r in rules])
    msgs, rows = model.pairs([r.norm for r in rules], [r.tags() for r in rules])
    assert np.allclose(by_name, model.logits_pairs(len(texts), msgs, rows), atol=1e-5)
    assert gram_hash("ab") != gram_hash("ba") and gram_hash("a") != gram_hash("a ")


def test_committed_model_is_the_training_output() -> None:
    """Retraining on the committed corpus gives the committed files: the same features, heads and weights (thresholds
    kept)."""
    train = _train_module()
    rows = train.load_corpus()
    meta, weights = train.train(train.Featurised(rows, train.CONFIG["ngram_max"]), list(range(len(rows))))
    committed = json.loads(META_PATH.read_text(encoding="utf-8"))
    assert meta["features"] == committed["features"] and meta["bias"] == committed["bias"]
    assert meta["heads"] == committed["heads"]
    # by value: a weight of about 1e-9 may round to -0.0 or +0.0 as numpy's sums fall on the memory (alignment)
    new = np.ascontiguousarray(weights, dtype="<f2")
    kept = np.frombuffer(WEIGHTS_PATH.read_bytes(), dtype="<f2")
    assert kept.size == new.size and np.array_equal(new.reshape(-1), kept)
    assert committed["trained_on"]["corpus_sha256"] == train.corpus_digest(rows)


def test_a_community_word_is_certain(tmp_path: Path) -> None:
    """The committee's own words (LEXICON_FILES) decide report and category whatever the model says."""
    from bot.core.parser_lexicon import load_lexicon

    extra = tmp_path / "ours.toml"
    extra.write_text('[category]\nrepair = ["喷泉不喷"]\n', encoding="utf-8")
    doubting = constant_reader(report=-5.0, red=-8.0, category="noise", urgency="green")
    p = parse("小广场的喷泉不喷了", lexicon=load_lexicon([extra]), reader=doubting)
    assert p.is_report and p.category is Category.REPAIR
    assert not parse("小广场的喷泉不喷了", reader=doubting).is_report


@pytest.mark.parametrize("text", ["3号楼", "5栋", "7号楼的", "3号楼2单元", "Block 5", "3-2-302", "2单元302室啊"])
def test_a_place_alone_is_not_a_report(text: str) -> None:
    """ "7号楼" answering a neighbour's "您住几号楼？" names no problem: not a report, and not asked about."""
    from bot.core.parser import parse

    p = parse(text)
    assert not p.is_report and not p.ask and "place_only" in p.reasons


def test_a_place_with_a_problem_stays_a_report() -> None:
    from bot.core.parser import parse
    from bot.core.types import Urgency

    assert parse("3号楼电梯").is_report and parse("7号楼着火了").urgency is Urgency.RED


def test_invisible_characters_pasted_inside_words_change_nothing() -> None:
    """Found in the message-kinds review: a zero-width space (copy-pasted text) turned "着火" yellow and lost the
    building; format characters are dropped in normalisation (not the joiner that holds emoji together)."""
    for mark in ("\u200b", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200d"):  # the joiner: second diff review
        fire = parse(f"3号楼着{mark}火了")
        assert fire.is_report and fire.urgency is Urgency.RED and fire.building == "3", repr(mark)
        assert parse(f"5{mark}号楼2单元电梯坏了").building == "5", repr(mark)
    assert normalize("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"


@pytest.mark.parametrize("text", [UNSURE, UNSURE_LIFT, UNSURE_LIGHT, UNSURE_EN, UNSURE_EN_6, THANKS_THEN_LIFT])
def test_the_tests_unsure_examples_are_asked(text: str) -> None:
    """The conversation tests of "Report it?" need messages the packaged reader asks about, and whose confirmed
    reading is no emergency (tests/unsure_examples.py): a retrain that moves one fails here, naming it."""
    from bot.services.reports import forced

    p = parse(text)
    assert not p.is_report and p.ask, f"{text!r} is no longer asked about after the retrain: {p.reasons[:2]}"
    assert forced(text).urgency is not Urgency.RED, f"{text!r} confirmed would be red: choose another"


def test_the_tests_possible_danger_is_asked_and_checked_and_the_others_are_not() -> None:
    """UNSURE_DANGER is asked with a person to check it (P(red) at the red floor); the other vague examples are
    asked only: a retrain that moves one fails here, naming it."""
    danger = parse(UNSURE_DANGER)
    assert not danger.is_report and danger.ask and danger.maybe_danger, danger.reasons[:2]
    for text in (UNSURE, UNSURE_LIFT, UNSURE_LIGHT, UNSURE_EN, UNSURE_EN_6):
        assert not parse(text).maybe_danger, f"{text!r} now reads as a possible danger: {parse(text).reasons[:2]}"


def test_an_asked_message_is_a_possible_danger_at_the_red_floor() -> None:
    """Under the report line but in the ask band, a message whose P(red) reaches the red floor is marked
    ``maybe_danger`` (a person checks it); under the floor, or out of the ask band, it is not."""
    from bot.core.parser import decide
    from bot.core.reader_model import Scores

    th = {"report": 0.5, "ask_margin": 0.2, "red_floor": 0.2, "red_sure": 0.9, "yellow_ratio": 1.0}
    rules = read_rules("随便说说")

    def read(report: float, red: float) -> tuple[bool, bool, bool]:
        p = decide(rules, Scores(report=report, red=red, category={"safety": 1.0}, urgency={"green": 1.0}), th)
        return p.is_report, p.ask, p.maybe_danger

    assert read(0.4, 0.2) == (False, True, True)
    assert read(0.4, 0.19) == (False, True, False)
    assert read(0.2, 0.8) == (False, False, False)  # not asked: nobody is told either


def test_a_sure_red_the_report_head_is_sure_is_no_report_is_asked_and_checked() -> None:
    """A sure red that names a danger is a red report, unless P(report) is under ``not_report`` (an all-clear, a
    joke: "刚才的火警铃是消防演练"): then it is no report, but asked with a person to check it. A model exported
    without ``not_report`` makes every such sure red a report, as before."""
    from bot.core.parser import decide
    from bot.core.reader_model import Scores

    th = {"report": 0.5, "ask_margin": 0.2, "red_floor": 0.2, "red_sure": 0.6, "yellow_ratio": 1.0, "not_report": 0.1}
    rules = read_rules("5号楼有煤气味")

    def read(report: float, red: float, thresholds: dict) -> tuple[bool, Urgency | None, bool, bool]:
        p = decide(rules, Scores(report=report, red=red, category={"safety": 1.0}, urgency={"red": 1.0}), thresholds)
        return p.is_report, p.urgency, p.ask, p.maybe_danger

    assert read(0.1, 0.7, th) == (True, Urgency.RED, False, False)  # at the line: the sure red makes the report
    assert read(0.09, 0.7, th) == (False, None, True, True)  # under it: asked, and a person checks it
    assert read(0.09, 0.59, th) == (False, None, False, False)  # not a sure red: the report head alone decides
    old = {k: v for k, v in th.items() if k != "not_report"}
    assert read(0.01, 0.7, old) == (True, Urgency.RED, False, False)


def test_the_packaged_model_asks_rather_than_pages_for_an_all_clear_with_danger_words() -> None:
    """Updates and jokes full of danger words (written for this test, in no corpus or exam set) are not paged as red.
    The first is a sure red the report head is sure is no report: asked, and a person checks it (the model before
    read it as a red report). A retrain that pages one of them fails here, naming it."""
    doubted = parse(ALL_CLEAR_DANGER)
    assert not doubted.is_report and doubted.ask and doubted.maybe_danger, doubted.reasons[:2]
    for text in (
        "刚才有人喊救命，原来是楼上在看恐怖片，没事了",
        "笑死，我儿子说作业多到要爆炸了💥救命啊",
        "The smoke alarm went off because I burnt the toast, no fire, sorry everyone 🙈",
        "頭先火警鐘響係演習，冇事",
    ):
        p = parse(text)
        assert not p.is_report, f"{text!r} is read as a report: {p.reasons[:2]}"
