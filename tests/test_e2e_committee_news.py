"""The committee, asked to chase an event, hears when it is taken or ends (found in the worker review: a fire nobody
took for 15 minutes had the committee phoning; 李姐 accepted it and nothing in the committee chat said so)."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, answer_to, press, reported, shown
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG

from bot.core.callbacks import Action
from bot.render.i18n import t


def committee_texts(bot: RunningBot) -> list[str]:
    return [m.get("text", "") for m in bot.fake.messages(COMMITTEE)]


async def test_a_red_the_committee_was_asked_to_chase_is_said_taken_under_its_alert(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    for u in (WANG, LI, ADMIN):
        fake.user_starts_bot(u)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元501着火了，浓烟很大")
    await bot.settle(timers=True)
    for _ in range(3):
        await bot.advance(minutes=5)
    chase = fake.find_message(COMMITTEE, "请居委会立即跟进")
    assert chase is not None
    card = fake.messages(LI)[-1]
    await answer_to(fake, press(fake, LI, LI, card["message_id"], Action.ACCEPT))
    await bot.settle(timers=True)
    taken = fake.find_message(COMMITTEE, t("zh-Hans", "committee.settled.accepted", id=1, worker="李姐"))
    assert taken is not None, committee_texts(bot)
    others = [m["message_id"] for m in fake.messages(COMMITTEE) if m["message_id"] != taken["message_id"]]
    latest = max(others)
    assert (taken.get("reply_to_message") or {}).get("message_id") == latest  # under the last word about it
    told = len(committee_texts(bot))
    await answer_to(fake, press(fake, LI, LI, card["message_id"], Action.CLOSE))
    await shown(fake, LI, card["message_id"], Action.CLOSE_NOTHING_FOUND)
    await answer_to(fake, press(fake, LI, LI, card["message_id"], Action.CLOSE_NOTHING_FOUND))
    await bot.settle()
    assert len(committee_texts(bot)) == told  # one line under each call to act, not one per step after it


async def test_an_escalated_lamp_then_withdrawn_is_said_withdrawn(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(LI)
    report, _ = await reported(bot, "3号楼2单元楼道灯坏了")
    for _ in range(13):  # 65 minutes: escalated to the backup and the committee
        await bot.advance(minutes=5)
    assert fake.find_message(COMMITTEE, "⏫ 事件 #1")
    fake.edit_message(GROUP_A, report["message_id"], "不好意思发错了")
    await bot.settle(timers=True)
    assert fake.find_message(COMMITTEE, t("zh-Hans", "committee.settled.withdrawn", id=1))


async def test_a_yellow_the_committee_only_heard_of_gets_no_more_lines(make_bot: MakeBot) -> None:
    """A yellow's alert at once is news ("已通知值班人员（王师傅）"), not a call to act: its acceptance adds nothing
    to the committee chat."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    await reported(bot, "3号楼电梯坏了，老人下不了楼")
    assert fake.find_message(COMMITTEE, "#1") is not None
    told = len(committee_texts(bot))
    card = fake.find_message(WANG, "#1")
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle(timers=True)
    assert len(committee_texts(bot)) == told
