"""Forum topics (end to end): in a topic every message carries the topic's opening message as reply_to_message,
which is no reply; a real reply there is one."""

from __future__ import annotations

from harness import MakeBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from storage import events, reporters


async def test_edits_in_a_forum_topic_are_read_as_in_the_chat_and_a_reply_there_as_a_reply(make_bot: MakeBot) -> None:
    """on_group_edit took the topic's opening message (every message in a topic carries it as reply_to_message) for
    the message the edit answers. In a topic opened by 陈先生: 刘阿姨's light (#1); his "大家好" corrected into the
    lift is a report of its own (#2); his "+1" written as a real reply under #1's acknowledgement there joins #1,
    and corrected it stays his "+1" (no new event)."""
    bot = await make_bot()
    fake = bot.fake
    fake.user_starts_bot(WANG)
    topic = fake.create_topic(GROUP_A, RESIDENT2, "报修")
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", topic=topic)
    ack = await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    assert ack["message_thread_id"] == topic  # the bot's answer is in the topic
    hello = fake.send_message(GROUP_A, RESIDENT2, "大家好", topic=topic)
    assert hello["reply_to_message"]["message_id"] == topic and hello["is_topic_message"]
    await bot.settle()
    fake.edit_message(GROUP_A, hello["message_id"], "5号楼的电梯坏了，困在半路")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    too = fake.send_message(GROUP_A, 6001, "我家楼道灯也坏了", reply_to_message_id=ack["message_id"], topic=topic)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把您加入"))
    await bot.settle()
    fake.edit_message(GROUP_A, too["message_id"], "我家3号楼2单元楼道灯也坏了")
    await bot.settle()
    assert await bot.event_count() == 2
    async with bot.ctx.db.read() as c:
        assert {r.user_id for r in await reporters.for_event(c, 1)} == {RESIDENT, 6001}
        assert [line.action for line in await events.timeline(c, 1)].count("edited") == 1
