"""A residents' group greeted while BotFather's privacy mode is on: the bot sees only commands and replies to it
there, so the greeting says how to reach it, and is mended once the bot reads the group."""

from __future__ import annotations

from pathlib import Path

from harness import MakeFake, RunningBot, exchange, populate
from ids import ADMIN, GROUP_A, GROUP_B, RESIDENT, WANG

from bot.render.i18n import plain


async def test_with_privacy_mode_on_the_greeting_says_how_to_reach_the_bot_and_is_mended_once_it_is_off(
    make_fake: MakeFake, tmp_path: Path
) -> None:
    """First-day review: with privacy mode on the group's greeting said "just write here", which the bot never
    reads there. Greeted so, residents are told to reply to the bot or use /report (both reach it), the admins in
    one line how to turn it off; once the bot reads the group (privacy mode off and the bot added to it again, or
    made its administrator), the greeting is edited to the plain one: no stale instruction stays."""
    plain_hello = plain("zh-Hans", "hello.residents", community="滨海社区")
    fake = await make_fake(can_read_all_group_messages=False)
    populate(fake, WANG)
    fake.group(GROUP_A, "幸福里1-5号楼居民群", bot_status="left")
    fake.group(GROUP_B, "幸福里6-8号楼居民群", bot_status="left")
    bot = RunningBot(fake, tmp_path / "linli.db")
    await bot.start()
    try:
        fake.add_bot(GROUP_A, ADMIN)
        fake.add_bot(GROUP_B, ADMIN)
        hello = await fake.wait_for(lambda: fake.find_message(GROUP_A, "大家好"))
        assert "回复我的这条消息" in hello["text"] and "/report" in hello["text"], hello["text"]
        assert "Group Privacy → Turn off" in hello["text"] and "直接在群里说就行" not in hello["text"]
        fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", reply_to_message_id=hello["message_id"])
        await fake.wait_for(lambda: fake.find_message(GROUP_A, "#1"))
        await exchange(fake, GROUP_A, RESIDENT, "/report 5号楼门口路灯不亮了", "#2", where=GROUP_A)
        fake.can_read_all_group_messages = True  # turned off in BotFather, and the bot added to the group again
        fake.kick_bot(GROUP_A, ADMIN)
        fake.add_bot(GROUP_A, ADMIN)
        await fake.wait_for(lambda: fake.messages(GROUP_A)[0]["text"] == plain_hello or None)
        await bot.settle()
        assert sum(m["text"].startswith("👋") for m in fake.messages(GROUP_A)) == 1
        # the other group, which the bot was not added to again: its greeting stands until the bot reads it there
        assert "回复我的这条消息" in fake.messages(GROUP_B)[0]["text"]
        fake.add_bot(GROUP_B, ADMIN, admin=True)  # made its administrator: it reads every message there
        await fake.wait_for(lambda: fake.messages(GROUP_B)[0]["text"] == plain_hello or None)
    finally:
        await bot.stop()
