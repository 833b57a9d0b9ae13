"""Chinese texts a committee would sign: full-width colons, one quote style (「」), no space between a name
and 您 or the sentence that follows it. Scans every zh catalogue value, so it stays fixed."""

from __future__ import annotations

import re

import pytest

from bot.render.i18n import catalogue, plain, t

CJK = r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u3011]"
NAME = r"\{(?:name|worker|a|b|admin|who|reporter)\}"
TAG = re.compile(r"<[^>]*>")
PROBLEMS = {
    "an ASCII colon beside Chinese": re.compile(rf"{CJK}\s*:(?!//)|:\s*{CJK}"),
    "an ASCII quote": re.compile(r'"'),
    "curly quotes (the zh catalogues use 「」)": re.compile(r"[“”‘’]"),
    "a space before 您": re.compile(rf"(?:{CJK}|{NAME}|[A-Za-z])[ \u3000]+您"),
    "a space between a name and its sentence": re.compile(rf"{NAME}[ \u3000]+{CJK}|{CJK}[ \u3000]+{NAME}"),
    "至 before words": re.compile(rf"至\s+{CJK}"),
}


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_zh_catalogues_have_no_mixed_punctuation_or_stray_spaces(lang: str) -> None:
    bad = [
        f"{key}: {what}: {text!r}"
        for key, text in catalogue(lang).items()
        for what, pattern in PROBLEMS.items()
        if pattern.search(TAG.sub("", text))
    ]
    assert not bad, "\n".join(bad)


def test_the_scan_finds_what_it_looks_for() -> None:
    for sample in ("您好 {name}！", "{name} 您报告的事件", "备:", "请点“办结”", '比如"5号楼"', "至 另行更改"):
        assert any(p.search(sample) for p in PROBLEMS.values()), sample


def test_greetings_and_addresses_read_as_one_sentence() -> None:
    assert t("zh-Hans", "start.resident", name="王师傅", community="滨海社区").startswith("您好王师傅！")
    address = t("zh-Hans", "mention.address", name="刘阿姨", text="您报告的事件 #1 已处理完毕")
    assert address == "刘阿姨，您报告的事件 #1 已处理完毕"
    assert "至 另行" not in t("zh-Hans", "duty.on_ok", grid="A", until=t("zh-Hans", "duty.until_changed"))


def test_english_counts_one_and_many() -> None:
    assert plain("en", "brief.head", n=1) == "☀️ Good morning! You have 1 open report:"
    assert "2 open reports" in plain("en", "brief.head", n=2)
    assert "您有 1 个未办结事件" in plain("zh-Hans", "brief.head", n=1)  # Chinese: one form for every count
    assert t("en", "fit.earlier", n=1) == "…1 earlier entry not shown"


def test_digest_times_read_naturally_without_data() -> None:
    from bot.core.digest_types import Durations
    from bot.render.digest_text import _times

    none, some = Durations(0, None, None), Durations(2, 1800, 3600)
    assert _times("zh-Hans", "digest.accept", none, some) == "⏱ 接单用时：本周没有接单"
    assert _times("zh-Hans", "digest.close", some, none) == "⏱ 办结用时：一半在30分钟内 · 九成在1小时内"
    assert "—" not in _times("en", "digest.accept", some, none) + _times("en", "digest.close", none, none)
    assert _times("zh-Hans", "digest.accept", some, some).endswith("（上周一半在30分钟内）")


# Mainland words a Hong Kong or Taiwan reader would write otherwise (OpenCC converts characters, and its phrase
# tables, s2twp, also rewrite words that are right here, 查看 or 社區), with what the zh-Hant catalogue says instead
MAINLAND_ONLY = {
    "小區": "社區",
    "點擊": "點選 / 點",
    "發送": "傳送",
    "信息": "訊息",
    "視頻": "影片",
    "短信": "簡訊",
    "默認": "預設",
    "網絡": "網路",
    "鏈接": "連結",
    "賬號": "帳號",
    "登錄": "登入",
    "菜單": "選單",
    "二維碼": "QR 碼",
    "服務器": "伺服器",
}


def test_zh_hant_uses_hong_kong_and_taiwan_words() -> None:
    """Language review: 「如果是本小區現在需要處理的問題」, 「僅限……本人點擊」, 「發送 /help」 beside 「傳送」."""
    bad = [
        f"{key}: {word} (write {instead}): {text[:60]!r}"
        for key, text in catalogue("zh-Hant").items()
        for word, instead in MAINLAND_ONLY.items()
        if word in text
    ]
    assert not bad, "\n".join(bad)
