"""Kinds of messages residents send besides a plain report (end to end): words answering the bot's "Report it?",
forwarded posts, posts as a channel, edits of replies and of private reports."""

from __future__ import annotations

import pytest
from harness import RunningBot, text_in
from ids import GROUP_A, RESIDENT, RESIDENT2
from test_reader import constant_reader


async def test_the_writer_answers_report_it_in_words(running: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """An elderly resident writes "是的，麻烦处理一下" under the question instead of pressing: it is their yes; other
    words are pointed to the buttons once; a neighbour's "是的" answers nothing."""
    fake = running.fake
    from bot.core import parser

    monkeypatch.setattr(parser, "default_reader", lambda: constant_reader(report=-0.2, red=-8.0, category="repair"))
    fake.send_message(GROUP_A, RESIDENT, "楼下那个东西是不是有点问题")
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "是需要处理的问题吗"))
    fake.send_message(GROUP_A, RESIDENT2, "是的", reply_to_message_id=ask["message_id"])  # not theirs to answer
    for _ in range(2):
        fake.send_message(GROUP_A, RESIDENT, "楼下那个", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "请点上面问题下的按钮"))
    await running.settle()
    assert len([m for m in fake.messages(GROUP_A) if "请点上面问题下的按钮" in m.get("text", "")]) == 1
    assert fake.find_message(GROUP_A, "已登记") is None and fake.buttons(GROUP_A, ask["message_id"])
    fake.send_message(GROUP_A, RESIDENT, "是的，麻烦处理一下", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    assert "已按居民确认登记" in text_in(fake, GROUP_A, "已按居民确认登记")
    assert (await running.event(1)).reporter_id == RESIDENT
    m2 = fake.send_message(GROUP_A, RESIDENT2, "楼上好像有点什么问题")  # another question, answered "不用了"

    def asked() -> dict | None:
        replies = fake.messages(GROUP_A)
        return next((m for m in replies if m.get("reply_to_message", {}).get("message_id") == m2["message_id"]), None)

    ask2 = await fake.wait_for(asked)
    fake.send_message(GROUP_A, RESIDENT2, "不用了，谢谢", reply_to_message_id=ask2["message_id"])
    await fake.wait_for(lambda: "不登记" in fake.chats[GROUP_A].messages[ask2["message_id"]].get("text", "") or None)
    await running.settle()
    assert fake.find_message(GROUP_A, "已登记 #2") is None
