"""The digest's maths and words on the week of tests/test_e2e_digest57.py, worked out by hand, without the bot: the
median and p90 of its times, its satisfaction shares, how a chair names a week to /digest, and how the lines read."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core import weeks
from bot.core.digest import durations, satisfaction
from bot.core.digest_types import Durations, Satisfaction, SurveyRow
from bot.render import digest_text

SH = ZoneInfo("Asia/Shanghai")
MIN = 60
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 30 November 09:00 in Shanghai: W49, the digest's hour


def test_the_weeks_times_by_hand() -> None:
    """Twelve acceptances: the median is the mean of the 6th and 7th (5 and 15 min), p90 the 11th (ceil 10.8)."""
    accept = [15, 5, 2, 90, 70, 5, 20, 1, 5, 30, 20, 3]
    assert durations([m * MIN for m in accept]) == Durations(12, 10 * MIN, 70 * MIN)
    close = [135, 305, 62, 1440, 190, 125, 1200, 361, 150, 140, 63]  # eleven: the 6th; p90 the 10th (ceil 9.9)
    assert durations([m * MIN for m in close]) == Durations(11, 150 * MIN, 1200 * MIN)


def test_the_weeks_satisfaction_by_hand() -> None:
    """Thirteen asked, nine answered: the shares are of the answers, the answered share of the questions."""
    rows = [SurveyRow(1, 1, "answered", c, 0) for c in ["satisfied"] * 5 + ["unsatisfied"] * 3 + ["not_solved"]]
    rows += [SurveyRow(2, 1, s, None, 0) for s in ("unanswered", "unanswered", "unanswered", "open")]
    rows.append(SurveyRow(3, 1, "not_asked", None, 0))  # could be sent nowhere: not asked
    s = satisfaction(rows)
    assert s == Satisfaction(asked=13, answered=9, satisfied=5, unsatisfied=3, not_solved=1)
    assert (round(s.share_satisfied * 100), round(s.share_answered * 100)) == (56, 69)


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("上周", "2026-W48"),
        ("上週", "2026-W48"),  # Traditional script
        ("上个星期", "2026-W48"),
        ("last week", "2026-W48"),
        ("Last  Week", "2026-W48"),
        ("本周", "2026-W49"),
        ("this week", "2026-W49"),
        ("上上周", "2026-W47"),
        ("2026-11-30", "2026-W49"),
        ("2026-11-29", "2026-W48"),  # a Sunday is the end of its week
        ("2026/11/23", "2026-W48"),
        ("2026年11月25日", "2026-W48"),
        ("２０２６－１１－２５", "2026-W48"),  # full-width, as a Chinese keyboard types it
        ("2026-W48", "2026-W48"),
        ("2026w48", "2026-W48"),
        ("2027-01-01", "2026-W53"),  # ISO weeks: 1 January 2027 is a Friday of 2026's last week
    ],
)
def test_a_week_named_as_a_chair_names_it(words: str, label: str) -> None:
    assert weeks.read_week(words, NOW, SH).label == label


@pytest.mark.parametrize("words", ["上个月", "abc", "2026-13-45", "2026-02-30", "0001-01-01", "last", "W48", ""])
def test_what_names_no_week_is_refused(words: str) -> None:
    with pytest.raises(weeks.WeekError):
        weeks.read_week(words, NOW, SH)


def test_the_week_boundary_is_local_midnight() -> None:
    """Sunday 23:50 in Shanghai (15:50 UTC) is the week's last ten minutes; Monday 00:10 is the next week's."""
    assert weeks.week_of(datetime(2026, 11, 29, 15, 50, tzinfo=UTC), SH).label == "2026-W48"
    assert weeks.week_of(datetime(2026, 11, 29, 16, 10, tzinfo=UTC), SH).label == "2026-W49"


def test_times_read_as_half_and_ninety_in_a_hundred_within() -> None:
    """A chair reads no "中位": "half within" the median, "90% within" the p90; under a minute is "within 1 min"."""
    line = digest_text._times("zh-Hans", "digest.accept", Durations(12, 600, 4200), Durations(0, None, None))
    assert line == "⏱ 接单用时：一半在10分钟内 · 九成在1.2小时内"
    quick = digest_text._times("en", "digest.accept", Durations(3, 20, 50), Durations(2, 1800, 3600))
    assert quick == "⏱ To accept: half within 1 min · 90% within 1 min (last week half within 30 min)"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-Hans", "🙂 满意 5（56%）· 不满意 3 · 未解决 1 · 回访回复率 69%（13 份中回复 9 份）（上周满意 —）"),
        ("zh-Hant", "🙂 滿意 5（56%）· 不滿意 3 · 未解決 1 · 回訪回覆率 69%（13 份中回覆 9 份）（上週滿意 —）"),
        (
            "en",
            "🙂 Satisfied 5 (56%) · not satisfied 3 · not solved 1 · surveys answered 69%, 9 of 13 "
            "(last week satisfied —)",
        ),
    ],
)
def test_every_answer_is_counted_in_the_satisfaction_line(lang: str, said: str) -> None:
    """Found in the digest57 review: "满意 56% · 未解决 11%" left the three "not satisfied" answers (33%) unsaid, and
    whether 56% was of the 13 asked or the 9 answered; the three counts now add up to the answers."""
    s = Satisfaction(asked=13, answered=9, satisfied=5, unsatisfied=3, not_solved=1)
    assert digest_text.plain(digest_text._satisfaction(lang, s, Satisfaction())) == said
