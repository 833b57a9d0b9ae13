"""A resident's question the bot cannot answer, asked in private (sweep of an elderly resident's first private chat:
"我还想问一下物业费怎么交" got silence, and so did "怎么用啊"). Now she is offered to have it passed to the committee;
its reply under the question reaches her in private, and her reply under that answer goes back under the question."""

from __future__ import annotations

from datetime import datetime, timedelta

from harness import Clock, MakeBot, MakeCtx, RunningBot, answer_to, exchange, press, sent_texts, with_button
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, RESIDENT2, START
from test_e2e_privacy import found_in_database

from bot.context import AppContext
from bot.core.callbacks import Action
from bot.render.i18n import plain
from bot.runtime.housekeeping import run_housekeeping
from bot.services import handover, privacy
from storage import office_questions, outbox

ASKED = "我还想问一下物业费怎么交"
ANSWER = "物业费在物业服务中心交，周一到周五9点到5点。"


async def asked(make_bot: MakeBot, at: datetime = START) -> tuple[RunningBot, dict]:
    """刘阿姨, known in grid A's group, asks the bot in private (at 10:00 in Shanghai); the offer under her question."""
    bot = await make_bot(clock=Clock(at))
    bot.fake.send_message(GROUP_A, RESIDENT, "大家早上好")
    await bot.settle()
    bot.fake.send_message(RESIDENT, RESIDENT, ASKED)
    await bot.settle()
    return bot, await with_button(bot.fake, RESIDENT, Action.PASS_QUESTION)


async def test_her_question_reaches_the_committee_and_its_answer_reaches_her(make_bot: MakeBot) -> None:
    bot, offer = await asked(make_bot)
    fake = bot.fake
    assert offer["text"] == plain("zh-Hans", "office.offer")
    assert not sent_texts(fake, COMMITTEE)  # nothing goes before she says so
    press(fake, RESIDENT, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    await bot.settle()
    copy = fake.find_message(COMMITTEE, ASKED)
    assert copy is not None and "刘阿姨（幸福里1-5号楼居民群，私聊机器人）" in copy["text"]  # who, and her group
    assert fake.messages(RESIDENT)[-1]["text"] == plain("zh-Hans", "office.passed")  # the offer, edited
    fake.send_message(COMMITTEE, ADMIN, ANSWER, reply_to_message_id=copy["message_id"])
    await bot.settle()
    answer = fake.find_message(RESIDENT, ANSWER)
    assert answer is not None and ASKED in answer["text"]
    assert fake.find_message(COMMITTEE, plain("zh-Hans", "office.answer_sent", name="刘阿姨"))
    # her reply under the answer goes back under her question; the answer to it reaches her under her words
    more = fake.send_message(RESIDENT, RESIDENT, "微信怎么缴费？", reply_to_message_id=answer["message_id"])
    await bot.settle()
    again = fake.find_message(COMMITTEE, "微信怎么缴费？")
    assert again is not None and again["reply_to_message"]["message_id"] == copy["message_id"]
    fake.send_message(COMMITTEE, ADMIN, "关注物业公众号，点缴费。", reply_to_message_id=again["message_id"])
    await bot.settle()
    second = fake.find_message(RESIDENT, "关注物业公众号")
    assert second is not None and second["reply_to_message"]["message_id"] == more["message_id"]


async def test_only_she_presses_and_only_once(make_bot: MakeBot) -> None:
    bot, offer = await asked(make_bot)
    fake = bot.fake
    forged = press(fake, RESIDENT2, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    assert (await answer_to(fake, forged))["text"] == plain("en", "cb.question_not_yours")  # his phone's
    await bot.settle()
    assert not sent_texts(fake, COMMITTEE)
    data = fake.messages(RESIDENT)[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    fake.press_button(RESIDENT, RESIDENT, offer["message_id"], data)
    await bot.settle()
    twice = fake.press_button(RESIDENT, RESIDENT, offer["message_id"], data)  # a stale button pressed again
    assert (await answer_to(fake, twice))["text"] == plain("zh-Hans", "cb.question_passed_before")
    await bot.settle()
    assert len(sent_texts(fake, COMMITTEE)) == 1


async def test_no_offer_to_a_stranger_or_about_her_report_and_how_it_works_is_answered(make_bot: MakeBot) -> None:
    bot = await make_bot(clock=Clock())
    fake = bot.fake
    fake.send_message(RESIDENT2, RESIDENT2, "物业几点上班？")  # never seen in a residents' group
    await bot.settle()
    assert fake.messages(RESIDENT2)[-1]["text"] == plain("zh-Hans", "private.how_to_report")  # Chinese words
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, "灯修好了吗？")  # about her report: her open reports answer it
    await bot.settle()
    fake.send_message(RESIDENT, RESIDENT, "请问这个怎么用啊？")
    await bot.settle()
    texts = sent_texts(fake, RESIDENT)
    assert not any(plain("zh-Hans", "office.offer") in text for text in texts)
    assert any(text.startswith("📖") for text in texts)  # her /help


async def kept(ctx: AppContext, ids: tuple[int, ...]) -> list[bool]:
    """Which of these questions are still kept."""
    async with ctx.db.read() as c:
        return [await office_questions.get(c, n) is not None for n in ids]


async def test_a_question_is_forgotten_unpassed_after_two_days_and_by_forget_me(make_ctx: MakeCtx) -> None:
    """Unpassed, two days; passed, 30 days (an answer may come days later); /forget_me, hers at once."""
    ctx = await make_ctx(Clock(START))
    long_ago = START - timedelta(days=3)
    async with ctx.db.tx() as c:
        ids = (
            await office_questions.add(c, RESIDENT, "刘阿姨", 10, ASKED, long_ago),
            await office_questions.add(c, RESIDENT, "刘阿姨", 11, ASKED, long_ago),
            await office_questions.add(c, RESIDENT2, "陈先生", 12, "where is the gym?", START),
        )
        await office_questions.mark_passed(c, ids[1], long_ago)
    await run_housekeeping(ctx)
    assert await kept(ctx, ids) == [False, True, True]
    await privacy.forget_me(ctx, RESIDENT)
    assert await kept(ctx, ids[1:]) == [False, True]


async def test_forget_me_scrubs_her_question_from_the_committees_copy_still_queued(make_ctx: MakeCtx) -> None:
    """Telegram out of reach when she had it passed on: /forget_me leaves none of her words in the copy still to
    be sent (review: only copies already sent were blanked)."""
    ctx = await make_ctx(Clock(START))
    async with ctx.db.tx() as c:
        asked = await office_questions.add(c, RESIDENT, "刘阿姨", 10, ASKED, START)
    await handover.pass_on(ctx, asked, RESIDENT, RESIDENT, 11)  # no sender here: the copy stays queued
    async with ctx.db.read() as c:
        assert ASKED in str((await outbox.keyed(c, f"{handover.KEY}{asked}")).payload)
    await privacy.forget_me(ctx, RESIDENT)
    async with ctx.db.read() as c:
        assert ASKED not in str((await outbox.keyed(c, f"{handover.KEY}{asked}")).payload)


async def test_a_question_passed_at_two_in_the_night_waits_for_the_committees_morning(make_bot: MakeBot) -> None:
    """Night review: passed on at 02:00, it reached the committee chat at 02:00. No emergency: it waits for the
    committee's day (a timer row, kept over a restart), and she is told when it will be read."""
    bot, offer = await asked(make_bot, START + timedelta(hours=16))  # Tuesday 02:00 in Shanghai
    fake = bot.fake
    press(fake, RESIDENT, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    await bot.settle()
    assert not sent_texts(fake, COMMITTEE)
    told = fake.messages(RESIDENT)[-1]["text"]
    assert told == plain("zh-Hans", "office.passed_later", when="今天 08:00"), told
    await bot.restart()
    await bot.advance(hours=5, minutes=59)
    assert not sent_texts(fake, COMMITTEE)
    await bot.advance(minutes=1)  # 08:00: the committee's day
    assert [text for text in sent_texts(fake, COMMITTEE) if ASKED in text], sent_texts(fake, COMMITTEE)


async def test_an_admins_reply_under_a_question_relayed_to_him_reaches_her(make_bot: MakeBot) -> None:
    """The committee chat refusing the bot, her question is relayed to the admin in private; his reply under that
    copy was answered with the how-to hint and never reached her. It is sent on to her, as one in the chat is."""
    bot, offer = await asked(make_bot)
    fake = bot.fake
    fake.user_starts_bot(ADMIN)
    fake.kick_bot(COMMITTEE, ADMIN)
    await bot.settle()
    press(fake, RESIDENT, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    await bot.settle()
    relayed = fake.find_message(ADMIN, ASKED)
    assert relayed is not None and "幸福里1-5号楼居民群" in relayed["text"]
    fake.send_message(ADMIN, ADMIN, ANSWER, reply_to_message_id=relayed["message_id"])
    await bot.settle()
    answer = fake.find_message(RESIDENT, ANSWER)
    assert answer is not None and answer["reply_to_message"]["message_id"] == offer["reply_to_message"]["message_id"]
    assert fake.messages(ADMIN)[-1]["text"] == plain("zh-Hans", "office.answer_sent", name="刘阿姨")


async def test_forget_me_leaves_her_follow_up_still_queued_unsent(make_bot: MakeBot) -> None:
    """The committee chat out of reach when she followed up under its answer: /forget_me left her words in the copy
    still to be sent (review; her question's own copy was fixed, not her follow-ups'). It is never sent now."""
    bot, offer = await asked(make_bot)
    fake = bot.fake
    press(fake, RESIDENT, RESIDENT, offer["message_id"], Action.PASS_QUESTION)
    await bot.settle()
    fake.send_message(COMMITTEE, ADMIN, ANSWER, reply_to_message_id=fake.find_message(COMMITTEE, ASKED)["message_id"])
    await bot.settle()
    answer = fake.find_message(RESIDENT, ANSWER)
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=COMMITTEE)  # the committee's chat throttled
    more = "我住3号楼302，微信怎么缴费？"
    fake.send_message(RESIDENT, RESIDENT, more, reply_to_message_id=answer["message_id"])
    await fake.wait_for(lambda: fake.find_message(RESIDENT, plain("zh-Hans", "office.follow_up_sent")))
    assert found_in_database(bot.db_path, [more])  # her follow-up's copy waits for the committee's chat
    await exchange(fake, RESIDENT, RESIDENT, "/forget_me confirm", "已删除")
    left = found_in_database(bot.db_path, [more, "微信怎么缴费"])
    assert not left, "\n".join(left)
    assert not fake.find_message(COMMITTEE, "微信怎么缴费")
