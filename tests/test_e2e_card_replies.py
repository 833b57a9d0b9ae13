"""A worker's words written as a reply under his card reach a reporter who reported in private, where no group
thread shows them (private-chat review: 王师傅's "明天上午9点上门" under his card answered him with the staff hint,
and 刘阿姨, who reported to the bot, never read it). A group's report: tests/test_e2e_card_reply_group.py."""

from __future__ import annotations

import pytest
from harness import RunningBot, answer_to, exchange, press, sent_texts, shown, until
from ids import GROUP_A, LI, RESIDENT, WANG
from test_e2e_kinds import known_in_a_group

from bot.core.callbacks import Action
from bot.render.i18n import plain
from storage import events

WORDS = "明天上午9点上门，请家里留人 <带好钥匙>"  # the angle brackets: his words are escaped, not read as HTML


async def accepted_by_wang(bot: RunningBot, choice: str | None) -> dict:
    """刘阿姨 reports a leak to the bot in private (``choice`` on "post it in your group?"), or in the group (None);
    王师傅 accepts #1: his card."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(LI)
    known_in_a_group(fake, RESIDENT)
    await bot.settle()
    if choice is None:
        fake.send_message(GROUP_A, RESIDENT, "5号楼2单元302室卫生间漏水了")
    else:
        ask = await exchange(fake, RESIDENT, RESIDENT, "5号楼2单元302室卫生间漏水了，楼上那家一直不管", "居民群")
        press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, choice)
    card = await fake.wait_for(lambda: fake.find_message(WANG, "新事件 #1"))
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.ACCEPT))
    await bot.settle()
    return card


async def wang_replies(bot: RunningBot, card: dict, words: str = WORDS) -> tuple[list[str], list[str]]:
    """王师傅 writes ``words`` as a reply under his card: what the bot then sent 刘阿姨, and him."""
    fake = bot.fake
    mark = len(fake.calls)
    fake.send_message(WANG, WANG, words, reply_to_message_id=card["message_id"])
    await bot.settle()
    return sent_texts(fake, RESIDENT, mark), sent_texts(fake, WANG, mark)


async def test_his_words_under_the_card_reach_her_private_chat(running: RunningBot) -> None:
    card = await accepted_by_wang(running, "x")
    to_her, to_him = await wang_replies(running, card)
    shown = running.fake.find_message(RESIDENT, "带好钥匙")  # as Telegram shows it: his words escaped, whole
    assert len(to_her) == 1 and shown is not None, to_her
    assert "#1" in shown["text"] and "王师傅" in shown["text"] and f"「{WORDS}」" in shown["text"], shown["text"]
    assert to_him == [plain("zh-Hans", "card_reply.relayed", id=1)], to_him


async def test_her_answer_under_his_words_reaches_him(running: RunningBot) -> None:
    """A thread both ways: 刘阿姨's reply under his words is her note for him (as under her acknowledgement)."""
    fake = running.fake
    card = await accepted_by_wang(running, "n")
    await wang_replies(running, card)
    relayed = fake.find_message(RESIDENT, "带好钥匙")
    mark = len(fake.calls)
    fake.send_message(RESIDENT, RESIDENT, "我上午在家，9点以后都可以", reply_to_message_id=relayed["message_id"])
    await running.settle()
    assert any("我上午在家" in x for x in sent_texts(fake, WANG, mark)), sent_texts(fake, WANG, mark)


@pytest.mark.parametrize("answer", ["好的，我上午在家", "好的", "👍"])
async def test_a_short_answer_under_his_words_reaches_him(running: RunningBot, answer: str) -> None:
    """He asked her to be home; her "好的" or "👍" under his words is her answer (under her acknowledgement it is small
    talk, and was dropped here too: he never learnt she would be in)."""
    fake = running.fake
    card = await accepted_by_wang(running, "n")
    await wang_replies(running, card)
    relayed = fake.find_message(RESIDENT, "带好钥匙")
    mark = len(fake.calls)
    fake.send_message(RESIDENT, RESIDENT, answer, reply_to_message_id=relayed["message_id"])
    await running.settle()
    assert any(answer in x and "#1" in x for x in sent_texts(fake, WANG, mark)), sent_texts(fake, WANG, mark)


async def test_an_anonymous_reporter_is_not_named_to_him(running: RunningBot) -> None:
    card = await accepted_by_wang(running, "a")
    to_her, to_him = await wang_replies(running, card)
    assert len(to_her) == 1 and "带好钥匙" in to_her[0], to_her
    assert not [x for x in to_him if "刘阿姨" in x], to_him


async def test_a_group_s_reporter_gets_them_in_private_too(running: RunningBot) -> None:
    """Her report made in the group: his words under his card reach her private chat all the same (they were answered
    with the staff hint and lost); one who cannot be messaged there: tests/test_e2e_card_reply_group.py."""
    card = await accepted_by_wang(running, None)
    to_her, to_him = await wang_replies(running, card)
    assert len(to_her) == 1 and to_him == [plain("zh-Hans", "card_reply.relayed", id=1)], (to_her, to_him)


async def test_a_worker_who_gave_it_back_does_not_write_to_her(running: RunningBot) -> None:
    """Only the worker on it speaks for it: 王师傅 handed #1 back (李姐 has it now); his old card says nothing."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.HAND_BACK))
    await running.settle()
    assert (await running.event(1)).assignee_id == LI
    to_her, _ = await wang_replies(running, card)
    assert not [x for x in to_her if "带好钥匙" in x], to_her


async def test_a_danger_under_the_card_is_a_report_not_a_word_to_her(running: RunningBot) -> None:
    """A danger is never lost to a reply: "5号楼着火了" under his card of her leak is raised as one, not sent to her."""
    card = await accepted_by_wang(running, "x")
    to_her, _ = await wang_replies(running, card, "5号楼1单元着火了，浓烟很大")
    assert not [x for x in to_her if "着火" in x], to_her
    assert await running.event_count() == 2


async def test_words_she_cannot_receive_are_said_to_him_not_passed_on(running: RunningBot) -> None:
    """刘阿姨 blocked the bot unannounced: his words are refused, and he hears so (not "passed on"); his next words
    are answered so at once."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
    fake.blocked.add(RESIDENT)
    _, to_him = await wang_replies(running, card)
    unreachable = plain("zh-Hans", "card_reply.unreachable", id=1)
    assert to_him[-1] == unreachable, to_him
    _, to_him = await wang_replies(running, card, "我下午再来一次")
    assert to_him == [unreachable], to_him


async def test_forget_me_leaves_no_copy_of_his_words_to_her(running: RunningBot) -> None:
    """What the bot sent her is blanked by /forget_me, his words too; the event's log says only that he replied."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
    await wang_replies(running, card)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    async with running.ctx.db.read() as c:
        kept = await c.execute_fetchall("SELECT id FROM outbox WHERE instr(payload, '带好钥匙') > 0")
        logged = [(line.action, line.detail) for line in await events.timeline(c, 1) if line.action == "worker_reply"]
    assert kept == [] and logged == [("worker_reply", None)], (kept, logged)


async def test_his_words_refused_later_are_said_to_him_not_to_the_worker_who_took_over(running: RunningBot) -> None:
    """Review of the day: 王师傅's words under his card of 刘阿姨's private report wait (Telegram throttles her chat a
    moment); he hands #1 back (李姐 has it) and she blocks the bot: the refusal was told to whoever had the event then
    (李姐, who never wrote to her), and 王师傅, told "已转告", never heard. The writer of the words is told."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
    fake.fail_next(None, 429, retry_after=2, times=1, chat_id=RESIDENT)
    fake.send_message(WANG, WANG, "明天上午9点上门，请家里留人", reply_to_message_id=card["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "已转告 #1 的报告人"))
    await answer_to(fake, press(fake, WANG, WANG, card["message_id"], Action.HAND_BACK))
    fake.blocked.add(RESIDENT)  # before her chat's retry, 2 s on

    async def with_li() -> bool:
        return (await running.event(1)).assignee_id == LI

    await until(with_li, what="李姐 having #1")
    unreachable = plain("zh-Hans", "card_reply.unreachable", id=1)
    await fake.wait_for(lambda: any(c.status == 403 and c.params.get("chat_id") == RESIDENT for c in fake.calls))
    await running.settle()
    assert fake.find_message(RESIDENT, "回复您") is None, "the test's premise: his words never reached her"
    assert not fake.find_message(LI, unreachable[:10]), "李姐 is told of words she never wrote"
    assert fake.find_message(WANG, unreachable[:10]), "王师傅 never hears his words did not reach her"


async def test_her_answer_under_his_words_after_closing_reaches_him(running: RunningBot) -> None:
    """Review of the day: after closing #1 as fixed, 王师傅 writes under his card of 刘阿姨's private report; she gets
    his words, invited to answer under them, and does. Her answer reached no one: under a closed event only "not
    fixed" or "solved" was read. Under his words it is his answer."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
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


async def test_his_long_answer_reaches_her_whole(running: RunningBot) -> None:
    """Review of the day: 王师傅 explains at length under his card of 刘阿姨's private report (1,200 characters): she
    got his first 1,000 and "…", he was told "已转告 #1 的报告人" as if all of it went, and the end (what she must do)
    was read by no one. His words come whole as far as one message has room."""
    fake = running.fake
    card = await accepted_by_wang(running, "x")
    words = "关于您家卫生间漏水：" + "楼上的防水层老化了，需要先关总阀再拆地砖检查管道。" * 45
    words += "请您明早8点前把总阀关掉"
    assert 1000 < len(words) < 1500
    fake.send_message(WANG, WANG, words, reply_to_message_id=card["message_id"])
    await fake.wait_for(lambda: fake.find_message(WANG, "已转告 #1 的报告人"))
    await running.settle()
    assert fake.find_message(RESIDENT, "请您明早8点前把总阀关掉"), "his words' end never reached her"
