"""Privacy: /forget_me, and neither the token nor message texts in the logs at the default level."""

from __future__ import annotations

import logging

import pytest
from harness import GROUP_A, RESIDENT, WANG, RunningBot

from bot.logging_setup import quieten
from storage import events

SECRET_TEXT = "3号楼2单元楼道灯坏了，我家孩子差点摔倒"


async def test_forget_me_keeps_counts_but_not_names_or_texts(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, SECRET_TEXT)
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    fake.send_message(RESIDENT, RESIDENT, "/forget_me")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "/forget_me confirm"))
    async with running.ctx.db.read() as c:
        assert (await events.get(c, 1)).text == SECRET_TEXT  # nothing happens without confirm
    fake.send_message(RESIDENT, RESIDENT, "/forget_me confirm")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已删除"))
    async with running.ctx.db.read() as c:
        ev = await events.get(c, 1)
        assert ev is not None and ev.text == "" and ev.reporter_name == ""
        assert ev.category and ev.urgency and ev.building == "3"  # the anonymous facts stay for the counts


async def test_logs_hold_no_token_and_no_texts(running: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    quieten()
    caplog.set_level(logging.INFO)
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, SECRET_TEXT)
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    fake.press_button(WANG, WANG, dm["message_id"], "v1:acc:1")
    fake.send_message(RESIDENT, RESIDENT, "/status 1")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "进展"))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert fake.token not in text
    assert "楼道灯" not in text and "孩子" not in text
