"""The digest's worker rows as the committee reads them beside the team's line: a worker's times say what they are,
"一半在45分钟内", as the team's "一半在…内 · 九成在…内" does (digest58: the rows gave bare times); in Chinese the
answers' count is in full-width brackets, "50%（2）", as the rest of the digest's (places58: "50% (2)")."""

from __future__ import annotations

import pytest
from test_digest_core import SH, W1, W2, digest

from bot.render.digest_text import render


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("zh-Hans", "w11：2 · 2 · 一半在45分钟内 · 一半在13小时内 · 50%（2）", "w12：1 · 0 · 一半在30分钟内 · — · —"),
        ("zh-Hant", "w11：2 · 2 · 一半在45分鐘內 · 一半在13小時內 · 50%（2）", "w12：1 · 0 · 一半在30分鐘內 · — · —"),
        (
            "en",
            "w11: 2 · 2 · half within 45 min · half within 13 h · 50% (2)",
            "w12: 1 · 0 · half within 30 min · — · —",
        ),
    ],
)
def test_a_workers_row_says_half_within_as_the_teams_line_does(lang: str, first: str, second: str) -> None:
    """W1's two acceptances have a median of 45 minutes and his closes one of 13 hours; W2 closed none: no time to
    say, a dash rather than "half within —"."""
    lines = render(lang, digest(), SH, worker_name=lambda u: f"w{u}").splitlines()
    assert (W1, W2) == (11, 12)
    assert first in lines and second in lines, lines
