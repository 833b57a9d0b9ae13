"""Webhook mode checks Telegram's secret token header and rejects requests without it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import aiohttp
import pytest
from console_client import free_port
from harness import MakeBot
from ids import GROUP_A, RESIDENT, WANG

from bot.config import Settings, SettingsError
from bot.fakeapi import FakeTelegram
from bot.runtime import webserver
from bot.runtime.webhook import secret_token, webhook_params
from storage import events


def update(update_id: int, message_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_795_000_000,
            "text": "3号楼2单元楼道灯坏了",
            "chat": {"id": GROUP_A, "type": "supergroup", "title": "幸福里"},
            "from": {"id": RESIDENT, "is_bot": False, "first_name": "刘阿姨"},
        },
    }


async def test_requests_without_the_secret_are_rejected(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    fake_tg.user_starts_bot(WANG)
    port = free_port()
    bot = await make_bot(webhook_url="https://bot.example.org/telegram", webhook_port=port)
    set_call = await fake_tg.wait_for_call("setWebhook")
    secret = set_call.params["secret_token"]
    assert set_call.params["url"] == "https://bot.example.org/telegram" and len(secret) >= 32
    url = f"http://127.0.0.1:{port}/telegram"
    async with aiohttp.ClientSession() as http:
        non_ascii = "é".encode().decode("latin-1")  # anyone may send one: a refusal, not a 500
        for headers in (
            {},
            {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            {"X-Telegram-Bot-Api-Secret-Token": non_ascii},
        ):
            async with http.post(
                url, data=json.dumps(update(1, 10)), headers={"Content-Type": "application/json", **headers}
            ) as resp:
                assert resp.status == 403
        async with http.post(
            url,
            data=json.dumps(update(2, 11)),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
        ) as resp:
            assert resp.status == 200
    fake_tg.group(GROUP_A, "幸福里")
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    async with bot.ctx.db.read() as c:
        assert await events.by_message(c, GROUP_A, 11) is not None  # the request with the secret
        assert await events.by_message(c, GROUP_A, 10) is None  # the ones without it changed nothing
    polls = len(fake_tg.calls_to("getUpdates"))
    await bot.restart()  # comes back on the same webhook, not polling
    assert (
        len(fake_tg.calls_to("setWebhook")) == 2
        and fake_tg.calls_to("setWebhook")[-1].params["url"] == set_call.params["url"]
    )
    assert len(fake_tg.calls_to("getUpdates")) == polls == 0


def test_secret_and_url_checks() -> None:
    s = Settings(telegram_bot_token="123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert secret_token(s) == secret_token(s) and "ABCDEFGHIJ" not in secret_token(s)
    with pytest.raises(SettingsError):
        webhook_params(s, "not a url")
    with pytest.raises(SettingsError):
        secret_token(Settings(telegram_bot_token="1:x", webhook_secret="bad secret!"))


HOOK = "https://bot.example.org/telegram"


async def webhook_bot(fake_tg: FakeTelegram, make_bot: MakeBot, retry_s: float = 0.05, **settings: object):
    """The bot in webhook mode on a free port, the fake Telegram POSTing its updates there (as the reverse
    proxy forwards HOOK)."""
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port, **settings)
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram", retry_s=retry_s)
    return bot


async def test_updates_arrive_by_webhook(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """Telegram's side played by the fake: the secret it was given comes back, the update is handled once."""
    bot = await webhook_bot(fake_tg, make_bot)
    msg = fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    await bot.settle()
    assert [d.status for d in fake_tg.deliveries] == [200]
    async with bot.ctx.db.read() as c:
        assert await events.by_message(c, GROUP_A, msg["message_id"]) is not None


async def test_back_to_polling_drops_no_update_telegram_still_holds(
    fake_tg: FakeTelegram, make_bot: MakeBot, tmp_path: Path
) -> None:
    """A report Telegram could not deliver yet (the database was locked: 503, retried later) while a later one
    was stored: the bot restarted in polling mode must still get it. Before, the webhook's stored update set
    the polling offset past it, and the first getUpdates confirmed it unread: lost."""
    bot = await webhook_bot(fake_tg, make_bot, retry_s=60, database_busy_timeout_ms=50)
    holder = sqlite3.connect(tmp_path / "linli.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program's long transaction
    first = fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.deliveries)
    holder.execute("COMMIT")
    holder.close()
    assert fake_tg.deliveries[0].status == 503  # Telegram tries again in a while
    second = fake_tg.send_message(GROUP_A, RESIDENT, "5号楼电梯坏了")
    await fake_tg.wait_for(lambda: any(d.status == 200 for d in fake_tg.deliveries))
    await bot.stop()
    await bot.start(webhook_url=None)  # the operator goes back to long polling
    await fake_tg.wait_for_call("deleteWebhook")
    await bot.settle()
    async with bot.ctx.db.read() as c:
        assert await events.by_message(c, GROUP_A, second["message_id"]) is not None
        assert await events.by_message(c, GROUP_A, first["message_id"]) is not None


async def test_a_busy_database_is_answered_503_at_once(
    fake_tg: FakeTelegram, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another transaction keeps the database (one waiting out another program's lock, say), a POST is
    answered 503 without waiting for it, and Telegram's next try is stored. Before, every POST queued behind
    the transaction, however long, with no answer meanwhile."""
    monkeypatch.setattr(webserver, "STORE_WAIT_S", 0.2)
    bot = await webhook_bot(fake_tg, make_bot, retry_s=0.05)
    async with bot.ctx.db.tx():
        msg = fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
        await fake_tg.wait_for(lambda: fake_tg.deliveries, timeout=30)
        assert fake_tg.deliveries[0].status == 503  # answered while the transaction is still open
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    assert [d.status for d in fake_tg.deliveries][-1] == 200
    async with bot.ctx.db.read() as c:
        assert await events.by_message(c, GROUP_A, msg["message_id"]) is not None


async def test_stopping_during_a_burst_loses_no_update_answered_200(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """SIGTERM (BotRuntime.stop) while Telegram POSTs 40 updates at once, again and again: every update answered
    200 is stored and handled after the restart; the others were not answered 200 (Telegram sends them again)."""
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port)
    secret = (await fake_tg.wait_for_call("setWebhook")).params["secret_token"]
    url = f"http://127.0.0.1:{port}/telegram"
    answered: dict[int, int] = {}

    async def post(http: aiohttp.ClientSession, n: int) -> None:
        body = json.dumps(update(1000 + n, 5000 + n))
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
        try:
            async with http.post(url, data=body, headers=headers) as resp:
                answered[1000 + n] = resp.status
        except aiohttp.ClientError:
            answered[1000 + n] = 0

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=40)) as http:
        burst = [asyncio.create_task(post(http, n)) for n in range(300)]
        await fake_tg.wait_for(lambda: len(answered) >= 40)
        await bot.stop()
        await asyncio.gather(*burst)
    ok = {u for u, status in answered.items() if status == 200}
    assert 40 <= len(ok) < 300 and all(status in (200, 0, 503) for status in answered.values())
    await bot.start(webhook_url=HOOK)
    await bot.settle()
    async with bot.ctx.db.read() as c:
        rows = {r[0]: r[1] for r in await c.execute_fetchall("SELECT update_id, status FROM inbox")}
    assert ok <= set(rows) and {rows[u] for u in ok} == {"done"}


async def test_a_webhook_path_the_bot_does_not_listen_on_is_told(
    fake_tg: FakeTelegram, make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    """`--webhook https://…/hooks/linli` with WEBHOOK_PATH left at `telegram`, behind a proxy passing the path as
    it is (the README's nginx and Caddy): every update got 404 and Telegram kept them, and the log said nothing.
    Now the start says which path to set; with it set, the same delivery is stored."""
    port = free_port()
    bot = await make_bot(webhook_url="https://bot.example.org/hooks/linli", webhook_port=port)
    fake_tg.deliver_webhook_to(f"http://127.0.0.1:{port}/hooks/linli")
    fake_tg.send_message(GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了")
    await fake_tg.wait_for(lambda: fake_tg.deliveries)
    assert fake_tg.deliveries[0].status == 404
    assert "WEBHOOK_PATH=hooks/linli" in caplog.text
    await bot.stop()
    caplog.clear()
    bot.settings["webhook_path"] = "hooks/linli"
    await bot.start(webhook_url="https://bot.example.org/hooks/linli")
    await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
    assert fake_tg.deliveries[-1].status == 200 and "WEBHOOK_PATH" not in caplog.text


async def test_an_update_sent_again_is_one_event(fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    """Telegram sends an update again when the bot stored it but its 200 was lost (a crash, a cut connection):
    the second POST is answered 200 and changes nothing."""
    port = free_port()
    bot = await make_bot(webhook_url=HOOK, webhook_port=port)
    secret = (await fake_tg.wait_for_call("setWebhook")).params["secret_token"]
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    fake_tg.group(GROUP_A, "幸福里")
    async with aiohttp.ClientSession() as http:
        for _ in range(2):
            url = f"http://127.0.0.1:{port}/telegram"
            async with http.post(url, data=json.dumps(update(7, 70)), headers=headers) as resp:
                assert resp.status == 200
            await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))
            await bot.settle()
    assert fake_tg.find_message(GROUP_A, "#2") is None
    async with bot.ctx.db.read() as c:
        assert (await c.execute_fetchall("SELECT COUNT(*) FROM events"))[0][0] == 1
