"""The points ledger: idempotent awards, balances, weekly totals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from harness import store_report

from bot.core.points import Award, Reason
from storage import people
from storage import points as ledger
from storage.database import Database

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    d = await Database.open(tmp_path / "p.db")
    async with d.tx() as c:
        await store_report(c, 1, T0, user_id=10)
    yield d
    await d.close()


async def test_an_event_awards_each_reason_once(db: Database) -> None:
    async with db.tx() as c:
        assert await ledger.add(c, 10, 10, Reason.REPORT_CONFIRMED, T0, event_id=1)
        assert not await ledger.add(c, 10, 10, Reason.REPORT_CONFIRMED, T0, event_id=1)  # re-close, re-fire
        assert await ledger.add(c, 20, 5, Reason.CLOSED_IN_TIME, T0, event_id=1)
        assert await ledger.add(c, 20, 3, Reason.GOOD_RATING, T0, event_id=1)
        assert not await ledger.add(c, 20, 3, Reason.GOOD_RATING, T0, event_id=1)
    async with db.read() as c:
        assert await ledger.balance(c, 10) == 10
        assert await ledger.balance(c, 20) == 8
        assert await ledger.balance(c, 99) == 0


async def test_an_events_awards_go_in_together_and_each_once(db: Database) -> None:
    close = [Award(10, 10, Reason.REPORT_CONFIRMED, 1), Award(20, 5, Reason.CLOSED_IN_TIME, 1)]
    async with db.tx() as c:
        assert await ledger.add(c, 20, 5, Reason.CLOSED_IN_TIME, T0, event_id=1)  # awarded before (a re-close)
        assert await ledger.add_awards(c, close, T0) == close[:1]
        assert await ledger.add_awards(c, close, T0) == []
        assert await ledger.add_awards(c, [], T0) == []
    async with db.read() as c:
        assert (await ledger.balance(c, 10), await ledger.balance(c, 20)) == (10, 5)


async def test_manual_rows_never_collide(db: Database) -> None:
    async with db.tx() as c:
        for _ in range(3):
            assert await ledger.add(c, 10, 20, Reason.AWARD, T0, by_user=1, note="好人好事")
        assert await ledger.add(c, 10, -50, Reason.REDEEM, T0 + timedelta(minutes=1), by_user=1, note="大米一袋")
    async with db.read() as c:
        assert await ledger.balance(c, 10) == 10
        latest = await ledger.recent(c, 10, limit=2)
    assert [(e.delta, e.reason, e.note, e.by_user) for e in latest] == [
        (-50, Reason.REDEEM, "大米一袋", 1),
        (20, Reason.AWARD, "好人好事", 1),
    ]
    assert latest[0].at == T0 + timedelta(minutes=1)


async def test_a_failed_transaction_leaves_no_row(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.tx() as c:
            await ledger.add(c, 10, 10, Reason.REPORT_CONFIRMED, T0, event_id=1)
            raise RuntimeError("the close failed")
    async with db.tx() as c:
        assert await ledger.add(c, 10, 10, Reason.REPORT_CONFIRMED, T0, event_id=1)


async def test_weekly_totals_skip_redemptions_and_other_weeks(db: Database) -> None:
    async with db.tx() as c:
        await ledger.add(c, 10, 10, Reason.REPORT_CONFIRMED, T0, event_id=1)
        await ledger.add(c, 10, -10, Reason.REDEEM, T0, by_user=1)
        await ledger.add(c, 20, 5, Reason.CLOSED_IN_TIME, T0, event_id=1)
        await ledger.add(c, 20, 20, Reason.AWARD, T0 - timedelta(days=8), by_user=1)
        await ledger.add(c, 30, 3, Reason.AWARD, T0, by_user=1)
        await ledger.add(c, 30, -3, Reason.DEDUCT, T0, by_user=1)
    async with db.read() as c:
        assert await ledger.totals(c, T0 - timedelta(days=1), T0 + timedelta(days=1)) == [
            ledger.Total(10, 10),
            ledger.Total(20, 5),
        ]


async def test_username_lookup_ignores_case_and_at(db: Database) -> None:
    async with db.tx() as c:
        await people.upsert_person(c, 10, "刘阿姨", "LiuAyi", None, T0)
    async with db.read() as c:
        assert await people.by_username(c, "@liuayi") == 10
        assert await people.by_username(c, "nobody") is None


async def test_a_close_of_each_round_earns_and_is_taken_back_once(db: Database) -> None:
    first = Award(20, 5, Reason.CLOSED_IN_TIME, 1, 0)
    back = Award(20, -5, Reason.CLOSE_REOPENED, 1, 0)
    second = Award(20, 5, Reason.CLOSED_IN_TIME, 1, 1)
    async with db.tx() as c:
        assert await ledger.add_awards(c, [first], T0) == [first]
        assert await ledger.add_awards(c, [back], T0) == [back]
        assert await ledger.add_awards(c, [back], T0) == []  # the same reopening twice: once
        assert await ledger.add_awards(c, [second, first], T0) == [second]  # closed again: earned again
        assert await ledger.earned(c, 1, 0) == [first, back]
        assert await ledger.earned(c, 1, 1) == [second]
    async with db.read() as c:
        assert await ledger.balance(c, 20) == 5
