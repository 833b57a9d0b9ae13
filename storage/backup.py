"""A consistent copy of the live database (SQLite's online backup), safe while the bot runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup(source: Path, target: Path) -> int:
    """Copy `source` to `target` with SQLite's backup API; returns the number of events copied.

    In one step: SQLite starts a backup made in steps over whenever another connection (the running bot) writes
    between two of them, so on a large file a busy bot kept it from ever ending. One step reads one consistent
    snapshot, and in WAL mode the bot's writes go on meanwhile."""
    if not source.exists():
        raise FileNotFoundError(f"database {source} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        (events,) = dst.execute("SELECT COUNT(*) FROM events").fetchone()
        (ok,) = dst.execute("PRAGMA integrity_check").fetchone()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"the copy failed its integrity check: {ok}")
    finally:
        dst.close()
        src.close()
    tmp.replace(target)
    return int(events)
