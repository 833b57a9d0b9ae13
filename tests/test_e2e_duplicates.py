"""A wrong "duplicate" undone end to end: every report that came with it goes back with it."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, exchange, post_anonymously
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG
from test_e2e_surveys import (
    balance,
    close_as_duplicate,
    duplicate_chain,
    fixed_and_asked,
    neighbour_joins_second,
    status_for,
    three_neighbours,
)

from bot.core.callbacks import Action, encode
from bot.core.types import Status
from bot.render.i18n import plain
from storage import reporters


async def reporters_of(bot: RunningBot, event_id: int) -> set[int]:
    async with bot.ctx.db.read() as c:
        return {r.user_id for r in await reporters.for_event(c, event_id)}


async def split_back_out(bot: RunningBot, dm: dict, number: int, original: int, user_id: int) -> None:
    """王师傅 presses ✂️ on ``user_id``'s report of #number in his message ``dm`` about #original: #number is
    open again."""
    fake = bot.fake
    async with bot.ctx.db.read() as c:
        row = next(r for r in await reporters.for_event(c, original) if r.user_id == user_id and r.merged)
    fake.press_button(WANG, WANG, dm["message_id"], encode(Action.SPLIT, row.id))
    told = plain("en", "reporter.split_reopened", id=number, old=original)
    await fake.wait_for(lambda: fake.find_message(user_id, told))
    await bot.settle()
    assert (await bot.event(number)).status is Status.DISPATCHED


def reopened_dm(bot: RunningBot) -> str:
    """王师傅's latest message about an event opened again."""
    return bot.fake.find_message(WANG, plain("zh-Hans", "dm.step.reopened"))["text"]


def text_of(bot: RunningBot, dm: dict) -> str:
    """王师傅's message ``dm`` as it reads now (edits applied)."""
    return next(m for m in bot.fake.messages(WANG) if m["message_id"] == dm["message_id"])["text"]


async def test_undoing_a_wrong_duplicate_brings_back_the_neighbours_who_joined_it(make_bot: MakeBot) -> None:
    """孙奶奶 joined 陈先生's #2 (5号楼's lift, "我家也是" under it); 王师傅 closes #2 as a duplicate of #1 (3号楼's
    lift) by mistake and splits 陈先生's report back out. 孙奶奶's report goes back to #2 with his: /status 2
    answers her, 王师傅's message about #2 counts two residents and #1's none of them, she is asked about #2 (not
    #1), and 陈先生's report earns its points once, for #2."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    await neighbour_joins_second(bot, "5号楼")
    await bot.settle()
    await close_as_duplicate(bot, 2, 1)
    assert await reporters_of(bot, 1) == {RESIDENT, RESIDENT2, RESIDENT3}
    await split_back_out(bot, dm1, 2, 1, RESIDENT2)
    assert await reporters_of(bot, 2) == {RESIDENT2, RESIDENT3}
    assert await reporters_of(bot, 1) == {RESIDENT}
    status2 = await status_for(bot, RESIDENT3, 2)
    assert plain("zh-Hans", "status.timeline") in status2, status2
    assert plain("zh-Hans", "status.merged_into", original=1) not in status2
    reopened = reopened_dm(bot)
    assert "#2" in reopened and plain("zh-Hans", "dm.affected", n=2) in reopened, reopened
    first = text_of(bot, dm1)
    assert "孙奶奶" not in first and plain("zh-Hans", "dm.affected", n=3) not in first, first
    assert await fixed_and_asked(bot, dm1, 1) == {RESIDENT}
    dm2 = fake.find_message(WANG, plain("zh-Hans", "dm.step.reopened"))
    assert await fixed_and_asked(bot, dm2, 2) == {RESIDENT2, RESIDENT3}
    assert (await balance(bot, RESIDENT2), await balance(bot, RESIDENT3)) == (10, 0)


async def test_undoing_the_middle_of_a_duplicate_chain_brings_back_the_later_duplicate(make_bot: MakeBot) -> None:
    """#2 is closed as a duplicate of #1, then 孙奶奶's #3 as a duplicate of #2 (her report goes to #1). #2 split
    back out (not #1's problem after all): her report comes back with it, /status 3 says it is handled under #2,
    and she is asked about #2 with 陈先生, not about #1."""
    bot, dm1 = await three_neighbours(make_bot)
    fake = bot.fake
    await duplicate_chain(bot, "5号楼")
    assert await reporters_of(bot, 1) == {RESIDENT, RESIDENT2, RESIDENT3}
    await split_back_out(bot, dm1, 2, 1, RESIDENT2)
    assert (await reporters_of(bot, 1), await reporters_of(bot, 2)) == ({RESIDENT}, {RESIDENT2, RESIDENT3})
    assert plain("zh-Hans", "status.merged_into", original=2) in await status_for(bot, RESIDENT3, 3)
    assert plain("zh-Hans", "dm.affected", n=2) in reopened_dm(bot)
    assert await fixed_and_asked(bot, dm1, 1) == {RESIDENT}
    dm2 = fake.find_message(WANG, plain("zh-Hans", "dm.step.reopened"))
    assert await fixed_and_asked(bot, dm2, 2) == {RESIDENT2, RESIDENT3}


async def test_an_anonymous_duplicate_goes_back_with_the_one_it_joined_and_its_mark_with_it(make_bot: MakeBot) -> None:
    """刘阿姨's anonymous #1 is closed as a duplicate of 陈先生's #2, and #2 as a duplicate of #3 by mistake (her
    report goes on to #3, marked 🙈 there). #2 split back out of #3: her report goes back to #2 with its 🙈 mark,
    and 王师傅's message about #3 neither lists her nor keeps the caution."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT2, send_start=True)
    await post_anonymously(bot, "3号楼2单元电梯坏了，困了好久")
    await exchange(fake, GROUP_A, RESIDENT2, "3号楼电梯又不动了", "#2", where=WANG)
    dm3 = await exchange(fake, GROUP_A, RESIDENT2, "5号楼水管爆了", "#3", where=WANG)
    await close_as_duplicate(bot, 1, 2)
    await close_as_duplicate(bot, 2, 3)
    assert plain("zh-Hans", "dm.anonymous_merged") in text_of(bot, dm3)
    await split_back_out(bot, dm3, 2, 3, RESIDENT2)
    async with bot.ctx.db.read() as c:
        assert (await reporters.anonymous_users(c, 2), await reporters.anonymous_users(c, 3)) == ({RESIDENT}, set())
    third = text_of(bot, dm3)
    assert plain("zh-Hans", "dm.anonymous_merged") not in third and "刘阿姨" not in third, third
    marked = plain("zh-Hans", "dm.merged_line_anon", name="刘阿姨", text="3号楼2单元电梯坏了，困了好久")
    assert marked in reopened_dm(bot)
    assert not any("刘阿姨" in m.get("text", "") for m in fake.messages(GROUP_A))


async def test_a_card_closed_as_a_duplicate_by_the_committee_names_the_original(make_bot: MakeBot) -> None:
    """Worker review: the committee closed 王师傅's waiting #2 as a duplicate of #1 from the console, and his card of #2
    read only "✔️ 已办结。", as if someone had fixed the lift; it says it is handled under #1."""
    from ids import ADMIN
    from steps import first_report

    from bot.services import steering

    bot = await make_bot(clock=Clock())
    await first_report(bot, "3号楼电梯坏了，不动了", WANG)
    card = await exchange(bot.fake, GROUP_A, RESIDENT2, "三号楼的电梯又停了", "#2", where=WANG)
    await bot.settle()
    assert (await steering.close(bot.ctx, ADMIN, 2, "duplicate", "#1")).ok
    await bot.settle()
    text = next(m["text"] for m in bot.fake.messages(WANG) if m["message_id"] == card["message_id"])
    assert "#1" in text and "已办结。" not in text, text  # "并入 #1 一并处理", not a bare "closed"
