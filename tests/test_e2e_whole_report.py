"""A long report reaches its worker whole (found in the earlier review): the card shows the report's first 300
characters, and in a supergroup its "查看原消息" link opens the rest; a basic group's messages have no link, so the
worker of a long report written there read its start and never the rest. Now the words the card leaves out come
under it, the whole report in as many messages as Telegram's 4,096 characters need. Her notes reach whoever reads
them whole: the worker, or the committee when nobody has her report or its worker blocked the bot."""

from __future__ import annotations

import pytest
from harness import COMMUNITY_TOML, MakeBot, RunningBot, accept_and_close, exchange, in_grid_a, sent_texts
from ids import ADMIN, COMMITTEE, GROUP_A, LI, RESIDENT, WANG
from steps import accepted_by_wang

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.render.fit import MAX_TEXT

BASIC = -4001  # a basic group's id: no "-100", no t.me link to its messages


def long_report(floors: range) -> str:
    """A report of the stairwell lights that goes on floor by floor (20-odd characters a floor)."""
    return "3号楼2单元楼道灯坏了。" + "".join(f"第{n}层的灯也不亮，晚上上下楼看不清台阶。" for n in floors)


def to_wang(running: RunningBot) -> str:
    """Everything the bot sent 王师傅, one text."""
    return "\n".join(m.get("text", "") for m in running.fake.messages(WANG))


async def test_a_long_report_in_a_basic_group_reaches_its_worker_whole(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, BASIC)
    report = long_report(range(1, 80))
    assert 1500 < len(report) < MAX_TEXT
    card = await exchange(fake, BASIC, RESIDENT, report, "#1", where=WANG)
    await running.settle()
    assert "查看原消息" not in card["text"] and report not in card["text"]  # no link; the card's preview is cut
    assert report in to_wang(running), to_wang(running)[-300:]
    assert all(len(m.get("text", "")) <= MAX_TEXT for m in fake.messages(WANG))


async def test_words_added_past_the_limit_reach_the_worker_whole_in_numbered_messages(running: RunningBot) -> None:
    """Her short report, then many more words about it a moment later (they join it, as the next words do): the
    event's words are past Telegram's 4,096 characters, and come to 王 whole in two numbered messages, each within
    it."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, BASIC)
    await exchange(fake, BASIC, RESIDENT, long_report(range(1, 5)), "#1", where=WANG)
    fake.send_message(BASIC, RESIDENT, "坏了好几天了，晚上黑漆漆的，老人孩子上下楼都得摸黑。" * 156)
    await running.settle()
    ev = await running.event(1)
    assert await running.event_count() == 1 and len(ev.text) > MAX_TEXT and "摸黑" in ev.text
    parts = [m["text"] for m in fake.messages(WANG) if "#1 全文（" in m.get("text", "")]
    assert [p.split("\n")[0] for p in parts] == ["📄 #1 全文（1/2）", "📄 #1 全文（2/2）"], parts
    assert "".join(p.split("\n", 1)[1] for p in parts).replace("\n", "") == ev.text.replace("\n", "")
    assert all(len(m.get("text", "")) <= MAX_TEXT for m in fake.messages(WANG))


async def test_a_long_report_in_a_supergroup_is_opened_by_its_link(running: RunningBot) -> None:
    """In a supergroup the card's "查看原消息" opens her whole message: no second message."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    card = await exchange(fake, GROUP_A, RESIDENT, long_report(range(1, 80)), "#1", where=WANG)
    await running.settle()
    assert "查看原消息" in card["text"] and "全文" not in to_wang(running)


async def test_her_long_words_after_acceptance_reach_the_worker_whole(running: RunningBot) -> None:
    """Her words under her report once 王 has accepted it come to him as her note: it quoted their first 300
    characters, and the rest was read by no one."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, BASIC)
    card = await exchange(fake, BASIC, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    await accept_and_close(fake, WANG, card["message_id"], Action.CLOSE_BACK)  # accepted, still open
    await running.settle()
    ack = fake.find_message(BASIC, "#1")
    words = her_long_words()
    fake.send_message(BASIC, RESIDENT, words, reply_to_message_id=ack["message_id"])
    await running.settle()
    assert words in to_wang(running), to_wang(running)[-200:]
    edited = "3号楼2单元楼道灯坏了，" + words  # her report edited: he reads the edit whole too
    fake.edit_message(BASIC, ack["reply_to_message"]["message_id"], edited)
    await running.settle()
    assert edited in to_wang(running), to_wang(running)[-200:]


def her_long_words(floors: int = 40) -> str:
    """Her words about her report of the stairwell light, floor by floor (15-odd characters a floor)."""
    return "补充一下：" + "".join(f"第{n}层晚上黑漆漆的，看不清台阶。" for n in range(1, floors))


async def said_under_her_report(bot: RunningBot, *words: str) -> list[str]:
    """刘阿姨 writes each of `words` under her #1's acknowledgement in grid A's group: what the committee read
    since (settled)."""
    fake = bot.fake
    mark = len(fake.calls)
    ack = fake.find_message(GROUP_A, "已登记 #1")
    for said in words:
        fake.send_message(GROUP_A, RESIDENT, said, reply_to_message_id=ack["message_id"])
        await bot.settle()
    return sent_texts(fake, COMMITTEE, mark)


async def test_her_long_words_reach_the_committee_whole_when_nobody_has_her_report(make_bot: MakeBot) -> None:
    """Nobody on duty for her #1: her note goes to the committee, which read its first 300 characters while a
    worker reads it whole."""
    bot = await make_bot(parse_community(COMMUNITY_TOML.split("[[shifts]]")[0], "t"))
    await exchange(bot.fake, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=COMMITTEE)
    words = her_long_words()
    committee = await said_under_her_report(bot, words)
    assert any(words in x and "现在没有人负责" in x for x in committee), committee


@pytest.mark.parametrize("announced", [True, False])
async def test_her_long_words_for_a_worker_who_blocked_the_bot_reach_the_committee_whole(
    make_bot: MakeBot, announced: bool
) -> None:
    """王 accepted her #1, then blocked the bot (the bot told so, or finding out by his refusing her words): the
    committee reads her words instead, whole, the first time in its note that he is gone, then on their own."""
    bot = await make_bot()
    await accepted_by_wang(bot, WANG, LI, ADMIN)
    if announced:
        bot.fake.block_bot(WANG)
    else:
        bot.fake.blocked.add(WANG)
    first, second = her_long_words(), "灯还是不亮，" + her_long_words(30)
    committee = await said_under_her_report(bot, first, second)
    assert [len([x for x in committee if words in x]) for words in (first, second)] == [1, 1], committee


async def test_her_longest_words_reach_the_committee_within_one_message(make_bot: MakeBot) -> None:
    """Words as long as a message of hers can be (4,096 characters), in the committee's note of her words (the worker
    is gone, with his name and phone; the note that he is came when he blocked the bot): their start and "…", and the
    note's quote closed, within Telegram's limit."""
    bot = await make_bot()
    await accepted_by_wang(bot, WANG, LI, ADMIN)
    bot.fake.block_bot(WANG)
    await bot.settle()
    words = (her_long_words(400) * 2)[:MAX_TEXT]
    [note] = await said_under_her_report(bot, words)
    assert "已屏蔽机器人" in note and len(note) <= MAX_TEXT and note.endswith("…」"), note[-80:]
    assert words[:3000] in note


async def test_short_words_added_to_a_long_report_come_alone(running: RunningBot) -> None:
    """Review of the day: a report already past the card's preview, then three short words of hers that join it:
    each queued the whole report again, so 王 read the same 400 characters three times over. The rest of her report
    reached him once (here by the card's link); what she adds comes as her words alone."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, long_report(range(1, 18)), "#1", where=WANG)
    await running.settle()
    mark = len(fake.calls)
    for words in ("坏了好几天了", "从昨天起就坏了", "已经两天了"):
        fake.send_message(GROUP_A, RESIDENT, words)
        await running.settle()
    assert await running.event_count() == 1 and "两天" in (await running.event(1)).text
    to_him = sent_texts(fake, WANG, mark)
    assert not [x for x in to_him if "#1 全文" in x], to_him
    for words in ("坏了好几天了", "从昨天起就坏了", "已经两天了"):
        assert len([x for x in to_him if "报告人补充" in x and f"「{words}」" in x]) == 1, to_him


async def test_her_note_of_nearly_4096_characters_reaches_him_whole(running: RunningBot) -> None:
    """Review of the day: a note of 3,950 characters was cut at 3,800 with "…", though the message around it
    ("💬 #1 报告人补充：「…」") needs a few dozen of Telegram's 4,096: its end, where she says where the key is, never
    reached him. It is cut only past what the message leaves."""
    fake = running.fake
    await accepted_by_wang(running, WANG)
    ack = fake.find_message(GROUP_A, "已登记 #1")
    note = "补充一下：" + "楼道里一片漆黑，晚上老人下楼要摸着扶手走。" * 200
    note = note[:3930] + "我家住302，钥匙放在门口鞋柜里"
    assert 3900 < len(note) < 4000
    fake.send_message(GROUP_A, RESIDENT, note, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "补充一下"))
    await running.settle()
    assert fake.find_message(WANG, "钥匙放在门口鞋柜里"), "the end of her note never reached him"


async def test_a_report_edited_long_before_acceptance_reaches_the_worker_whole(running: RunningBot) -> None:
    """Review of the day: in a basic group (no link to her message) 刘阿姨 reports the light briefly, then edits her
    report, before anyone accepts it, into a long one whose end says where the key is. The card was edited to say
    "📄 内容较长，全文见下方「#1 全文」", but nothing came below it (only a card sent or words added queued the whole
    words, never an edit)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, BASIC)
    report = fake.send_message(BASIC, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await running.settle()
    longer = "3号楼2单元楼道灯坏了。" + "".join(f"第{n}层的灯也不亮，晚上上下楼看不清台阶。" for n in range(1, 20))
    longer += "我家住302，钥匙放在门口鞋柜里"
    assert len(longer) > 400
    fake.edit_message(BASIC, report["message_id"], longer)
    await fake.wait_for(lambda: fake.find_message(WANG, "全文见下方"))  # the card, edited: "see below"
    await running.settle()
    assert (await running.event(1)).text == longer
    assert fake.find_message(WANG, "钥匙放在门口鞋柜里"), "the card says the whole report is below; nothing is"
