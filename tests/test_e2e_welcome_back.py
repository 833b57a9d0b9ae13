"""A worker back after blocking the bot is sent what waited for him (found in the worker review: he unblocked it and
pressed Start, was told "有新事件时我会在这里通知您", and the events given to him meanwhile stayed his, unanswered)."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, data_of, exchange, press, shown
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from steps import accepted_by_wang

from bot.core.callbacks import Action


async def blocked_with_work(bot: RunningBot) -> None:
    """王师傅 accepts #1, then blocks the bot; so does 李姐, the backup: #2 is given to him all the same (no one the bot
    can reach is on duty; with her reachable it would go to her: tests/test_e2e_unstarted_worker.py)."""
    fake = bot.fake
    await accepted_by_wang(bot, WANG, LI)
    fake.block_bot(WANG)
    fake.block_bot(LI)
    await bot.settle()
    fake.send_message(GROUP_A, RESIDENT2, "5号楼路灯不亮")
    # he blocked it: the committee is told so (not the group, asked to have him press Start: first-day review)
    await fake.wait_for(lambda: (m := fake.find_message(COMMITTEE, "王师傅已屏蔽机器人")) and "#2" in m["text"] or None)
    await bot.settle()
    assert (await bot.event(2)).assignee_id == WANG
    assert fake.find_message(GROUP_A, "请查看事件 #2") is None


async def test_a_worker_unblocking_the_bot_is_sent_his_open_events_with_their_buttons(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await blocked_with_work(bot)
    fake.user_starts_bot(WANG, send_start=True)  # unblocks: my_chat_member, then /start
    back = await fake.wait_for(lambda: fake.find_message(WANG, "欢迎回来"))
    await bot.settle()
    assert "#1" in back["text"] and "#2" in back["text"]
    assert data_of(fake, WANG, back["message_id"]) == ["v1:shw:1", "v1:shw:2"]
    assert len([m for m in fake.messages(WANG) if "欢迎回来" in m["text"]]) == 1  # once, not for each update
    before = fake.messages(WANG)[-1]["message_id"]
    await answer_to(fake, press(fake, WANG, WANG, back["message_id"], Action.SHOW, None))
    await bot.settle()
    card = next(m for m in fake.messages(WANG) if m["message_id"] > before and "#1" in m["text"])
    await shown(fake, WANG, card["message_id"], Action.CLOSE)


async def test_a_worker_who_never_left_is_not_sent_the_list_at_start(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await exchange(fake, WANG, WANG, "/start", "王师傅")
    await running.settle()
    assert fake.find_message(WANG, "欢迎回来") is None
