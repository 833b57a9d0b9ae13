"""Second reader's review of the day's changes (8891e8d..HEAD): each test reproduces a finding and fails on the
code as it stands."""

from __future__ import annotations

import asyncio

import pytest
from harness import RunningBot, answer_to, exchange, in_grid_a, press, shown, until
from ids import GROUP_A, LI, RESIDENT, RESIDENT2, WANG
from steps import accepted_by_wang
from test_e2e_card_replies import accepted_by_wang as card_accepted_by_wang
from test_e2e_privacy import found_in_database

from bot.core.callbacks import Action
from bot.render.i18n import plain

BASIC = -4001  # a basic group: no message links, so a long report's whole words follow the card


async def forget(running: RunningBot, settle: bool = True) -> None:
    """刘阿姨 opens her private chat with the bot and has it forget her (answered: done)."""
    fake = running.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    if settle:
        await running.settle()


async def test_a_report_edited_long_before_acceptance_reaches_the_worker_whole(running: RunningBot) -> None:
    """In a basic group (no link to her message) 刘阿姨 reports the light briefly, then edits her report, before
    anyone accepts it, into a long one whose end says where the key is. The card is edited to say "📄 内容较长，
    全文见下方「#1 全文」", but nothing comes below it: whole_text is queued only with a card sent
    (notify.worker_dm) or words added (continuation), never on an edit (edits.py: update_report, then only
    edit_worker_dms). 王师傅 reads the first 300 characters and never the rest."""
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


async def test_his_long_answer_reaches_her_whole_or_he_is_told_it_was_cut(running: RunningBot) -> None:
    """王师傅 explains at length under his card of 刘阿姨's private report (1,200 characters, within one message): she
    gets his first 1,000 and "…" (card_replies.WORDS_MOST), he is told "已转告 #1 的报告人" as if all of it went, and
    the end (what she must do) is read by no one; the message to her has room for all of it."""
    fake = running.fake
    card = await card_accepted_by_wang(running, "x")
    words = "关于您家卫生间漏水：" + "楼上的防水层老化了，需要先关总阀再拆地砖检查管道。" * 45
    words += "请您明早8点前把总阀关掉"
    assert 1000 < len(words) < 1500
    fake.send_message(WANG, WANG, words, reply_to_message_id=card["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "已转告 #1 的报告人"))
    await running.settle()
    assert fake.find_message(RESIDENT, "请您明早8点前把总阀关掉"), "his words' end never reached her"


async def test_her_answer_under_his_words_after_closing_reaches_him(running: RunningBot) -> None:
    """After closing #1 as fixed, 王师傅 writes under his card of 刘阿姨's private report (permissions.answers_reporter
    lets him: any state but cancelled); she gets his words with "（回复这条消息，可以把您的话转告对方。）" and answers
    under them, as invited. Her answer reaches no one: under a closed event reply_received only reads "not fixed"
    or "solved" (followups._closed), so it is read as any private message."""
    fake = running.fake
    card = await card_accepted_by_wang(running, "x")
    for action in (Action.CLOSE, Action.CLOSE_FIXED):
        await shown(fake, WANG, card["message_id"], action)
        press(fake, WANG, WANG, card["message_id"], action)
    await running.settle()
    assert (await running.event(1)).status.value == "closed"
    await exchange(fake, WANG, WANG, "/skip", "不附照片")  # no "after" photo: the close's question is answered
    await running.settle()
    question = "水管换好了，明天上午我再来看看有没有渗水，您家方便吗？"
    fake.send_message(WANG, WANG, question, reply_to_message_id=card["message_id"])
    his = await fake.wait_for(lambda: fake.find_message(RESIDENT, "回复您"))
    await running.settle()
    fake.send_message(RESIDENT, RESIDENT, "明天上午10点以后我在家", reply_to_message_id=his["message_id"])
    await running.settle()
    to_her = [m.get("text", "") for m in fake.messages(RESIDENT)][-1]
    assert fake.find_message(WANG, "明天上午10点以后我在家"), f"her answer never reached him; she read: {to_her}"


async def test_her_short_additions_do_not_resend_the_whole_report_each_time(running: RunningBot) -> None:
    """A report past the card's 300 characters in grid A's supergroup, then three short words of hers a moment later
    that join it ("坏了好几天了", "从昨天起就坏了", "已经两天了"): each addition queues the event's whole words again
    (continuation._add_words, keyed by the text's length), so 王师傅 reads the same 400-character report three times
    over, each a new message, instead of what she added."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    report = "3号楼2单元楼道灯坏了。" + "".join(f"第{n}层的灯也不亮，晚上上下楼看不清台阶。" for n in range(1, 18))
    assert 300 < len(report) < 500
    await exchange(fake, GROUP_A, RESIDENT, report, "#1", where=WANG)
    await running.settle()
    for words in ("坏了好几天了", "从昨天起就坏了", "已经两天了"):
        fake.send_message(GROUP_A, RESIDENT, words)
        await running.settle()
    texts = [(await running.event(n)).text[:20] for n in range(1, await running.event_count() + 1)]
    assert await running.event_count() == 1 and "两天" in (await running.event(1)).text, texts
    wholes = [m["text"] for m in fake.messages(WANG) if "#1 全文" in m.get("text", "")]
    assert len(wholes) <= 1, f"the whole report came {len(wholes)} times"


@pytest.mark.parametrize("then", ["The doorbell is broken", "The water pipe is leaking", "The elevator is stuck"])
async def test_a_different_thing_broken_in_english_is_its_own_event(running: RunningBot, then: str) -> None:
    """README: "A new, different problem is its own event, 'also' or not". 陈先生 writes in English: the hallway light,
    then a moment later another thing broken. next_words finds no thing in English words (merge.named_first gives
    nothing for a run with spaces; a word list's pattern such as "leak*" or "elevator*" is looked for literally in
    the clause), so his second report joins the light's #1 as its words and the other thing is nobody's work."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "Building 3 unit 2 hallway light is broken", "#1", where=WANG)
    await running.settle()
    fake.send_message(GROUP_A, RESIDENT2, then)
    await running.settle()
    assert await running.event_count() == 2, (await running.event(1)).text


async def test_her_note_of_nearly_4096_characters_reaches_him_whole(running: RunningBot) -> None:
    """README: "her words once it is accepted (a note, an edit of her report) reach him whole too". A note of 3,950
    characters (a Telegram message holds 4,096) is cut at 3,800 with "…" (messages.NOTE_CHARS), though the message
    around it ("💬 #1 报告人补充：「…」") needs a few dozen: its end, where she says where the key is, never reaches
    him, and nothing says so."""
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
