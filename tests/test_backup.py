"""`linli backup FILE` copies the live database consistently, even while it is being written."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from harness import store_report

from bot.config import Settings
from bot.core.timeutil import utcnow
from bot.runtime.startup import start_failure
from storage import meta
from storage.backup import backup, restore
from storage.database import Database
from storage.instance_lock import InstanceLock

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


def linli(tmp_path: Path, database: Path, *args: str, **run: Any) -> subprocess.CompletedProcess:
    """`linli ARGS…` run in tmp_path on this database, its output kept."""
    env = {**os.environ, "DATABASE_PATH": str(database), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        **run,
    )


def test_backup_command(tmp_path: Path) -> None:
    asyncio.run(_make(tmp_path / "live.db"))
    out = linli(tmp_path, tmp_path / "live.db", "backup", str(tmp_path / "b" / "copy.db"))
    assert out.returncode == 0 and "10 events" in out.stdout
    out = linli(tmp_path, tmp_path / "missing.db", "backup", str(tmp_path / "c.db"))
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

    def full_disk() -> None:  # no file may grow past half the database (writes fail with EFBIG, as on a full disk)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))

    copy = str(tmp_path / "b" / "copy.db")
    out = linli(tmp_path, tmp_path / "live.db", "backup", copy, preexec_fn=full_disk)  # noqa: PLW1509
    assert out.returncode == 2 and "backup failed" in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == []


CRASH_AFTER_MORE = """
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("UPDATE events SET text = 'written after the backup'")
c.commit()
os._exit(0)
"""


async def test_restore_puts_the_backup_back_even_after_a_crash(tmp_path: Path) -> None:
    """The bot crashed (its -wal left beside the database) and the volunteer puts last night's copy back: `linli
    restore` brings the copy back, not the crashed state (a copy laid over the file by hand had the -wal played onto
    it at the next start: the changes it was restored to undo came back), keeps the replaced files aside as one set,
    and refuses while a bot runs. Before, there was no way to restore but by hand, and a corrupt database's start
    failure pointed at `linli backup`, which copies the database, not back."""
    live = tmp_path / "live.db"
    await _make(live)
    assert linli(tmp_path, live, "backup", str(tmp_path / "copy.db")).returncode == 0
    subprocess.run([sys.executable, "-c", CRASH_AFTER_MORE, str(live)], check=True, timeout=60)
    assert (tmp_path / "live.db-wal").exists()
    held = InstanceLock(live).acquire()  # a bot runs on it
    out = linli(tmp_path, live, "restore", str(tmp_path / "copy.db"))
    held.release()
    assert out.returncode == 2 and "already running" in out.stderr
    out = linli(tmp_path, live, "restore", str(tmp_path / "copy.db"))
    assert out.returncode == 0 and "10 events" in out.stdout and "before-restore" in out.stdout, out.stderr
    db = await Database.open(live)  # as the bot opens it at its next start
    async with db.read() as c:
        texts = {r[0] for r in await c.execute_fetchall("SELECT text FROM events")}
    await db.close()
    assert texts == {"楼道灯坏了"}
    kept = sorted(p.name.split("before-restore-")[1][15:] for p in tmp_path.glob("live.db.before-restore-*"))
    assert kept == ["", "-shm", "-wal"]
    settings = Settings(telegram_bot_token="1:" + "a" * 35, database_path=live, backup_dir=str(tmp_path / "nightly"))
    said = start_failure(sqlite3.DatabaseError("file is not a database"), settings)
    assert "linli restore FILE" in said and str(tmp_path / "nightly") in said and "linli backup" not in said


MORE_REPORTS = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in c.execute("PRAGMA table_info(events)") if r[1] not in ("id", "message_id")]
for n in (1, 2):
    c.execute(f"INSERT INTO events ({', '.join(cols)}, message_id) SELECT {', '.join(cols)}, message_id + 1000 + ?"
              " FROM events WHERE id = 1", (n,))
c.commit()
"""


def test_restore_names_the_reports_newer_than_the_copy(tmp_path: Path) -> None:
    """Two reports came in after last night's copy (#11, #12); the volunteer restores it: they are not in it, and
    the answer says so and where they still are, not only "10 events" (she would believe nothing was lost)."""
    live = tmp_path / "live.db"
    asyncio.run(_make(live))
    assert linli(tmp_path, live, "backup", str(tmp_path / "copy.db")).returncode == 0
    subprocess.run([sys.executable, "-c", MORE_REPORTS, str(live)], check=True, timeout=60)
    out = linli(tmp_path, live, "restore", str(tmp_path / "copy.db"))
    assert out.returncode == 0 and "10 events" in out.stdout, out.stderr
    assert "Not in this copy: reports #11–#12" in out.stdout and "live.db.before-restore" in out.stdout, out.stdout


async def tag_of(path: Path) -> int | None:
    db = await Database.open(path)
    try:
        async with db.read() as c:
            return await meta.value(c, meta.BUTTON_TAG)
    finally:
        await db.close()


async def test_a_database_has_a_button_tag_and_a_copy_makes_its_own(tmp_path: Path) -> None:
    """Made with the database (or by the migration for one made before), kept across starts; a backup copy, and a
    database restored from one, keep none, and make a new one at their first start (the cards the live database sent
    after the copy carry its tag: bot/services/button_origin.py)."""
    live = tmp_path / "live.db"
    first = await tag_of(live)
    assert first is not None and first == await tag_of(live)
    with sqlite3.connect(live) as c:  # as a database made before the tag: the migration gives it one
        c.execute("DELETE FROM bot_meta WHERE key = 'button_tag'")
        c.execute("ALTER TABLE people DROP COLUMN no_chat")  # what a later migration added, undone: it runs again
        c.execute("PRAGMA user_version = 31")
    migrated = await tag_of(live)
    assert migrated is not None
    db = await Database.open(live)
    try:
        async with db.tx() as c:
            assert await meta.button_tag(c) == migrated
    finally:
        await db.close()

    backup(live, tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as c:
        assert c.execute("SELECT value FROM bot_meta WHERE key = 'button_tag'").fetchall() == []
    restore(tmp_path / "copy.db", live, "t")
    with sqlite3.connect(live) as c:
        assert c.execute("SELECT value FROM bot_meta WHERE key = 'button_tag'").fetchall() == []
    db = await Database.open(live)
    try:
        async with db.tx() as c:
            made = await meta.button_tag(c)
    finally:
        await db.close()
    assert made == await tag_of(live) and made not in (first, migrated)
