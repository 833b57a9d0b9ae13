"""The learned reader on the final-exam sets: labelled sets it never trained on, scored like the
project's scorer, asserted at the figures this model reached (a regression guard, not a target).

The sets (tests/data/*_messages.jsonl, each with its labelling notes) were written blind by earlier
sessions to measure the word-list parser; each was scored before any fix, then the word lists were
improved with general rules (first scores in docs/parser.md of that time: holdout F1 0.937, category
0.844; blind2 0.883 / 0.780; blind3 0.906 / 0.815; blind4 0.874 / 0.702). The learned reader
(docs/parser.md) never trains on them, but it takes the word lists' findings as features, so these
figures flatter the rules' share; the honest estimate is the leave-one-writer-out figures in
docs/parser_figures.md. The rule tests below check the word lists and rules alone.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from parser_scoring import SCORER, SHARED, assert_at_least, load, predictions, score_file
from parser_scoring import parse_by_rules as parse

DATA = Path(__file__).resolve().parent / "data"
DEV = SHARED / "data" / "dev_messages.jsonl"
FIGURES = ("report_f1", "category_accuracy", "urgency_accuracy", "red_recall", "red_precision", "location_exact")
# (set, lines, figures reached by the committed model: the order of FIGURES)
REACHED = [
    ("holdout", 250, (0.997, 0.974, 0.955, 1.0, 0.923, 1.0)),
    ("probe", 138, (0.982, 0.903, 0.85, 1.0, 0.75, 1.0)),
    ("blind2", 220, (0.985, 0.939, 0.924, 1.0, 0.871, 0.977)),
    ("blind3", 200, (0.996, 0.968, 0.952, 1.0, 0.963, 1.0)),
    ("blind4", 160, (1.0, 0.971, 0.933, 0.941, 0.842, 1.0)),
    ("blind5", 150, (0.994, 0.989, 0.967, 1.0, 1.0, 1.0)),
    # written 2026-12-01, scored once; the "danger goes on" rule was shaped after one of its lines (docs/parser.md)
    ("blind6", 240, (0.997, 0.979, 0.944, 1.0, 0.824, 0.993)),
    # written 2026-12-01 (fourth session) after the "danger goes on" rule, scored once, never tuned on; one red (an
    # all-clear, then an old woman not seen since yesterday) is asked and checked since "a sure red the report head is
    # sure is no report" (docs/parser.md)
    ("blind7", 300, (0.983, 0.922, 0.883, 0.882, 0.865, 0.972)),
    # written 2026-12-02 blind, scored at each retrain of that day, never tuned on; its two red misses were read before
    # the eighth corpus round was briefed, so it is not unseen for that round (docs/parser.md)
    ("blind8", 300, (0.983, 0.944, 0.928, 0.978, 0.849, 1.0)),
    # written 2026-12-02 blind after the eighth corpus round was briefed, scored at each retrain since; nothing fitted
    # to it, but its figures were read when that day's model was kept (docs/parser.md): not strictly unseen
    ("blind9", 300, (0.994, 0.972, 0.972, 1.0, 0.96, 0.994)),
    # written 2026-12-02 blind after the ninth corpus round was briefed; nothing fitted to it; read with the red network
    # (set aside for other reasons, docs/parser.md) and then with this linear model
    ("blind10", 300, (0.983, 0.944, 0.917, 1.0, 0.894, 0.989)),
    # written 2026-12-02 blind while the eleventh corpus round was written (its writer saw none of it); nothing fitted
    # to it; read once with the eleventh round's model after it was chosen, and with the one before (docs/parser.md)
    ("blind11", 300, (0.989, 0.972, 0.956, 1.0, 0.958, 0.994)),
    # written 2026-12-02 blind at the end of the eleventh round's session, kept unread; read with the twelfth round's
    # model after it was chosen, then with the model before it and a set-aside one, deciding nothing (docs/parser.md)
    ("blind12", 300, (0.989, 0.973, 0.951, 1.0, 0.979, 0.989)),
    # written 2026-12-02 blind while the twelfth corpus round was written (its writer saw none of it), kept unread; read
    # once with the NB-weighted model after it was chosen, then with the model before it for comparison (docs/parser.md)
    ("blind13", 300, (0.989, 0.967, 0.95, 0.973, 0.9, 0.983)),
    # written 2026-12-02 blind at the end of the NB-weighting session, asked for long polite messages greeting a worker
    # or neighbour by name first; kept unread; read once with the fourteenth round's model after it was chosen, then
    # with the model before it for comparison (docs/parser.md)
    ("blind14", 300, (0.989, 0.974, 0.953, 1.0, 0.956, 0.979)),
    # written 2026-12-02 blind at the end of the fourteenth round's session, kept unread; read once with that round's
    # model (the one shipped) in the next session, before any change to the reader (docs/parser.md)
    ("blind15", 300, (0.992, 0.978, 0.961, 0.972, 0.923, 0.989)),
    # written 2026-12-03 blind at the end of the session after, kept unread while a fifteenth corpus round was tried and
    # set aside; read once with the model kept (the fourteenth round's), deciding nothing (docs/parser.md)
    ("blind16", 300, (0.981, 0.961, 0.95, 1.0, 0.902, 0.989)),
    # written 2026-12-03 blind, kept unread while 1-5-grams and a new report threshold rule were tried and not
    # adopted; read once with the model kept, deciding nothing (docs/parser.md)
    ("blind17", 300, (0.994, 0.928, 0.901, 0.975, 0.886, 0.967)),
    # written 2026-12-03 blind (the yellow/green line, places said in many forms), kept unread while a location
    # change and its retrained model were tried and not adopted; read once with the model kept (docs/parser.md)
    ("blind18", 300, (0.981, 0.934, 0.934, 1.0, 0.93, 0.984)),
    # written 2026-12-03 blind (the red line: frightening yellows and greens beside calm reds), kept unread while the
    # sure hazard rules were tried; read once with them after they were adopted, then with the model before
    # (docs/parser.md)
    ("blind19", 300, (0.978, 0.894, 0.828, 0.927, 0.704, 0.978)),
    # written 2026-12-03 blind (people, water and electricity), kept unread while four ways to the last points were
    # tried and not adopted; read once with the model after "a sure red the report head is sure is no report" was
    # adopted, then with the model before it: the same readings (docs/parser.md)
    ("blind20", 300, (0.989, 0.933, 0.911, 0.98, 0.831, 0.972)),
    # written 2026-12-03 blind, kept unread while two-line training was tried and not adopted; read once with the reader
    # that reads a message's parts, after its threshold was chosen, then without it: the same figures, three more
    # reports asked about (docs/parser.md)
    ("blind21", 300, (0.971, 0.911, 0.878, 0.917, 0.863, 0.95)),
    # written 2026-12-03 blind (about a third of its lines several sentences long), kept unread while the location forms
    # were tried and not adopted; read first with the reader kept (the part-place rule in, which changes none of its
    # readings), then with the location forms' branch and with a model without place tags, deciding nothing; its place
    # figure is the fourth reading's, after the place was read anew (2026-12-04: 0.950 -> 0.956; docs/parser.md)
    ("blind22", 300, (0.958, 0.889, 0.872, 1.0, 0.833, 0.956)),
]


@pytest.mark.parametrize(("name", "size", "reached"), REACHED, ids=[r[0] for r in REACHED])
def test_final_exam_sets(name: str, size: int, reached: tuple[float, ...]) -> None:
    assert_at_least(score_file(DATA / f"{name}_messages.jsonl", size), dict(zip(FIGURES, reached, strict=True)))


@pytest.mark.skipif(not DEV.exists(), reason="shared/ not beside the repo")
def test_shared_dev_set() -> None:
    assert_at_least(score_file(DEV, 121), dict(zip(FIGURES, (1.0, 1.0, 0.953, 1.0, 0.952, 1.0), strict=True)))


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score_parser.py not beside the repo")
def test_our_metrics_are_the_project_scorer() -> None:
    spec = importlib.util.spec_from_file_location("score_parser", SCORER)
    assert spec and spec.loader
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    labels = load(DATA / "blind2_messages.jsonl")
    preds = predictions(labels)
    ours = score_file(DATA / "blind2_messages.jsonl")
    theirs = shared.score(labels, preds)
    assert all(ours[k] == theirs[k] for k in FIGURES)


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("楼道又脏又乱，谁来打扫一下", "green"),  # 又…又…: "both … and", not "again"
        ("垃圾房附近好多老鼠，又臭又髒", "green"),
        ("13号楼楼道里又有人堆垃圾了", "yellow"),
        ("不知道是水管还是暖气漏了，天花板在滴水", "green"),  # 是A还是B: "or"
        ("3号楼的电梯还是坏的", "yellow"),
        ("小孩在楼道里玩火，把广告纸点着了，已经扑灭了", "yellow"),  # the fire is out
        ("楼道里的纸箱被点着了！", "red"),
        ("我家樓上裝修從早上敲到晚上，已經兩個禮拜了", "yellow"),
        ("有人在頂樓抽菸，之前就發生過小火災", "yellow"),  # a fire in the past, not now
        ("11栋602的老爷子在卫生间滑倒了，头磕破了", "red"),
    ],
)
def test_urgency_rules(text: str, urgency: str) -> None:
    assert parse(text).urgency == urgency


@pytest.mark.parametrize(
    ("text", "is_report"),
    [
        ("上次说电梯又坏的问题，物业已经换了新的主板，目前正常", False),  # fixed after the "again"
        ("电梯修好了没两天又坏了", True),  # broken again after the fix
        ("修好了没两天又坏了", True),
        ("有没有人看到一个小男孩，5岁左右，在游乐场走丢了", True),  # an appeal, not a question
        ("看新闻说隔壁小区昨天着火了，大家注意用电安全", False),
        ("Free moving boxes outside Flat 302, first come first served", False),
        ("我家的狗走丢了，有看到的联系我", False),  # a lost pet is not a missing person
        ("Lost cat, grey tabby, last seen near Block 4", False),
        ("听说隔壁小区昨晚有车被偷了", False),  # news from another estate
        ("温馨提示：台风将至，请各位业主收好阳台花盆，防止高空坠物", False),
        ("刚才谁说电梯坏了？我刚坐过没问题啊", False),
        ("The fire alarm in Block 2 was just a test", False),
        ("请问3号楼电梯什么时候能修好？都一个多礼拜了", True),  # a question that is a report
        ("Could we get a bike shelter near Block 5?", True),  # a request with a question mark
        ("楼上那家装修终于结束了，世界清静了", False),  # the nuisance is over
        ("加个微信吧，回头聊", False),  # 加个 (add a ...) is not a facility request here
        ("大家注意防骗，别给陌生人转账", False),  # a general warning
    ],
)
def test_report_rules(text: str, is_report: bool) -> None:
    assert parse(text).is_report is is_report


@pytest.mark.parametrize(
    ("text", "category", "urgency"),
    [
        ("Tower 3 的电梯 stuck 了，里面有人！！", "safety", "red"),  # fault + people inside: trapped
        ("电梯里有人小便，臭死了", "sanitation", "green"),
        ("有人把车停在消防通道上", "safety", "yellow"),  # a blocked fire lane, not parking
        ("谁的车防盗器响了半个小时了", "noise", "green"),  # 防盗 is not theft
        ("我家在12楼，热水器打不着火", "repair", "green"),  # 打不着火 is not a fire
        ("我爸有老年痴呆，早上出门到现在没回来", "care", "red"),
        ("Someone keeps charging an e-bike in the stairwell, it's a fire hazard", "safety", "yellow"),
        ("8号楼电梯卡住了，我女儿在里面", "care", "red"),  # a child trapped: care comes first
        ("The lift in Block A is stuck and my son is inside", "care", "red"),
        ("电梯里好像有人被关着，按铃没人应", "safety", "red"),
        ("阳台上的花盆松了，怕掉下去砸到人", "safety", "yellow"),  # a feared harm, not a near miss
        ("消防通道被车堵了，万一着火消防车都进不来", "safety", "yellow"),
        ("11栋停电了", "repair", "yellow"),  # no power for a building: many households
        ("11-2-1101停电了，是只有我家吗", "repair", "green"),  # one flat
        ("Tower 6 lost power an hour ago, anyone know what's going on?", "repair", "yellow"),
        ("樓下架電單車泊喺走火通道", "safety", "yellow"),  # 走火通道: a fire exit (Cantonese)
        ("電梯壞咗成個禮拜", "repair", "yellow"),  # 成個禮拜: a whole week
        ("楼上装修把我家墙弄脏了，找他他不认账", "dispute", "yellow"),
        ("谁家把旧床垫扔楼道里了，挡路", "sanitation", "green"),  # junk, not a parked vehicle
        ("电悌又趴窝了", "repair", "yellow"),  # homophone typo + colloquial "broke down"
        ("楼道的声控灯怎么跺脚都不亮", "repair", "green"),  # stamping to wake the light, not noise
        ("门口那辆货车停了两个多月了", "parking", "yellow"),  # a vehicle + 停了: parking, not a lift
        ("5号楼的王大妈好几天没下楼了，敲门也没人应", "care", "red"),
        ("配电房那根电线还在冒火星", "safety", "red"),
        ("窗户玻璃裂了", "repair", "green"),  # glass, not a structural crack
    ],
)
def test_category_rules(text: str, category: str, urgency: str) -> None:
    p = parse(text)
    assert (p.category, p.urgency) == (category, urgency)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("我住5号楼，但3号楼门口的井盖丢了", ("3", None, None)),  # the problem's place, not the home
        ("I live in Block 5 but the lamp by Block 3 is out", ("3", None, None)),
        ("我是五号楼三单元的，我们家楼道灯坏了", ("5", "3", None)),
        ("7栋3单元401号楼上漏水到我家", ("7", "3", "401")),  # 401号 + 楼上 (upstairs)
        ("二号楼三单元六零一卫生间漏水", ("2", "3", "601")),  # a flat number read digit by digit
        ("三零二室的门锁坏了", (None, None, "302")),
        ("二座大堂的灯一直闪", ("2", None, None)),  # Chinese numeral + 座
        ("十五幢楼下的井盖没了", ("15", None, None)),
        ("这三座楼都停电了", (None, None, None)),  # a count of buildings, not building 3
        ("Can someone check the intercom at Block A entrance?", ("A", None, None)),
        ("Tower B has no water", ("B", None, None)),
        ("Cars block a lane at the gate every morning", (None, None, None)),  # "a" the article
    ],
)
def test_location_rules(text: str, where: tuple[str | None, str | None, str | None]) -> None:
    p = parse(text)
    assert (p.building, p.unit, p.room) == where
