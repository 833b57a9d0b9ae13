"""What staff's words under the committee chat's notes say (``bot/core/committee_words``): for the chat alone, a
question how the event stands, or for its worker; which event they name under a note listing several."""

from __future__ import annotations

import pytest

from bot.core.committee_words import asks_state, for_chat_only, listed, named, put_first

CHAT_ONLY = ["收到", "好的，谢谢", "收到 谢谢", "辛苦了", "大家辛苦了", "OK", "thanks", "thank you", "👍", "嗯嗯"]
ASKS_STATE = [
    "谁在处理？",
    "现在什么情况？",
    "进展如何？",
    "修好了吗？",
    "怎么还没人接？",
    "有人去了吗",
    "who is on this?",
]
FOR_WORKER = [
    "请王师傅今天之内一定处理好",
    "收到，马上跟进",
    "辛苦王师傅了",
    "王师傅在吗？",
    "先拉警戒线",
    "please fix it today",
]


@pytest.mark.parametrize("words", CHAT_ONLY)
def test_acknowledgements_and_thanks_are_for_the_chat_alone(words: str) -> None:
    assert for_chat_only(words) and not asks_state(words)


@pytest.mark.parametrize("words", ASKS_STATE)
def test_questions_how_it_stands_are_answered_from_its_state(words: str) -> None:
    assert asks_state(words) and not for_chat_only(words)


@pytest.mark.parametrize("words", FOR_WORKER)
def test_orders_news_and_questions_to_him_are_for_the_worker(words: str) -> None:
    assert not for_chat_only(words) and not asks_state(words)


def test_the_events_a_note_lists_and_the_one_staff_name() -> None:
    assert listed("⌛ 这 2 个事件：\n🟢 #1 3号楼 · …\n🟢 #12 4号楼 · … #1") == [1, 12]
    assert named("#3 明天修") == 3 and named("3号楼的 # 3 今天处理") == 3
    assert named("抓紧") is None and named("#1 和 #2 一起修") is None
    assert listed("＃3 已超时") == [3]
    assert put_first("#2 谁负责？") == 2 and put_first("这个和#2是一件事") is None
