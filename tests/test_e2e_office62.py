"""The committee's quiet hours hold her follow-up too (night review: her question passed on at night waited for the
morning, but her reply under the committee's answer at 23:40 reached the committee chat at 23:40). It waits for
their end, kept over a restart, and she is told when it will be read once, not under every message."""

from __future__ import annotations

from harness import MakeBot, RunningBot, exchange, press, sent_texts
from ids import ADMIN, COMMITTEE, RESIDENT
from test_e2e_handover import ANSWER, ASKED, asked
from test_e2e_privacy import found_in_database

from bot.core.callbacks import Action
from bot.render.i18n import plain

MORE = "微信怎么缴费？"
AND_MORE = "我住3号楼302室"


async def answered(make_bot: MakeBot) -> tuple[RunningBot, dict, dict]:
    """Her question passed on at 10:00 and answered under its copy; the clock at 23:40. The bot, the committee's
    copy of her question and the answer in her chat."""
    bot, offer = await asked(make_bot)  # Monday 10:00 in Shanghai
    fake = bot.fake
    press(fake, RESIDENT, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    await bot.settle()
    copy = fake.find_message(COMMITTEE, ASKED)
    fake.send_message(COMMITTEE, ADMIN, ANSWER, reply_to_message_id=copy["message_id"])
    await bot.settle()
    answer = fake.find_message(RESIDENT, ANSWER)
    await bot.advance(hours=13, minutes=40)
    return bot, copy, answer


async def test_her_follow_up_at_night_waits_for_the_committees_morning(make_bot: MakeBot) -> None:
    bot, copy, answer = await answered(make_bot)
    fake = bot.fake
    before = len(sent_texts(fake, COMMITTEE))
    more = fake.send_message(RESIDENT, RESIDENT, MORE, reply_to_message_id=answer["message_id"])
    await bot.settle()
    assert len(sent_texts(fake, COMMITTEE)) == before  # nobody's phone woken at 23:40
    told = fake.messages(RESIDENT)[-1]["text"]
    assert told == plain("zh-Hans", "office.follow_up_later", when="明天 08:00"), told
    await bot.advance(minutes=5)
    fake.send_message(RESIDENT, RESIDENT, AND_MORE, reply_to_message_id=answer["message_id"])
    await bot.settle()
    assert fake.messages(RESIDENT)[-1]["text"] == plain("zh-Hans", "office.follow_up_kept")  # the time said once
    assert len(sent_texts(fake, COMMITTEE)) == before
    await bot.restart()
    await bot.advance(hours=8, minutes=14)  # 07:59
    assert len(sent_texts(fake, COMMITTEE)) == before
    await bot.advance(minutes=1)  # 08:00: both, in her order, under her question
    new = [m for m in fake.messages(COMMITTEE)[-2:] if "接着问" in m["text"]]
    assert [MORE in new[0]["text"], AND_MORE in new[1]["text"]] == [True, True], new
    assert {m["reply_to_message"]["message_id"] for m in new} == {copy["message_id"]}
    fake.send_message(COMMITTEE, ADMIN, "关注物业公众号，点缴费。", reply_to_message_id=new[0]["message_id"])
    await bot.settle()
    reply = fake.find_message(RESIDENT, "关注物业公众号")
    assert reply is not None and reply["reply_to_message"]["message_id"] == more["message_id"]


async def test_forget_me_in_the_night_leaves_her_follow_up_unsent(make_bot: MakeBot) -> None:
    """Her follow-up kept for the morning keeps her words only until then, and /forget_me drops it unsent."""
    bot, _, answer = await answered(make_bot)
    fake = bot.fake
    fake.send_message(RESIDENT, RESIDENT, AND_MORE, reply_to_message_id=answer["message_id"])
    await bot.settle()
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.advance(hours=8, minutes=20)
    assert not fake.find_message(COMMITTEE, AND_MORE)
    assert not found_in_database(bot.db_path, [AND_MORE])
