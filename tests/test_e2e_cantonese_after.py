"""Answers after a close written in Cantonese (sweep of a Hong Kong-style building group, its language set to
zh-Hant): "部電梯郁返喇" (the lift moves again), "燈著返喇", "有水喇", "冇再漏喇" were read as nothing, her question
left waiting; "好返啲，不過仲有少少滴水" (a little better, still dripping a little) too; and a neighbour who had said
"我都係" read "仲係好暗喎，得返一半光" (still dim, only half the light) as words about his own open lift, passed to its
worker, while the light stayed closed. Now they answer the question, reopen it, and reach the light."""

from __future__ import annotations

import pytest
from harness import Clock, MakeBot, RunningBot, accept_and_fix, sent_texts
from ids import ADMIN, GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.core import after_close, followup, parser, symptoms
from storage import surveys


async def closed_in_cantonese(make_bot: MakeBot, report: str) -> RunningBot:
    """陳太's report in a zh-Hant group, fixed by 王师傅; her "問題解決了嗎？" asked at once."""
    bot = await make_bot(clock=Clock(), merge_window_s=86400, survey_delay_s=0)
    fake = bot.fake
    fake.user_starts_bot(WANG)
    fake.user(RESIDENT, "陳太", language_code="zh-hant")
    fake.user(RESIDENT2, "黃生", language_code="zh-hk")
    fake.send_message(GROUP_A, ADMIN, "/lang zh-Hant")
    fake.send_message(GROUP_A, RESIDENT, report)
    await bot.settle()
    return bot


async def fixed(bot: RunningBot, number: int = 1) -> None:
    await accept_and_fix(bot.fake, WANG, bot.fake.find_message(WANG, f"新事件 #{number}")["message_id"])
    await bot.settle()


async def her_answer(bot: RunningBot) -> tuple[str, str | None]:
    async with bot.ctx.db.read() as c:
        mine = [s for s in await surveys.for_event(c, 1) if s.user_id == RESIDENT]
    return mine[0].status, mine[0].choice


@pytest.mark.parametrize(
    ("report", "words"),
    [
        ("3座部電梯壞咗，停喺5樓", "部電梯郁返喇"),
        ("3座2樓走廊盞燈壞咗", "燈著返喇"),
        ("3座停水，一滴水都冇", "有水喇"),
        ("3座12樓C室天花板漏水", "冇再漏喇，唔該晒"),
    ],
)
async def test_it_works_again_said_in_cantonese_answers_her_question(
    make_bot: MakeBot, report: str, words: str
) -> None:
    bot = await closed_in_cantonese(make_bot, report)
    await fixed(bot)
    bot.fake.send_message(GROUP_A, RESIDENT, words)
    await bot.settle()
    assert await her_answer(bot) == ("answered", "satisfied")
    assert await bot.event_count() == 1


async def test_a_little_better_but_still_dripping_reopens_it(make_bot: MakeBot) -> None:
    bot = await closed_in_cantonese(make_bot, "3座12樓C室天花板漏水")
    await fixed(bot)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, "好返啲，不過仲有少少滴水")
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"
    assert any("重新打开" in text for text in sent_texts(bot.fake, WANG, mark))


async def test_still_dim_from_a_neighbour_who_joined_is_about_the_light_not_his_lift(make_bot: MakeBot) -> None:
    bot = await closed_in_cantonese(make_bot, "3座2樓走廊盞燈壞咗成個禮拜，夜晚好黑")
    bot.fake.send_message(GROUP_A, RESIDENT2, "我都係，3座嗰度行過都驚")
    await bot.settle()
    bot.fake.send_message(GROUP_A, RESIDENT2, "2座部電梯停咗喺5樓")
    await bot.settle()
    await fixed(bot)
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT2, "仲係好暗喎，得返一半光")
    await bot.settle()
    assert (await bot.event(1)).status.value == "dispatched"  # the light, reopened
    to_him = sent_texts(bot.fake, WANG, mark)
    assert not any("#2" in text for text in to_him), to_him


@pytest.mark.parametrize(
    ("words", "works"),
    [("部電梯郁返喇", True), ("盞燈着返", True), ("水嚟咗", True), ("好返晒喇", True)]
    + [("唔郁返", False), ("好返啲", False)],
)
def test_works_again_in_cantonese(words: str, works: bool) -> None:
    assert followup.works_now(words) is works


def test_dim_is_a_sign_of_the_dark() -> None:
    assert "dark" in symptoms.signs(followup.plain("仲係好暗喎"))
    assert "dark" in symptoms.signs("the hallway light is dim")
    assert after_close.partly_fixed(parser.parse("好返啲，不過仲有少少滴水"), "好返啲，不過仲有少少滴水", "zh-Hant")
