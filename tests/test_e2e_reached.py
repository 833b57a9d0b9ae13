"""A worker the bot has delivered private messages to can be reached, though it never saw his /start (pressed before
this database, or on another install). Day review: 王师傅 had his cards, wrote once in the residents' group, and a
resident's "来水了！" about his event went to the committee as "机器人已无法私信对方（已屏蔽机器人）"."""

from __future__ import annotations

from harness import MakeBot, exchange
from ids import COMMITTEE, GROUP_A, RESIDENT, WANG

from bot.render.i18n import plain
from storage import people


async def test_a_worker_whose_cards_arrive_gets_her_words_and_is_not_said_to_have_blocked_the_bot(
    make_bot: MakeBot,
) -> None:
    bot = await make_bot(None)
    fake = bot.fake
    fake.user_starts_bot(WANG)  # long ago: the bot never saw it
    fake.send_message(GROUP_A, WANG, "各位邻居，今天下午小区停水检修，请提前储水")  # he is someone the bot has seen
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert (await people.person(c, WANG)).reachable  # type: ignore[union-attr]
    fake.send_message(GROUP_A, RESIDENT, "师傅什么时候能来修？晚上没灯不敢下楼")
    told = await fake.wait_for(lambda: fake.find_message(WANG, "晚上没灯不敢下楼"))
    assert told["text"]
    await bot.settle()
    unreachable = plain("zh-Hans", "committee.assignee_unreachable", id=1, worker="王师傅", phone="—")
    assert not [m for m in fake.messages(COMMITTEE) if unreachable[:12] in (m.get("text") or "")]
