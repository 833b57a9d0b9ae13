"""Which nightly backups to keep (the newest ``keep`` of them), and whether one was missed. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

BACKUP_NAME = re.compile(r"^linli-(\d{8})\.db$")


def backup_name(day: str) -> str:
    """The file name of the backup of a day given as YYYYMMDD."""
    return f"linli-{day}.db"


def missed(names: Iterable[str], last_due: date) -> bool:
    """Whether no backup was made on or after the day the backup time last came (the bot was down then)."""
    return not any((m := BACKUP_NAME.match(n)) and m.group(1) >= last_due.strftime("%Y%m%d") for n in names)


def to_delete(names: Iterable[str], keep: int) -> list[str]:
    """Backup files beyond the newest ``keep`` (other files in the folder are never touched)."""
    backups = sorted((n for n in names if BACKUP_NAME.match(n)), reverse=True)
    return backups[max(keep, 1) :]
