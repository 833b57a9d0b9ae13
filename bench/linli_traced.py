"""`linli run` with every SQL statement counted (sqlite3's trace callback), for the benchmarks only.

    BENCH_SQL_COUNTS=/tmp/counts.json python bench/linli_traced.py

On SIGUSR1 the counts so far are written to BENCH_SQL_COUNTS as JSON: statements (not counting BEGIN,
COMMIT and ROLLBACK), write transactions (BEGIN IMMEDIATE), read-only BEGINs, commits, timer claims
(`UPDATE timers SET status = 'done'`) and statements run by triggers. The bot itself is unchanged: the
callback is installed on its connection right after `Database.open`. With BENCH_NO_TRACE=1 it is not
installed (counts stay empty): the callback costs CPU, so CPU figures come from such a run.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage import database  # noqa: E402

COUNTS: Counter[str] = Counter()
OUT = os.environ.get("BENCH_SQL_COUNTS")


def _trace(sql: str) -> None:  # runs on aiosqlite's thread; a Counter update is atomic enough under the GIL
    head = sql.lstrip()[:40].upper()
    if head.startswith("--"):
        COUNTS["trigger_statements"] += 1
    elif head.startswith("BEGIN IMMEDIATE"):
        COUNTS["write_transactions"] += 1
    elif head.startswith("BEGIN"):
        COUNTS["other_begins"] += 1
    elif head.startswith("COMMIT"):
        COUNTS["commits"] += 1
    elif head.startswith("ROLLBACK"):
        COUNTS["rollbacks"] += 1
    else:
        COUNTS["statements"] += 1
        if head.startswith("UPDATE TIMERS SET STATUS = 'DONE'"):
            COUNTS["timer_claims"] += 1


_open = database.Database.open.__func__  # type: ignore[attr-defined]


async def _traced_open(cls, path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    db = await _open(cls, path, *args, **kwargs)
    if not os.environ.get("BENCH_NO_TRACE"):  # the same bot, uncounted: for CPU figures
        await db.conn.set_trace_callback(_trace)
    return db


def _dump(_signum: int, _frame: object) -> None:
    if OUT:
        tmp = Path(OUT + ".tmp")
        tmp.write_text(json.dumps(dict(COUNTS)))
        tmp.replace(OUT)


def main() -> int:
    """Install the counter, then run the bot as `linli run` does."""
    if not OUT:
        print("linli_traced: set BENCH_SQL_COUNTS to the file the counts are written to.", file=sys.stderr)
        return 2
    database.Database.open = classmethod(_traced_open)  # type: ignore[method-assign, assignment]
    signal.signal(signal.SIGUSR1, _dump)
    gc.disable()  # as `linli` does (bot.cli.launch): the collector waits until the bot is ready
    from bot.cli.main import main as linli

    return linli(["run"])


if __name__ == "__main__":
    sys.exit(main())
