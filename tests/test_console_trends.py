"""The console's trends of the week under way, as the digest tells it: what is past due now."""

from __future__ import annotations

from datetime import timedelta

from harness import MakeCtx, store_report
from ids import ADMIN, START

from bot.core.console_query import Visibility
from bot.core.permissions import Role
from bot.services import console_stats
from bot.services.console_auth import Reader


async def test_the_week_under_way_counts_as_overdue_only_what_is_overdue_now(make_ctx: MakeCtx) -> None:
    """Digest review (left for the console): on Wednesday the console's trends judged the open work by the week's
    Sunday night, so a report made ten minutes before stood as overdue; /digest was mended, the console now reads
    the week under way as it stands, like it. A report that has truly waited past its limit still counts."""
    wednesday = START + timedelta(days=2)
    ctx = await make_ctx(lambda: wednesday)
    async with ctx.db.tx() as c:
        await store_report(c, 1, wednesday - timedelta(minutes=10))
    admin = Reader(ADMIN, Role.ADMIN, Visibility(everything=True), "zh-Hans", "", "")
    this_week = (await console_stats.trends(ctx, admin, 2))["weeks"][-1]
    assert this_week["new"] == 1 and this_week["overdue"] == 0, this_week
    async with ctx.db.tx() as c:
        await store_report(c, 2, START)  # Monday 10:00, never accepted: two days past any colour's limit
    console_stats._CACHE.clear()
    this_week = (await console_stats.trends(ctx, admin, 2))["weeks"][-1]
    assert this_week["new"] == 2 and this_week["overdue"] == 1, this_week
