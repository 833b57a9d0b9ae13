"""Telegram's side of webhook mode: while a webhook is set, POST each pending update to the bot.

Telegram POSTs every update to the webhook URL with the secret token header, forgets it on a 2xx answer
and sends it again later on any other answer (or none). `FakeTelegram.deliver_webhook_to(url)` plays that
against a local address: the one the reverse proxy in front of the bot would forward the public URL to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiohttp

from .state import JSON

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One POST of an update to the webhook, and the HTTP status it was answered with (0: no answer)."""

    update_id: int
    status: int


async def post_update(http: aiohttp.ClientSession, url: str, secret: str, update: JSON, timeout: float) -> int:
    """POST one update as Telegram does; the answer's status, 0 when there was none in time."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SECRET_HEADER] = secret
    try:
        async with http.post(
            url, data=json.dumps(update), headers=headers, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as resp:
            await resp.read()
            return resp.status
    except (aiohttp.ClientError, TimeoutError):
        return 0
