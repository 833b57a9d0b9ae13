"""A worker's words typed in the residents' group under no message, about his one open event from that group (worker
review: "3号楼的灯修好了" there left #1 open with no word to him, "收到，马上过去" let his backup be called, and
"3号楼2单元楼道灯今天下午修" asked him "Report it? (only the resident who wrote may press)")."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, answer_to, press, shown
from ids import GROUP_A, RESIDENT, START, WANG

from bot.core.callbacks import Action
from bot.core.types import Status
from bot.render.i18n import plain
from storage import events

LAMP = "3号楼2单元楼道灯坏了"


async def lamp_for_wang(make_bot: MakeBot, accepted: bool) -> tuple[RunningBot, dict]:
    """刘阿姨 reports the lamp in grid A's group; 王师傅 has its card (and accepted it): the bot, and his card."""
    bot = await make_bot(None, Clock(START))
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, LAMP)
    await bot.settle()
    card = bot.fake.find_message(WANG, "新事件 #1")
    if accepted:
        await answer_to(bot.fake, press(bot.fake, WANG, WANG, card["message_id"], Action.ACCEPT))
        await bot.settle()
    await bot.advance(minutes=5)
    return bot, card


async def said_in_group(bot: RunningBot, words: str) -> list[str]:
    """王师傅 types `words` in the group under nothing: what the bot then said in the group."""
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, WANG, words)
    await bot.settle()
    return [c.params.get("text", "") for c in bot.fake.calls[mark:] if c.params.get("chat_id") == GROUP_A]


async def test_going_typed_below_takes_it(make_bot: MakeBot) -> None:
    bot, _ = await lamp_for_wang(make_bot, accepted=False)
    await said_in_group(bot, "收到，马上过去")
    ev = await bot.event(1)
    assert (ev.status, ev.assignee_id) == (Status.ACCEPTED, WANG)
    await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "王师傅已接单"))


@pytest.mark.parametrize("words", ["好的", "收到"])
async def test_a_bare_ok_takes_nothing(make_bot: MakeBot, words: str) -> None:
    """A bare "好的" in the group answers anyone: #1 still waits for him."""
    bot, _ = await lamp_for_wang(make_bot, accepted=False)
    await said_in_group(bot, words)
    assert (await bot.event(1)).status is Status.DISPATCHED


async def test_fixed_typed_below_brings_close_to_his_card(make_bot: MakeBot) -> None:
    bot, card = await lamp_for_wang(make_bot, accepted=True)
    await said_in_group(bot, "3号楼的灯修好了，大家放心")
    await shown(bot.fake, WANG, card["message_id"], Action.CLOSE_FIXED)
    assert (await bot.event(1)).status is Status.ACCEPTED  # the outcome stays his to choose
    assert bot.fake.find_message(WANG, plain("zh-Hans", "worker_words.choose_outcome", id=1)) is not None


async def test_his_note_naming_its_building_is_kept_not_asked(make_bot: MakeBot) -> None:
    bot, _ = await lamp_for_wang(make_bot, accepted=True)
    said = await said_in_group(bot, "3号楼2单元楼道灯今天下午修")
    assert said == [] and await bot.event_count() == 1  # no "Report it?" to him
    async with bot.ctx.db.read() as c:
        notes = [x.detail for x in await events.timeline(c, 1) if x.action == "staff_note"]
    assert notes == ["3号楼2单元楼道灯今天下午修"]


async def test_another_building_is_read_as_before(make_bot: MakeBot) -> None:
    bot, _ = await lamp_for_wang(make_bot, accepted=True)
    await said_in_group(bot, "5号楼的灯修好了")
    assert (await bot.event(1)).status is Status.ACCEPTED
    assert bot.fake.find_message(WANG, plain("zh-Hans", "worker_words.choose_outcome", id=1)) is None
