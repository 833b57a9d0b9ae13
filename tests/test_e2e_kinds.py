"""Kinds of messages residents send besides a plain report (end to end): words answering the bot's "Report it?",
forwarded posts, posts as a channel, edits of replies and of private reports.

Over 300 lines: one story per kind of message, sharing the set-up helpers at the top (tests/test_e2e_answers.py
holds the later ones)."""

from __future__ import annotations

import pytest
from harness import RunningBot, answer_to, exchange, post_anonymously, press, text_in
from ids import COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG
from steps import asked_report_it, known_in_a_group
from test_reader import constant_reader
from unsure_examples import UNSURE

from bot.core.callbacks import Action
from bot.core.types import Urgency
from storage import events, media


async def test_the_writer_answers_report_it_in_words(running: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """An elderly resident writes "是的，麻烦处理一下" under the question instead of pressing: it is their yes; other
    words are pointed to the buttons once; a neighbour's "是的" answers nothing."""
    fake = running.fake
    from bot.core import parser

    monkeypatch.setattr(parser, "default_reader", lambda: constant_reader(report=-0.2, red=-8.0, category="repair"))
    fake.send_message(GROUP_A, RESIDENT, "楼下那个东西是不是有点问题")
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "是需要处理的问题吗"))
    fake.send_message(GROUP_A, RESIDENT2, "是的", reply_to_message_id=ask["message_id"])  # not theirs to answer
    for _ in range(2):
        fake.send_message(GROUP_A, RESIDENT, "楼下那个", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "请点上面问题下的按钮"))
    await running.settle()
    assert len([m for m in fake.messages(GROUP_A) if "请点上面问题下的按钮" in m.get("text", "")]) == 1
    assert fake.find_message(GROUP_A, "已登记") is None and fake.buttons(GROUP_A, ask["message_id"])
    fake.send_message(GROUP_A, RESIDENT, "是的，麻烦处理一下", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    assert "已按居民确认登记" in text_in(fake, GROUP_A, "已按居民确认登记")
    assert (await running.event(1)).reporter_id == RESIDENT
    m2 = fake.send_message(GROUP_A, RESIDENT2, "楼上好像有点什么问题")  # another question, answered "不用了"

    def asked() -> dict | None:
        replies = fake.messages(GROUP_A)
        return next((m for m in replies if m.get("reply_to_message", {}).get("message_id") == m2["message_id"]), None)

    ask2 = await fake.wait_for(asked)
    fake.send_message(GROUP_A, RESIDENT2, "不用了，谢谢", reply_to_message_id=ask2["message_id"])
    await fake.wait_for(lambda: "不登记" in fake.chats[GROUP_A].messages[ask2["message_id"]].get("text", "") or None)
    await running.settle()
    assert fake.find_message(GROUP_A, "已登记 #2") is None


async def test_words_that_say_more_than_no_are_read_for_a_danger(running: RunningBot) -> None:
    """Only words that are just a no are a no: "对不起，发错了" and "是我看错了，不用登记" are; "好像没事了" is
    pointed to the buttons (it was a yes); "不是，是3号楼2单元着火了" is a fire, raised as any (it was "好的，
    不登记")."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    chat = fake.chats[GROUP_A]
    for resident, words in ((RESIDENT, "对不起，发错了"), (RESIDENT2, "是我看错了，不用登记")):
        ask = await asked_report_it(running, resident)
        fake.send_message(GROUP_A, resident, words, reply_to_message_id=ask["message_id"])
        await fake.wait_for(lambda a=ask: "不登记" in chat.messages[a["message_id"]].get("text", "") or None)
    seems = await asked_report_it(running, RESIDENT)
    fake.send_message(GROUP_A, RESIDENT, "好像没事了", reply_to_message_id=seems["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "请点上面问题下的按钮"))
    await running.settle()
    assert await running.event_count() == 0 and fake.buttons(GROUP_A, seems["message_id"])
    fire = await asked_report_it(running, RESIDENT2)
    fake.send_message(GROUP_A, RESIDENT2, "不是，是3号楼2单元着火了", reply_to_message_id=fire["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))
    ev = await running.event(1)
    assert ev.urgency is Urgency.RED and ev.reporter_id == RESIDENT2


async def test_a_yes_with_a_danger_after_it_registers_the_danger(running: RunningBot) -> None:
    """ "对，3号楼还在冒烟" under the question is her yes and her smoke: one red event with her words (it was the
    first words' green event, the smoke lost)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ask = await asked_report_it(running, RESIDENT)
    fake.send_message(GROUP_A, RESIDENT, "对，3号楼还在冒烟", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))
    await running.settle()
    ev = await running.event(1)
    assert ev.urgency is Urgency.RED and "冒烟" in ev.text and await running.event_count() == 1
    assert "已按居民确认登记" in fake.chats[GROUP_A].messages[ask["message_id"]].get("text", "")


NEWS_CHANNEL = {"id": -1001777000111, "type": "channel", "title": "本地新闻"}
NEWS = {"type": "channel", "chat": NEWS_CHANNEL, "message_id": 55, "date": 1}
HIDDEN = {"type": "hidden_user", "sender_user_name": "隔壁老张", "date": 1}


async def test_forwarded_news_is_asked_about_never_raised_red_at_once(running: RunningBot) -> None:
    """A news channel's "3号楼起火" forwarded into the group is not a fire in our building 3: the forwarder is asked
    (only they may answer), the committee asked to check; a yes raises it like any report, red and all."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    news = "突发！某小区3号楼起火，浓烟滚滚，多人被困"
    fake.send_message(GROUP_A, RESIDENT, news, extra={"forward_origin": NEWS})
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "这是转发来的消息"))
    await running.settle()
    assert await running.event_count() == 0
    assert not any("119" in m.get("text", "") for m in fake.messages(GROUP_A))
    assert len(fake.messages(COMMITTEE)) == 1 and fake.messages(WANG) == []
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "119"))  # confirmed: a red report like any other
    assert (await running.event(1)).urgency is Urgency.RED


async def test_a_forwarded_danger_no_one_answers_reaches_the_committee(running: RunningBot) -> None:
    """A neighbour's "3号楼2单元着火了" forwarded into the group reaches the committee at once, though the
    forwarder never presses (it reached no one): the question says it may be a danger; no 119 in the group, no
    event, no worker, until the forwarder's yes."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fire = "3号楼2单元着火了，好多烟！"
    fake.send_message(GROUP_A, RESIDENT, fire, extra={"forward_origin": HIDDEN})
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "这是转发来的消息"))
    assert "可能是险情" in ask["text"]
    alert = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "转发"))
    assert fire in alert["text"] and "刘" in alert["text"]
    await running.settle()
    assert len(fake.messages(COMMITTEE)) == 1 and fake.messages(WANG) == []
    assert await running.event_count() == 0 and fake.find_message(GROUP_A, "119") is None


async def test_a_neighbours_message_forwarded_is_reported_when_the_forwarder_says_so(running: RunningBot) -> None:
    """A resident passes on a neighbour's message from another chat (its sender hidden), in the group or to the bot
    in private: asked, and the forwarder's "是的" or "Report it" registers it."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT2)
    fake.send_message(GROUP_A, RESIDENT, "5号楼2单元电梯坏了，一直停在6楼", extra={"forward_origin": HIDDEN})
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "这是转发来的消息"))
    await running.settle()
    assert await running.event_count() == 0
    fake.send_message(GROUP_A, RESIDENT, "是的", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    assert (await running.event(1)).reporter_id == RESIDENT
    fake.send_message(RESIDENT2, RESIDENT2, "7号楼1单元楼道灯坏了", extra={"forward_origin": HIDDEN})
    asked = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "This is a forwarded message"))
    assert await running.event_count() == 1
    await answer_to(fake, press(fake, RESIDENT2, RESIDENT2, asked["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, "#2"))
    assert (await running.event(2)).building == "7"


async def test_a_forwarded_photo_report_keeps_its_photo_after_the_yes(running: RunningBot) -> None:
    """A neighbour's captioned photo forwarded into the group: asked; her yes opens the event with the photo, and
    the worker is sent it (the event had only the words)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, photo=True, caption="5号楼1单元门口井盖丢了", extra={"forward_origin": HIDDEN})
    ask = await fake.wait_for(lambda: fake.find_message(GROUP_A, "这是转发来的消息"))
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #1"))
    await running.settle()
    async with running.ctx.db.read() as c:
        assert len(await media.for_event(c, 1, media.PHOTO)) == 1
    assert [call for call in fake.calls_to("sendPhoto") if str(call.params.get("chat_id")) == str(WANG)]


async def test_the_forwarder_answers_in_words_in_private_too(running: RunningBot) -> None:
    """To the bot in private, as in the group: other words under the question are pointed to the buttons, and the
    forwarder's "yes" written under it registers the message (it did nothing)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT2)
    fake.send_message(RESIDENT2, RESIDENT2, "7号楼1单元楼道灯坏了", extra={"forward_origin": HIDDEN})
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "This is a forwarded message"))
    fake.send_message(RESIDENT2, RESIDENT2, "hmm", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, "answer with the buttons"))
    assert await running.event_count() == 0
    fake.send_message(RESIDENT2, RESIDENT2, "yes please", reply_to_message_id=ask["message_id"])
    await fake.wait_for(lambda: fake.find_message(RESIDENT2, "#1"))
    assert (await running.event(1)).building == "7" and await running.event_count() == 1


async def test_a_stranger_forwarding_to_the_bot_is_not_asked(running: RunningBot) -> None:
    """Someone never seen in a residents' group forwards unsure words to the bot in private: told why it is not
    taken, as for a report they write, never asked "Report it?" (a yes opened an event)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    stranger = 5999
    fake.user_starts_bot(stranger, send_start=True)
    fake.send_message(stranger, stranger, UNSURE, extra={"forward_origin": HIDDEN})
    await fake.wait_for(lambda: fake.find_message(stranger, "为防止冒名"))
    await running.settle()
    assert fake.find_message(stranger, "转发") is None and await running.event_count() == 0


async def test_a_resident_posting_as_their_own_channel_is_answered_and_a_danger_reaches_the_committee(
    running: RunningBot,
) -> None:
    """'Send as' a personal channel names no person to ask or tell, as an anonymous admin does: not logged, but
    never dropped silently. A linked channel's post that Telegram copies into the group is no one's report."""
    fake = running.fake
    fake.user(136817688, "Channel", username="Channel_Bot", is_bot=True)
    own = {"id": -1002223334445, "type": "channel", "title": "刘阿姨的频道"}
    fake.send_message(GROUP_A, 136817688, "3号楼2单元着火了，好多烟！", sender_chat=own)
    told = await fake.wait_for(lambda: fake.find_message(GROUP_A, "频道身份"))
    assert "私聊我" in told["text"]
    alert = await fake.wait_for(lambda: fake.find_message(COMMITTEE, "频道身份"))
    assert "3号楼2单元着火了" in alert["text"]
    await running.settle()
    linked = {"id": -1003334445556, "type": "channel", "title": "幸福里社区公告"}
    fake.send_message(
        GROUP_A, 777000, "5号楼电梯坏了，有人被困", sender_chat=linked, extra={"is_automatic_forward": True}
    )
    await running.settle()
    assert len(fake.messages(COMMITTEE)) == 1 and len(fake.messages(GROUP_A)) == 1
    assert await running.event_count() == 0


async def test_a_private_report_edited_before_acceptance_changes_the_event(running: RunningBot) -> None:
    """The README's promise holds in private too: "2单元电梯坏了" corrected to "5号楼2单元电梯坏了" moves the event
    to building 5, its acknowledgement and the worker's message with it; a worker's private words edited open
    nothing."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(GROUP_A, RESIDENT, "大家早上好")  # seen in a residents' group
    report = fake.send_message(RESIDENT, RESIDENT, "2单元电梯坏了")
    await fake.wait_for(lambda: fake.find_message(RESIDENT, "已登记 #1"))
    await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await running.settle()
    fake.edit_message(RESIDENT, report["message_id"], "5号楼2单元电梯坏了")
    await fake.wait_for(lambda: "5号楼" in text_in(fake, RESIDENT, "已登记 #1") or None)
    await fake.wait_for(lambda: "5号楼" in text_in(fake, WANG, "#1") or None)
    assert (await running.event(1)).building == "5"
    note = fake.send_message(WANG, WANG, "好的")
    await running.settle()
    fake.edit_message(WANG, note["message_id"], "3号楼2单元楼道灯坏了")
    await running.settle()
    assert await running.event_count() == 1


async def _acknowledged(bot: RunningBot) -> dict:
    """刘阿姨 reports the stair light; the acknowledgement."""
    bot.fake.user_starts_bot(WANG)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    ack = await bot.fake.wait_for(lambda: bot.fake.find_message(GROUP_A, "已登记 #1"))
    await bot.settle()
    return ack


async def test_an_edited_follow_up_stays_a_follow_up(running: RunningBot) -> None:
    """The reporter's "怎么还没人来修" under the acknowledgement was passed on; corrected, the worker reads the new
    words, and no second event is opened nor a worker dispatched again."""
    fake = running.fake
    ack = await _acknowledged(running)
    m = fake.send_message(GROUP_A, RESIDENT, "怎么还没人来修", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转告负责 #1"))
    await running.settle()
    fake.edit_message(GROUP_A, m["message_id"], "怎么还没人来修？灯一直不亮，楼道漆黑")
    await fake.wait_for(lambda: fake.find_message(WANG, "楼道漆黑"))
    await running.settle()
    assert await running.event_count() == 1 and fake.find_message(GROUP_A, "已登记 #2") is None
    assert len([m for m in fake.messages(GROUP_A) if "已转告" in m.get("text", "")]) == 1


async def test_a_photo_replys_caption_edited_opens_no_event(running: RunningBot) -> None:
    """A photo kept with #1, its caption corrected (the reporter's, a neighbour's): noted in #1's log, never a new
    report of the same light nor a "Report it?" question."""
    fake = running.fake
    ack = await _acknowledged(running)
    under = ack["message_id"]
    mine = fake.send_message(GROUP_A, RESIDENT, photo=True, caption="这是楼道的灯", reply_to_message_id=under)
    theirs = fake.send_message(GROUP_A, RESIDENT2, photo=True, caption="拍了一张", reply_to_message_id=under)
    await fake.wait_for(lambda: len([m for m in fake.messages(GROUP_A) if "已把照片加到 #1" in m["text"]]) == 2 or None)
    await running.settle()
    before = len(fake.messages(GROUP_A))
    fake.edit_message(GROUP_A, mine["message_id"], "3号楼2单元楼道的灯，晚上一片漆黑")
    fake.edit_message(GROUP_A, theirs["message_id"], "拍了一张楼道")
    await running.settle()
    assert await running.event_count() == 1 and len(fake.messages(GROUP_A)) == before
    async with running.ctx.db.read() as c:
        notes = [line.detail for line in await events.timeline(c, 1) if line.action == "caption_edited"]
    assert notes == ["3号楼2单元楼道的灯，晚上一片漆黑", "拍了一张楼道"]
    async with running.ctx.db.read() as c:
        words = [p.caption for p in await media.for_event(c, 1, media.PHOTO)]
    assert words == ["3号楼2单元楼道的灯，晚上一片漆黑", "拍了一张楼道"]  # the photos' own words too


async def test_a_photo_replys_caption_edited_into_a_fire_is_a_red_report(running: RunningBot) -> None:
    """A neighbour's "就是这盏灯" under the light's #1, corrected to a fire in building 5: a red report of its own
    with the photo (the committee alerted), no longer a photo of the light."""
    fake = running.fake
    ack = await _acknowledged(running)
    p = fake.send_message(GROUP_A, RESIDENT2, photo=True, caption="就是这盏灯", reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已把照片加到 #1"))
    await running.settle()
    fake.edit_message(GROUP_A, p["message_id"], "5号楼2单元着火了，好多烟，快打119")
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已登记 #2"))
    await running.settle()
    fire = await running.event(2)
    await fake.wait_for(lambda: fake.find_message(COMMITTEE, "紧急事件 #2"))
    assert (fire.urgency, fire.building, fire.reporter_id) == (Urgency.RED, "5", RESIDENT2)
    async with running.ctx.db.read() as c:
        kept = [len(await media.for_event(c, n, media.PHOTO)) for n in (1, 2)]
    assert kept == [0, 1]


async def test_a_private_report_edited_after_it_was_posted_corrects_the_groups_post(running: RunningBot) -> None:
    """Posted in the group anonymously, then corrected (another entrance, her room): the group's post kept the old
    words. Now it is edited too, still anonymous (no words, no room, no name); a named post takes the new words."""
    fake = running.fake
    post = await post_anonymously(running, "3号楼1单元楼道灯坏了")
    await running.settle()
    [mine] = [m for m in fake.chats[RESIDENT].messages.values() if m.get("text") == "3号楼1单元楼道灯坏了"]
    fake.edit_message(RESIDENT, mine["message_id"], "3号楼2单元楼道灯坏了，我住301")
    await fake.wait_for(lambda: "2单元" in fake.chats[GROUP_A].messages[post["message_id"]]["text"] or None)
    edited = fake.chats[GROUP_A].messages[post["message_id"]]["text"]
    assert "匿名" in edited and "301" not in edited and "楼道灯坏了" not in edited, edited
    fake.user_starts_bot(RESIDENT2, send_start=True)
    fake.send_message(GROUP_A, RESIDENT2, "大家好")
    await running.settle()
    m = fake.send_message(RESIDENT2, RESIDENT2, "3号楼2单元电梯坏了")
    ask = await fake.wait_for(lambda: next((x for x in fake.messages(RESIDENT2) if x.get("reply_markup")), None))
    press(fake, RESIDENT2, RESIDENT2, ask["message_id"], Action.POST, "n")
    named = await fake.wait_for(lambda: fake.find_message(GROUP_A, "3号楼2单元电梯坏了"))
    await running.settle()
    fake.edit_message(RESIDENT2, m["message_id"], "3号楼2单元电梯坏了，有人被困在里面")
    await fake.wait_for(lambda: "有人被困" in fake.chats[GROUP_A].messages[named["message_id"]]["text"] or None)


async def test_a_resident_who_only_reads_the_group_may_report_in_private(running: RunningBot) -> None:
    """Private-chat review: 孙奶奶 is in grid A's group but never wrote there in words; her private report was refused
    "为防止冒名…请在您所在楼栋的居民群里说明", untrue for her. Telegram is asked whether she is a member: she is, and
    her report is taken; someone in no residents' group is still refused."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT3, "孙奶奶")
    fake.set_member(GROUP_A, RESIDENT3, "member")
    fake.user_starts_bot(RESIDENT3, send_start=True)
    await exchange(fake, RESIDENT3, RESIDENT3, "5号楼3单元楼道灯坏了", "已登记 #1")
    outsider = 5998
    fake.user_starts_bot(outsider, send_start=True)
    await exchange(fake, outsider, outsider, "5号楼3单元电梯坏了", "为防止冒名")
    assert await running.event_count() == 1


@pytest.mark.parametrize("words", ["补充一下，是3楼和4楼之间那盏，晚上特别黑", "怎么还没人来修"])
async def test_a_reply_under_ones_own_private_acknowledgement_reaches_the_worker(
    running: RunningBot, words: str
) -> None:
    """Private-chat review: 孙奶奶's words under her own "✅ 已登记 #1" in private each opened a new, empty event
    (#2, #3, the worker paged for each); in a group they reach the worker on #1. So they do in private."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT2)
    await running.settle()
    ack = await exchange(fake, RESIDENT2, RESIDENT2, "5号楼3单元楼道灯坏了", "#1")
    await running.settle()
    fake.send_message(RESIDENT2, RESIDENT2, words, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "报告人补充"))
    await running.settle()
    assert await running.event_count() == 1
