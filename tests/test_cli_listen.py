"""Listen addresses that load but cannot be listened on: `linli run` names the setting to fix and exits 2 (set-up
review: it said "Linli ready", then "cannot start: Name or service not known." naming no setting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_run import bot_folder, real_token_tg, run_async  # noqa: F401

from bot.fakeapi import FakeTelegram


@pytest.mark.parametrize(
    ("extra", "args", "setting"),
    [
        ({"CONSOLE_ENABLED": "true", "CONSOLE_LISTEN": "0.0.0.0:8080"}, [], "CONSOLE_LISTEN"),
        ({"WEBHOOK_LISTEN": "localhost:8443"}, ["--webhook", "https://bot.example.org/telegram"], "WEBHOOK_LISTEN"),
        ({"CONSOLE_ENABLED": "true", "CONSOLE_PORT": "BUSY"}, [], "CONSOLE_PORT"),
    ],
)
async def test_a_bad_listen_address_is_named(
    real_token_tg: FakeTelegram,  # noqa: F811
    tmp_path: Path,
    extra: dict,
    args: list,
    setting: str,
) -> None:
    """An address with its port, a host name with a port, a port another program listens on."""
    env = bot_folder(real_token_tg, tmp_path)
    env.update(extra)
    import socket

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    if env.get("CONSOLE_PORT") == "BUSY":  # another program (a second web app) already listens there
        env["CONSOLE_PORT"] = str(busy.getsockname()[1])
    code, err = await run_async(tmp_path, *args, **env)
    last = [line for line in err.splitlines() if line.startswith("linli:")]
    assert code == 2
    assert setting in last[-1], last
