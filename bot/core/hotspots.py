"""The console's hot-spot grid: buildings × categories with counts, recurring places marked.

Pure. "Recurring" is the digest's rule (bot/core/digest.py, ``hot_spots``): the same category at the
same building ``minimum`` times or more in the period; the units where it recurs are listed too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlaceGrid:
    """Rows (buildings), columns (categories), counts and the recurring cells and units."""

    buildings: list[str]
    categories: list[str]
    counts: dict[tuple[str, str], int]
    recurring: set[tuple[str, str]]
    units: list[tuple[str, str, str, int]]  # (building, unit, category, count) recurring at one unit
    max_count: int


def building_order(building: str) -> tuple:
    """'2' before '10', '3A' after '3', names after numbers."""
    m = re.match(r"^(\d+)(.*)$", building)
    return (0, int(m[1]), m[2]) if m else (1, 0, building)


def place_grid(rows: Iterable[tuple[str, str | None, str, int]], minimum: int) -> PlaceGrid:
    """From (building, unit, category, count) rows: the grid, busiest categories first."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    units: dict[tuple[str, str, str], int] = defaultdict(int)
    for building, unit, category, n in rows:
        cells[(building, category)] += n
        if unit:
            units[(building, unit, category)] += n
    per_category: dict[str, int] = defaultdict(int)
    for (_, category), n in cells.items():
        per_category[category] += n
    categories = sorted(per_category, key=lambda c: (-per_category[c], c))
    buildings = sorted({b for b, _ in cells}, key=building_order)
    recurring = {key for key, n in cells.items() if n >= minimum}
    spots = sorted(
        ((b, u, c, n) for (b, u, c), n in units.items() if n >= minimum),
        key=lambda s: (-s[3], building_order(s[0]), s[1], s[2]),
    )
    return PlaceGrid(buildings, categories, dict(cells), recurring, spots, max(cells.values(), default=0))
