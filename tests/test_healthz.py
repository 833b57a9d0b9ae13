"""GET /healthz on the bot's web server (webhook mode, or polling with the console on): 200 and counts while the
bot works, 503 when its database cannot be read or one of its tasks stopped. Counts and ages only."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp
import pytest
from console_client import free_port
from harness import Clock, MakeBot, RunningBot
from ids import GROUP_A, RESIDENT

from bot.fakeapi import FakeTelegram
from bot.runtime import health
from storage import health as stored
from storage import inbox

HOOK = "https://bot.example.org/telegram"
FIGURES = {"ok", "mode", "outbox_waiting", "oldest_waiting_s", "timers_overdue", "last_update_s"}


async def get(url: str) -> tuple[int, dict, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.json(), await resp.text()


async def webhook_bot(fake_tg: FakeTelegram, make_bot: MakeBot, **settings: object) -> tuple[RunningBot, str]:
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port, **settings)
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")
    return bot, f"http://127.0.0.1:{port}/healthz"


async def test_webhook_mode_answers_its_figures(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    clock = Clock()
    bot, url = await webhook_bot(fake_tg, make_bot, clock=clock)
    status, body, _ = await get(url)
    assert status == 200 and body == {
        "ok": True,
        "mode": "webhook",
        "outbox_waiting": 0,
        "oldest_waiting_s": None,
        "timers_overdue": 0,
        "last_update_s": None,  # nothing received yet
    }
    fake_tg.fail_next("sendMessage", 429, retry_after=3600, times=100)  # Telegram holds the bot's messages back
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_until_updates_consumed(10)
    await fake_tg.wait_for(lambda: any(c.status == 429 for c in fake_tg.calls))
    clock.at += health.FRESH  # the first answer is given again for a second
    status, body, text = await get(url)
    assert status == 200 and set(body) == FIGURES and body["ok"] is True
    assert body["outbox_waiting"] >= 1 and 0 <= body["oldest_waiting_s"] < 60 and 0 <= body["last_update_s"] < 60
    assert "刘阿姨" not in text and "楼道灯" not in text and fake_tg.token not in text  # no data, no secret
    fake_tg.clear_faults()


async def test_a_database_held_too_long_is_503(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "READ_WAIT_S", 0.2)
    clock = Clock()
    bot, url = await webhook_bot(fake_tg, make_bot, clock=clock)
    async with bot.ctx.db.tx():  # a transaction that does not end (another program's lock waited out, say)
        status, body, _ = await get(url)
    assert status == 503 and body["ok"] is False and body["mode"] == "webhook"
    assert (await get(url))[0] == 503  # within its second, the answer read is given again, a 503's too
    clock.at += health.FRESH
    assert (await get(url))[0] == 200


async def test_requests_within_a_second_share_one_read(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A monitor (or anyone) flooding /healthz ran a query each beside the bot's writes: now one read a second."""
    reads: list[object] = []
    real = stored.figures

    async def counted(c, overdue_before):  # type: ignore[no-untyped-def]
        reads.append(overdue_before)
        return await real(c, overdue_before)

    monkeypatch.setattr(stored, "figures", counted)
    clock = Clock()
    bot, url = await webhook_bot(fake_tg, make_bot, clock=clock)
    first = await get(url)
    assert first[0] == 200 and len(reads) == 1
    together = await asyncio.gather(*(get(url) for _ in range(10)))
    assert [r[1] for r in together] == [first[1]] * 10 and len(reads) == 1
    clock.at += health.FRESH - timedelta(milliseconds=1)
    assert (await get(url))[0] == 200 and len(reads) == 1
    clock.at += timedelta(milliseconds=1)  # a second after the read ended: read again
    fake_tg.send_message(GROUP_A, RESIDENT, "你好")
    await fake_tg.wait_until_updates_consumed(10)
    await bot.settle()
    status, body, _ = await get(url)
    assert status == 200 and len(reads) == 2 and body["last_update_s"] == 0


async def test_a_stopped_task_is_503(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    bot, url = await webhook_bot(fake_tg, make_bot)
    assert bot.runtime is not None and bot.runtime.inbox is not None
    await bot.runtime.inbox.stop()  # as if it had died: updates would be stored and never handled
    status, body, _ = await get(url)
    assert status == 503 and body["ok"] is False and body["error"] == "stopped: inbox"


async def test_polling_with_the_console_answers_it_too(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """On the console's server; timers past their time by more than a few minutes (a stuck scheduler: the clock
    moved, nothing fired) are counted."""
    port = free_port()
    clock = Clock()
    bot = await make_bot(clock=clock, console_enabled=True, console_port=port)
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")  # its chasing timers are written
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    url = f"http://127.0.0.1:{port}/healthz"
    status, body, _ = await get(url)
    assert status == 200 and body["mode"] == "polling" and body["timers_overdue"] == 0
    assert body["last_update_s"] == 0 and body["outbox_waiting"] == 0
    clock.at += timedelta(days=3)
    status, body, _ = await get(url)
    assert status == 200 and body["timers_overdue"] >= 1 and body["last_update_s"] == 3 * 86400


async def test_the_last_update_is_the_last_stored_when_telegram_numbers_them_afresh(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a week without updates Telegram numbers the next ones afresh, maybe lower: the newest update stored is
    the one stored last, not the one of the highest id (a week old), also after the nightly pruning of the inbox
    (the webhook watch reads it too: an update stored since Telegram's last error means deliveries work)."""
    port = free_port()
    clock = Clock()
    bot = await make_bot(clock=clock, webhook_url=HOOK, webhook_port=port)
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")
    fake_tg._next_update_id = 900_000
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    clock.at += timedelta(days=8)
    fake_tg._next_update_id = 7  # numbered afresh
    fake_tg.send_message(GROUP_A, RESIDENT, "你好")
    await fake_tg.wait_until_updates_consumed(10)
    await bot.settle()
    url = f"http://127.0.0.1:{port}/healthz"
    assert (await get(url))[1]["last_update_s"] == 0
    monkeypatch.setattr(inbox, "KEEP_DONE", 1)
    async with bot.ctx.db.tx() as c:
        await inbox.prune(c)
    clock.at += health.FRESH  # read again, not the answer of a second ago
    assert (await get(url))[1]["last_update_s"] == 1
