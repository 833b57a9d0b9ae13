"""The console's texts as the committee's chair reads them (console review): the trends page words its times as
the chat's digest does, "一半在…内 · 九成在…内", never the statistician's "p50/p90"."""

from __future__ import annotations

import pytest

from bot.render.i18n import LANGUAGES, catalogue
from bot.runtime.console.strings import strings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_console_text_says_p50_or_p90_or_median(lang: str) -> None:
    """Before: the chart was titled "接单和结案用时（小时，中位数 p50、p90）", its lines "接单 p50", "结案 p90", and the
    tables' columns "结案 p50": words a chair on a phone does not know."""
    jargon = ("p50", "p90", "中位数", "median")
    bad = {k: v for k, v in strings(lang).items() if k.startswith("console.") and any(j in v.lower() for j in jargon)}
    assert not bad, bad


def test_the_trends_times_are_worded_as_the_digest_words_them() -> None:
    """The digest says "接单用时：一半在10分钟内 · 九成在1.2小时内": the console's lines and columns say "一半在" and
    "九成在" the same way, in each language."""
    for lang, half, most in (("zh-Hans", "一半在", "九成在"), ("zh-Hant", "一半在", "九成在"), ("en", "half", "90%")):
        texts = strings(lang)
        digest = catalogue(lang)["digest.accept_noprev"].lower()
        assert half in digest and most in digest, digest
        for key in ("console.trends.accept_p50", "console.trends.close_p50", "console.col.accept_p50"):
            assert half in texts[key].lower(), (lang, key, texts[key])
        for key in ("console.trends.accept_p90", "console.trends.close_p90"):
            assert most in texts[key].lower(), (lang, key, texts[key])
