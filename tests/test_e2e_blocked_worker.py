"""A worker the bot knows blocked it (Telegram told it so): its chasing passes him over, and says so in those words
(first-day review: the escalation asked him anyway, the 403 then asked the residents' group to have him press
Start, and the committee read "never pressed Start, or blocked the bot" of a block the bot knew of)."""

from __future__ import annotations

from harness import COMMUNITY_TOML, Clock, MakeBot, RunningBot, all_day_staff, exchange
from ids import COMMITTEE, GROUP_A, LI, RESIDENT, RESIDENT2, WANG, ZHAO

from bot.core.community_file import parse_community
from bot.render.i18n import plain

# grid A: 王师傅 on duty, 李姐 and 赵师傅 his backups
THREE_ON_DUTY = COMMUNITY_TOML.split("[[workers]]")[0] + all_day_staff(
    (WANG, "A", "primary"), (LI, "A", "backup"), (ZHAO, "A", "backup")
)


def heading(key: str) -> str:
    """The first words of a text of the catalogue, before its first value."""
    return plain("zh-Hans", key, worker="§", bot="§", id="§", waited="§").split("§")[0]


def sends_to(bot: RunningBot, chat_id: int) -> list[str]:
    """Every message the bot tried to send to a chat, delivered or refused."""
    return [c.params.get("text", "") for c in bot.fake.calls_to("sendMessage") if int(c.params["chat_id"]) == chat_id]


async def test_an_escalation_passes_over_a_worker_who_blocked_the_bot_until_he_unblocks_it(make_bot: MakeBot) -> None:
    bot = await make_bot(parse_community(THREE_ON_DUTY, "c"), Clock())
    fake = bot.fake
    for worker in (WANG, LI, ZHAO):
        fake.user_starts_bot(worker, send_start=True)
    await bot.settle()
    fake.block_bot(LI)  # Telegram tells the bot (my_chat_member): it knows he blocked it
    await bot.settle()
    mark = len(sends_to(bot, LI))

    await exchange(fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=60)  # nobody accepted: the escalation asks the backups
    assert any(t.startswith(heading("dm.step.escalated")) and "#1" in t for t in sends_to(bot, ZHAO))
    assert sends_to(bot, LI)[mark:] == [], "not asked: the bot knows it cannot reach him"
    group = [m["text"] for m in fake.messages(GROUP_A)]
    assert not any("李姐" in t or "点「开始」" in t for t in group), group
    notes = [m["text"] for m in fake.messages(COMMITTEE) if "李姐" in m["text"]]
    assert len(notes) == 1 and notes[0].startswith("⚠️ 李姐已屏蔽机器人"), notes
    assert "还没有在私聊中打开机器人" not in notes[0] and "#1" in notes[0]

    fake.user_starts_bot(LI, send_start=True)  # he unblocks it: reachable again
    await bot.settle()
    await exchange(fake, GROUP_A, RESIDENT2, "2号楼门口的垃圾三天没人收了", "#2", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=60)
    assert any(t.startswith(heading("dm.step.escalated")) and "#2" in t for t in sends_to(bot, LI)), sends_to(bot, LI)


async def test_a_refusal_that_says_he_blocked_the_bot_is_told_in_those_words(make_bot: MakeBot) -> None:
    """The bot had not heard of the block: Telegram's 403 says "bot was blocked by the user". The residents' group
    is not asked to have him press Start; the committee reads that he blocked the bot."""
    bot = await make_bot(parse_community(THREE_ON_DUTY, "c"), Clock())
    fake = bot.fake
    for worker in (WANG, LI, ZHAO):
        fake.user_starts_bot(worker, send_start=True)
    await bot.settle()
    fake.blocked.add(LI)  # blocked, and the update saying so lost
    await exchange(fake, GROUP_A, RESIDENT, "4号楼的路灯不亮了", "#1", where=WANG)
    await bot.settle(timers=True)
    await bot.advance(minutes=60)
    assert any("#1" in t for t in sends_to(bot, LI)), "asked: the bot did not know"
    group = [m["text"] for m in fake.messages(GROUP_A)]
    assert not any("点「开始」" in t for t in group), group
    notes = [m["text"] for m in fake.messages(COMMITTEE) if "李姐" in m["text"]]
    assert len(notes) == 1 and notes[0].startswith("⚠️ 李姐已屏蔽机器人"), notes
