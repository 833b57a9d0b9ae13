"""Privacy review: /status shows staff their share of the events, the console's (bot/core/permissions.py
`in_share`), and names an anonymous writer to admins only; a residents' group sees its own events, whoever asks."""

from __future__ import annotations

from harness import RunningBot, exchange, post_anonymously, reported
from ids import ADMIN, GROUP_B, RESIDENT, WANG, ZHAO
from steps import status_answer

from bot.render.i18n import plain

WORDS = "4号楼2单元302室，我丈夫喝醉了又在家里砸东西，我很害怕"


async def test_an_anonymous_report_in_private_status_by_who_asks(running: RunningBot) -> None:
    """刘阿姨's anonymous private report in grid A. 赵师傅 (grid B only) asking /status 1 in private read its
    words, room and her name; now he is answered as for a number that does not exist. 王师傅 (grid A) reads its
    words and room, as in his DM, but not her name; the committee's admin reads her name, marked 🙈; she reads
    her own words."""
    bot = running
    bot.fake.user_starts_bot(ZHAO)
    bot.fake.user_starts_bot(ADMIN)
    await post_anonymously(bot, WORDS)
    await bot.settle()
    other_grid = await status_answer(bot, ZHAO, ZHAO, 1)
    assert other_grid == plain("zh-Hans", "status.not_found", id=1), other_grid
    grid_worker = await status_answer(bot, WANG, WANG, 1)
    assert "302" in grid_worker and "丈夫" in grid_worker, grid_worker
    assert "刘阿姨" not in grid_worker and plain("zh-Hans", "dm.anonymous_reporter") in grid_worker, grid_worker
    admin = await status_answer(bot, ADMIN, ADMIN, 1)
    assert plain("zh-Hans", "status.anon_name", name="刘阿姨") in admin, admin
    hers = await status_answer(bot, RESIDENT, RESIDENT, 1)
    assert "丈夫" in hers, hers


async def test_a_worker_asking_in_another_group_is_answered_as_that_group(running: RunningBot) -> None:
    """Staff saw every event wherever they asked: 赵师傅's /status 1 in grid B's group showed its residents the
    words of a report made in grid A's group. A residents' group sees its own events, whoever asks there."""
    bot = running
    await reported(bot, "3号楼2单元502室门口的楼道灯坏了")
    shown = await status_answer(bot, GROUP_B, ZHAO, 1)
    assert shown == plain("zh-Hans", "status.not_found", id=1), shown
    in_private = await exchange(bot.fake, ADMIN, ADMIN, "/status 1", "502")  # the committee's admin sees it all
    assert "刘阿姨" in in_private["text"], in_private["text"]


async def test_a_worker_of_another_grid_who_was_sent_the_event_reads_it(running: RunningBot) -> None:
    """A backup of another grid paged, or a worker the committee chose: the bot sent him the card, and /status of
    that number answered "no such event" (the console's share alone)."""
    from storage import notifications

    bot = running
    bot.fake.user_starts_bot(ZHAO)
    await post_anonymously(bot, WORDS)
    await bot.settle()
    assert await status_answer(bot, ZHAO, ZHAO, 1) == plain("zh-Hans", "status.not_found", id=1)
    async with bot.ctx.db.tx() as c:  # the bot sent him event #1 (as the committee's "send to 赵师傅" does)
        await notifications.add(c, 1, ZHAO, ZHAO, 999, bot.ctx.now())
    sent = await status_answer(bot, ZHAO, ZHAO, 1)
    assert "302" in sent and "刘阿姨" not in sent, sent
