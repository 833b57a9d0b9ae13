"""Opening the SQLite database and applying the numbered migrations."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import aiosqlite

from storage.connection import connect
from storage.rows import one

log = logging.getLogger(__name__)


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("storage") / "migrations"
    found = []
    for item in folder.iterdir():
        name = item.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), item.read_text(encoding="utf-8")))
    return sorted(found)


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another process's lock before "database is locked"


async def open_db(path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> aiosqlite.Connection:
    """Open (creating if needed) the database in WAL mode and migrate it to the latest version."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = await connect(path, busy_timeout_ms)
    try:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        # The migrations' commits need not each wait for the disk: a power cut may undo the last of them, and
        # with it its user_version, so they run again at the next start. The first FULL commit after them syncs
        # the log they sit in too (docs/benchmarks.md, "Opening a database").
        await db.execute("PRAGMA synchronous=NORMAL")
        await migrate(db)
        # FULL: a commit is on disk before the next step. Right after the inbox's commit the poller tells
        # Telegram to forget those updates; with NORMAL a power cut could undo the commit and lose the reports.
        await db.execute("PRAGMA synchronous=FULL")
    except BaseException:
        await db.close()  # its worker thread would otherwise keep the process alive
        raise
    return db


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than `PRAGMA user_version`; return the new version."""
    row = await one(db, "PRAGMA user_version")
    current = int(row[0])
    for version, sql in _migrations():
        if version <= current:
            continue
        log.info("applying migration %03d", version)
        await db.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")
        current = version
    return current
