"""Privacy review: /forget_me and what the residents' group still shows of her: her private report's post made
with her name."""

from __future__ import annotations

from harness import RunningBot, accept_and_fix, exchange, press
from ids import GROUP_A, RESIDENT, WANG
from steps import known_in_a_group

from bot.core.callbacks import Action


async def test_forget_me_unnames_her_post_in_the_group(running: RunningBot) -> None:
    """Her private report posted in the group "with my name": after /forget_me the post still showed her name, room
    and words there, and once the event moved on it was edited to "反映人：。". Now /forget_me edits it to read as an
    anonymous post, and it stays so when the event is closed."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT)
    await running.settle()
    ask = await exchange(fake, RESIDENT, RESIDENT, "4号楼2单元302室门口有人在楼道里充电动车，很危险", "居民群")
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "n")
    post = await fake.wait_for(lambda: fake.find_message(GROUP_A, "居民私信反映"))
    assert "刘阿姨" in post["text"] and "充电" in post["text"], post["text"]
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    secrets = ("刘阿姨", "302", "充电", "反映人：。")
    unnamed = fake.find_message(GROUP_A, "居民私信反映")["text"]
    assert "匿名" in unnamed and not [s for s in secrets if s in unnamed], unnamed
    dm = fake.find_message(WANG, "#1")
    await accept_and_fix(fake, WANG, dm["message_id"])
    await running.settle()
    closed = fake.find_message(GROUP_A, "居民私信反映")["text"]
    assert "已办结" in closed and not [s for s in secrets if s in closed], closed
