"""One running bot per database: an exclusive lock on a file beside it, released when the process ends."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class InstanceLocked(Exception):
    """Another process holds the database's lock; the message is one sentence."""


class InstanceLock:
    """``flock`` on ``<database>.lock``: the kernel drops it when the process exits, even on SIGKILL."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise InstanceLocked naming the process that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise InstanceLocked(
                f"another Linli (pid {holder}) is already running on {self.path.with_suffix('')}; "
                "stop it first, or give this one its own DATABASE_PATH."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock back (also done by the kernel when the process ends)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
