"""The bot's own place in the residents' groups: restricted there, or refused the right to write."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_fix, exchange, press
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, WANG
from test_e2e_setup import NEW_GROUP, added_to_new_group

from bot.core.callbacks import Action
from bot.render.i18n import plain

ZH = "zh-Hans"
GROUP_A_TITLE = "幸福里1-5号楼居民群"
CANNOT_WRITE = plain(ZH, "committee.cannot_write", title=GROUP_A_TITLE)


def notices(running: RunningBot) -> list[dict]:
    return [m for m in running.fake.messages(COMMITTEE) if m.get("text") == CANNOT_WRITE]


async def test_a_bot_restricted_from_media_only_still_takes_reports(running: RunningBot) -> None:
    """Anti-spam bots restrict every newcomer: a bot that may still write text is in the group, as before."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.restrict_bot(GROUP_A, ADMIN, can_send_messages=True)
    await running.settle()
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元电梯坏了，有老人下不了楼", "#1", where=GROUP_A)
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    assert not notices(running)


async def test_a_bot_that_may_not_write_still_dispatches_and_the_committee_hears_once(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.restrict_bot(GROUP_A, ADMIN)  # no right to send anything
    await fake.wait_for(lambda: notices(running) or None)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    fake.send_message(GROUP_A, RESIDENT2, "5号楼门口垃圾堆了三天没人收")
    await fake.wait_for(lambda: fake.find_message(WANG, "#2"))
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    assert len(notices(running)) == 1  # the refused acknowledgements tell it no second time
    assert not fake.messages(GROUP_A)


async def test_a_group_that_stops_the_bot_writing_is_told_to_the_committee_once_per_streak(running: RunningBot) -> None:
    """The group's admins let only admins write (Telegram tells the bot nothing): acknowledgements get 400 "not
    enough rights"; the committee hears it once, and again after a message got through and the refusals resumed."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.set_permissions(GROUP_A, can_send_messages=False)
    for text in ("3号楼电梯坏了", "5号楼门口垃圾堆了三天没人收", "2号楼楼道灯不亮"):
        fake.send_message(GROUP_A, RESIDENT, text)
    await fake.wait_for(lambda: fake.find_message(WANG, "#3"))
    await fake.wait_for(lambda: notices(running) or None)
    await running.settle()
    assert len(notices(running)) == 1 and not fake.messages(GROUP_A)
    fake.set_permissions(GROUP_A, can_send_messages=True)
    await exchange(fake, GROUP_A, RESIDENT, "1号楼水管漏水", "#4", where=GROUP_A)
    await running.settle()
    fake.set_permissions(GROUP_A, can_send_messages=False)
    fake.send_message(GROUP_A, RESIDENT, "4号楼路灯不亮")
    await fake.wait_for(lambda: len(notices(running)) == 2 or None)


def removed(running: RunningBot) -> list[dict]:
    text = plain(
        ZH, "committee.bot_removed", title=GROUP_A_TITLE, undo=plain(ZH, "committee.bot_removed_file", chat_id=GROUP_A)
    )
    return [m for m in running.fake.messages(COMMITTEE) if m.get("text", "").split("\n")[0] == text]


async def test_a_group_that_removed_the_bot_is_told_with_what_to_do_and_its_open_events(running: RunningBot) -> None:
    """Committee secretary review: "机器人已被移出居民群…，该群的报事将无法接收" and no more: not how to undo it, nor
    that the file still lists the group (`linli check` failing from then on), nor which events its residents now
    cannot follow there."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await running.settle()
    fake.kick_bot(GROUP_A, ADMIN)
    [told] = await fake.wait_for(lambda: removed(running) or None)
    assert told["text"].split("\n")[1:] == [plain(ZH, "committee.bot_removed_open", ids="1")]
    assert str(GROUP_A) in told["text"] and "community.toml" in told["text"]


async def test_a_group_bound_with_a_button_that_removed_the_bot_is_not_sent_to_the_file(running: RunningBot) -> None:
    """The same note about a group bound with a button, in no file: adding the bot back is the one thing to say."""
    fake = running.fake
    dm = await added_to_new_group(running)
    press(fake, ADMIN, ADMIN, dm["message_id"], Action.BIND, "0")
    await running.settle()
    fake.kick_bot(NEW_GROUP, ADMIN)
    undo = plain(ZH, "committee.bot_removed_undo")
    told = await fake.wait_for(lambda: fake.find_message(COMMITTEE, undo))
    assert "community.toml" not in told["text"]


async def test_a_bot_removed_while_an_acknowledgement_waits_is_told_as_removed_only(running: RunningBot) -> None:
    """The acknowledgement gets 403 "bot was kicked": the bot is out of the group, not kept from writing in it,
    so the committee hears it was removed (once), never that the group still takes reports."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    fake.kick_bot(GROUP_A, ADMIN)
    await fake.wait_for(lambda: removed(running) or None)
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    assert len(removed(running)) == 1 and not notices(running)


async def test_a_send_refused_with_403_before_the_removal_is_read_tells_the_committee_once(running: RunningBot) -> None:
    """The 403 comes before the bot reads its my_chat_member update (or instead of it: the update lost while
    the bot was down): the 403 tells the committee the bot was removed, the update later adds nothing."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    fake.chats[GROUP_A].bot_status = "kicked"  # removed; Telegram's update not yet read
    await fake.wait_for(lambda: removed(running) or None)
    fake.kick_bot(GROUP_A, ADMIN)
    await running.settle()
    assert len(removed(running)) == 1 and not notices(running)


async def test_each_restriction_of_the_bot_is_told_even_with_nothing_sent_between(running: RunningBot) -> None:
    """Restricted, let write again, restricted again, no message in between: the second restriction is news."""
    fake = running.fake
    fake.restrict_bot(GROUP_A, ADMIN)
    await fake.wait_for(lambda: notices(running) or None)
    fake.restrict_bot(GROUP_A, ADMIN, can_send_messages=True)
    await running.settle()
    fake.restrict_bot(GROUP_A, ADMIN)
    await fake.wait_for(lambda: len(notices(running)) == 2 or None)
    await running.settle()
    assert len(notices(running)) == 2


async def test_a_refusal_after_the_bot_answered_a_command_there_is_told_again(running: RunningBot) -> None:
    """What got through between two refusals may be about no report (an answer to /lang): a new streak all the same."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.set_permissions(GROUP_A, can_send_messages=False)
    fake.send_message(GROUP_A, RESIDENT, "3号楼电梯坏了")
    await fake.wait_for(lambda: notices(running) or None)
    fake.set_permissions(GROUP_A, can_send_messages=True)
    await exchange(fake, GROUP_A, ADMIN, "/lang zh-Hans", "简体中文")  # answered in the group
    await running.settle()
    fake.set_permissions(GROUP_A, can_send_messages=False)
    fake.send_message(GROUP_A, RESIDENT, "5号楼门口垃圾堆了三天没人收")
    await fake.wait_for(lambda: len(notices(running)) == 2 or None)


async def test_back_in_the_group_the_bot_makes_good_what_failed_there(make_bot: MakeBot) -> None:
    """Found in the robustness review: removed from the group while #1 was handled, the bot's edit of the
    acknowledgement (the outcome) and the reporter's "is it fixed?" question there failed with 403; re-added, it
    sent neither, so a reporter who never started the bot was never told nor asked."""
    bot = await make_bot(clock=Clock(), survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    dm = await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await bot.settle(timers=True)
    fake.kick_bot(GROUP_A, ADMIN)
    await bot.settle(timers=True)
    await accept_and_fix(fake, WANG, dm["message_id"])
    await bot.settle(timers=True)
    assert "已办结" not in fake.find_message(GROUP_A, "已登记 #1")["text"]  # the edit could not be made
    fake.add_bot(GROUP_A, ADMIN)
    await fake.wait_for(lambda: "已办结" in fake.find_message(GROUP_A, "已登记 #1")["text"] or None)
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "问题解决了吗"))


async def test_the_bot_added_to_a_listed_group_and_the_committee_chat_says_hello_once(make_bot: MakeBot) -> None:
    """README step 3 on a fresh database: neither chat heard a word, so nobody could tell the set-up worked and
    residents did not learn they report by just writing (set-up review). Each is greeted once, not at a re-add."""
    from harness import COMMUNITY_TOML

    from bot.core.community_file import parse_community

    listed = -1005550002222
    comm = parse_community(COMMUNITY_TOML.replace(f"chats = [{GROUP_A}]", f"chats = [{GROUP_A}, {listed}]"), "c")
    bot = await make_bot(comm)
    fake = bot.fake
    fake.group(COMMITTEE, "滨海社区居委会", bot_status="left")
    fake.group(listed, "幸福里新居民群", bot_status="left")
    fake.add_bot(COMMITTEE, ADMIN)
    fake.add_bot(listed, ADMIN)
    await bot.settle()
    residents = plain(ZH, "hello.residents", community="§").split("§")[0]
    committee = plain(ZH, "hello.committee", community="§").split("§")[0]
    assert [m["text"] for m in fake.messages(listed) if m["text"].startswith(residents)]
    assert [m["text"] for m in fake.messages(COMMITTEE) if m["text"].startswith(committee)]
    fake.kick_bot(listed, ADMIN)
    fake.add_bot(listed, ADMIN)
    await bot.settle()
    assert sum(m["text"].startswith(residents) for m in fake.messages(listed)) == 1
