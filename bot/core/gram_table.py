"""A 64-bit n-gram hash -> feature row table for the learned reader, built and searched with numpy."""

from __future__ import annotations

import numpy as np

_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: a table slot from the top bits of hash * _MIX


class GramTable:
    """64-bit n-gram hash -> feature row: open addressing with linear probing, built and searched with numpy.

    Keys are placed in order of their home slot, so a key lies at most ``probe`` slots after its home and a
    search stops at an empty slot. Of equal hashes the first row is kept, as a sorted search finds.
    """

    def __init__(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        self.bits = max(4, int(2 * len(hashes)).bit_length())  # a quarter to a half full
        mixed = hashes * _MIX
        order = np.argsort(mixed)  # by home slot
        if np.any(mixed[order][1:] == mixed[order][:-1]):  # equal hashes (never seen): the first row first
            order = np.lexsort((rows, mixed))
        hashes, rows = hashes[order], rows[order]
        first = np.ones(len(hashes), dtype=bool)
        np.not_equal(hashes[1:], hashes[:-1], out=first[1:])
        hashes, rows = hashes[first], rows[first]
        home = self._home(hashes)
        step = np.arange(len(home), dtype=np.int64)
        slot = np.maximum.accumulate(home - step) + step  # the next free slot from home on
        moved = np.flatnonzero(slot[1:] > home[1:]) + 1
        if not (np.all(slot >= home) and np.all(slot[1:] > slot[:-1]) and np.all(slot[moved] == slot[moved - 1] + 1)):
            raise ValueError("n-gram table: a key is not reachable from its home slot")  # never: see the formula
        self.probe = int((slot - home).max(initial=0))
        size = max(1 << self.bits, int(slot.max(initial=0)) + 2)  # an empty slot after the last cluster
        self.keys = np.zeros(size, dtype=np.uint64)
        self.rows = np.zeros(size, dtype=np.int32)  # row + 1: 0 is an empty slot
        self.keys[slot] = hashes
        self.rows[slot] = rows + 1

    def _home(self, h: np.ndarray) -> np.ndarray:
        return ((h * _MIX) >> np.uint64(64 - self.bits)).astype(np.int64)

    def find(self, h: np.ndarray) -> np.ndarray:
        """The row of each hash, -1 for a hash not in the table."""
        slot = self._home(h)
        row = self.rows[slot]
        out = np.where(self.keys[slot] == h, row, 0)
        go_on = np.flatnonzero((out == 0) & (row != 0))  # an occupied slot, another key: look further
        for d in range(1, self.probe + 1):
            if not len(go_on):
                break
            at = slot[go_on] + d
            row = self.rows[at]
            out[go_on] = found = np.where(self.keys[at] == h[go_on], row, 0)
            go_on = go_on[(found == 0) & (row != 0)]
        return np.subtract(out, 1, dtype=np.int64)
