"""A message read again part by part: a thank-you or an all-clear before a new problem no longer hides it."""

from __future__ import annotations

import copy

import pytest
from test_reader import _train_module
from unsure_examples import THANKS_THEN_LIFT, UNSURE_LIFT

from bot.core import parser
from bot.core.parser import needs_confirmation, parse, parse_many, read_rules
from bot.core.parser_location import Location
from bot.core.parser_parts import MAX_PARTS, ask_on_part, parts, problem_place
from bot.core.reader_model import Reader, Scores, default_reader
from bot.core.types import Category, ParsedReport

THANKS_THEN_GATE = "Thanks for fixing the gate yesterday! Also the lift in block 4 is stuck again"
GREEN = {"green": 1.0, "yellow": 0.0, "red": 0.0}
TH = {"report": 0.5, "red_floor": 0.2, "red_sure": 0.8, "ask_margin": 0.1, "part_report": 0.6}


def test_parts_split_at_sentence_ends_and_turns() -> None:
    assert parts(THANKS_THEN_LIFT) == ["昨天的停水已经恢复了，谢谢物业", "另外5号楼2单元电梯又坏了"]
    assert parts(THANKS_THEN_GATE) == [
        "Thanks for fixing the gate yesterday!",
        "Also the lift in block 4 is stuck again",
    ]
    assert parts("水已经来了，谢谢，不过3号楼电梯还是停着") == ["水已经来了，谢谢", "不过3号楼电梯还是停着"]
    assert parts("第一行\n第二行说点别的") == ["第一行", "第二行说点别的"]


def test_one_part_is_no_parts() -> None:
    assert parts("3号楼2单元楼道灯坏了") == []
    assert parts("电费涨到0.65元了吗") == []  # a decimal point ends no sentence
    assert parts("好的。嗯") == []  # pieces too short to say anything alone
    assert parts("") == []


def test_a_long_letter_is_read_only_so_far() -> None:
    assert len(parts("楼道灯坏了。" * 100)) == MAX_PARTS


def test_ask_on_part_asks_only_about_silent_chat() -> None:
    chat = ParsedReport(is_report=False, confidence=0.9, reasons=("model:report 0.05",))
    asked = ask_on_part(chat, (0.7, 0.1), TH)
    assert asked.ask and needs_confirmation(asked) and not asked.maybe_danger and not asked.is_report
    assert asked.reasons[-1] == "part:report 0.70"
    assert ask_on_part(chat, (0.7, 0.3), TH).maybe_danger  # the part may be a danger: a person checks it
    assert ask_on_part(chat, (0.59, 0.9), TH) is chat  # under the part threshold
    assert ask_on_part(chat, None, TH) is chat  # no part names a problem
    assert ask_on_part(chat, (0.99, 0.9), {k: v for k, v in TH.items() if k != "part_report"}) is chat  # older model
    report = ParsedReport(is_report=True, confidence=0.9)
    assert ask_on_part(report, (0.99, 0.9), TH) is report
    already = ParsedReport(is_report=False, ask=True, confidence=0.5)
    assert ask_on_part(already, (0.99, 0.9), TH) is already


@pytest.fixture
def with_parts() -> Reader:
    """The packaged model, reading parts at 0.6 whatever its own thresholds say."""
    model = copy.copy(default_reader())
    model.thresholds = {**model.thresholds, "part_report": 0.6}
    return model


@pytest.mark.parametrize("text", [THANKS_THEN_LIFT, THANKS_THEN_GATE])
def test_a_new_problem_after_thanks_is_asked_about(with_parts: Reader, text: str) -> None:
    without = copy.copy(with_parts)
    without.thresholds = {k: v for k, v in with_parts.thresholds.items() if k != "part_report"}
    before = parse(text, reader=without)
    assert not before.is_report and not before.ask  # the whole message alone reads as a thank-you
    after = parse(text, reader=with_parts)
    assert after.ask and not after.is_report and any(r.startswith("part:report") for r in after.reasons)
    assert parse_many([text], reader=with_parts) == [after]


def test_a_yes_registers_the_part_asked_about(with_parts: Reader) -> None:
    """The writer's yes confirms the part the question came from: its kind, colour and place, or the whole's place
    when the part names none; a message asked about as a whole is read whole, as before."""
    lift = parse("5号楼的停水已经恢复了，谢谢物业。另外7号楼2单元电梯又坏了", reader=with_parts, said_report=True)
    assert (lift.is_report, lift.category, lift.building, lift.unit) == (True, Category.REPAIR, "7", "2")
    no_place = parse("5号楼的停水已经恢复了，谢谢物业。另外电梯又坏了", reader=with_parts, said_report=True)
    assert (no_place.category, no_place.building) == (Category.REPAIR, "5")
    whole = parse(UNSURE_LIFT, reader=with_parts, said_report=True)  # asked as a whole: read whole
    assert (whole.category, whole.building) == (Category.REPAIR, "5")


def test_thanks_alone_stays_chat(with_parts: Reader) -> None:
    for text in ("谢谢物业，昨天的停水已经恢复了。大家辛苦了！", "Thanks for fixing the gate yesterday! Great job."):
        p = parse(text, reader=with_parts)
        assert not p.is_report and not p.ask


def test_part_scores_read_only_parts_naming_a_problem(with_parts: Reader) -> None:
    got = parser.part_scores([THANKS_THEN_LIFT, "3号楼2单元楼道灯坏了", "大家好。今天天气不错"], with_parts)
    assert got[0] is not None and got[0][0] >= 0.6
    assert got[1] is None  # one part
    assert got[2] is None  # no part names a problem
    assert not parser._names_a_problem(read_rules("今天天气不错"))


def test_a_failure_reading_parts_keeps_the_whole_reading(with_parts: Reader, monkeypatch) -> None:
    def broken(*_a: object, **_k: object) -> list:
        raise RuntimeError("a bug in the part reader")

    monkeypatch.setattr(parser, "best_parts", broken)
    p = parse(THANKS_THEN_LIFT, reader=with_parts)
    assert not p.ask and "error" not in p.reasons and not p.is_report
    assert parse_many([THANKS_THEN_LIFT, "3号楼电梯坏了"], reader=with_parts)[1].is_report
    said = parse(THANKS_THEN_LIFT, reader=with_parts, said_report=True)  # a yes: the whole message's reading
    assert said.is_report and said.building == "5"


def _data(train, rows: list[dict]):  # noqa: ANN001, ANN202 - the training module's Featurised, without features
    data = train.Featurised.__new__(train.Featurised)
    data.rows = rows
    data.rules = [read_rules(r["text"]) for r in rows]
    return data


def _held_out(n_chat: int, chat_part: float, report_part: float) -> tuple[list[dict], list, list]:
    """Held-out scores: 20 chat lines near the report line, 100 reports read as chat with a part at
    ``report_part``, ``n_chat`` chat lines with a part at ``chat_part``, 400 plain chat lines."""
    rows: list[dict] = []
    scores: list = []
    part: list = []

    def add(report: bool, p_report: float, best: tuple[float, float] | None) -> None:
        rows.append(
            {
                "id": str(len(rows)),
                "writer": "w",
                "text": "随便什么",
                "is_report": report,
                "urgency": "green" if report else None,
                "category": "repair" if report else None,
            }
        )
        scores.append(Scores(report=p_report, red=0.01, category={"repair": 1.0}, urgency=GREEN))
        part.append(best)

    for _ in range(300):
        add(True, 0.95, None)
    for _ in range(100):
        add(True, 0.01, (report_part, 0.01))
    for _ in range(n_chat):
        add(False, 0.05, (chat_part, 0.01))
    for _ in range(20):
        add(False, 0.4, None)
    for _ in range(400):
        add(False, 0.01, None)
    return rows, scores, part


def test_the_part_threshold_shares_the_ask_budget() -> None:
    """A part threshold is chosen when asking about parts catches more reports read as chat than the margin would,
    within the same share of chat lines asked; none when parts would only ask about chat."""
    train = _train_module()
    rows, scores, part = _held_out(n_chat=10, chat_part=0.6, report_part=0.8)
    th = train.choose_thresholds(_data(train, rows), scores, part=part)
    assert 0.6 < th["part_report"] <= 0.8  # above the chat lines' parts, at or under the reports'
    assert th["ask_margin"] > 0.0  # and the 20 chat lines near the line still fit in the budget
    rows, scores, part = _held_out(n_chat=30, chat_part=0.9, report_part=0.3)
    th = train.choose_thresholds(_data(train, rows), scores, part=part)
    assert "part_report" not in th
    assert th["ask_margin"] > 0.0  # the budget goes to the margin, as before parts were read
    assert "part_report" not in train.choose_thresholds(_data(train, rows), scores)  # no part scores: off


def _place(whole: Location, readings: list[tuple[Location, bool]], asked: list[int] | None = None) -> Location:
    """``problem_place`` over parts given as (place, problem still there), noting which parts were read."""

    def live(k: int) -> bool:
        if asked is not None:
            asked.append(k)
        return readings[k][1]

    return problem_place(whole, [loc for loc, _ in readings], live)


def test_problem_place_skips_a_part_that_holds_no_problem() -> None:
    """The guide: "where several are named, the first place where the problem is"."""
    five, eight, nine = Location("5"), Location("8"), Location("9")
    assert _place(five, [(five, False), (eight, True)]) == eight
    assert _place(five, [(five, True), (eight, True)]) == five  # the first place holds a problem
    assert _place(five, [(five, False), (Location(None, None, "302"), True)]) == five  # no building of its own
    assert _place(five, [(five, False), (eight, False)]) == five  # no part holds a live problem
    assert _place(five, [(five, False), (eight, False), (nine, True)]) == nine  # the first later part that holds one
    assert _place(Location(), [(Location(), False), (eight, True)]) == Location()


def test_problem_place_reads_only_the_parts_that_can_move_the_place() -> None:
    """Reading a part costs a whole rule pass: a message whose later parts name no other building is not read."""
    five, eight = Location("5"), Location("8")
    asked: list[int] = []
    assert _place(five, [(Location(), False), (five, False), (five, True), (Location(None, "2"), True)], asked) == five
    assert asked == []
    assert _place(five, [(Location(), True), (five, False), (Location(), True), (eight, True)], asked) == eight
    assert asked == [1, 3]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("3栋的灯修好了谢谢师傅。不过8栋楼道的灯又不亮了", ("8", None, None)),
        ("3号楼电梯坏了。5号楼的也坏了", ("3", None, None)),
        ("5号楼2单元。302室的水管漏了", ("5", "2", "302")),
        ("我住5号楼。3号楼门口的井盖丢了", ("3", None, None)),
    ],
)
def test_a_report_is_placed_where_its_problem_is(text: str, where: tuple[str | None, ...]) -> None:
    for p in (parse(text), parse_many([text])[0], parse(text, reader=None)):
        assert p.is_report, p.reasons
        assert (p.building, p.unit, p.room) == where, p.reasons


def test_a_yes_places_the_report_where_its_problem_is() -> None:
    text = "谢谢5号楼王师傅昨天帮忙。另外8栋2单元的电梯又坏了"
    assert parse(text).ask
    p = parse(text, said_report=True)
    assert (p.is_report, p.building, p.unit) == (True, "8", "2"), p.reasons
