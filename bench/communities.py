"""What the benchmarks share about their communities: the community files, and the event rows of the
two-grid community (bench_digest, bench_console) written straight into a database."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable, Sequence

TWO_GRIDS = """
[community]
name = "基准社区"
timezone = "Asia/Shanghai"
committee_chat_id = -1001
admins = [1]
[[grids]]
id = "A"
name = "一网格"
buildings = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
chats = [-1002]
[[grids]]
id = "B"
name = "二网格"
buildings = ["11", "12", "13", "14", "15", "16", "17", "18", "19", "20"]
chats = [-1003]
"""

CATEGORIES = ("repair", "sanitation", "noise", "parking", "safety", "care", "dispute", "security", "other")
EVENT_COLUMNS = (
    "id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency, building, unit, room, grid_id,"
    " status, assignee_id, created_at, accepted_at, closed_at, outcome, due_at"
)


def grid_toml(grid_id: str, name: str, chat: int, worker: int, worker_name: str, buildings: Sequence[str] = ()) -> str:
    """One grid with its one chat and one worker on duty around the clock."""
    listed = ",".join(f'"{b}"' for b in buildings)
    return (
        f'[[grids]]\nid = "{grid_id}"\nname = "{name}"\nbuildings = [{listed}]\nchats = [{chat}]\n'
        f'[[workers]]\ntelegram_id = {worker}\nname = "{worker_name}"\n'
        f'[[shifts]]\nworker = {worker}\ngrid = "{grid_id}"\nstart = "00:00"\nend = "24:00"\n'
    )


def community_toml(grids: Iterable[str], committee: int) -> str:
    """A community file: admin 1001, the committee chat, then the grids (from grid_toml)."""
    return (
        f'[community]\nname = "基准社区"\ntimezone = "Asia/Shanghai"\ncommittee_chat_id = {committee}\n'
        "admins = [1001]\n" + "\n".join(grids)
    )


def grid_per_group(groups: Sequence[int], worker: int, committee: int) -> str:
    """A community with one grid G{i} a group, whose worker is worker + i."""
    return community_toml(
        (grid_toml(f"G{i}", f"网格{i}", g, worker + i, f"网格员{i}") for i, g in enumerate(groups)), committee
    )


def event_row(
    i: int,
    building: int,
    rng: random.Random,
    *,
    text: str,
    status: str,
    worker: int,
    created: int,
    accepted: int | None,
    closed: int | None,
    due: int | None,
) -> tuple:
    """Event i in TWO_GRIDS (buildings 1–10 in grid A, 11–20 in B), in EVENT_COLUMNS' order."""
    return (
        i,
        -1002 if building <= 10 else -1003,
        i,
        5000 + i % 3000,
        "居民",
        text,
        rng.choice(CATEGORIES),
        rng.choice(("red", "yellow", "green")),
        str(building),
        str(rng.randint(1, 4)),
        None,
        "A" if building <= 10 else "B",
        status,
        worker,
        created,
        accepted,
        closed,
        "fixed" if closed else None,
        due,
    )


def insert_events(con: sqlite3.Connection, rows: Iterable[tuple], *extra_columns: str) -> None:
    """One executemany of event rows: EVENT_COLUMNS, then extra_columns."""
    columns = ", ".join((EVENT_COLUMNS, *extra_columns))
    marks = ",".join("?" * (EVENT_COLUMNS.count(",") + 1 + len(extra_columns)))
    con.executemany(f"INSERT INTO events ({columns}) VALUES ({marks})", rows)
