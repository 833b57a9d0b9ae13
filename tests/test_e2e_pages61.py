"""A red must reach a person even when its worker cannot be reached (pages review 61): a red whose only worker on duty
the bot cannot message (he blocked it, or never pressed Start) was re-pinged to no one, with no page: the committee
read one "请居委会立即跟进" and nothing more for a gas leak nobody could be told of."""

from __future__ import annotations

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, sent_texts, toml_tables
from ids import ADMIN, COMMITTEE, GROUP_A, RESIDENT, WANG, ZHAO

from bot.core.community_file import parse_community
from bot.core.types import Urgency
from bot.render.i18n import plain

GAS = "2号楼1单元燃气泄漏了，味道很大"
# grid A: 王师傅 alone on duty all day (his phone in the file); grid B: 赵师傅
ALONE = (
    COMMUNITY_TOML.split("[[workers]]")[0]
    + toml_tables(
        "workers",
        {"telegram_id": WANG, "name": "王师傅", "phone": "13800000001"},
        {"telegram_id": ZHAO, "name": "赵师傅"},
    )
    + toml_tables(
        "shifts",
        {"worker": WANG, "grid": "A", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
        {"worker": ZHAO, "grid": "B", "days": "mon-sun", "start": "00:00", "end": "24:00", "role": "primary"},
    )
)
UNREACHED = "王师傅收不到机器人的通知"


async def red_with_wang_out_of_reach(make_bot: MakeBot, blocked: bool) -> tuple[RunningBot, int]:
    """A gas leak in grid A, 王师傅 alone on duty: he blocked the bot (Telegram told it), or never pressed Start."""
    bot = await make_bot(parse_community(ALONE, "t"), Clock())
    if blocked:
        bot.fake.user_starts_bot(WANG, send_start=True)
        await bot.settle()
        bot.fake.block_bot(WANG)
        await bot.settle()
    mark = bot.fake.mark()
    bot.fake.send_message(GROUP_A, RESIDENT, GAS)
    await bot.settle(timers=True)
    assert (await bot.event(1)).urgency is Urgency.RED
    return bot, mark


async def pages_till_quiet(bot: RunningBot) -> list[str]:
    """The committee's messages about #1 over the next two hours, five minutes at a time, each with its minute."""
    said = []
    for minute in range(5, 125, 5):
        mark = bot.fake.mark()
        await bot.advance(minutes=5)
        said += [f"{minute}: {text}" for text in sent_texts(bot.fake, COMMITTEE, mark) if "#1" in text]
    return said


async def test_a_red_whose_only_worker_blocked_the_bot_tells_and_pages_the_committee(make_bot: MakeBot) -> None:
    bot, mark = await red_with_wang_out_of_reach(make_bot, blocked=True)
    [alert] = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if text.startswith("🚨")]
    assert UNREACHED in alert and "已通知值班人员（王师傅）" not in alert, alert
    assert "王师傅的电话：13800000001" in alert, alert
    said = await pages_till_quiet(bot)
    assert [line.split(":")[0] for line in said] == ["10", "20", "30"], said
    assert all(UNREACHED in line for line in said), said
    assert "最后一次" in said[2] and "最后一次" not in said[1], said
    assert not any("也没有可以再提醒的值班人员" in line for line in said), said  # the pages say it, not once more


async def test_a_red_whose_only_worker_never_started_the_bot_is_told_the_moment_the_bot_learns_it(
    make_bot: MakeBot,
) -> None:
    """The bot learns it from Telegram's refusal of his card: the committee is told then, and paged from then."""
    bot, mark = await red_with_wang_out_of_reach(make_bot, blocked=False)
    told = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if "#1" in text and UNREACHED in text]
    assert told == [
        plain("zh-Hans", "committee.red_unreached", id=1, urgency="🔴 紧急", worker="王师傅")
        + "\n"
        + plain("zh-Hans", "committee.unreached_phone", worker="王师傅", phone="13800000001")
    ], told
    said = await pages_till_quiet(bot)
    assert [line.split(":")[0] for line in said] == ["10", "20", "30"], said
    assert all(UNREACHED in line for line in said), said


async def test_a_red_given_to_a_worker_the_bot_can_reach_is_paged_no_more(make_bot: MakeBot) -> None:
    bot, _ = await red_with_wang_out_of_reach(make_bot, blocked=True)
    mark = bot.fake.mark()
    await bot.advance(minutes=10)
    assert any(UNREACHED in text for text in sent_texts(bot.fake, COMMITTEE, mark))  # the first page
    bot.fake.user_starts_bot(ZHAO)
    bot.fake.send_message(COMMITTEE, ADMIN, "#1 让赵师傅马上去")
    await bot.settle(timers=True)
    assert (await bot.event(1)).assignee_id == ZHAO
    said = await pages_till_quiet(bot)
    assert not any(UNREACHED in line for line in said), said


async def test_a_red_whose_worker_blocks_the_bot_while_it_waits_is_told_at_its_next_re_ping(make_bot: MakeBot) -> None:
    """Telegram tells the bot he blocked it (no message refused): its next re-ping finds nobody it can reach."""
    bot = await make_bot(parse_community(ALONE, "t"), Clock())
    bot.fake.user_starts_bot(WANG, send_start=True)
    bot.fake.send_message(GROUP_A, RESIDENT, GAS)
    await bot.settle(timers=True)
    assert bot.fake.find_message(WANG, "#1") is not None
    await bot.advance(minutes=2)
    bot.fake.block_bot(WANG)
    await bot.settle()
    mark = bot.fake.mark()
    await bot.advance(minutes=3)  # 10:05, the first re-ping
    told = [text for text in sent_texts(bot.fake, COMMITTEE, mark) if text.startswith("🚨")]
    assert len(told) == 1 and told[0].startswith(
        plain("zh-Hans", "committee.red_unreached", id=1, urgency="🔴 紧急", worker="王师傅")
    ), told
    said = await pages_till_quiet(bot)
    assert [line.split(":")[0] for line in said] == ["10", "20", "30"], said  # 10:15, 10:25, 10:35
    assert all(UNREACHED in line for line in said), said
