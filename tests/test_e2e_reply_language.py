"""A resident who writes in another language than the group's is answered in theirs: 陈先生, whose Telegram is in
English, reports in English in a Chinese group and reads his acknowledgement (and its updates) in English; his
Chinese neighbours' acknowledgements stay Chinese, and so does his own when he writes Chinese.

Over 300 lines: each message a resident is answered with (in a group and in private) has its language case here."""

from __future__ import annotations

import re

import pytest
from harness import COMMUNITY_TOML, MakeBot, RunningBot, accept_and_fix, answer_to, exchange, press, shown
from ids import GROUP_A, RESIDENT, RESIDENT2, RESIDENT3, WANG
from steps import asked_report_it, known_in_a_group
from test_e2e_answers import LIFT_EN
from test_e2e_setup import NEW_GROUP
from test_e2e_surveys import close_as_duplicate
from unsure_examples import UNSURE, UNSURE_EN_6

from bot.core.callbacks import Action
from bot.core.community_file import parse_community
from bot.fakeapi import FakeTelegram
from bot.render.i18n import plain, t
from storage import people


def wrote_chinese(text: str) -> bool:
    """Whether the words hold Chinese characters."""
    return bool(re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text))


def acknowledgement(bot: RunningBot, event_id: int) -> str:
    return bot.fake.find_message(GROUP_A, f"#{event_id}")["text"]


async def test_an_english_report_in_a_chinese_group_is_acknowledged_in_english_to_its_close(
    running: RunningBot,
) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "The light in the stairwell of block 3 is broken", "#1")
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "Logged #1" in ack and plain("en", "ack.notified") in ack and "已登记" not in ack, ack
    card = fake.find_message(WANG, "#1")
    assert "Logged" not in card["text"]  # the worker reads his own language
    await accept_and_fix(fake, WANG, card["message_id"])
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "Closed: fixed" in ack and "已登记" not in ack, ack


async def test_chinese_words_are_answered_in_the_groups_language_whoever_writes_them(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "3号楼楼道灯坏了", "#1")
    await exchange(fake, GROUP_A, RESIDENT, "The water pipe in block 5 is leaking", "#2")  # Telegram not English
    await running.settle()
    assert "已登记 #1" in acknowledgement(running, 1)
    assert "已登记 #2" in acknowledgement(running, 2)


async def test_an_english_me_too_is_answered_in_english(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT, "3号楼楼道灯坏了", "#1")
    fake.send_message(GROUP_A, RESIDENT2, "Same here", reply_to_message_id=ack["message_id"])
    await running.settle()
    answer = fake.sent_to(GROUP_A)[-1]["text"]
    assert "#1" in answer and not wrote_chinese(answer), answer


async def test_the_report_it_question_answered_stays_in_his_language(running: RunningBot) -> None:
    """The question under his English words was asked in English too; pressed "Yes" (or answered in words), it
    said so in Chinese only."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ask = await asked_report_it(running, RESIDENT2, LIFT_EN)
    assert t("en", "confirm.ask") in ask["text"]
    await answer_to(fake, press(fake, RESIDENT2, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    done = fake.chats[GROUP_A].messages[ask["message_id"]]["text"]
    assert plain("en", "confirm.done_yes") in done and plain("zh-Hans", "confirm.done_yes") in done, done
    ask = await asked_report_it(running, RESIDENT2, UNSURE_EN_6)
    fake.send_message(GROUP_A, RESIDENT2, "No, building 5 is on fire", reply_to_message_id=ask["message_id"])
    await running.settle()
    done = fake.chats[GROUP_A].messages[ask["message_id"]]["text"]
    assert plain("en", "confirm.done_words") in done, done


async def test_chinese_me_too_in_an_english_group_of_a_traditional_community_is_traditional(
    fake_tg: FakeTelegram, make_bot: MakeBot
) -> None:
    """Chinese words from a writer whose Telegram is English, in a group set to English: the community's Chinese,
    as his acknowledgement would be (the answer to a 'me too' took Simplified whatever the community spoke)."""
    comm = parse_community(COMMUNITY_TOML.replace("admins", 'language = "zh-Hant"\nadmins'), "c.toml")
    bot = await make_bot(comm)
    async with bot.ctx.db.tx() as c:
        await people.set_chat_language(c, GROUP_A, "en")
    fake_tg.user_starts_bot(WANG)
    ack = await exchange(fake_tg, GROUP_A, RESIDENT, "3號樓樓道燈壞了", "#1")
    fake_tg.send_message(GROUP_A, RESIDENT2, "我也是", reply_to_message_id=ack["message_id"])
    await bot.settle()
    assert fake_tg.sent_to(GROUP_A)[-1]["text"] == plain("zh-Hant", "merge.added", id=1, n=2)


async def test_his_acknowledgement_keeps_the_language_it_was_written_in(running: RunningBot) -> None:
    """The acknowledgement's later edits read the reporter's Telegram language as it is now: once he wrote anything
    from a phone set to Chinese, his English report's acknowledgement turned Chinese at its next change."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT2, "The light in the stairwell of block 3 is broken", "#1")
    assert "Logged #1" in acknowledgement(running, 1)
    fake.users[RESIDENT2]["language_code"] = "zh-hans"  # his other phone
    fake.send_message(GROUP_A, RESIDENT2, "谢谢")
    await running.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "Closed: fixed" in ack and "已登记" not in ack, ack


async def _reported_and_fixed(bot: RunningBot, text: str) -> dict:
    """陈先生 reports ``text`` in grid A's group and 王师傅 fixes it: the acknowledgement of #1, closed."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT2, text, "#1")
    await bot.settle()
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await bot.settle()
    return ack


async def _answer_to(bot: RunningBot, text: str, under: dict, who: int = RESIDENT2) -> str:
    """``who`` writes ``text`` in reply to the bot's message ``under``: the bot's newest message sent to the group."""
    since = len(bot.fake.sent_to(GROUP_A))
    bot.fake.send_message(GROUP_A, who, text, reply_to_message_id=under["message_id"])
    await bot.settle()
    sent = bot.fake.sent_to(GROUP_A)[since:]
    assert sent, f"no answer to {text!r}"
    return sent[-1]["text"]


@pytest.mark.parametrize(
    "report,words,lang",
    [
        ("The light in the stairwell of block 3 is broken", "I will be home after six tonight", "en"),
        ("3号楼楼道灯坏了", "我晚上六点以后在家", "zh-Hans"),  # his Chinese: Chinese
    ],
)
async def test_his_words_under_his_report_are_answered_in_his_language(
    running: RunningBot, report: str, words: str, lang: str
) -> None:
    """His words under his acknowledgement reach the worker; "passed on" was said in the group's Chinese."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT2, report, "#1")
    await running.settle()
    assert await _answer_to(running, words, ack) == plain(lang, "followup.told", id=1)


async def test_not_fixed_in_english_is_answered_in_english(running: RunningBot) -> None:
    """His "still out" under his closed report opens it again, and reopened enough the committee holds it: both were
    said in the group's Chinese to the English writer."""
    fake = running.fake
    ack = await _reported_and_fixed(running, "The light in the stairwell of block 3 is broken")
    answer = await _answer_to(running, "The light is still out", ack)
    assert answer == plain("en", "followup.reopened", id=1), answer
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await running.settle()
    await _answer_to(running, "The light is still out", ack)  # reopened a second time
    await accept_and_fix(fake, WANG, fake.find_message(WANG, "#1")["message_id"])
    await running.settle()
    answer = await _answer_to(running, "The light is still out", ack)
    assert answer == plain("en", "followup.held", id=1), answer


async def test_not_fixed_in_chinese_is_answered_in_chinese(running: RunningBot) -> None:
    ack = await _reported_and_fixed(running, "3号楼楼道灯坏了")
    answer = await _answer_to(running, "灯还是不亮", ack)
    assert answer == plain("zh-Hans", "followup.reopened", id=1), answer


async def _flooded(bot: RunningBot, report: str) -> str:
    """陈先生 writes six reports (``report`` formatted with a building) in a minute: the bot's answer to the sixth."""
    bot.fake.user_starts_bot(WANG)
    for building in range(1, 7):
        bot.fake.send_message(GROUP_A, RESIDENT2, report.format(building))
    await bot.settle()
    assert await bot.event_count() == 5
    return bot.fake.sent_to(GROUP_A)[-1]["text"]


async def test_an_english_flood_is_answered_in_english(running: RunningBot) -> None:
    """ "Auto-logging is paused" answered his sixth English report in the group's Chinese."""
    answer = await _flooded(running, "The light in the stairwell of block {} is broken")
    assert answer == plain("en", "report.flood"), answer


async def test_a_chinese_flood_is_answered_in_chinese(running: RunningBot) -> None:
    assert await _flooded(running, "{}号楼楼道灯坏了") == plain("zh-Hans", "report.flood")


async def test_words_under_his_question_that_answer_nothing_are_answered_in_his_language(running: RunningBot) -> None:
    """His words under his own "Report it?" (asked in both languages) that are no yes or no: "please use the buttons"
    came in the group's Chinese alone."""
    running.fake.user_starts_bot(WANG)
    ask = await asked_report_it(running, RESIDENT2, LIFT_EN)
    assert await _answer_to(running, "What should I do here?", ask) == plain("en", "confirm.use_buttons")
    ask = await asked_report_it(running, RESIDENT2, UNSURE)
    assert await _answer_to(running, "我该怎么做？", ask) == plain("zh-Hans", "confirm.use_buttons")


async def test_his_captioned_photo_under_his_report_is_answered_in_his_language(running: RunningBot) -> None:
    """A photo with English words on it, sent under his acknowledgement: "photo added" came in the group's Chinese."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ack = await exchange(fake, GROUP_A, RESIDENT2, "The light in the stairwell of block 3 is broken", "#1")
    await running.settle()
    for words, lang in (("This is the broken light", "en"), ("就是这盏灯", "zh-Hans")):
        fake.send_message(GROUP_A, RESIDENT2, photo=True, caption=words, reply_to_message_id=ack["message_id"])
        await running.settle()
        assert fake.sent_to(GROUP_A)[-1]["text"] == plain(lang, "media.added.photo", id=1), words


async def test_a_report_kept_in_a_waiting_group_is_answered_in_its_language(running: RunningBot) -> None:
    """An English report in a group no grid lists yet: "noted, passed to the committee" came in Chinese."""
    fake = running.fake
    fake.group(NEW_GROUP, "幸福里新楼居民群", type="supergroup")
    fake.add_bot(NEW_GROUP, RESIDENT)
    await running.settle()
    fake.send_message(NEW_GROUP, RESIDENT2, "The lift in block 9 is broken, someone is stuck inside")
    await running.settle()
    assert fake.sent_to(NEW_GROUP)[-1]["text"] == plain("en", "setup.kept_group")
    fake.send_message(NEW_GROUP, RESIDENT2, "9号楼楼道灯坏了")
    await running.settle()
    assert fake.sent_to(NEW_GROUP)[-1]["text"] == plain("zh-Hans", "setup.kept_group")


async def _closed_as_duplicate(bot: RunningBot, report: str) -> str:
    """刘阿姨 reports the lift of block 3 (#1); 陈先生, who never started the bot, reports ``report`` (#2), which 王师傅
    closes as the same problem as #1: what the group is told, naming him, under his report."""
    fake = bot.fake
    fake.user_starts_bot(WANG)
    await exchange(fake, GROUP_A, RESIDENT, "3号楼电梯坏了", "#1", where=WANG)
    await exchange(fake, GROUP_A, RESIDENT2, report, "#2", where=WANG)
    await bot.settle()
    since = len(fake.sent_to(GROUP_A))
    await close_as_duplicate(bot, 2, 1)
    told = [m["text"] for m in fake.sent_to(GROUP_A)[since:] if "#2" in m["text"]]
    assert len(told) == 1, told
    return told[0]


async def test_his_report_closed_as_a_duplicate_is_told_to_him_in_its_language(running: RunningBot) -> None:
    """Told in the group that his English report is handled under #1: in the group's Chinese, under an
    acknowledgement that reads English."""
    told = await _closed_as_duplicate(running, "The lift in block 3 is not working, it is stuck on floor 2")
    assert told.endswith(plain("en", "reporter.closed.duplicate", id=2, note="#1")), told


async def test_his_chinese_report_closed_as_a_duplicate_is_told_to_him_in_chinese(running: RunningBot) -> None:
    told = await _closed_as_duplicate(running, "3号楼电梯停在2楼不动了")
    assert told.endswith(plain("zh-Hans", "reporter.closed.duplicate", id=2, note="#1")), told


async def test_report_it_answered_after_he_wrote_from_a_chinese_phone_stays_english(running: RunningBot) -> None:
    """ "Report it?" under his English words, asked in English too; he writes "谢谢" from his other phone (set to
    Chinese), then presses Yes: the answer read his Telegram language as it was now, so the question said so in
    Chinese only and the event took Chinese, its acknowledgement too."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    ask = await asked_report_it(running, RESIDENT2, LIFT_EN)
    assert t("en", "confirm.ask") in ask["text"]
    fake.users[RESIDENT2]["language_code"] = "zh-hans"  # his other phone
    fake.send_message(GROUP_A, RESIDENT2, "谢谢")
    await running.settle()
    await answer_to(fake, press(fake, RESIDENT2, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    done = fake.chats[GROUP_A].messages[ask["message_id"]]["text"]
    assert plain("en", "confirm.done_yes") in done, done
    ack = acknowledgement(running, 1)
    assert "Logged #1" in ack, ack


async def chinese_from_an_english_phone(running: RunningBot) -> dict:
    """陈先生, whose Telegram is in English, reports in Chinese in private; the acknowledgement."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT2, "陈先生", language_code="en")
    known_in_a_group(fake, RESIDENT2)
    await running.settle()
    return await exchange(fake, RESIDENT2, RESIDENT2, "5号楼3单元楼道灯坏了", "#1")


async def test_chinese_words_in_private_from_an_english_phone_are_answered_in_chinese(running: RunningBot) -> None:
    """Private-chat review: a resident whose Telegram is in English (as many Chinese residents' apps are) wrote
    only Chinese to the bot and got everything in English, the named / anonymous choice too, which she could not
    read. The answer to her words follows them, as it does in a group."""
    ack = await chinese_from_an_english_phone(running)
    assert "已登记" in ack["text"] and "Logged" not in ack["text"], ack["text"]


async def test_that_private_acknowledgement_stays_chinese_after_accept(running: RunningBot) -> None:
    """Second diff review: the worker's Accept edited it back into English ("✅ Logged #1 … has taken this")."""
    fake = running.fake
    ack = await chinese_from_an_english_phone(running)
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await shown(fake, WANG, card["message_id"], Action.ACCEPT)
    press(fake, WANG, WANG, card["message_id"], Action.ACCEPT)
    await running.settle()
    now = fake.chats[RESIDENT2].messages[ack["message_id"]]["text"]
    assert "Logged" not in now and "已登记" in now, now


async def test_the_post_choice_answer_stays_chinese(running: RunningBot) -> None:
    """Second diff review: the named / anonymous question asked in Chinese was answered "Done: … anonymously"."""
    fake = running.fake
    await chinese_from_an_english_phone(running)
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "居民群"))
    press(fake, RESIDENT2, RESIDENT2, ask["message_id"], Action.POST, "a")
    await running.settle()
    now = fake.chats[RESIDENT2].messages[ask["message_id"]]["text"]
    assert any(ord(ch) > 0x3000 for ch in now), now


async def test_a_traditional_report_in_a_simplified_group_is_answered_in_traditional(running: RunningBot) -> None:
    """Language review: a Hong Kong resident wrote 「3號樓電梯壞咗」 in a group that reads Simplified and read
    「已登记 #1」 back, in the script she does not write; her neighbours' Simplified reports stay Simplified."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT, "陳太", language_code="en")  # Telegram's apps have no Chinese
    await exchange(fake, GROUP_A, RESIDENT, "3號樓樓道燈壞咗", "#1")
    await exchange(fake, GROUP_A, RESIDENT3, "5号楼楼道灯坏了", "#2")
    await running.settle()
    assert "已登記 #1" in acknowledgement(running, 1), acknowledgement(running, 1)
    assert "已登记 #2" in acknowledgement(running, 2), acknowledgement(running, 2)


async def test_traditional_words_in_private_from_an_english_phone_are_answered_in_traditional(
    running: RunningBot,
) -> None:
    """Language review: a Taiwan resident whose Telegram is in English wrote Traditional Chinese to the bot in
    private and was answered (and asked whether to post it) in Simplified."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT2, "陳先生", language_code="en")
    known_in_a_group(fake, RESIDENT2)
    await running.settle()
    ack = await exchange(fake, RESIDENT2, RESIDENT2, "5號樓3單元樓道燈壞了", "#1")
    assert "已登記" in ack["text"], ack["text"]
    ask = await fake.wait_for(lambda: fake.find_message(RESIDENT2, "居民群"))
    assert ask["text"] == t("zh-Hant", "post.ask", id=1), ask["text"]


async def test_report_it_asked_of_traditional_words_is_asked_once_in_traditional(running: RunningBot) -> None:
    """Language review: her Traditional words in a Simplified group were asked about in both scripts, the same
    question twice over and each button 「📝 是，请登记 / 📝 是，請登記」; she reads it once, in hers, and so does
    its answer."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT, "陳太", language_code="zh-hant")
    ask = await asked_report_it(running, RESIDENT, "3號樓那邊好像出了點事")
    assert ask["text"] == t("zh-Hant", "confirm.ask"), ask["text"]
    labels = [b["text"] for row in ask["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [plain("zh-Hant", "btn.confirm_yes"), plain("zh-Hant", "btn.confirm_no")], labels
    await answer_to(fake, press(fake, RESIDENT, GROUP_A, ask["message_id"], Action.CONFIRM_YES))
    await running.settle()
    done = fake.chats[GROUP_A].messages[ask["message_id"]]["text"]
    assert done == t("zh-Hant", "confirm.done_yes"), done
    assert "已登記 #1" in acknowledgement(running, 1), acknowledgement(running, 1)


async def test_a_traditional_acknowledgement_stays_traditional_when_telegram_gives_no_language(
    running: RunningBot,
) -> None:
    """Language review: her Telegram said no language; her Traditional report was acknowledged 「已登記 #1」, and
    王师傅's Accept edited it into 「已登记 #1 … 已接单」 (the event kept the community's Chinese as hers)."""
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT, "陳太", language_code=None)
    await exchange(fake, GROUP_A, RESIDENT, "3號樓樓道燈壞咗", "#1")
    await running.settle()
    assert "已登記 #1" in acknowledgement(running, 1), acknowledgement(running, 1)
    card = await fake.wait_for(lambda: fake.find_message(WANG, "#1"))
    await accept_and_fix(fake, WANG, card["message_id"])
    await running.settle()
    ack = acknowledgement(running, 1)
    assert "已登記 #1" in ack and "已登记" not in ack, ack
