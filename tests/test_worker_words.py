"""What a worker's words under his card say he does (``bot/core/worker_words.py``): takes it, is done, cannot."""

from __future__ import annotations

import pytest

from bot.core.worker_words import Said, numbered, said

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
    "哪一栋？",
    "3号楼电梯坏了",
    "谢谢",
    "辛苦了",
    "嗯嗯",
    "is it fixed?",
    "好，我跟物业说一下",
    "",
]


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
