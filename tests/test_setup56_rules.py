"""The rota's empty days (pure): which weekdays a desk's shifts leave with nobody on duty at any hour."""

from __future__ import annotations

import pytest

from bot.core.asked import Typed, asks_for_help, mention_dropped, says_is_worker, typed_command, without_mention
from bot.core.community import Shift
from bot.core.rota import bare_name, empty_days


def shift(days: str, start: str = "08:00", end: str = "20:00", grid: str = "B") -> Shift:
    return Shift(worker=1, grid=grid, days=days, start=start, end=end)


def test_weekdays_only_leave_the_weekend_empty() -> None:
    assert empty_days([shift("mon-fri")], "B") == [5, 6]


def test_a_night_shift_covers_the_morning_after() -> None:
    assert empty_days([shift("mon-fri"), shift("sat", "20:00", "08:00")], "B") == []
    assert empty_days([shift("mon-fri"), shift("sun", "20:00", "08:00")], "B") == [5]


def test_other_desks_and_no_shift_at_all() -> None:
    assert empty_days([shift("mon-sun", grid="A")], "B") == list(range(7))
    assert empty_days([], "B") == list(range(7))
    assert empty_days([shift("mon-sun", "00:00", "24:00")], "B") == []


def test_a_name_is_compared_by_its_letters() -> None:
    assert bare_name("王 师傅") == bare_name("😀王师傅") == "王师傅"
    assert bare_name("李姐 🌸") == "李姐" and bare_name("Wang Qiang") == "wangqiang"
    assert bare_name("🌸 ") == ""


def test_a_full_width_command_is_read_as_telegram_reads_it_half_width() -> None:
    assert typed_command("／ｓｅｔｕｐ") == Typed("setup", "", [])
    assert typed_command("／report 3号楼 灯坏了") == Typed("report", "", ["3号楼", "灯坏了"])
    assert typed_command("/ｈｅｌｐ＠linli_bot") == Typed("help", "linli_bot", [])
    assert typed_command("/help") is None  # Telegram's own
    assert typed_command("／ 3号楼灯坏了") is None and typed_command("／／") is None and typed_command("灯坏了") is None


def test_words_asking_how_it_works_alone_or_after_the_bots_name() -> None:
    for text in ("帮助", "怎么用？", "設定", "help", "How to use?", "＠linli_bot 帮助", "@linli_bot 怎么设置"):
        assert asks_for_help(text, "linli_bot"), text
    for text in ("help!", "帮助一下3号楼的老人", "@other_bot 帮助", "谁能帮助我", "设置好了吗"):
        assert not asks_for_help(text, "linli_bot"), text
    assert mention_dropped("＠Linli_Bot  帮助", "linli_bot") == ("帮助", True)


def test_a_would_be_worker_saying_who_they_are() -> None:
    for text in (
        "我是网格员王强",
        "你好，我是新来的网格员",
        "我是社区网格员",
        "I'm the new grid worker",
        "hi, I am a worker",
    ):
        assert says_is_worker(text), text
    for text in ("我是3号楼的居民", "网格员什么时候来", "我是王强", "我家网格员没来"):
        assert not says_is_worker(text), text


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("@linli_bot 3号楼电梯坏了", "3号楼电梯坏了"),
        ("＠Linli_Bot，3号楼电梯坏了", "3号楼电梯坏了"),  # full-width, another case, a comma after it
        ("3号楼电梯坏了 @linli_bot", "3号楼电梯坏了"),
        ("@linli_bot电梯坏了", "电梯坏了"),
        ("@linli_bot", "@linli_bot"),  # the mention alone: nothing else to read
        ("@linli_bot2 电梯坏了", "@linli_bot2 电梯坏了"),  # another bot
        ("请问 @linli_bot 怎么用", "请问 @linli_bot 怎么用"),  # in the middle: kept
    ],
)
def test_words_without_the_bots_mention(words: str, said: str) -> None:
    assert without_mention(words, "linli_bot") == said
