"""Nightly backups keep the newest copies; `linli health` tells whether a bot runs on the database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from harness import Clock, MakeBot, MakeCtx, RunningBot, until
from ids import COMMITTEE, GROUP_A, RESIDENT, START

from bot.core.retention import backup_name, to_delete
from bot.render.i18n import plain
from bot.runtime import backups
from bot.runtime.backups import run_backup

ROOT = Path(__file__).resolve().parents[1]


def test_retention_keeps_the_newest() -> None:
    names = [backup_name(f"202611{d:02d}") for d in range(1, 21)] + ["notes.txt", "linli-2026.db"]
    gone = to_delete(names, keep=14)
    assert sorted(gone) == [backup_name(f"202611{d:02d}") for d in range(1, 7)]
    assert "notes.txt" not in gone and "linli-2026.db" not in gone
    assert to_delete(names[:3], keep=14) == []


async def test_a_backup_is_written_and_old_ones_go(running: RunningBot, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for d in range(1, 20):
        (folder / backup_name(f"202601{d:02d}")).write_text("old", encoding="utf-8")
    running.ctx.settings.backup_dir = str(folder)
    running.ctx.settings.backup_keep = 3
    running.fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了，晚上看不见")
    await running.settle()
    target = await run_backup(running.ctx)
    assert target is not None and target.exists()
    import sqlite3

    with sqlite3.connect(target) as db:
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 1
    assert len(list(folder.iterdir())) == 3 and target in list(folder.iterdir())


async def test_a_night_the_backup_cannot_be_written_is_told_to_the_committee(
    running: RunningBot, tmp_path: Path
) -> None:
    """Committee secretary review: BACKUP_DIR went away (a drive not mounted, here a file in the folder's place) and
    each night's backup failed in the log alone, so the committee believed it had backups. The chat hears it, once
    that night."""
    (tmp_path / "drive").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "drive" / "backups"
    running.ctx.settings.backup_dir = str(folder)
    assert await run_backup(running.ctx) is None
    assert await run_backup(running.ctx) is None  # tried again the same night: told once
    await running.settle()
    day = running.ctx.now().astimezone(running.ctx.community.tz).date().isoformat()
    head = plain("zh-Hans", "committee.backup_failed", day=day, folder=folder, reason="§").split("§")[0]
    told = [m for m in running.fake.messages(COMMITTEE) if m.get("text", "").startswith(head)]
    assert len(told) == 1


def _health(db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_PATH": str(db), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "health"], env=env, capture_output=True, text=True, timeout=60
    )


async def test_health_follows_the_running_bot(running: RunningBot) -> None:
    assert _health(running.db_path).returncode == 0  # the bot holds the lock
    await running.stop()
    assert _health(running.db_path).returncode == 1


async def test_a_backup_missed_while_the_bot_was_down_is_made_after_it_starts(
    make_bot: MakeBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot starts at 10:00, its BACKUP_TIME (09:59) passed while it was down (a reboot, a crash loop): that
    night's copy is made a little after the start, as a missed digest is; a start with the copy made does not make
    another. Before, none until the next night (a server rebooted each night over BACKUP_TIME kept none at all)."""
    monkeypatch.setattr(backups, "CATCH_UP_S", 0.1, raising=False)
    folder = tmp_path / "backups"
    bot = await make_bot(clock=Clock(START), backup_dir=str(folder), backup_time="09:59")  # START: 10:00 local
    made = folder / backup_name("20261123")

    async def written() -> bool:
        return made.exists()

    await until(written, what="the missed backup made")
    await bot.stop()
    made.unlink()
    (folder / backup_name("20261123")).write_text("made", encoding="utf-8")  # tonight's copy is there
    await bot.start()
    await asyncio.sleep(0.5)
    assert (folder / backup_name("20261123")).read_text(encoding="utf-8") == "made"


async def test_a_catch_up_is_left_to_the_nightly_backup_due_about_then(
    make_bot: MakeBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last night's copy missed, and the bot starts at 10:00 with BACKUP_TIME 10:05: the nightly backup, due then,
    makes the copy; no catch-up is made beside it (both wrote the same day's file through the same `.part` at once)."""
    monkeypatch.setattr(backups, "CATCH_UP_S", 0.1, raising=False)
    folder = tmp_path / "backups"
    bot = await make_bot(clock=Clock(START), backup_dir=str(folder), backup_time="10:05")  # START: 10:00 local
    await asyncio.sleep(0.5)
    assert not folder.exists() or list(folder.iterdir()) == []
    assert bot.app is not None
    assert [j.name for j in bot.app.job_queue.jobs() if j.name.startswith("backup:")] == ["backup:nightly"]


async def test_two_backups_never_run_at_once(
    make_ctx: MakeCtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catch-up and the nightly backup (or a nightly one run late, beside the next) asked at once: the second
    waits for the first, so the one `.part` file is never written by two."""
    folder = tmp_path / "backups"
    folder.mkdir()
    ctx = await make_ctx(Clock(START), backup_dir=str(folder))
    at_once: list[int] = []
    running = threading.Semaphore(2)  # how many copies are being written now: 2 - its value

    def slow_copy(source: Path, target: Path) -> int:
        assert running.acquire(blocking=False)
        at_once.append(2 - running._value)
        time.sleep(0.2)
        target.write_text("copy", encoding="utf-8")
        running.release()
        return 0

    monkeypatch.setattr(backups, "backup", slow_copy)
    made = await asyncio.gather(run_backup(ctx), run_backup(ctx))
    assert made[0] == made[1] == folder / backup_name("20261123") and made[0].exists()
    assert at_once == [1, 1]
