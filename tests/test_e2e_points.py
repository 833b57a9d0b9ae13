"""Community points end to end: earned by closing and rating, shown by /points, changed by admins."""

from __future__ import annotations

import pytest
from harness import MakeBot, RunningBot, accept_and_fix, exchange, fixed_by_wang, press
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, WANG

from bot.core import weeks
from bot.core.callbacks import Action
from bot.core.points import Reason
from bot.fakeapi import FakeTelegram
from storage import points as ledger
from storage import surveys


@pytest.fixture
async def bot(fake_tg: FakeTelegram, make_bot: MakeBot) -> RunningBot:
    """The bot with the survey asked at once after closing (no two-hour wait)."""
    fake_tg.user(RESIDENT, "刘阿姨", username="liu_ayi")
    return await make_bot(survey_delay_s=0)


async def balance(bot: RunningBot, user_id: int) -> int:
    async with bot.ctx.db.read() as c:
        return await ledger.balance(c, user_id)


async def reasons(bot: RunningBot, user_id: int) -> list[Reason]:
    async with bot.ctx.db.read() as c:
        return [e.reason for e in reversed(await ledger.recent(c, user_id, 50))]


async def rate(bot: RunningBot, choice: str) -> None:
    """Answer the survey question that still has its buttons."""
    fake = bot.fake
    ask = await fake.wait_for(
        lambda: next(
            (
                m
                for m in fake.messages(RESIDENT)
                if "问题解决了吗" in m.get("text", "") and fake.buttons(RESIDENT, m["message_id"])
            ),
            None,
        )
    )
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.RATE, choice)
    await fake.wait_for(lambda: not fake.buttons(RESIDENT, ask["message_id"]) or None)


async def fixed_report(bot: RunningBot, text: str) -> None:
    """王师傅 and 刘阿姨 have started the bot; her report `text` (event #1) is accepted and fixed by him."""
    fake = bot.fake
    fake.user_starts_bot(WANG, send_start=True)
    fake.user_starts_bot(RESIDENT, send_start=True)
    dm = await exchange(fake, GROUP_A, RESIDENT, text, "#1", where=WANG)
    await accept_and_fix(fake, WANG, dm["message_id"])


async def test_fixed_in_time_and_satisfied_earn_points_shown_by_points(bot: RunningBot) -> None:
    fake = bot.fake
    await fixed_report(bot, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已处理完毕"))
    assert await balance(bot, RESIDENT) == 10
    assert await balance(bot, WANG) == 5
    await rate(bot, "ok")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "感谢"))
    assert await balance(bot, WANG) == 8
    assert await reasons(bot, WANG) == [Reason.CLOSED_IN_TIME, Reason.GOOD_RATING]

    mine = await exchange(fake, RESIDENT, RESIDENT, "/points", "您的社区积分")
    assert "10" in mine["text"] and "+10 报事经确认 #1" in mine["text"]
    brief = await exchange(fake, GROUP_A, WANG, "/points", "王师傅：社区积分 8 分")
    assert "按时办结" not in brief["text"]  # in a group only the balance

    week = weeks.week_of(bot.ctx.now(), bot.ctx.community.tz).label
    digest = await exchange(fake, COMMITTEE, ADMIN, f"/digest {week}", "本周积分榜")
    assert "居民：刘阿姨 10" in digest["text"] and "网格员：王师傅 8" in digest["text"]


async def test_reopen_takes_the_close_award_back_and_a_reclose_earns_it_again(bot: RunningBot) -> None:
    """ "还没修好": the close did not stand, so its in-time points go back (a line of their own, which /points shows);
    closed again in time, they are earned again. The resident's report points are hers once (her report was real)."""
    fake = bot.fake
    await fixed_report(bot, "1号楼屋顶漏水")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已处理完毕"))
    assert await balance(bot, WANG) == 5
    await rate(bot, "no")
    dm2 = await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await bot.settle()
    assert await reasons(bot, WANG) == [Reason.CLOSED_IN_TIME, Reason.CLOSE_REOPENED]
    assert await balance(bot, WANG) == 0  # exactly the close's award, no more
    mine = await exchange(fake, WANG, WANG, "/points", "社区积分")
    assert "-5 事件重开，收回按时办结积分 #1" in mine["text"], mine["text"]
    await accept_and_fix(bot.fake, WANG, dm2["message_id"])
    await rate(bot, "ok")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "感谢"))
    assert await reasons(bot, RESIDENT) == [Reason.REPORT_CONFIRMED]
    assert await reasons(bot, WANG) == [
        Reason.CLOSED_IN_TIME,
        Reason.CLOSE_REOPENED,
        Reason.CLOSED_IN_TIME,
        Reason.GOOD_RATING,
    ]
    assert (await balance(bot, RESIDENT), await balance(bot, WANG)) == (10, 8)


async def test_each_reopening_takes_back_its_own_close_once(bot: RunningBot) -> None:
    """Two reopenings, each after a close in time: each takes back the close before it, once; her words "还没修好"
    under an event already open again take nothing more."""
    fake = bot.fake
    await fixed_report(bot, "1号楼屋顶漏水")
    await rate(bot, "no")
    dm2 = await fake.wait_for(lambda: fake.find_message(WANG, "重新打开"))
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, "还没修好")  # open already: nothing to take back again
    await bot.settle()
    assert await balance(bot, WANG) == 0
    await accept_and_fix(bot.fake, WANG, dm2["message_id"])
    await bot.settle()
    assert await balance(bot, WANG) == 5
    await rate(bot, "no")
    await bot.settle()
    assert (await bot.event(1)).reopened_count == 2
    assert await reasons(bot, WANG) == [Reason.CLOSED_IN_TIME, Reason.CLOSE_REOPENED] * 2
    assert await balance(bot, WANG) == 0


async def test_admin_award_deduct_redeem(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "报事助手"))

    async def admin_says(text: str, needle: str, chat: int = ADMIN, **kw: object) -> dict:
        fake.send_message(chat, ADMIN, text, **kw)
        return await fake.wait_for(lambda: fake.find_message(chat, needle))

    await admin_says("/points award @liu_ayi 20 打扫楼道", "已为刘阿姨增加 20 分（打扫楼道），现有 20 分")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "居委会为您增加了 20 分"))
    await admin_says(f"/points deduct {RESIDENT} 5 乱停车", "已扣除刘阿姨 5 分（乱停车），现有 15 分")
    await admin_says("/points redeem @LIU_AYI 50 大米一袋", "只有 15 分，不够兑换 50 分")
    assert await balance(bot, RESIDENT) == 15
    await admin_says("/points redeem @liu_ayi 10 大米一袋", "已用 10 分兑换：大米一袋，剩余 5 分")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "您已用 10 分兑换：大米一袋"))
    said = fake.send_message(GROUP_A, RESIDENT, "我来帮忙搬东西")
    await admin_says(
        "/points award 3 热心", "增加 3 分（热心），现有 8 分", chat=GROUP_A, reply_to_message_id=said["message_id"]
    )
    assert await balance(bot, RESIDENT) == 8
    assert await reasons(bot, RESIDENT) == [Reason.AWARD, Reason.DEDUCT, Reason.REDEEM, Reason.AWARD]

    await admin_says("/points award @liu_ayi -5", "分数必须是 1 到 100000 之间的整数")
    fake.send_message(ADMIN, ADMIN, "/points award @liu_ayi abc")
    await fake.wait_for(
        lambda: len([m for m in fake.messages(ADMIN) if "分数必须是" in m.get("text", "")]) == 2 or None
    )
    await admin_says("/points award @liu_ayi", "请写上分数")
    await admin_says("/points award @nobody 5", "找不到用户「@nobody」")
    await admin_says("/points award 999999 5", "找不到用户「999999」")
    await admin_says("/points award 5 好人", "请指明用户")
    await admin_says("/points give @liu_ayi 5", "用法：/points")
    assert await balance(bot, RESIDENT) == 8


async def test_non_admin_is_refused(bot: RunningBot) -> None:
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/points award @liu_ayi 100 自己加", "只有居委会管理员可以调整积分")
    await exchange(fake, GROUP_A, WANG, f"/points redeem {RESIDENT} 1 x", "只有居委会管理员可以调整积分")
    assert await balance(bot, RESIDENT) == 0
    await exchange(fake, RESIDENT, RESIDENT, "/points", "还没有积分记录")


async def test_a_worker_closing_his_own_report_is_not_asked_to_rate_it_and_earns_nothing(bot: RunningBot) -> None:
    """王师傅 reports a problem himself (/report in the group), takes it and closes it as fixed: he is not asked
    "is it fixed?" about his own work, and neither the report, the closing nor a rating earns him points."""
    fake = bot.fake
    fake.user_starts_bot(WANG, send_start=True)
    await bot.settle()
    await fixed_by_wang(bot, WANG, "/report 3号楼楼道灯坏了")
    assert fake.find_message(WANG, "已处理完毕")
    async with bot.ctx.db.read() as c:
        assert await surveys.for_event(c, 1) == []
    assert await reasons(bot, WANG) == []
