"""The fault suite (issue 12, "Done when"): `linli run` as a real process against the fake Bot API.

Short runs of the same code as bench/fault_suite.py (which runs the full sizes and prints the
figures for the README's "Reliability" section); docs/reliability.md says what each one proves.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from faultkit import WORDS, database_fault_run, log_run, sigkill_run
from harness import MakeBot, RunningBot
from ids import GROUP_A, GROUP_B, WANG, ZHAO

from bot.fakeapi import FakeTelegram
from bot.runtime.sender import CONCURRENCY


async def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    kills = 5
    fig = await sigkill_run(tmp_path, reports=300, presses=100, kills=kills, seed=5)
    print(f"\nsigkill: {fig}")
    assert fig["kills"] == kills and fig["kills_after_batch"] >= 1
    assert fig["events"] == fig["reports"] == 300
    assert fig["duplicate_events"] == 0 and fig["reports_without_event"] == 0
    assert fig["presses_applied"] == fig["presses"] == 100
    assert fig["acks_missing"] == 0 and fig["dms_missing"] == 0
    assert fig["accepted_acks_shown"] == 100  # each Accept's edit of the group acknowledgement arrived
    assert fig["inbox"] == {"done": 400} and set(fig["outbox"]) == {"sent"}
    # A message is sent twice only if it was in flight at a kill: at most the calls in flight plus the
    # results gathered for one commit, per kill.
    assert max(fig["duplicates_per_kill"]) <= 2 * CONCURRENCY
    assert fig["exit_code"] == 0 and not fig["bot_log_errors"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the full disk is a file-size limit set by prlimit")
@pytest.mark.parametrize("kind", ["locked", "full"])
async def test_a_locked_database_or_a_full_disk_loses_no_report(tmp_path: Path, kind: str) -> None:
    # Scaled down: the lock is held (or the disk full) 3 s against a busy timeout of 0.3 s, so every
    # write in between fails as it does at 30 s against 5 s (bench/fault_suite.py runs those).
    fig = await database_fault_run(tmp_path, kind, seconds=3, reports=24, busy_timeout_ms=300)
    print(f"\n{kind}: {fig}")
    # the fault must hold back the reports sent during it (12), or the test proves nothing; one report of the
    # first half may still commit as the fault begins (a full disk refuses new pages, not free ones already there)
    assert fig["handled_during_fault"] <= 1, "the fault did not stop the bot's writes; the test proves nothing"
    assert fig["reports_lost"] == 0 and fig["events"] == fig["reports"] == 24
    assert fig["duplicate_events"] == 0 and fig["acks_missing"] == 0 and fig["dms_missing"] == 0
    assert fig["inbox"] == {"done": 24}
    assert fig["exit_code"] == 0 and fig["log_warnings"] >= 1


def served_at(fake: FakeTelegram, chat_id: int, message_id: int) -> float:
    """When the getUpdates answer carrying this message was sent."""
    for call in fake.calls:
        if call.method == "getUpdates" and call.result:
            for update in call.result:
                msg = update.get("message") or {}
                if msg.get("message_id") == message_id and msg.get("chat", {}).get("id") == chat_id:
                    return call.done_at
    raise AssertionError("never served")


def ack_of(fake: FakeTelegram, report: dict) -> float | None:
    """When the acknowledgement of a report (a reply to it) was answered ok."""
    for call in fake.calls_to("sendMessage", ok=True):
        if (
            call.params.get("chat_id") == report["chat"]["id"]
            and (call.params.get("reply_parameters") or {}).get("message_id") == report["message_id"]
        ):
            return call.done_at
    return None


def dms_to(fake: FakeTelegram, worker: int) -> list[float]:
    """When each message to a worker was answered ok."""
    return [c.done_at for c in fake.calls_to("sendMessage", ok=True) if c.params.get("chat_id") == worker]


async def test_a_throttled_chat_delays_only_itself(make_bot: MakeBot) -> None:
    running = await make_bot(first_dm_cards=0)  # each report's card at once (none held for a list): all 30 counted
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    # Telegram throttles group A for a minute: every call to it is answered 429 retry_after=60.
    fake.fail_next(None, 429, retry_after=60, times=1000, chat_id=GROUP_A)
    for i in range(30):  # thirty acknowledgements queue up behind the throttle
        fake.user(400_000 + i // 3, f"居民{i}")
        fake.send_message(GROUP_A, 400_000 + i // 3, f"{101 + i}号楼{i % 4 + 1}单元楼道灯坏了")  # grid A
    await fake.wait_for(lambda: [c for c in fake.calls if c.status == 429], timeout=20)
    report = fake.send_message(GROUP_B, 400_100, "7号楼2单元电梯坏了")
    ack_b = await fake.wait_for(lambda: ack_of(fake, report), timeout=20)
    dm_b = (await fake.wait_for(lambda: dms_to(fake, ZHAO), timeout=20))[0]
    await fake.wait_for(lambda: len(dms_to(fake, WANG)) == 30, timeout=30)  # A's reports reach their worker
    calls_to_a = [c for c in fake.calls if c.params.get("chat_id") == GROUP_A]
    assert len(calls_to_a) == 1, [(c.method, c.params.get("text", "")[:40], c.status) for c in calls_to_a]
    assert fake.messages(GROUP_A) == []
    latency = max(ack_b, dm_b) - served_at(fake, GROUP_B, report["message_id"])
    print(f"\nthrottled group A (60 s): group B's acknowledgement and DM {latency * 1000:.0f} ms after the report")
    assert latency < 2.0


async def test_a_hanging_send_delays_only_its_chat(running: RunningBot) -> None:
    fake = running.fake
    fake.user_starts_bot(WANG)
    fake.user_starts_bot(ZHAO)
    fake.timeout_delay = 8.0  # longer than the bot's read timeout: the call hangs until it gives up
    fake.fail_next("sendMessage", "timeout", chat_id=GROUP_A)
    fake.send_message(GROUP_A, 400_200, "3号楼1单元楼道灯坏了")

    def hanging() -> bool:
        return any(c.method == "sendMessage" and c.params.get("chat_id") == GROUP_A for c in fake.in_flight)

    await fake.wait_for(hanging, timeout=20)
    report = fake.send_message(GROUP_B, 400_201, "7号楼2单元电梯坏了")
    ack_b = await fake.wait_for(lambda: ack_of(fake, report), timeout=20)
    dm_b = (await fake.wait_for(lambda: dms_to(fake, ZHAO), timeout=20))[0]
    assert hanging(), "group B was served while group A's call still hung"
    latency = max(ack_b, dm_b) - served_at(fake, GROUP_B, report["message_id"])
    print(f"\nhanging send to group A: group B's acknowledgement and DM {latency * 1000:.0f} ms after the report")
    assert latency < 2.0
    # The hung call took effect at Telegram; the bot timed out, tried again, and group A got its answer.
    await fake.wait_for(lambda: not hanging() and fake.find_message(GROUP_A, "#1"), timeout=30)


async def test_the_token_is_in_no_log_line_and_texts_only_when_asked(tmp_path: Path) -> None:
    folders = [tmp_path / name for name in ("plain", "texts", "rejected")]
    for folder in folders:
        folder.mkdir()
    plain, texts, rejected = await asyncio.gather(
        log_run(folders[0], message_texts=False),
        log_run(folders[1], message_texts=True),
        log_run(folders[2], message_texts=True, rejected_at_start=True),
    )
    for run in (plain, texts, rejected):
        token = run["token"]
        secret = token.split(":", 1)[1]
        assert not [line for line in run["lines"] if token in line or secret in line]
        assert run["exit_code"] == 2
        assert run["lines"][-1].startswith("linli: Telegram rejected the bot token"), run["lines"][-3:]
    for run in (plain, texts):
        assert sum(" DEBUG " in line for line in run["lines"]) >= 3  # DEBUG was really on
        assert any("getUpdates failed" in line for line in run["lines"])  # the network error was logged
        assert any("Bad Gateway" in line for line in run["lines"])
    words = [w[:6] for w in WORDS]
    assert not [line for line in plain["lines"] if any(w in line for w in words)]
    assert [line for line in texts["lines"] if any(w in line for w in words)]  # LOG_MESSAGE_TEXTS=true
    print(
        f"\nlog lines: {len(plain['lines'])} without texts, {len(texts['lines'])} with texts, "
        f"{len(rejected['lines'])} at a rejected start; the token in none"
    )
