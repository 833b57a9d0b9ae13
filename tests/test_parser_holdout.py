"""The parser on the holdout set (tests/data/holdout_messages.jsonl), scored like the project's scorer.

The holdout set was written from shared/data/LABELING.md alone, before the parser was read
(judgement calls: tests/data/holdout_NOTES.md). Its first score, before any fix, was the honest
estimate (F1 0.937, category 0.844, urgency 0.792, red recall 0.778); the parser was then improved
with general rules and words, so these figures now guard against regressions. The probe set
(tests/data/probe_messages.jsonl) was written after the parser was read; see holdout_NOTES.md.

The second blind set (tests/data/blind2_messages.jsonl, 220 messages; notes in blind2_NOTES.md)
was written the same way, on purpose in harder wording (typos, dialect, Cantonese, Taiwanese,
voice-to-text run-ons, expat English, buried and multiple problems). Its honest first score was
F1 0.883, category 0.780, urgency 0.742, red recall 0.889, red precision 0.857, location 0.886;
after general fixes: F1 0.985, category 0.970, urgency 0.955, red recall 1.0, red precision
0.964, location 0.977. It is asserted at the issue targets like the others.

The third blind set (tests/data/blind3_messages.jsonl, 200 messages; notes in blind3_NOTES.md)
was written blind in the plain style of the dev set, with fresh situations. Its honest first
score was F1 0.906, category 0.815, urgency 0.831, red recall 0.885, red precision 0.958,
location 0.919 (most misses: everyday wording outside the word lists, e.g. 大妈, 坐轮椅, 冒火星,
扎胎, 拖椅子, 弹钢琴, "车停在", Chinese numerals before 座/幢); after general fixes it scores 1.0
on every figure and is asserted at the issue targets like the others.

The fourth blind set (tests/data/blind4_messages.jsonl, 160 messages; notes in blind4_NOTES.md)
was written blind in the dev style with seasonal problems, shared facilities, animals, neighbours
and elderly care. Its honest first score was F1 0.874, category 0.702, urgency 0.663, red recall
0.706, red precision 0.8, location 0.923 (misses: 瓦斯味, 焦糊味, 高空扔, 插线板充电, 关不严,
暖气片是凉的, 积雪/没人扫, 摇摇晃晃, 横着停, 差点滑倒 read as a fall, 装修 outranking a blocked
drain, "Block A runs"); after general fixes it scores 1.0 on every figure but urgency 0.99
(b4_043 "dead since last week" was labelled yellow, while test_parser_rules keeps "since last
week" green), and is asserted at the issue targets like the others.

The fifth blind set (tests/data/blind5_messages.jsonl, 150 messages; notes in blind5_NOTES.md)
was written blind in the dev style to measure the learned fallback (docs/parser.md). Word lists
alone: F1 0.989, category 0.944, urgency 0.933, red recall 0.938, red precision 1.0, location
0.989; with the fallback: F1 1.0, category 0.956, urgency 0.956, red recall 0.938, red precision
1.0, location 1.0. Its misses are NOT fixed by hand: it stays a held-out measurement, never a
training input, and is asserted only at the figures the fallback reached (a regression guard).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from parser_scoring import SCORER, TARGETS, assert_at_least, score_file

from bot.core.parser import parse

DATA = Path(__file__).resolve().parent / "data"
HOLDOUT, PROBE = DATA / "holdout_messages.jsonl", DATA / "probe_messages.jsonl"
BLIND2, BLIND3 = DATA / "blind2_messages.jsonl", DATA / "blind3_messages.jsonl"
BLIND4, BLIND5 = DATA / "blind4_messages.jsonl", DATA / "blind5_messages.jsonl"


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score_parser.py not beside the repo")
@pytest.mark.parametrize(
    ("path", "size"),
    [(HOLDOUT, 250), (PROBE, 138), (BLIND2, 220), (BLIND3, 200), (BLIND4, 160)],
    ids=["holdout", "probe", "blind2", "blind3", "blind4"],
)
def test_holdout_targets(path: Path, size: int) -> None:
    assert_at_least(score_file(path, size), TARGETS)


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score_parser.py not beside the repo")
def test_blind5_held_out_floor() -> None:
    """blind5 at the figures it first reached with the fallback; its misses stay unfixed on purpose."""
    floor = {"report_f1": 1.0, "category_accuracy": 0.956, "urgency_accuracy": 0.956, "red_recall": 0.938,
             "red_precision": 1.0, "location_exact": 1.0}
    assert_at_least(score_file(BLIND5, 150), floor)


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
