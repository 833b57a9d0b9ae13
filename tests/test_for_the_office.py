"""Which words a resident writes the bot in private are a question only a person can answer (bot/core/asked.py
reads "how does the bot work" first, the reader reads reports): the rule offered to pass them to the committee."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core import parser
from bot.core.asked import asks_for_help
from bot.core.for_the_office import asks_the_office, read_from


@pytest.mark.parametrize(
    "text",
    [
        "我还想问一下物业费怎么交",
        "物业几点上班？",
        "请问疫苗在哪里打",
        "社区有没有老年食堂",
        "居委会电话多少",
        "老年卡去哪里办",
        "請問居委會幾點開門？",
        "幾時派米呀？",
        "what time does the office open?",
        "Where can I get a parking permit?",
    ],
)
def test_a_question_for_the_office(text: str) -> None:
    assert asks_the_office(parser.parse(text), text)


@pytest.mark.parametrize(
    "text",
    [
        *(
            "在吗？",
            "你是谁",
            "你好吗",
            "谢谢你",
            "好的",
            "哈哈",
            "今天天气真好",
            "hello?",
            "3号楼电梯坏了",
            "我要报修",
        ),
        *("灯修好了吗？", "修好了吗", "is it fixed yet?"),
    ],
)
def test_small_talk_a_report_how_one_stands_or_too_short_is_not(text: str) -> None:
    assert not asks_the_office(parser.parse(text), text)


def test_how_the_bot_works_asked_with_the_words_around_it() -> None:
    """Private-chat sweep: "怎么用啊" got silence (only "怎么用" alone was known)."""
    for text in (
        "怎么用啊",
        "请问这个怎么用啊？",
        "我不会用",
        "机器人怎么用",
        "點樣用㗎",
        "How does this work?",
    ):
        assert asks_for_help(text), text
    # "怎么报修？" asks what and where (tests/test_e2e_bare_request.py): her next message is her report
    for text in ("电梯怎么用", "我要报修", "怎么报修？", "救命啊", "用不了", "help!", "Help me!"):
        assert not asks_for_help(text), text


@pytest.mark.parametrize(
    ("local", "read_at"),
    [("20:59", None), ("21:00", "11-24 08:00"), ("02:00", "11-24 08:00"), ("07:59", "11-24 08:00"), ("08:00", None)],
)
def test_a_question_passed_in_the_committees_quiet_hours_waits_for_its_morning(local: str, read_at: str | None) -> None:
    """A question passed on at 02:00 went to the committee chat at 02:00: no emergency (those are reports), it waits
    from 21:00 until the committee's day starts (the morning brief's time)."""
    tz = ZoneInfo("Asia/Shanghai")
    day = "11-24" if local < "12:00" else "11-23"
    now = datetime.strptime(f"2026-{day} {local}", "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    at = read_from(now, tz, (time(21, 0), time(8, 0)))
    assert (at.astimezone(tz).strftime("%m-%d %H:%M") if at else None) == read_at
