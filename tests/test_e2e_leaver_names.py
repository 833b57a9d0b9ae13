"""A worker who left (taken out of the community file) is named as the file named him, in the weekly digest and on
the console, and counted a worker there (found setting Linli up as the committee secretary)."""

from __future__ import annotations

from harness import COMMUNITY_TOML, MakeBot, RunningBot, accept_and_fix, all_day_staff, exchange
from ids import ADMIN, COMMITTEE, GROUP_B, RESIDENT, WANG, ZHAO
from test_e2e_departures import restart_with, started

from bot.core import weeks
from bot.services import console_board


async def zhao_fixed_one_and_left(make_bot: MakeBot) -> RunningBot:
    """赵师傅 fixes #1, then leaves: taken out of the file (王师傅 alone now), the bot restarted."""
    bot = await started(make_bot)
    dm = await exchange(bot.fake, GROUP_B, RESIDENT, "7号楼路灯不亮", "#1", where=ZHAO)
    await accept_and_fix(bot.fake, ZHAO, dm["message_id"])
    await bot.settle()
    await restart_with(bot, COMMUNITY_TOML.split("[[workers]]")[0] + all_day_staff((WANG, "A", "primary")))
    return bot


async def test_a_worker_who_left_is_named_in_the_weeks_digest_and_counted_a_worker(make_bot: MakeBot) -> None:
    """Committee secretary review: 赵师傅 fixed #1 on Monday and left on Wednesday (taken out of the file). The
    digest's workers' lines named him "2003", and his points for closing in time stood on the residents' board."""
    bot = await zhao_fixed_one_and_left(make_bot)
    fake = bot.fake
    week = weeks.week_of(bot.ctx.now(), bot.ctx.community.tz).label
    digest = (await exchange(fake, COMMITTEE, ADMIN, f"/digest {week}", f"社区周报 {week}"))["text"]
    board = {line.split("：")[0]: line for line in digest.splitlines() if line.startswith(("居民：", "网格员："))}
    assert "赵师傅：1 · 1" in digest and str(ZHAO) not in digest, digest
    assert "赵师傅" in board.get("网格员", "") and "赵师傅" not in board.get("居民", ""), board


async def test_the_console_names_a_worker_who_left_as_the_file_did(make_bot: MakeBot) -> None:
    """The same review: the console's pages (board, event, trends per worker) named 赵师傅, gone from the file, by
    his Telegram profile's name, or "2003" when the bot had none."""
    bot = await zhao_fixed_one_and_left(make_bot)
    assert await console_board.names_of(bot.ctx, {ZHAO}) == {ZHAO: "赵师傅"}
