"""bot/runtime/http.py: PTB's Bot over aiohttp against the fake Bot API, and the bot's loop over either client."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from harness import MakeBot, community, exchange, press, shown
from ids import GROUP_A, RESIDENT, WANG
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.config import Settings, SettingsError, load_settings
from bot.core.callbacks import Action
from bot.fakeapi import FakeTelegram
from bot.runtime.app import build_application
from bot.runtime.http import AiohttpRequest

GROUP = -1001234567890
ANN = 1001


def _bot(fake: FakeTelegram, **kwargs: float) -> Bot:
    return Bot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        request=AiohttpRequest(**kwargs),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )


async def test_calls_errors_and_uploads_go_through(fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "居民群")
    fake_tg.user(ANN, "Ann")
    async with _bot(fake_tg) as bot:
        assert (await bot.get_me()).username == fake_tg.bot_user["username"]
        sent = await bot.send_message(GROUP, "你好 & <b>", reply_markup=None)
        assert fake_tg.messages(GROUP)[-1]["text"] == "你好 & <b>" == sent.text
        assert fake_tg.calls_to("sendMessage")[-1].encoding == "json"  # one JSON object, not a form
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("接单 ✅", callback_data="a:1")]])
        odd = await bot.send_message(GROUP, "[1] {2} 123", reply_markup=markup, disable_notification=True)
        assert odd.text == "[1] {2} 123" and odd.reply_markup == markup
        assert fake_tg.calls_to("sendMessage")[-1].params["disable_notification"] is True
        photo = await bot.send_photo(GROUP, photo=b"\x89PNG fake", caption="排班表")
        assert photo.caption == "排班表"
        assert fake_tg.calls_to("sendPhoto")[-1].files["photo"] == b"\x89PNG fake"
        assert fake_tg.calls_to("sendPhoto")[-1].encoding == "form"  # an upload goes as multipart
        with pytest.raises(Forbidden):
            await bot.send_message(ANN, "never started the bot")
        with pytest.raises(BadRequest):
            await bot.send_message(GROUP, "")
        fake_tg.fail_next("sendMessage", 429, retry_after=3)
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "later")
        fake_tg.fail_next("sendMessage", 502)
        with pytest.raises(NetworkError):
            await bot.send_message(GROUP, "bad gateway")
        fake_tg.send_message(GROUP, ANN, "楼道灯坏了")
        updates = await bot.get_updates(timeout=1)
        assert updates[0].message.text == "楼道灯坏了"


async def test_a_slow_answer_times_out_and_the_pool_timeout_holds(fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "居民群")
    fake_tg.timeout_delay = 3.0  # long beside the pool's wait: a loaded machine's stall frees nothing early
    async with _bot(fake_tg, read_timeout=0.2, connection_pool_size=1, pool_timeout=0.05) as bot:
        fake_tg.fail_next("sendMessage", "timeout")
        with pytest.raises(TimedOut):
            await bot.send_message(GROUP, "slow")
        fake_tg.fail_next("sendMessage", "timeout")
        slow = asyncio.create_task(bot.send_message(GROUP, "holds the one connection", read_timeout=6))
        # its request is at the fake, held there 3 s: the one connection is taken (a call is in `calls` only once
        # answered, so waiting for the first one there let a loaded machine's send find the connection free again)
        await fake_tg.wait_for(
            lambda: any(c.params.get("text") == "holds the one connection" for c in fake_tg.in_flight)
        )
        with pytest.raises(TimedOut, match="Pool timeout"):
            await bot.send_message(GROUP, "waits for a free connection")
        assert (await slow).text == "holds the one connection"
        assert (await bot.send_message(GROUP, "free again")).text == "free again"


async def test_refused_connection_is_a_network_error_and_shutdown_closes(fake_tg: FakeTelegram) -> None:
    fake_tg.group(GROUP, "居民群")
    request = AiohttpRequest(connect_timeout=1)
    bot = Bot(fake_tg.token, base_url=fake_tg.base_url, request=request)
    await bot.initialize()
    await fake_tg.refuse_connections()
    with pytest.raises(NetworkError):
        await bot.send_message(GROUP, "nobody listens")
    await fake_tg.accept_connections()
    assert (await bot.send_message(GROUP, "back")).text == "back"
    await bot.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(f"{fake_tg.base_url}{fake_tg.token}/getMe", "POST")
    await request.initialize()  # PTB may initialize a request again after a shutdown
    assert (await Bot(fake_tg.token, base_url=fake_tg.base_url, request=request).get_me()).is_bot
    await request.shutdown()


def test_the_application_uses_the_configured_client() -> None:
    base = {"telegram_bot_token": "123456:TEST-token-abcdefghijklmnop", "database_path": Path(":memory:")}
    app = build_application(Settings(**base), community())
    assert isinstance(app.bot.request, AiohttpRequest)
    assert isinstance(app.bot._request[0], AiohttpRequest)  # the long poll has its own, one connection
    assert app.bot._request[0].connection_pool_size == 1
    app = build_application(Settings(**base, http_client="httpx"), community())
    assert isinstance(app.bot.request, HTTPXRequest)
    with pytest.raises(SettingsError, match="HTTP_CLIENT"):
        load_settings(http_client="requests")


@pytest.mark.parametrize("client", ["aiohttp", "httpx"])
async def test_the_bot_runs_its_loop_over_either_client(client: str, fake_tg: FakeTelegram, make_bot: MakeBot) -> None:
    fake_tg.user_starts_bot(WANG)
    bot = await make_bot(http_client=client)
    expected = AiohttpRequest if client == "aiohttp" else HTTPXRequest
    assert isinstance(bot.app.bot.request, expected)
    dm = await exchange(fake_tg, GROUP_A, RESIDENT, "3号楼2单元楼道灯坏了", "#1", where=WANG)
    press(fake_tg, WANG, WANG, dm["message_id"], Action.ACCEPT)
    await shown(fake_tg, WANG, dm["message_id"], Action.CLOSE)
    assert await fake_tg.wait_for(lambda: fake_tg.find_message(GROUP_A, "#1"))


async def test_a_proxy_named_in_the_environment_is_used(fake_tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"{fake_tg.base_url}{fake_tg.token}/getMe"
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there: a proxy that is used fails
    monkeypatch.setenv("NO_PROXY", "")
    async with AiohttpRequest(connect_timeout=1) as request:
        with pytest.raises(NetworkError):
            await request.post(url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with AiohttpRequest() as request:
        assert (await request.post(url))["is_bot"]


async def test_a_malformed_answer_is_a_network_error_without_the_token() -> None:
    """aiohttp's error for a malformed answer (a broken proxy) names the URL, which holds the token: the
    NetworkError's words, which the outbox stores and may show the committee, do not."""
    token = "123456789:AAH" + "x" * 32

    async def broken(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(broken, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.do_request(f"http://127.0.0.1:{port}/bot{token}/sendMessage", "POST")
        assert token not in caught.value.message and token.split(":")[1][:8] not in caught.value.message
        assert "aiohttp." in caught.value.message
    finally:
        await request.shutdown()
        server.close()
