"""`linli backup FILE` copies the live database consistently, even while it is being written."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.core.timeutil import utcnow
from bot.core.types import ParsedReport
from storage import events
from storage.backup import backup
from storage.database import Database

ROOT = Path(__file__).resolve().parents[1]


async def fill(db: Database, n: int, start: int = 0) -> None:
    p = ParsedReport(True)
    for i in range(start, start + n):
        async with db.tx() as c:
            await events.insert(
                c,
                chat_id=-100,
                message_id=i,
                reporter_id=1,
                reporter_name="x",
                text="t",
                parsed=p,
                grid_id="A",
                now=utcnow(),
            )


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
