"""Resident review: "/status" with no number (an elderly resident does not remember "#1") lists the open events to
ask about: in private her own reports, in a group the group's latest, each with its number."""

from __future__ import annotations

from harness import Clock, MakeBot, RunningBot
from ids import GROUP_A, RESIDENT, RESIDENT2, WANG

from bot.render.i18n import plain


async def bot_on(make_bot: MakeBot) -> RunningBot:
    bot = await make_bot(clock=Clock())
    bot.fake.user_starts_bot(WANG)
    return bot


async def two_reports(make_bot: MakeBot, *started: int) -> RunningBot:
    """The users `started` (and 王师傅) having started the bot, 刘阿姨 reports the hall light of building 3 unit 2
    and 陈先生 the drain of building 5 in grid A's group: the bot, settled."""
    bot = await bot_on(make_bot)
    for user in started:
        bot.fake.user_starts_bot(user, send_start=True)
    bot.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    bot.fake.send_message(GROUP_A, RESIDENT2, "5号楼门口的下水道堵了")
    await bot.settle()
    return bot


async def test_status_alone_in_private_lists_her_open_reports(make_bot: MakeBot) -> None:
    bot = await two_reports(make_bot, RESIDENT)
    fake = bot.fake
    fake.send_message(RESIDENT, RESIDENT, "/status")
    await bot.settle()
    answer = fake.messages(RESIDENT)[-1]["text"]
    assert "您反映的未办结事件" in answer and "#1" in answer and "3号楼2单元" in answer, answer
    assert "#2" not in answer  # a neighbour's


async def test_status_alone_in_the_group_lists_its_latest_open_events(make_bot: MakeBot) -> None:
    bot = await two_reports(make_bot)
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT2, "/status")
    await bot.settle()
    answer = fake.messages(GROUP_A)[-1]["text"]
    assert "本群最近未办结的事件" in answer and "#1" in answer and "#2" in answer, answer


async def test_status_alone_with_nothing_open_says_so_and_how_to_ask(make_bot: MakeBot) -> None:
    bot = await bot_on(make_bot)
    fake = bot.fake
    fake.user_starts_bot(RESIDENT, send_start=True)
    fake.send_message(RESIDENT, RESIDENT, "/status")
    await bot.settle()
    assert "没有未办结的报事" in fake.messages(RESIDENT)[-1]["text"]


async def test_status_alone_keeps_an_anonymous_writers_room_from_a_merged_neighbour(make_bot: MakeBot) -> None:
    """刘阿姨's 🙈 private report "5号楼2单元302室…" joined by 孙奶奶's group report: `/status 1` hid the room from
    孙奶奶, `/status` alone listed it (review of the stop's diff)."""
    from ids import RESIDENT3
    from steps import private_report_joined_in_the_group

    bot = await private_report_joined_in_the_group(make_bot, "a")
    fake = bot.fake
    fake.user_starts_bot(RESIDENT3, send_start=True)
    await bot.settle()
    fake.send_message(RESIDENT3, RESIDENT3, "/status")
    await bot.settle()
    listed = fake.messages(RESIDENT3)[-1]["text"]
    assert "#1" in listed and "302" not in listed, listed


async def test_status_alone_in_the_committee_chat_lists_the_communitys_open_events(make_bot: MakeBot) -> None:
    from ids import ADMIN, COMMITTEE

    bot = await make_bot()
    fake = bot.fake
    fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await bot.settle()
    fake.send_message(COMMITTEE, ADMIN, "/status")
    await bot.settle()
    answer = fake.messages(COMMITTEE)[-1]["text"]
    assert "#1" in answer and answer.startswith(plain("zh-Hans", "status.open_community")), answer
