"""Duty marks and rota changes come back together, in force only, from one read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core.roster import DutyOverride
from bot.core.rota import ChangeKind, RotaChange
from storage import people, rota
from storage.db import open_db

NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)


async def test_marks_then_changes_in_force(tmp_path: Path) -> None:
    c = await open_db(tmp_path / "adj.db")
    try:
        await people.add_override(c, 2001, "A", False, NOW + timedelta(hours=3), NOW)
        await people.add_override(c, 2002, None, True, None, NOW)
        await people.add_override(c, 2003, "B", False, NOW - timedelta(minutes=1), NOW)  # over already
        old = RotaChange(ChangeKind.COVER, 2001, 2002, date(2026, 11, 20), None)
        cover = RotaChange(ChangeKind.COVER, 2001, 2002, date(2026, 12, 2), None)
        swap = RotaChange(ChangeKind.SWAP, 2002, 2003, date(2026, 11, 25), date(2026, 12, 5))
        ids = [await rota.add(c, change, 1001, NOW) for change in (old, cover, swap)]
        got = await people.adjustments(c, NOW)
    finally:
        await c.close()
    marks = [a for a in got if isinstance(a, DutyOverride)]
    changes = [a for a in got if isinstance(a, RotaChange)]
    assert got == marks + changes  # marks first
    assert sorted((m.worker_id, m.grid_id, m.on_duty, m.until) for m in marks) == [
        (2001, "A", False, NOW + timedelta(hours=3)),
        (2002, None, True, None),
    ]
    assert [(ch.kind, ch.day, ch.day_b, ch.id) for ch in changes] == [
        (ChangeKind.COVER, date(2026, 12, 2), None, ids[1]),
        (ChangeKind.SWAP, date(2026, 11, 25), date(2026, 12, 5), ids[2]),
    ]
