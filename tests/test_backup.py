"""`linli backup FILE` copies the live database consistently, even while it is being written."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from harness import store_report

from bot.core.timeutil import utcnow
from storage.backup import backup
from storage.database import Database

ROOT = Path(__file__).resolve().parents[1]


async def fill(db: Database, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        async with db.tx() as c:
            await store_report(c, i, utcnow())


async def test_backup_while_writing(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "live.db")
    await fill(db, 200)
    writer = asyncio.create_task(fill(db, 300, start=200))
    await asyncio.sleep(0)
    n = await asyncio.to_thread(backup, tmp_path / "live.db", tmp_path / "copy.db")
    await writer
    await db.close()
    assert 200 <= n <= 500
    with sqlite3.connect(tmp_path / "copy.db") as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_backup_command(tmp_path: Path) -> None:
    asyncio.run(_make(tmp_path / "live.db"))
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "live.db"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "backup", str(tmp_path / "b" / "copy.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert out.returncode == 0 and "10 events" in out.stdout
    env["DATABASE_PATH"] = str(tmp_path / "missing.db")
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "backup", str(tmp_path / "c.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert out.returncode == 2 and "does not exist" in out.stderr and "Traceback" not in out.stderr


async def _make(path: Path) -> None:
    db = await Database.open(path)
    await fill(db, 10)
    await db.close()


def test_backup_finishes_while_the_bot_keeps_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot commits while a nightly backup runs. SQLite restarts a backup made in steps whenever another
    connection writes between two of them, so on a file of many steps' pages a busy bot kept it from ever
    finishing; a copy in one step (one read of a consistent snapshot: in WAL mode the bot's writes go on) ends.
    Here another connection commits after every step the backup makes."""
    live = tmp_path / "live.db"
    asyncio.run(_make(live))
    with sqlite3.connect(live) as c:
        c.execute("CREATE TABLE filler (b BLOB)")
        c.executemany("INSERT INTO filler VALUES (randomblob(4000))", [()] * 3000)  # ~3,000 pages
    real_connect, steps = sqlite3.connect, [0]

    class WrittenBetweenSteps(sqlite3.Connection):
        def backup(self, target, *, pages=-1, progress=None, name="main", sleep=0.25):  # noqa: ANN001, ANN202
            def written(status: int, remaining: int, total: int) -> None:
                steps[0] += 1
                if steps[0] > 50:
                    raise RuntimeError("the backup restarted at every write and never finished")
                with real_connect(live) as bot:
                    bot.execute("INSERT INTO filler VALUES (x'00')")

            super().backup(target, pages=pages, progress=written, name=name, sleep=sleep)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, **k, factory=WrittenBetweenSteps))
    assert backup(live, tmp_path / "copy.db") == 10
    with real_connect(tmp_path / "copy.db") as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert 3000 <= c.execute("SELECT COUNT(*) FROM filler").fetchone()[0] <= 3000 + steps[0]


def test_a_backup_that_fails_on_a_full_disk_leaves_no_partial_copy(tmp_path: Path) -> None:
    """The disk fills while `linli backup` (the nightly backup's own copy) writes: it fails with one sentence, and its
    half-written copy is gone, so the space it took is the bot's again (the partial copy stayed until the next
    night's backup, and a bot on the same disk could not store a report meanwhile)."""
    import resource

    asyncio.run(_make(tmp_path / "live.db"))
    size = (tmp_path / "live.db").stat().st_size
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "live.db"), "PYTHONPATH": str(ROOT)}

    def full_disk() -> None:  # no file may grow past half the database (writes fail with EFBIG, as on a full disk)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))

    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "backup", str(tmp_path / "b" / "copy.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        preexec_fn=full_disk,  # noqa: PLW1509 - the child only sets its own limit
    )
    assert out.returncode == 2 and "backup failed" in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == []
