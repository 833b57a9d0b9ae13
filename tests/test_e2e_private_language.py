"""Second diff review (stop 46), mended: Chinese words in private from an English phone are answered in Chinese, but
the same messages are later edited back into English (report_language / anonymity.choose still use the app's
language in private)."""

from __future__ import annotations

from harness import RunningBot, exchange, press, shown
from ids import RESIDENT2, WANG
from test_e2e_kinds import known_in_a_group

from bot.core.callbacks import Action


async def test_private_ack_stays_chinese_after_accept(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT2, "陈先生", language_code="en")
    known_in_a_group(fake, RESIDENT2)
    await running.settle()
    ack = await exchange(fake, RESIDENT2, RESIDENT2, "5号楼3单元楼道灯坏了", "#1")
    assert "已登记" in ack["text"], ack["text"]
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await shown(fake, WANG, card["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await running.settle()
    now = fake.chats[RESIDENT2].messages[ack["message_id"]]["text"]
    assert "Logged" not in now and "已登记" in now, now


async def test_post_choice_answer_stays_chinese(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT2, "陈先生", language_code="en")
    known_in_a_group(fake, RESIDENT2)
    await running.settle()
    await exchange(fake, RESIDENT2, RESIDENT2, "5号楼3单元楼道灯坏了", "#1")
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "居民群"))
    press(fake, RESIDENT2, RESIDENT2, ask["message_id"], Action.POST, "a")
    await running.settle()
    now = fake.chats[RESIDENT2].messages[ask["message_id"]]["text"]
    assert all(ord(ch) < 128 for ch in now) is False, now
