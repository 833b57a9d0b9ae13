"""A consistent copy of the live database (SQLite's online backup), safe while the bot runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup(source: Path, target: Path) -> int:
    """Copy `source` to `target` with SQLite's backup API; returns the number of events copied.

    In one step: SQLite starts a backup made in steps over whenever another connection (the running bot) writes
    between two of them, so on a large file a busy bot kept it from ever ending. One step reads one consistent
    snapshot, and in WAL mode the bot's writes go on meanwhile.

    A copy that fails (the disk full, most often on the disk the bot writes to) is removed at once: its space is the
    bot's again."""
    if not source.exists():
        raise FileNotFoundError(f"database {source} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    leftovers = (tmp, tmp.with_name(tmp.name + "-journal"))
    for path in leftovers:
        path.unlink(missing_ok=True)
    try:
        events = _copy(source, tmp)
        tmp.replace(target)
    except BaseException:
        for path in leftovers:
            path.unlink(missing_ok=True)
        raise
    return events


def _copy(source: Path, tmp: Path) -> int:
    """The online backup into ``tmp``, checked; the number of events it holds."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
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
    finally:
        src.close()
    return int(events)
