"""A worker's "cannot fix" reason, shown to the residents' group, names no neighbour's flat or telephone (day-in-the-
life review: "楼上602业主在外地" stood in the group's acknowledgement as written). The group reads "楼上…业主"; the
reporter in private, the committee and the worker read his words whole; her own flat stays."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_close, exchange
from ids import COMMITTEE, GROUP_A, RESIDENT, START, WANG
from steps import status_answer

from bot.core.callbacks import Action
from bot.core.types import Outcome

REASON = "楼上602业主在外地，电话13812345678打不通，502家里需要物业联系业主开门"
SHOWN = "楼上…业主在外地，电话…打不通，502家里需要物业联系业主开门"
NEIGHBOUR = 6002


async def closed_cannot_fix(make_bot: MakeBot) -> tuple[RunningBot, dict]:
    """刘阿姨 (who started the bot) reports a leak into her flat 502; 王师傅 closes it "cannot fix" with REASON:
    the bot, and its acknowledgement in the group."""
    bot = await make_bot(None, Clock(START))
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元502卫生间天花板漏水", "#1")
    dm = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await accept_and_close(fake, WANG, dm["message_id"], Action.CLOSE_CANNOT)
    await fake.wait_for(lambda: fake.find_message(WANG, "请回复"))
    fake.send_message(WANG, WANG, REASON)
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已办结"))
    await bot.settle()
    return bot, ack


def now_reads(bot: RunningBot, chat_id: int, message_id: int) -> str:
    return next(m["text"] for m in bot.fake.messages(chat_id) if m["message_id"] == message_id)


async def test_the_group_reads_the_reason_without_a_neighbours_flat_or_telephone(make_bot: MakeBot) -> None:
    bot, ack = await closed_cannot_fix(make_bot)
    shown = now_reads(bot, GROUP_A, ack["message_id"])
    assert SHOWN in shown and "602" not in shown and "13812345678" not in shown


async def test_the_reporter_and_the_committee_read_his_words_whole(make_bot: MakeBot) -> None:
    bot, _ = await closed_cannot_fix(make_bot)
    assert REASON in bot.fake.find_message(RESIDENT, "已办结")["text"]
    note = await bot.fake.wait_for(lambda: bot.fake.find_message(COMMITTEE, "暂时无法解决"))
    assert REASON in note["text"]


async def test_a_neighbours_status_in_the_group_hides_them_and_hers_in_private_does_not(make_bot: MakeBot) -> None:
    bot, _ = await closed_cannot_fix(make_bot)
    bot.fake.user_starts_bot(NEIGHBOUR)
    in_group = await status_answer(bot, GROUP_A, NEIGHBOUR, 1)
    assert SHOWN in in_group and "13812345678" not in in_group
    assert REASON in await status_answer(bot, RESIDENT, RESIDENT, 1)


async def test_his_reason_read_as_an_unsure_red_is_his_reason_not_a_new_report(make_bot: MakeBot) -> None:
    """The reader leans red on "电话…打不通" (unsure): typed while his reason is asked, it is the reason."""
    bot, _ = await closed_cannot_fix(make_bot)
    ev = await bot.event(1)
    assert (ev.outcome, ev.outcome_note) == (Outcome.CANNOT_FIX, REASON)
    assert await bot.event_count() == 1
