"""Who sees what on the console: roles to shares, and the SQL and Python answers agree (pure)."""

from __future__ import annotations

import itertools
import sqlite3

import pytest
from harness import COMMUNITY_TOML, toml_tables, worker_tables
from ids import ADMIN, LI, RESIDENT, WANG, ZHAO

from bot.core import console_query, hotspots
from bot.core.community_file import parse_community
from bot.core.console_query import Desk, EventFilter, Visibility
from bot.core.escalation import Policy
from bot.core.permissions import Role, console_visibility, may_steer
from storage.console_board import where

REPAIRS_IN_B = {"categories": ["repair"], "grids": ["B"]}
TEAMS = (
    COMMUNITY_TOML
    + worker_tables({3001: "维修刘"})
    + toml_tables(
        "teams", {"id": "maint", "name": "物业维修", "members": [3001], "categories": ["repair"], "grids": ["B"]}
    )
)


def test_roles_map_to_shares() -> None:
    comm = parse_community(TEAMS, "t.toml")
    assert console_visibility(comm, ADMIN) == Visibility(everything=True)
    assert console_visibility(comm, RESIDENT) is None
    wang = console_visibility(comm, WANG)
    assert wang is not None and wang.grids == ("A",) and wang.desks == () and wang.assignee == WANG
    assert console_visibility(comm, LI).grids == ("A",)  # a backup shift counts
    assert console_visibility(comm, ZHAO).grids == ("B",)
    maint = console_visibility(comm, 3001)
    assert maint.grids == () and maint.desks == (Desk(("repair",), ("B",)),)
    assert console_visibility(comm, 3001, home_grid="A").grids == ("A",)  # an invited worker's grid
    assert may_steer(Role.ADMIN) and not may_steer(Role.WORKER) and not may_steer(Role.RESIDENT)


EVENTS = [
    (i, grid, cat, urg, who)
    for i, (grid, cat, urg, who) in enumerate(
        itertools.product(("A", "B", None), ("repair", "noise"), ("red", "green"), (None, WANG, ZHAO, 3001)), start=1
    )
]
SHARES = [
    Visibility(everything=True),
    Visibility(grids=("A",), assignee=WANG),
    Visibility(grids=("B",), assignee=ZHAO),
    Visibility(desks=(Desk(("repair",), ("B",)),), assignee=3001),
    Visibility(desks=(Desk(("repair", "noise")),), assignee=None),
    Visibility(),
]
FILTERS = [
    EventFilter(),
    EventFilter(grid="A"),
    EventFilter(urgency="red", category="noise"),
    EventFilter(assignee=WANG),
    EventFilter(desk=Desk(("repair",), ("A",))),
    EventFilter(desk=Desk(())),
]


@pytest.mark.parametrize(("vis", "f"), list(itertools.product(SHARES, FILTERS)))
def test_sql_and_python_agree(vis: Visibility, f: EventFilter) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE events (id INTEGER, grid_id TEXT, category TEXT, urgency TEXT, assignee_id INTEGER)")
    db.executemany("INSERT INTO events VALUES (?,?,?,?,?)", EVENTS)
    args: list[object] = []
    sql_ids = {r[0] for r in db.execute(f"SELECT id FROM events WHERE {where(vis, f, args)}", args)}
    py_ids = {
        i for i, g, c, u, a in EVENTS if console_query.visible(vis, g, c, a) and console_query.matches(f, g, c, u, a)
    }
    assert sql_ids == py_ids
    if vis.nothing:
        assert not sql_ids


def test_late_means_past_the_colours_time() -> None:
    pol = Policy(red_reping_s=300, yellow_escalate_s=1800, green_escalate_s=3600)
    assert console_query.is_overdue("dispatched", "red", 1000, None, 1000 + 301, pol)
    assert not console_query.is_overdue("dispatched", "green", 1000, None, 1000 + 3599, pol)
    assert console_query.is_overdue("new", "yellow", 1000, None, 1000 + 1801, pol)
    assert console_query.is_overdue("accepted", "green", 0, 5000, 5001, pol)
    assert not console_query.is_overdue("accepted", "red", 0, None, 10**9, pol)
    assert not console_query.is_overdue("closed", "red", 0, 1, 10**9, pol)


def test_hot_spot_grid_marks_recurring_places() -> None:
    rows = [
        ("3", "2", "repair", 2),
        ("3", "1", "repair", 1),
        ("10", None, "noise", 3),
        ("2", "1", "noise", 1),
        ("3", "2", "noise", 3),
    ]
    grid = hotspots.place_grid(rows, 3)
    assert grid.buildings == ["2", "3", "10"]  # numbers in their order, not as text
    assert grid.categories == ["noise", "repair"]  # busiest first
    assert grid.counts[("3", "repair")] == 3 and grid.max_count == 3
    assert grid.recurring == {("3", "repair"), ("10", "noise"), ("3", "noise")}
    assert grid.units == [("3", "2", "noise", 3)]
