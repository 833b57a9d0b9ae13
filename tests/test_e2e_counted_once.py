"""Resident review: her own double post (the same words twice, a moment apart) is no second reporter on the
worker's card: a person counts once (one line, one "split out" button, per neighbour)."""

from __future__ import annotations

from harness import Clock, MakeBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG


async def test_her_double_post_is_one_reporter_on_the_card(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock(), merge_window_s=86400)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "3号楼2单元的楼道灯也坏了")
    await bot.settle()
    assert await bot.event_count() == 1
    card = fake.find_message(WANG, "新事件 #1")
    assert "共 2 位居民" in card["text"]
    assert "➕ 刘阿姨" not in card["text"] and "➕ 陈先生" in card["text"], card["text"]
    splits = [b["text"] for b in fake.buttons(WANG, card["message_id"]) if "拆分" in b["text"]]
    assert splits == ["✂️ 拆分为新事件：陈先生"], splits
