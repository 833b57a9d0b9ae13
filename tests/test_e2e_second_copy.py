"""Two copies of the bot polling with the same token (an old server not switched off, a laptop run with the
production token): Telegram answers 409 to whichever copy's long poll the other cut off. Before, both copies
logged and polled on for ever, splitting the reports between two databases that number their events alike, and
a worker's Accept was handled by whichever copy fetched it, on its own event of that number. Now the copy whose
409s last stops: one ERROR, the committee told, exit code 2 (runtime.fatal); the other runs on alone."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from harness import RunningBot, populate, until
from ids import COMMITTEE, GROUP_A, RESIDENT, WANG

from bot.core.poll_conflict import ConflictRun
from bot.fakeapi import FakeTelegram
from bot.render.i18n import t


async def test_the_second_copy_on_a_token_stops_and_the_committee_is_told(
    fake_tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_tg
    populate(fake, WANG)
    caplog.set_level(logging.WARNING)
    copies = [RunningBot(fake, tmp_path / "a.db"), RunningBot(fake, tmp_path / "b.db")]
    try:
        for copy in copies:
            await copy.start()

        async def one_stopped() -> bool:
            return any(c.runtime is not None and c.runtime.fatal for c in copies)

        await until(one_stopped, timeout=40, what="a copy stopping")
        [stopped] = [c for c in copies if c.runtime is not None and c.runtime.fatal]
        [alone] = [c for c in copies if c is not stopped]
        assert stopped.runtime is not None and stopped.runtime.stopped.is_set()
        assert "another copy of this bot" in (stopped.runtime.fatal or "")
        # the committee heard it from the copy that stopped, in the community's language, before it stopped
        note = t("zh-Hans", "ops.second_copy")
        assert "另一个机器人实例" in note
        assert [m["text"] for m in fake.messages(COMMITTEE) if m.get("text") == note] == [note]

        # the other copy runs on alone: a report now is its, and no copy is refused again
        assert alone.runtime is not None and alone.runtime.fatal is None
        refused = len([c for c in fake.calls if c.method == "getUpdates" and c.status == 409])
        fake.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
        await fake.wait_for(lambda: fake.find_message(WANG, "楼道灯") or None, timeout=20)
        await alone.settle()
        assert await alone.event_count() >= 1
        assert len([c for c in fake.calls if c.method == "getUpdates" and c.status == 409]) == refused
        assert alone.runtime.poller is not None and alone.runtime.poller.running()

        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1, [r.getMessage() for r in errors]
        assert "another copy of this bot" in errors[0].getMessage()
        assert fake.token not in caplog.text and fake.token.split(":")[1] not in caplog.text
    finally:
        for copy in copies:
            await copy.stop()


def test_409s_right_after_a_restart_are_no_second_copy() -> None:
    """A process still stopping may cut this one's poll off a few times; a run of 409s that outlasts a poll (30 s
    at the 25 s poll: the 409 about 31 s after the first, with the backoff) is another copy."""
    run = ConflictRun.for_polls(25, 30)
    assert not any(run.refused(at) for at in (0, 1, 3, 7, 15))  # a copy that stopped after 20 s
    assert not run.refused(15 + run.quiet + 1)  # a stray 409 long after is a new run
    run = ConflictRun.for_polls(25, 30)
    assert [at for at in (0, 1, 3, 7, 15, 31, 61) if run.refused(at)] == [31, 61]
    busy = ConflictRun.for_polls(25, 30)  # both copies' polls succeed in between: the 409s still make a run
    assert [at for at in range(0, 80, 2) if busy.refused(at)][0] == 30


def test_the_copy_that_was_running_outlasts_a_newcomer() -> None:
    """A copy that polled without a 409 for two polls' worth before the run began needs a run three times as long: a
    copy started beside it (its 409s from its first minute) stops first, and the one with the history runs on."""
    running, newcomer = ConflictRun.for_polls(25, 30), ConflictRun.for_polls(25, 30)
    running.polled(0)  # polling alone since
    newcomer.polled(590)  # started at 590
    times = range(600, 800, 2)
    assert [at for at in times if newcomer.refused(at)][0] == 630
    assert [at for at in times if running.refused(at)][0] == 690
    fresh = ConflictRun.for_polls(25, 30)
    fresh.polled(0)
    assert not fresh.refused(59)  # 59 s alone is not settled yet: the newcomer's 30 s run
    assert [at for at in range(61, 200, 2) if fresh.refused(at)][0] == 89


async def test_a_copy_started_beside_a_running_one_is_the_one_that_stops(fake_tg: FakeTelegram, tmp_path: Path) -> None:
    """The old server runs; someone starts a laptop copy with the same token: the laptop copy stops, the server runs on
    (before, whichever copy's run of 409s came to 30 s first stopped, the server as often as not)."""
    fake = fake_tg
    populate(fake)
    server, laptop = RunningBot(fake, tmp_path / "server.db"), RunningBot(fake, tmp_path / "laptop.db")
    try:
        await server.start()
        await fake.wait_for(lambda: sum(c.method == "getUpdates" and c.status == 200 for c in fake.calls) >= 2)
        assert server.runtime is not None and server.runtime.poller is not None
        conflicts = server.runtime.poller._conflicts
        assert conflicts.alone_since is not None
        conflicts.alone_since -= conflicts.settle  # it has polled alone that long (rather than the test waiting)
        await laptop.start()

        async def laptop_stopped() -> bool:
            return laptop.runtime is not None and laptop.runtime.fatal is not None

        await until(laptop_stopped, timeout=40, what="the laptop copy stopping")
        assert server.runtime.fatal is None and server.runtime.poller.running()
        assert conflicts.count >= 1  # it was refused too, and stayed
    finally:
        for copy in (laptop, server):
            await copy.stop()


async def test_a_copy_started_in_webhook_mode_stops_the_polling_one(fake_tg: FakeTelegram, tmp_path: Path) -> None:
    """Another copy set a webhook on the token: every poll is refused ("can't use getUpdates method while webhook
    is active"), and the polling copy stops and tells the committee as for a polling copy."""
    fake = fake_tg
    populate(fake)
    bot = RunningBot(fake, tmp_path / "linli.db")
    await bot.start()
    try:
        fake.webhook_url = "https://other.example.org/telegram"  # as the other copy's setWebhook leaves it

        async def stopped() -> bool:
            return bot.runtime is not None and bot.runtime.fatal is not None

        await until(stopped, timeout=40, what="the polling copy stopping")
        assert fake.find_message(COMMITTEE, t("zh-Hans", "ops.second_copy")) is not None
    finally:
        fake.webhook_url = ""
        await bot.stop()
