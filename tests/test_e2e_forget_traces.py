"""Privacy review: /forget_me and what the residents' group still shows of her: her private report's post made
with her name."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot, accept_and_fix, exchange, in_grid_a, press, shown, until
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG
from steps import accepted_by_wang, known_in_a_group
from test_e2e_privacy import found_in_database

from bot.core.callbacks import Action
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain


async def test_forget_me_unnames_her_post_in_the_group(running: RunningBot) -> None:
    """Her private report posted in the group "with my name": after /forget_me the post still showed her name, room
    and words there, and once the event moved on it was edited to "反映人：。". Now /forget_me edits it to read as an
    anonymous post, and it stays so when the event is closed."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    known_in_a_group(fake, RESIDENT)
    await running.settle()
    ask = await exchange(fake, RESIDENT, RESIDENT, "4号楼2单元302室门口有人在楼道里充电动车，很危险", "居民群")
    press(fake, RESIDENT, RESIDENT, ask["message_id"], Action.POST, "n")
    post = await fake.wait_for(lambda: fake.find_message(GROUP_A, "居民私信反映"))
    assert "刘阿姨" in post["text"] and "充电" in post["text"], post["text"]
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await running.settle()
    secrets = ("刘阿姨", "302", "充电", "反映人：。")
    unnamed = fake.find_message(GROUP_A, "居民私信反映")["text"]
    assert "匿名" in unnamed and not [s for s in secrets if s in unnamed], unnamed
    dm = fake.find_message(WANG, "#1")
    await accept_and_fix(fake, WANG, dm["message_id"])
    await running.settle()
    closed = fake.find_message(GROUP_A, "居民私信反映")["text"]
    assert "已办结" in closed and not [s for s in secrets if s in closed], closed


BASIC = -4001  # a basic group: no message links, so a long report's whole words follow the card


async def forget(running: RunningBot, settle: bool = True) -> None:
    """刘阿姨 opens her private chat with the bot and has it forget her (answered: done)."""
    fake = running.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    if settle:
        await running.settle()


async def test_forget_me_reaches_the_whole_of_her_long_note(running: RunningBot) -> None:
    """Review of the day: her note under her acknowledgement after 王师傅 accepted reaches him whole (note_words), but
    the event's log kept its first 300 characters, and /forget_me scrubs his queued message by the log's words: all
    past the 300th stayed in it, and reached him after she asked to be forgotten. The log keeps her note whole."""
    fake = running.fake
    await accepted_by_wang(running, WANG)
    ack = fake.find_message(GROUP_A, "已登记 #1")
    note = "补充一下：" + "楼道里一片漆黑，晚上老人下楼要摸着扶手走。" * 20 + "我家住302，钥匙放在门口鞋柜里"
    assert len(note) > 400
    # Telegram throttles 王师傅's chat a while (as test_e2e_privacy does): his DM of her note is still queued
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=WANG)
    fake.send_message(GROUP_A, RESIDENT, note, reply_to_message_id=ack["message_id"])
    await fake.wait_for(lambda: fake.find_message(GROUP_A, "已转告"))
    await running.settle()
    await forget(running)
    left = found_in_database(running.db_path, ["钥匙放在门口鞋柜里"])
    assert not left, "\n".join(left)


async def test_forget_me_reaches_every_part_of_her_whole_report(running: RunningBot) -> None:
    """Review of the day: a report too long for one message, written in a basic group, comes to 王师傅 whole in
    numbered parts (WHOLE_TEXT). /forget_me finds stored messages by the first characters of her words, which only
    the first part holds: the second, her words' tail, stayed queued. Her report's parts still waiting are dropped."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await in_grid_a(running, BASIC)
    report = "3号楼2单元楼道灯坏了。" + "".join(f"第{n}层的灯也不亮，晚上上下楼看不清台阶。" for n in range(1, 250))
    report = report[:4080] + "我家住302，钥匙放在门口鞋柜里"
    assert len(report) <= 4096
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=WANG)  # his chat throttled: the parts wait
    fake.send_message(BASIC, RESIDENT, report)
    await fake.wait_for(lambda: fake.find_message(BASIC, "#1"))

    async def parts_wait() -> bool:
        async with running.ctx.db.read() as c:
            rows = await c.execute_fetchall(
                "SELECT payload FROM outbox WHERE status = 'pending' AND chat_id = ?", (WANG,)
            )
        return any("全文（2/2）" in r[0] for r in rows)

    await until(parts_wait, what="the report's whole words waiting in two parts")
    await forget(running, settle=False)  # (his throttled chat keeps the bot from settling here)
    left = found_in_database(running.db_path, ["钥匙放在门口鞋柜里"])
    assert not left, "\n".join(left)


async def test_forget_me_reaches_the_whole_of_words_she_added_to_a_long_report(running: RunningBot) -> None:
    """Review of the change: words she adds to a report already past the card's preview go to the worker whole, but
    the event's log kept their first 300 characters, by which /forget_me scrubs his queued message: the rest stayed.
    The log keeps them whole, as it keeps her notes."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    report = "3号楼2单元楼道灯坏了。" + "".join(f"第{n}层的灯也不亮，晚上上下楼看不清台阶。" for n in range(1, 18))
    await exchange(fake, GROUP_A, RESIDENT, report, "#1", where=WANG)
    await running.settle()
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=WANG)  # his chat throttled: her words wait
    added = "坏了好几天了，" + "晚上黑漆漆的，老人孩子上下楼都得摸黑，" * 24 + "钥匙放在门口鞋柜里"
    assert len(added) > 400
    fake.send_message(GROUP_A, RESIDENT, added)

    async def joined() -> bool:  # her words joined the report (and wait for 王师傅 in his throttled chat)
        return "钥匙放在门口鞋柜里" in (await running.event(1)).text

    await until(joined, what="her words joining #1")
    await forget(running, settle=False)  # (his throttled chat keeps the bot from settling here)
    left = found_in_database(running.db_path, ["钥匙放在门口鞋柜里"])
    assert not left, "\n".join(left)


async def test_forget_me_is_done_by_the_button_under_its_answer(running: RunningBot) -> None:
    """Resident review: on a phone only "/forget_me" in the answer was a command to tap, and it brought the same
    answer back; "confirm" had to be typed. Its button erases her, the answer says so without the button, and a
    neighbour's forged press of it erases no one."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上黑漆漆的")
    await running.settle()
    fake.user_starts_bot(RESIDENT, send_start=True)
    asked = await exchange(fake, RESIDENT, RESIDENT, "/forget_me", "/forget_me confirm")
    data = await shown(fake, RESIDENT, asked["message_id"], Action.FORGET)
    fake.press_button(RESIDENT2, RESIDENT, asked["message_id"], data)
    await running.settle()
    assert (await running.event(1)).reporter_name == "刘阿姨"
    press(fake, RESIDENT, RESIDENT, asked["message_id"], Action.FORGET)
    await until(lambda: _reads(fake, asked, "已删除"), what="the answer saying it was done")
    assert not fake.buttons(RESIDENT, asked["message_id"])
    await running.settle()
    assert not found_in_database(running.ctx.settings.database_path, ["刘阿姨", "黑漆漆"])


async def _reads(fake: FakeTelegram, message: dict, needle: str) -> bool:
    return needle in fake.chats[message["chat"]["id"]].messages[message["message_id"]].get("text", "")


async def test_a_worker_card_of_her_forgotten_report_says_why_it_is_blank(make_bot: MakeBot) -> None:
    """Resident review: she reports the lift, then /forget_me before anyone accepted it; the worker's next reminder
    read "内容：" and "报告人： · …", blank, and nothing told him why. It says her words and name were deleted at her
    request, and to go by the category and the place; none of her words come back."""
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(RESIDENT)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼2单元电梯坏了好几天了", "#1", where=WANG)
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    await bot.advance(hours=3)
    card = [m for m in fake.messages(WANG) if "#1" in m["text"]][-1]["text"]
    assert plain("zh-Hans", "dm.forgotten") in card and plain("zh-Hans", "dm.forgotten_reporter") in card, card
    assert "好几天" not in card and "刘阿姨" not in card
