"""Stop 61's review of its merged work: what a red's alert says of a backup the bot cannot message, an English
mention of one report, and /forget_me reaching her words kept under "which one?"."""

from __future__ import annotations

from harness import Clock, MakeBot, exchange, sent_texts
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from test_e2e_privacy import found_in_database
from test_e2e_several import several_reported

from bot.render.i18n import plain


async def test_a_reds_alert_never_says_the_backup_was_told_when_the_bot_cannot_message_him(make_bot: MakeBot) -> None:
    """李姐, the backup on duty, blocked the bot: the alert said "已同时通知值班人员（王师傅）和备班人员". It says
    nobody else on duty can be told, so the committee steps in."""
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    bot.fake.user_starts_bot(LI, send_start=True)
    await bot.settle()
    bot.fake.block_bot(LI)
    await bot.settle()
    mark = await bot.says(GROUP_A, RESIDENT, "2号楼1单元燃气泄漏了，味道很大")
    [alert] = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if text.startswith("🚨")]
    assert alert.endswith(
        plain(
            "zh-Hans", "committee.alert.red_alone", id=1, urgency="", category="", location="", text="", worker="王师傅"
        ).split("\n")[-1]
    ), alert


async def test_one_report_mentioned_in_english_is_one_report(make_bot: MakeBot) -> None:
    """A worker the bot cannot message is named in the group for a new report; in English it said "reports #1"."""
    bot = await make_bot(clock=Clock())
    await exchange(bot.fake, GROUP_A, ADMIN, "/lang en", "English")
    mark = await bot.says(GROUP_A, RESIDENT, "The hallway light in Block 3 unit 2 is out")
    mentions = [text for text in sent_texts(bot.fake, GROUP_A, mark) if "Start" in text]
    assert mentions and all("report #1." in text and "reports" not in text for text in mentions), mentions


async def test_forget_me_reaches_her_words_kept_under_which_one(make_bot: MakeBot) -> None:
    bot, said = await several_reported(make_bot, "3号楼电梯坏了，楼道灯也不亮")
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "请问师傅明天上午能来修吗？", reply_to_message_id=said["message_id"])
    await bot.settle()
    assert found_in_database(bot.db_path, ["明天上午能来修吗"])  # kept until she says which
    fake.user_starts_bot(RESIDENT, send_start=True)
    await bot.settle()
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    left = found_in_database(bot.db_path, ["明天上午能来修吗"])
    assert not left, "\n".join(left)


async def test_a_red_nobody_reachable_was_told_of_tells_her_group_the_committee_was(make_bot: MakeBot) -> None:
    """王师傅, alone on duty, blocked the bot (pages61 left it): the group read "已通知值班人员" and "值班人员和居委会
    已同时收到通知" of a gas leak no worker was told of. They say the committee was, and is contacting him."""
    from test_e2e_pages61 import red_with_wang_out_of_reach

    bot, mark = await red_with_wang_out_of_reach(make_bot, blocked=True)
    said = sent_texts(bot.fake, GROUP_A, mark)
    assert any(plain("zh-Hans", "emergency.head_unreached", id=1) in text for text in said), said
    ack = bot.fake.find_message(GROUP_A, "已登记 #1")
    assert ack is not None and plain("zh-Hans", "ack.unreached") in ack["text"], ack
    assert plain("zh-Hans", "ack.notified") not in ack["text"]
    assert not any(plain("zh-Hans", "ack.notified") in text for text in said), said  # not even at first
