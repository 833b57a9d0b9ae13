"""Stop 62's own sweeps, end to end: what a resident reads when she chases her report again hours later."""

from __future__ import annotations

from harness import Clock, MakeBot, reported, sent_texts
from ids import GROUP_A, RESIDENT, WANG

from bot.render.i18n import t


async def test_her_chase_hours_later_is_answered_again(make_bot: MakeBot) -> None:
    """She asks when someone comes, twice at once, and again two hours on: the group reads "passed on, #1 now: …"
    under her first words and under the later ones (silence then, with the backup asked, read as nobody
    listening), not under the second of two at once; the worker reads all three."""
    bot = await make_bot(clock=Clock())
    await reported(bot, "3号楼2单元楼道灯坏了")
    passed_on = t("zh-Hans", "followup.told", id=1)
    mark = await bot.says(GROUP_A, RESIDENT, "师傅什么时候来啊？")
    await bot.says(GROUP_A, RESIDENT, "什么时候能来人啊")
    assert [s for s in sent_texts(bot.fake, GROUP_A, mark) if s.startswith(passed_on)] == [
        t("zh-Hans", "followup.told_asked", id=1, state=t("zh-Hans", "state.dispatched"))
    ]
    await bot.advance(hours=2)
    mark = await bot.says(GROUP_A, RESIDENT, "怎么还没人来啊")
    again = [s for s in sent_texts(bot.fake, GROUP_A, mark) if s.startswith(passed_on)]
    assert len(again) == 1 and again[0] != passed_on  # with how it stands
    to_wang = [s for s in sent_texts(bot.fake, WANG) if "怎么还没人来啊" in s or "什么时候" in s]
    assert len(to_wang) == 3
