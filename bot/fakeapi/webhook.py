"""Telegram's side of webhook mode: while a webhook is set, POST each pending update to the bot.

Telegram POSTs every update to the webhook URL with the secret token header, forgets it on a 2xx answer
and sends it again later on any other answer (or none). `FakeTelegram.deliver_webhook_to(url)` plays that
against a local address: the one the reverse proxy in front of the bot would forward the public URL to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp

from .state import JSON

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One POST of an update to the webhook, the HTTP status it was answered with (0: no answer) and, when it
    failed, the error getWebhookInfo reports for it."""

    update_id: int
    status: int
    error: str = ""


async def post_update(
    http: aiohttp.ClientSession, url: str, secret: str, update: JSON, timeout: float
) -> tuple[int, str]:
    """POST one update as Telegram does; the answer's status (0 when there was none in time) and, unless it was
    a 2xx, Telegram's words for the failure ("Wrong response from the webhook: 502 Bad Gateway", "Connection
    refused", "Read timeout expired")."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SECRET_HEADER] = secret
    try:
        async with http.post(
            url, data=json.dumps(update), headers=headers, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as resp:
            await resp.read()
            return resp.status, "" if 200 <= resp.status < 300 else f"Wrong response from the webhook: {_phrase(resp)}"
    except aiohttp.ClientConnectorError:
        return 0, "Connection refused"
    except (aiohttp.ClientError, TimeoutError):
        return 0, "Read timeout expired"


def _phrase(resp: aiohttp.ClientResponse) -> str:
    try:
        return f"{resp.status} {HTTPStatus(resp.status).phrase}"
    except ValueError:
        return f"{resp.status} {resp.reason or ''}".strip()
