"""A year of Linli in one SQLite file: 40 groups (one grid each), 30 workers, ~15,000 events with their logs,
notifications, reporters, media, surveys, points and timers, ~100,000 outbox rows and ~200,000 inbox rows.

    .venv/bin/python bench/year_db.py OUT.db [--events 15000] [--inbox 200000] [--outbox 100000]

Schema by the real migrations (storage.db.open_db); rows by executemany in one transaction, shaped as the bot
writes them (statuses, purposes, timer kinds, log actions of bot/ and storage/). bench/bench_year.py times the
bot over it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import time
from pathlib import Path

from communities import CATEGORIES, community_toml, grid_toml  # noqa: E402  (bench/communities.py)

GROUPS = [-1001000000000 - i for i in range(40)]
WORKERS = [3000 + i for i in range(30)]
COMMITTEE = -1009999999999
RESIDENTS = list(range(100000, 103000))
DAY = 86400
TEXTS = (
    "3号楼2单元楼道灯坏了，晚上看不见",
    "楼下垃圾三天没人收了",
    "12栋电梯又停了，老人下不来",
    "车库门口有车挡住消防通道",
)


def worker_of(grid: int) -> int:
    """Grids 0–29 have worker 3000+i, grids 30–39 share workers 3000–3009."""
    return WORKERS[grid % 30]


def community() -> str:
    """The community file: 40 grids of five buildings, a group and a worker each."""
    grids = [
        grid_toml(f"G{i}", f"网格{i}", g, worker_of(i), f"网格员{i % 30}", [str(i * 5 + k) for k in range(1, 6)])
        for i, g in enumerate(GROUPS)
    ]
    # grid_toml declares the worker with each grid: grids 30–39 repeat workers 0–9, so drop their [[workers]]
    fixed = []
    for i, text in enumerate(grids):
        if i >= 30:
            head, _, rest = text.partition("[[workers]]")
            text = head + "[[shifts]]" + rest.split("[[shifts]]", 1)[1]
        fixed.append(text)
    return community_toml(fixed, COMMITTEE).replace("admins = [1001]", "admins = [1001, 1002]")


def _payload(chat: int, text: str) -> str:
    return json.dumps({"chat_id": chat, "text": text, "parse_mode": "HTML"}, ensure_ascii=False)


async def _migrate(path: Path) -> None:
    from storage.db import open_db

    await (await open_db(path)).close()


def build(path: Path, n_events: int, n_inbox: int, n_outbox: int, now: int, seed: int = 7) -> dict[str, int]:
    """Write the year into `path` (a new file); returns the row counts."""
    asyncio.run(_migrate(path))
    rng = random.Random(seed)
    start = now - 365 * DAY
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    ev, log, notes, reps, media, surveys, points, timers, outbox = [], [], [], [], [], [], [], [], []
    msg_ids = dict.fromkeys(GROUPS, 0)
    dm_ids = dict.fromkeys(WORKERS, 0)
    n_open = 0
    for i in range(1, n_events + 1):
        created = start + (365 * DAY * i) // (n_events + 1) + rng.randint(0, 600)
        g = rng.randrange(40)
        chat, worker = GROUPS[g], worker_of(g)
        msg_ids[chat] += rng.randint(3, 20)
        mid = msg_ids[chat]
        reporter = rng.choice(RESIDENTS)
        urgency = rng.choice(("green", "green", "green", "yellow", "yellow", "red"))
        age = now - created
        is_open = age < 20 * DAY and rng.random() < 0.25 or age < 2 * DAY and rng.random() < 0.8
        accepted = created + rng.randint(60, 4 * 3600)
        closed = accepted + rng.randint(600, 5 * DAY)
        status, outcome = "closed", rng.choice(("fixed", "fixed", "fixed", "cannot_fix", "referred", "duplicate"))
        if is_open or closed >= now:
            n_open += 1
            status, outcome, closed = rng.choice(("dispatched", "accepted", "accepted")), None, None
            if status == "dispatched" or accepted >= now:
                status, accepted = "dispatched", None
        elif rng.random() < 0.03:
            status, outcome, accepted, closed = "cancelled", None, None, created + 300
        due = accepted + 2 * DAY if accepted else None
        ack = mid + 1
        building = str(g * 5 + rng.randint(1, 5))
        ev.append(
            (i, chat, mid, reporter, "居民", rng.choice(TEXTS), rng.choice(CATEGORIES), urgency, building,
             str(rng.randint(1, 4)), None, f"G{g}", status, worker if status != "cancelled" else None, created,
             accepted, closed, outcome, due, ack)
        )  # fmt: skip
        reps.append((i, reporter, "居民", chat, mid, "...", created, 0))
        if rng.random() < 0.1:
            msg_ids[chat] += 1
            reps.append((i, rng.choice(RESIDENTS), "邻居", chat, msg_ids[chat], "同样", created + 900, 1))
        log.append((i, created, reporter, "reported", "words"))
        log.append((i, created, None, "dispatched", str(worker)))
        dm_ids[worker] += 1
        notes.append((i, worker, worker, dm_ids[worker], created))
        out = [
            (created, chat, "sendMessage", "ack", i, f"ack:{i}", "sent", ack),
            (created, worker, "sendMessage", "worker_dm", i, f"dm:{i}:{worker}", "sent", dm_ids[worker]),
        ]
        if urgency == "red":
            out.append((created, COMMITTEE, "sendMessage", "committee", i, f"committee:{i}", "sent", None))
        for kind, due_at, st in (("remind", created + 1800, "cancelled"), ("escalate", created + 7200, "cancelled")):
            timers.append((i, kind, due_at, "pending" if status == "dispatched" and due_at > now else st, created))
        if accepted:
            log.append((i, accepted, worker, "accepted", None))
            out += [
                (accepted, worker, "editMessageText", "edit_dm", i, None, "sent", None),
                (accepted, chat, "editMessageText", "edit_ack", i, None, "sent", None),
            ]
            for kind, due_at in (("due_remind", due - 3600 * 4), ("overdue", due)):
                st = "pending" if status == "accepted" and due_at > now else ("done" if closed is None else "cancelled")
                timers.append((i, kind, due_at, st, accepted))
        if rng.random() < 0.2:
            media.append((i, "photo", f"AgACAgUAAx{i}", created, reporter))
        if closed and status == "closed":
            log.append((i, closed, worker, "closed", outcome))
            out += [
                (closed, worker, "editMessageText", "edit_dm", i, None, "sent", None),
                (closed, chat, "editMessageText", "edit_ack", i, None, "sent", None),
            ]
            if rng.random() < 0.25:
                media.append((i, "after_photo", f"AgACAgUAAy{i}", closed, worker))
            points.append((reporter, 5, "report_confirmed", i, closed))
            if closed - created < 2 * DAY:
                points.append((worker, 10, "closed_in_time", i, closed))
            if outcome == "fixed":
                timers.append((i, "survey", closed + 3600, "done" if closed + 3600 < now else "pending", closed))
                if closed + 3600 < now:
                    answered = rng.random() < 0.6
                    surveys.append((i, reporter, reporter, worker, "answered" if answered else "unanswered",
                                    rng.choice(("satisfied", "satisfied", "unsatisfied")) if answered else None,
                                    closed + 3600, closed + 7200 if answered else None))  # fmt: skip
                    log.append((i, closed + 3600, None, "survey_sent", None))
                    out.append((closed + 3600, reporter, "sendMessage", "survey", i, f"survey:{i}:1", "sent", None))
                    timers.append((i, "survey_expire", closed + 3 * DAY, "done", closed + 3600))
        outbox.extend(out)
    # event-less rows: daily briefs and hand-offs, the weekly digests, points notices, menus
    for d in range(365):
        day = start + d * DAY
        timers.append((None, "brief", day + 8 * 3600, "done" if day + 8 * 3600 < now else "pending", day))
        for w in WORKERS:
            outbox.append((day + 8 * 3600, w, "sendMessage", "brief", None, f"brief:{d}:{w}", "sent", None))
    timers.append((None, "brief", now + 8 * 3600, "pending", now))
    while len(outbox) < n_outbox:  # replies, points notices, menus: about no event
        t = rng.randint(start, now)
        outbox.append((t, rng.choice(RESIDENTS), "sendMessage", "reply", None, None, "sent", None))
    outbox.sort(key=lambda r: r[0])
    with con:
        con.executemany(
            "INSERT INTO events (id, chat_id, message_id, reporter_id, reporter_name, text, category, urgency,"
            " building, unit, room, grid_id, status, assignee_id, created_at, accepted_at, closed_at, outcome,"
            " due_at, ack_message_id) VALUES (" + ",".join("?" * 20) + ")",
            ev,
        )
        con.executemany(
            "INSERT INTO event_reporters (event_id, user_id, user_name, chat_id, message_id, text, at, merged)"
            " VALUES (?,?,?,?,?,?,?,?)",
            reps,
        )
        con.executemany("INSERT INTO event_log (event_id, at, actor_id, action, detail) VALUES (?,?,?,?,?)", log)
        con.executemany(
            "INSERT INTO notifications (event_id, user_id, chat_id, message_id, created_at) VALUES (?,?,?,?,?)", notes
        )
        con.executemany("INSERT INTO event_media (event_id, kind, file_id, at, by) VALUES (?,?,?,?,?)", media)
        con.executemany(
            "INSERT INTO surveys (event_id, user_id, chat_id, worker_id, status, choice, created_at, answered_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            surveys,
        )
        con.executemany("INSERT INTO points_ledger (user_id, delta, reason, event_id, at) VALUES (?,?,?,?,?)", points)
        con.executemany("INSERT INTO timers (event_id, kind, due_at, status, created_at) VALUES (?,?,?,?,?)", timers)
        blank_before = now - 30 * DAY  # the nightly housekeeping blanked the words of rows older than 30 days
        con.executemany(
            "INSERT INTO outbox (created_at, not_before, method, chat_id, payload, purpose, event_id, dedup_key,"
            " status, attempts, sent_at, result_message_id) VALUES (?,0,?,?,?,?,?,?,?,1,?,?)",
            [
                (t, m, chat, "{}" if t < blank_before else _payload(chat, f"#{e} 已收到"), p, e, k, s, t + 1, r)
                for t, chat, m, p, e, k, s, r in outbox
            ],
        )
        (last_blanked,) = con.execute("SELECT MAX(id) FROM outbox WHERE created_at < ?", (blank_before,)).fetchone()
        con.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('outbox_blanked_to', ?)", (last_blanked,))
        con.executemany(
            "INSERT INTO inbox (update_id, received_at, lane, user_id, payload, status, done_at)"
            " VALUES (?,?,?,?,NULL,'done',?)",
            (
                (u, t, rng.choice(GROUPS), rng.choice(RESIDENTS), t)
                for u, t in ((u, start + (365 * DAY * u) // n_inbox) for u in range(1, n_inbox + 1))
            ),
        )
        con.executemany(
            "INSERT INTO people (user_id, name, started, group_seen_at) VALUES (?,?,?,?)",
            [(r, f"居民{r}", int(rng.random() < 0.3), now - rng.randint(0, 300 * DAY)) for r in RESIDENTS]
            + [(w, f"网格员{w}", 1, None) for w in WORKERS],
        )
        con.executemany(
            "INSERT INTO digests_sent (week, chat_id, queued_at) VALUES (?,?,?)",
            [
                (f"{time.strftime('%G-W%V', time.gmtime(start + w * 7 * DAY))}", COMMITTEE, start + w * 7 * DAY)
                for w in range(1, 52)
            ],  # fmt: skip
        )
        con.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('first_started_at', ?)", (start,))
        con.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('poll_offset', ?)", (n_inbox + 1,))
    # no ANALYZE: the bot never runs it, so its planner works without statistics too
    counts = {
        t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("events", "event_log", "notifications", "event_reporters", "event_media", "surveys",
                  "points_ledger", "timers", "outbox", "inbox", "people")
    }  # fmt: skip
    counts["open events"] = n_open
    con.close()
    return counts


def main() -> None:
    """Build the file."""
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--events", type=int, default=15_000)
    ap.add_argument("--inbox", type=int, default=200_000)
    ap.add_argument("--outbox", type=int, default=100_000)
    args = ap.parse_args()
    args.out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    counts = build(args.out, args.events, args.inbox, args.outbox, int(time.time()))
    print(f"built {args.out} in {time.perf_counter() - t0:.1f} s, {args.out.stat().st_size / 1e6:.0f} MB: {counts}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
