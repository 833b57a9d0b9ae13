"""Scrubbing a forgotten person's name and words from stored messages (pure)."""

from __future__ import annotations

from bot.core.scrub import PLACEHOLDER, scrub_payload, search_keys


def test_text_caption_and_button_labels_are_scrubbed() -> None:
    payload = {
        "chat_id": 1,
        "text": "👥 刘阿姨：5号楼电梯又坏了，紫藤花奶奶上不去楼",
        "parse_mode": "HTML",
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "✋ 接单", "callback_data": "v1:acc:1"}],
                [{"text": "✂️ 拆分为新事件：刘阿姨", "callback_data": "v1:spl:2"}],
            ]
        },
    }
    out = scrub_payload(payload, ["刘阿姨"], ["5号楼电梯又坏了，紫藤花奶奶上不去楼"])
    assert "刘阿姨" not in str(out) and "紫藤花" not in str(out)
    assert out["text"] == f"👥 {PLACEHOLDER}：{PLACEHOLDER}"
    assert out["reply_markup"]["inline_keyboard"][0] == payload["reply_markup"]["inline_keyboard"][0]
    assert out["reply_markup"]["inline_keyboard"][1][0]["callback_data"] == "v1:spl:2"
    assert payload["text"].startswith("👥 刘阿姨")  # the input is not changed


def test_search_keys_find_every_message_scrub_would_change() -> None:
    keys = search_keys(["刘阿姨"], ["楼道灯坏了 <急>"])
    shortened = "内容：楼道灯坏…"  # a preview cut after four characters, as the DMs quote long texts
    escaped = "内容：楼道灯坏了 &lt;急&gt;"
    for message in (shortened, escaped, "报事人：刘阿姨"):
        assert any(k in message for k in keys)
        assert scrub_payload({"text": message}, ["刘阿姨"], ["楼道灯坏了 <急>"])["text"] != message


def test_scrubbing_html_changes_only_the_text_between_tags() -> None:
    """A name such as "<b>", "href" or "amp" must not break another message's markup (found in review: a
    resident renamed "<b>" who said /forget_me made every queued message fail with 400)."""
    text = '📋 <b>新事件 #1</b> <a href="tg://user?id=5">&lt;b&gt; 刘阿姨</a> A &amp; B'
    payload = {"chat_id": 1, "text": text, "parse_mode": "HTML"}
    out = scrub_payload(payload, ["<b>", "href", "amp", "刘阿姨"], [])["text"]
    assert out == '📋 <b>新事件 #1</b> <a href="tg://user?id=5">… …</a> A &amp; B'
    plain = scrub_payload({"chat_id": 1, "text": "<b> 刘阿姨"}, ["<b>", "刘阿姨"], [])["text"]
    assert plain == "… …"  # not HTML: the name as written
