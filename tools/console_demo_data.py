"""A demo community for the console's screenshots: 90 days of reports in community.example.toml's grids.

Rows are written straight into a database made by the real migrations (like the benchmarks do), so
the pages show a quarter of history at once. Deterministic: the same seed gives the same community.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from storage.database import Database

RESIDENTS = [
    "刘阿姨",
    "陈先生",
    "赵大爷",
    "孙女士",
    "周老师",
    "吴叔",
    "郑姐",
    "冯先生",
    "何阿姨",
    "许大爷",
    "马先生",
    "朱阿姨",
    "胡同学",
    "林女士",
    "高大爷",
]
TEXTS = {
    "repair": [
        "{b}号楼{u}单元电梯又停了，老人上不去",
        "{b}号楼{u}单元楼道灯坏了，晚上黑漆漆的",
        "{b}号楼水管漏水，地下室积水了",
        "{b}号楼{u}单元门禁坏了，门关不上",
    ],
    "sanitation": [
        "{b}号楼门口垃圾堆了两天没人清",
        "{b}号楼{u}单元楼道里有人放了一堆装修垃圾",
        "{b}号楼下水道反味，很臭",
    ],
    "noise": ["{b}号楼楼上装修太吵，中午也不停", "{b}号楼{u}单元晚上十一点还有人唱歌"],
    "parking": ["{b}号楼消防通道又被车堵了", "{b}号楼门口电动车乱停，轮椅过不去"],
    "safety": ["{b}号楼{u}单元楼道里电动车在充电，很危险", "{b}号楼楼顶的广告牌松了，风一吹就晃"],
    "care": ["{b}号楼{u}单元独居的王奶奶两天没出门了，敲门没人应"],
    "dispute": ["{b}号楼楼上楼下因为漏水吵起来了", "{b}号楼{u}单元邻居占用公共走廊堆东西，协商不成"],
    "security": ["{b}号楼{u}单元有陌生人挨家挨户敲门推销", "{b}号楼车棚的电动车电瓶被偷了"],
    "other": ["{b}号楼的快递柜一直显示故障"],
}
WEIGHTS = {
    "repair": 30,
    "sanitation": 18,
    "noise": 12,
    "parking": 10,
    "safety": 8,
    "care": 4,
    "dispute": 7,
    "security": 8,
    "other": 3,
}
GRIDS = {"A": (["1", "2", "3", "4", "5"], -1001234567890), "B": (["6", "7", "8", "9", "10A", "10B"], -1001234567891)}
DESKS = {"repair": [3001, 3002], "dispute": [3101], "security": [3201, 3202]}
GRID_WORKERS = {"A": [2001, 2003, 2002], "B": [2002, 2004, 2003]}
HOT = [
    ("3", "repair", "3号楼2单元电梯又停了，老人上不去"),
    ("7", "sanitation", "7号楼门口垃圾堆了两天没人清"),
    ("2", "noise", "2号楼楼上装修太吵，中午也不停"),
]
MERGED = ["{b}号楼{u}单元电梯还是不动，有人被困在里面", "{b}号楼的电梯又坏了，快来人看看"]
DUE_S = {"red": 4 * 3600, "yellow": 24 * 3600, "green": 48 * 3600}
SHOWCASE_TEXT = "3号楼2单元电梯又停了，困了人，物业电话打不通"


class Builder:
    """Accumulates rows, then writes them in one transaction."""

    def __init__(self, now: int, seed: int = 16) -> None:
        self.now = now
        self.rng = random.Random(seed)
        self.events: list[tuple] = []
        self.log: list[tuple] = []
        self.reporters: list[tuple] = []
        self.surveys: list[tuple] = []
        self.media: list[tuple] = []
        self.message_id = 100

    def event(
        self,
        created: int,
        category: str,
        urgency: str,
        grid: str,
        building: str,
        unit: str | None,
        text: str,
        status: str,
        worker: int,
        accept_after: int,
        close_after: int | None,
        outcome: str | None = None,
        extra_reporters: int = 0,
    ) -> int:
        """One event with its log, reporters and survey (ids follow insertion order)."""
        rng = self.rng
        event_id = len(self.events) + 1
        self.message_id += 1
        chat = GRIDS[grid][1]
        reporter = 5000 + rng.randrange(len(RESIDENTS))
        accepted = created + accept_after if status in ("accepted", "closed") else None
        closed = accepted + close_after if status == "closed" and accepted and close_after else None
        due = accepted + DUE_S[urgency] if accepted else None
        self.events.append(
            (
                event_id,
                chat,
                self.message_id,
                reporter,
                RESIDENTS[reporter - 5000],
                text,
                category,
                urgency,
                building,
                unit,
                None,
                grid,
                status,
                worker,
                created,
                accepted,
                closed,
                outcome if closed else None,
                due,
                "zh-Hans",
            )
        )
        self.log.append((event_id, created, reporter, "reported", None))
        self.log.append((event_id, created + 1, None, "dispatched", str(worker)))
        self.log.append((event_id, created + 3, None, "notified", str(worker)))
        self.reporters.append((event_id, reporter, RESIDENTS[reporter - 5000], chat, self.message_id, text, created, 0))
        for i in range(extra_reporters):
            other = 5000 + (reporter - 5000 + 1 + i) % len(RESIDENTS)
            self.message_id += 1
            at = created + 600 * (i + 1)
            words = MERGED[i % len(MERGED)].format(b=building, u=unit or "1")
            self.reporters.append((event_id, other, RESIDENTS[other - 5000], chat, self.message_id, words, at, 1))
            self.log.append((event_id, at, other, "merged", None))
        if accepted:
            self.log.append((event_id, accepted, worker, "accepted", None))
        if closed:
            self.log.append((event_id, closed, worker, "closed", outcome))
            if rng.random() < 0.6 and outcome != "duplicate":
                choice = rng.choices(["satisfied", "unsatisfied", "not_solved"], [75, 15, 10])[0]
                asked = closed + 7200
                answered = asked + rng.randint(600, 20000)
                if answered < self.now:
                    self.surveys.append((event_id, reporter, reporter, worker, "answered", choice, asked, answered))
                    self.log.append((event_id, answered, reporter, "rated", choice))
        return event_id

    def history(self, days: int) -> None:
        """Reports over the last `days` days: closed when older than 3 days, partly open since."""
        rng = self.rng
        start = self.now - days * 86400
        for day in range(days):
            for _ in range(rng.randint(2, 4)):
                created = start + day * 86400 + rng.randint(7 * 3600, 22 * 3600)
                if created > self.now - 1800:
                    continue
                category = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
                grid = rng.choice(list(GRIDS))
                building = rng.choice(GRIDS[grid][0])
                unit = str(rng.randint(1, 4)) if rng.random() < 0.7 else None
                text = rng.choice(TEXTS[category]).format(b=building, u=unit or "1")
                for hot_building, hot_category, hot_text in HOT:
                    if rng.random() < 0.06:
                        building, category, text = hot_building, hot_category, hot_text
                        grid = "A" if building in GRIDS["A"][0] else "B"
                        unit = "2"
                urgency = rng.choices(["red", "yellow", "green"], [6, 34, 60])[0]
                if category in ("care", "safety") and rng.random() < 0.5:
                    urgency = "red"
                worker = rng.choice(DESKS.get(category) or GRID_WORKERS[grid][:2])
                age = self.now - created
                status = "closed"
                if age < 3 * 86400 and rng.random() < 0.45:
                    status = rng.choice(["dispatched", "accepted", "accepted"])
                accept_after = rng.randint(300, 5400 if urgency != "red" else 900)
                close_after = rng.randint(3600, int(DUE_S[urgency] * rng.choice([0.3, 0.6, 0.9, 1.4])))
                if status == "closed" and created + accept_after + close_after > self.now:
                    status = "accepted"
                outcome = rng.choices(["fixed", "cannot_fix", "referred", "duplicate"], [80, 8, 8, 4])[0]
                self.event(
                    created,
                    category,
                    urgency,
                    grid,
                    building,
                    unit,
                    text,
                    status,
                    worker,
                    accept_after,
                    close_after,
                    outcome,
                    extra_reporters=1 if rng.random() < 0.08 else 0,
                )

    def showcase(self) -> int:
        """The event the event page shows: accepted, merged reporters, a pin, a photo-less timeline."""
        created = self.now - 95 * 60
        event_id = self.event(
            created, "repair", "yellow", "A", "3", "2", SHOWCASE_TEXT, "accepted", 3001, 900, None, extra_reporters=2
        )
        self.media.append((event_id, "location", None, 31.23042, 121.47371, created + 400, 5003))
        self.log.append((event_id, created + 400, 5003, "added_location", None))
        return event_id

    def write(self, path: Path) -> None:
        """Everything into the database, in one transaction."""
        con = sqlite3.connect(path)
        with con:
            con.executemany(
                "INSERT INTO events (id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency,"
                " building, unit, room, grid_id, status, assignee_id, created_at, accepted_at, closed_at, outcome,"
                " due_at, language) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                self.events,
            )
            con.executemany(
                "INSERT INTO event_log (event_id, at, actor_id, action, detail) VALUES (?,?,?,?,?)",
                sorted(self.log, key=lambda r: (r[1], r[0])),
            )
            con.executemany(
                "INSERT INTO event_reporters (event_id, user_id, user_name, chat_id, message_id, text, at,"
                " merged) VALUES (?,?,?,?,?,?,?,?)",
                self.reporters,
            )
            con.executemany(
                "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, status, choice, created_at,"
                " answered_at) VALUES (?,?,?,?,?,?,?,?)",
                self.surveys,
            )
            con.executemany(
                "INSERT INTO event_media (event_id, kind, file_id, lat, lon, at, by) VALUES (?,?,?,?,?,?,?)", self.media
            )
            con.executemany(
                "INSERT INTO people (user_id, name, language, started, updated_at) VALUES (?,?,?,1,?)"
                " ON CONFLICT (user_id) DO NOTHING",
                [(5000 + i, name, "zh-hans", self.now) for i, name in enumerate(RESIDENTS)],
            )
            chats = [(-1001234567890, "A", "幸福里1-5号楼居民群"), (-1001234567891, "B", "幸福里6-10号楼居民群")]
            con.executemany("INSERT INTO chats (chat_id, grid_id, title) VALUES (?,?,?)", chats)
        con.close()


async def build(path: Path, now: int, days: int = 90) -> int:
    """Make the demo database (schema by the real migrations); returns the showcase event's id."""
    await (await Database.open(path)).close()
    builder = Builder(now)
    builder.history(days)
    showcase = builder.showcase()
    builder.write(path)
    return showcase
