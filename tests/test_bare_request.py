"""Words that only ask to report, naming no problem (``bare_request.asks_only``), and words that must not be read so."""

from __future__ import annotations

import pytest

from bot.core.bare_request import asks_only

ONLY_ASKING = [
    "我要报修",
    "报修！",
    "物业，我要报修",
    "麻烦一下，我要报修，谢谢",
    "物业在吗？我想报修一下",
    "@物业小李 我要投诉",
    "我想反映个问题",
    "我有个问题要反映",
    "我們要報修",  # Traditional script
    "我要投訴呀",
    "I want to report a problem",
    "Hi, I'd like to file a complaint please",
    "怎么报修",  # asks how or where: answered alike (setup review: it made an event of nothing in the group)
    "请问在哪里投诉啊？",
    "报修电话多少",
    "How do I report a problem?",
]
SAYING_MORE = [
    "我要报修电梯",  # a thing: a report
    "投诉楼上噪音",
    "报告，3号楼着火了",
    "我要报修，5号楼电梯坏了",
    "3号楼2单元楼道灯坏了",
    "报修了吗",  # asks about one made
    "我已经报修了",
    "我有事",  # "I am busy"
    "我有个问题想问一下，停水到几点",
    "求助",  # may be a cry for help: read as ever
    "救命",
    "report the lift in block 5",
    "I have a problem with my neighbour's dog",
    "电梯坏了怎么报修",  # names its problem: a report
    "3号楼怎么报修",
    "这个要怎么修",
]


@pytest.mark.parametrize("text", ONLY_ASKING)
def test_words_that_only_ask_to_report(text: str) -> None:
    assert asks_only(text)


@pytest.mark.parametrize("text", SAYING_MORE)
def test_words_that_say_more_or_something_else(text: str) -> None:
    assert not asks_only(text)
