"""What a worker's words under his card say he does (``bot/core/worker_words.py``): takes it, is done, cannot."""

from __future__ import annotations

import pytest

from bot.core.worker_words import Said, beside, numbered, said

TAKES = [
    "好",
    "了解，馬上處理",
    "OK 我去睇下",
    "好，我等陣過去",
    "10分钟到",
    "已到现场",
    "正在处理",
    "roger that",
    "heading there now",
    "收到",
    "收到！",
    "收到，马上去",
    "好的，我现在过去看看",
    "收到收到",
    "好的师傅",
    "明天去",
    "在路上了",
    "接单",
    "👍",
    "收到，馬上去",
    "ok on my way",
    "Got it",
    "I'll check",
    "收到 谢谢",
    "OK，下午过去看",
    "已经在路上了",
    "好的，我下午两点过去",
    "还有10分钟到",
    "得，我去睇睇",
    "ok will go now",
    "I'll go have a look",
    "coming in 10 min",
]
DONES = [
    "换了新灯泡",
    "已修复",
    "搞掂",
    "整好咗",
    "清理干净了",
    "all fixed",
    "修好了",
    "已修好",
    "已經修好了",
    "灯换好了",
    "处理完了，灯换了",
    "水管疏通了",
    "搞定",
    "fixed",
    "Done.",
    "电梯已经修好了，谢谢",
    "电梯恢复正常了",
    "完工",
    "燃气关好了",  # a leak's valve shut (cards review 62: not read, the smoke beside it lost)
    "总阀已经关掉了",
]
CANNOTS = [
    "今日去唔到",
    "唔關我事",
    "不是我们片区的",
    "I'm on leave",
    "今天去不了",
    "我在外面，今天去不了",
    "这个不归我管",
    "這個不歸我管",
    "修不好，要找电工",
    "今天请假",
    "can't go today",
    "I'm busy",
    "not my area",
    "我现在走不开，找别人吧",
    "我在另一个现场，过不去",
]
NOTHING = [
    "修了半天还是不行",
    "我不去",
    "别去了",
    "去哪里？",
    "换灯泡要多少钱",
    "收到，3号楼的灯我看过了，是线路问题，要电工来",
    "还没修好",
    "没有修好",
    "not fixed yet",
    "修好了吗？",
    "阀门没关好",
    "关不上",
    "哪一栋？",
    "3号楼电梯坏了",
    "谢谢",
    "辛苦了",
    "嗯嗯",
    "is it fixed?",
    "好，我跟物业说一下",
    "",
]
# his answer with more beside it: a new problem, a danger or his note must not be lost under a tap
MORE_BESIDE = [
    "修好了，不过2单元那边水管也漏了",
    "弄好了，发现楼顶水箱也在漏",
    "收到，另外3楼的窗户玻璃碎了",
    "好了，但是隔壁单元的灯也坏了",
    "修好了，但楼上冒烟了",
    "fixed, but the lift in block 5 is also broken",
]
# a question to a colleague or the committee, asked without a question mark
ASKED_PLAINLY = ["搞定了没有", "好了没", "修好了没有", "要不要我过去", "是不是3号楼"]


@pytest.mark.parametrize("words", TAKES)
def test_taking_it(words: str) -> None:
    assert said(words) is Said.TAKE


@pytest.mark.parametrize("words", DONES)
def test_done_with_it(words: str) -> None:
    assert said(words) is Said.DONE


@pytest.mark.parametrize("words", CANNOTS)
def test_cannot_take_it(words: str) -> None:
    assert said(words) is Said.CANNOT


@pytest.mark.parametrize("words", NOTHING)
def test_more_than_a_tap_or_a_question_is_none_of_these(words: str) -> None:
    assert said(words) is None


@pytest.mark.parametrize("words", MORE_BESIDE)
def test_an_answer_with_a_report_beside_it_is_none_of_these(words: str) -> None:
    """ "修好了，不过2单元那边水管也漏了" was "done" with #1 and the new leak lost: now it is read as any message is."""
    assert said(words) is None


@pytest.mark.parametrize("words", ASKED_PLAINLY)
def test_a_question_without_a_question_mark_is_none_of_these(words: str) -> None:
    """ "搞定了没有" (to a colleague) took the event for him and brought Close's choices."""
    assert said(words) is None


def test_half_done_is_not_done() -> None:
    assert said("修好一半，明天继续") is None


def test_a_long_message_is_his_note_whatever_it_starts_with() -> None:
    assert said("收到，" + "这个问题我之前处理过，" * 5) is None


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("#3 修好了", 3, "修好了"),
        ("＃12：收到", 12, "收到"),
        ("3号楼修好了", None, "3号楼修好了"),
        ("收到", None, "收到"),
    ],
)
def test_the_event_named_first(text: str, number: int | None, rest: str) -> None:
    assert numbered(text) == (number, rest)


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("修好了，不过2单元那边水管也漏了", ("修好了", "2单元那边水管也漏了")),
        ("收到，另外3楼的窗户玻璃碎了", ("收到", "3楼的窗户玻璃碎了")),
        ("好的，不過我聞到燃氣味", ("好的", "我聞到燃氣味")),
        ("fixed, but the lift in block 5 is also broken", ("fixed", "the lift in block 5 is also broken")),
        ("我看了但是不行", None),
        ("修好了", None),
        ("燃气关好了，但是三楼又冒烟了", ("燃气关好了", "三楼又冒烟了")),
    ],
)
def test_what_he_adds_after_his_answer(text: str, split: tuple[str, str] | None) -> None:
    """The words after his answer, as typed, to be read alone (a new problem or a danger he found there)."""
    assert beside(text) == split
