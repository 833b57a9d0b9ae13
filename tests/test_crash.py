"""Crash: the bot as a real process is SIGKILLed during a burst of reports and started again.

Afterwards every report has exactly one event, and every acknowledgement and worker notification
was delivered at least once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from harness import COMMITTEE, COMMUNITY_TOML, GROUP_A, GROUP_B, WANG, ZHAO, populate

from bot.fakeapi import FakeTelegram

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_crash"
REPORTS = 300
ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ["楼道灯坏了", "电梯坏了", "下水道堵了", "门禁坏了刷不开", "垃圾桶满了没人清", "墙皮脱落了"]


def start_bot(fake: FakeTelegram, tmp: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, DATABASE_PATH=str(tmp / "linli.db"),
        COMMUNITY_FILE=str(tmp / "community.toml"), RATE_LIMITER="false", LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT), MERGE_WINDOW_S="0",  # one event per report: same-problem merging off
    )
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp / "bot.log", "ab"))  # noqa: SIM115


def db_counts(tmp: Path) -> tuple[int, int]:
    with sqlite3.connect(tmp / "linli.db") as c:
        events = c.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        pending = c.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
    return events, pending


async def test_sigkill_during_a_burst_loses_nothing(tmp_path: Path) -> None:
    (tmp_path / "community.toml").write_text(COMMUNITY_TOML, encoding="utf-8")
    async with FakeTelegram(token=TOKEN) as fake:
        populate(fake)
        fake.user_starts_bot(WANG)
        fake.user_starts_bot(ZHAO)
        sent = []
        for i in range(REPORTS):
            user = 100_000 + i
            fake.user(user, f"居民{i}")
            building = (i % 8) + 1
            chat = GROUP_A if building <= 5 else GROUP_B
            # every report names a different building, so none is merged with another as the same problem
            sent.append(fake.send_message(chat, user, f"{100 + i}号楼{i % 4 + 1}单元{PROBLEMS[i % len(PROBLEMS)]}"))
        proc = start_bot(fake, tmp_path)
        try:
            # Kill it mid-burst: once some but not all acknowledgements went out.
            await fake.wait_for(lambda: len(fake.calls_to("sendMessage", ok=True)) >= REPORTS // 3, timeout=60)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            killed_at = len(fake.calls_to("sendMessage", ok=True))
            assert killed_at < 2 * REPORTS, "the burst finished before the kill; the test proves nothing"
            proc = start_bot(fake, tmp_path)

            def acked() -> bool:
                return all(fake.find_message(m["chat"]["id"], "已登记") for m in sent[-1:]) and \
                    db_counts(tmp_path) == (REPORTS, 0)
            await fake.wait_for(acked, timeout=90)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

        with sqlite3.connect(tmp_path / "linli.db") as c:
            rows = c.execute("SELECT id, chat_id, message_id, assignee_id FROM events").fetchall()
        assert len(rows) == REPORTS == len({(r[1], r[2]) for r in rows})  # exactly one event per report
        acks: dict[int, int] = {}
        dms: dict[int, int] = {}
        for call in fake.calls_to("sendMessage", ok=True):
            text = call.params.get("text", "")
            number = text.split("#", 1)[1].split("<", 1)[0].split()[0] if "#" in text else None
            if number is None or call.params["chat_id"] == COMMITTEE:
                continue  # yellow reports also alert the committee chat: not an ack, not a worker DM
            target = acks if call.params["chat_id"] in (GROUP_A, GROUP_B) else dms
            target[int(number)] = target.get(int(number), 0) + 1
        assert sorted(acks) == list(range(1, REPORTS + 1)), "every acknowledgement delivered at least once"
        assert sorted(dms) == list(range(1, REPORTS + 1)), "every worker notified at least once"
        dup_acks = sum(n - 1 for n in acks.values())
        dup_dms = sum(n - 1 for n in dms.values())
        print(f"\nreports={REPORTS} events={len(rows)} killed_after_sends={killed_at} "
              f"acks={sum(acks.values())} dms={sum(dms.values())} dup_acks={dup_acks} dup_dms={dup_dms}")
        # A duplicate is only possible for a message in flight at the moment of the kill.
        assert dup_acks + dup_dms <= 8
