"""A consistent copy of the live database (SQLite's online backup), safe while the bot runs; and a copy put back."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from storage.meta import BUTTON_TAG


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
            _untag(dst)
            (events,) = dst.execute("SELECT COUNT(*) FROM events").fetchone()
            (ok,) = dst.execute("PRAGMA integrity_check").fetchone()
            if ok != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its integrity check: {ok}")
        finally:
            dst.close()
    finally:
        src.close()
    return int(events)


def restore(copy: Path, database: Path, stamp: str) -> tuple[int, Path | None, tuple[int, int, int] | None]:
    """Put a backup in the database's place (no bot may run on it); the number of events it holds, where the
    database it replaced was kept (None: there was none), and the events that database held past the copy's newest
    (how many, the first id, the last; None when none, or it could not be read): they are not in the copy.

    The replaced file goes aside with its ``-wal`` and ``-shm`` (renamed ``<database>.before-restore-<stamp>…``), as
    one set: a ``-wal`` left beside the restored file (a crash leaves one) would be played onto it at the next start,
    bringing back what the copy was restored to undo. The copy is checked first and copied in under another name,
    so a failure half-way leaves the database as it was."""
    if not copy.is_file():
        raise FileNotFoundError(f"backup {copy} does not exist")
    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as c:
        (ok,) = c.execute("PRAGMA integrity_check").fetchone()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"the backup {copy} failed its integrity check: {ok}")
        (events, newest) = c.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM events").fetchone()
    newer = _newer(database, newest) if database.exists() else None
    incoming = database.with_name(database.name + ".restoring")
    try:
        shutil.copyfile(copy, incoming)
        with closing(sqlite3.connect(incoming)) as c:
            _untag(c)  # a copy from elsewhere may keep the tag its database's cards carry
    except BaseException:
        incoming.unlink(missing_ok=True)  # a full disk: the database stays as it was, no half copy beside it
        raise
    aside = f"{database.name}.before-restore-{stamp}"
    kept = database.with_name(aside) if database.exists() else None
    for suffix in ("-wal", "-shm"):  # first: never played onto the copy
        part = database.with_name(database.name + suffix)
        if part.exists():
            part.replace(database.with_name(aside + suffix))
    if kept is not None:
        shutil.copy2(database, kept)  # then the copy takes its place in one step: no moment without a database
    incoming.replace(database)
    return int(events), kept, newer


def _untag(c: sqlite3.Connection) -> None:
    """Drop the copy's button tag: started, it makes a tag of its own (storage/meta.py), so a press on a card the
    database it was copied from sent after the copy (an event it never saw, or one it numbers alike) is refused,
    and one on a card the copy holds the message of is still taken (bot/services/button_origin.py)."""
    if c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bot_meta'").fetchone():
        with c:
            c.execute("DELETE FROM bot_meta WHERE key = ?", (BUTTON_TAG,))


def _newer(database: Path, newest: int) -> tuple[int, int, int] | None:
    """How many events the database holds past id ``newest``, the first and the last; None for none, or a database
    that cannot be read (often why it is restored)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as c:
            n, first, last = c.execute(
                "SELECT COUNT(*), MIN(id), MAX(id) FROM events WHERE id > ?", (newest,)
            ).fetchone()
    except sqlite3.Error:
        return None
    return (int(n), int(first), int(last)) if n else None
